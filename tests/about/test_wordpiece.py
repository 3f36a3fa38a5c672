"""The word-piece tokenizer's fast paths split text as BERT's own normaliser does."""

from __future__ import annotations

import unicodedata

import pytest

from onrecord.about.stance import load_model
from onrecord.about.wordpiece import MAX_TOKENS, TARGET_CLOSE, TARGET_OPEN, encode_target

# BERT's CJK blocks, compatibility ideographs included (NFD maps those to ordinary ones).
_CJK = [
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
]


def _bert_words(text: str) -> list[str]:
    """BERT's BasicTokenizer written out step by step: the reference the fast paths match."""
    kept: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ord(ch) in (0, 0xFFFD):
            continue
        if ch in "\t\n\r" or cat == "Zs":
            kept.append(" ")
        elif cat in ("Cc", "Cf"):
            continue
        elif any(lo <= ord(ch) <= hi for lo, hi in _CJK):
            kept.append(f" {ch} ")
        else:
            kept.append(ch)
    lowered = unicodedata.normalize("NFD", "".join(kept).lower())
    plain = "".join(c for c in lowered if unicodedata.category(c) != "Mn")
    words: list[str] = []
    for chunk in plain.split():
        word = ""
        for ch in chunk:
            ascii_punct = ch.isascii() and not ch.isalnum() and not ch.isspace()
            if ascii_punct or unicodedata.category(ch).startswith("P"):
                words += [word, ch] if word else [ch]
                word = ""
            else:
                word += ch
        if word:
            words.append(word)
    return words


@pytest.mark.parametrize(
    "text",
    [
        "The State Department said: “We are concerned.”",
        "Pakistan’s Foreign Office — in a statement — rejected the U.S. remarks…",
        "Ms. Ünal, 東京 correspondent, hailed the café’s “crème brûlée” 😀",
        "a\uf902b and \U0002f800 compatibility ideographs",
        "tabs\tand\nnew lines\r\nand\u00a0no-break\u200bspaces",
        "$100m, 50% and #hashtags @handles (brackets) [square] {curly} ~tilde^",
        "¿Qué? ¡Sí! «quoted» „low“ 「brackets」",
        "",
    ],
)
def test_encode_matches_bert_words(text: str) -> None:
    tokenizer = load_model("encoder").tokenizer  # type: ignore[attr-defined]
    expected = [i for w in _bert_words(text) for i in tokenizer._word(w)]
    assert tokenizer.encode(text) == expected


def test_target_is_marked_and_long_text_is_cut_around_it() -> None:
    tokenizer = load_model("small").tokenizer  # type: ignore[attr-defined]
    sentence = "word " * 200 + "the governor" + " word" * 200
    start = sentence.index("the governor")
    ids, opened = encode_target(tokenizer, sentence, start, start + len("the governor"))
    assert len(ids) == MAX_TOKENS
    assert ids[opened] == TARGET_OPEN
    assert ids[opened + 1 : ids.index(TARGET_CLOSE)] == tokenizer.encode("the governor")
    # The window is centred on the target, so both sides keep context.
    assert 30 <= opened <= 50
