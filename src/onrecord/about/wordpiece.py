"""The uncased BERT WordPiece tokenizer and the marked-target encoding both stance models read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

# Ids fixed by the BERT uncased vocabulary the encoder was pretrained with; the two unused
# slots serve as the markers that tell the encoder where the target starts and ends.
PAD, UNK, CLS, SEP = 0, 100, 101, 102
TARGET_OPEN, TARGET_CLOSE = 1, 2
MAX_TOKENS = 80


_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^a-z0-9\s]")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # BERT treats every non-alphanumeric ASCII character as punctuation, "$" and "^" included.
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


_SPACED_MAX = 1 << 16


class _Spaced(dict[int, str]):
    """What BERT's normaliser and pre-tokenizer make of each character, worked out the first
    time it is seen: control characters dropped, spaces unified, lower case without
    accents, and punctuation and CJK ideographs set apart by spaces, so that
    ``text.translate(_SPACED).split()`` yields the words and punctuation marks in order."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cp == 0 or cp == 0xFFFD or (cat in ("Cc", "Cf") and ch not in "\t\n\r"):
            out = ""
        elif ch in "\t\n\r" or cat == "Zs":
            out = " "
        elif _is_cjk(cp):
            # NFD maps a compatibility ideograph to the ordinary one the vocabulary has.
            out = f" {unicodedata.normalize('NFD', ch)} "
        else:
            # Lower-cased one character at a time: the same as lower-casing the whole
            # string, but for Greek final sigma (read as σ, not ς).
            plain = unicodedata.normalize("NFD", ch.lower())
            out = "".join(
                f" {c} " if _is_punctuation(c) else c
                for c in plain
                if unicodedata.category(c) != "Mn"
            )
        if len(self) < _SPACED_MAX:
            # Bounded: hostile text could otherwise fill it with every code point.
            self[cp] = out
        return out


_SPACED = _Spaced()


class WordPiece:
    """The uncased BERT tokenizer (normaliser, pre-tokenizer, WordPiece), in plain Python.

    It reproduces the ``tokenizer.json`` shipped with all-MiniLM-L6-v2 so that inference
    needs no tokenizer library; the training script checks the two agree on the data.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self._word = lru_cache(maxsize=65536)(self._word_uncached)

    def _word_uncached(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return (UNK,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    ids.append(found)
                    break
                end -= 1
            else:
                return (UNK,)
            start = end
        return tuple(ids)

    def encode(self, text: str) -> list[int]:
        if text.isascii() and text.isprintable():
            # Most news text is ASCII, where a regex splits words from punctuation ~10x faster.
            pieces = _ASCII_WORDS.findall(text.lower())
        else:
            pieces = text.translate(_SPACED).split()
        ids: list[int] = []
        for piece in pieces:
            ids.extend(self._word(piece))
        return ids


def encode_target(
    tokenizer: WordPiece, sentence: str, start: int, end: int
) -> tuple[list[int], int]:
    """Token ids with the target between markers, cut to a window around it, and the open
    marker's position, which the classifier reads."""
    if not 0 <= start <= end <= len(sentence):
        raise ValueError(f"target [{start}, {end}) is outside a sentence of {len(sentence)} chars")
    left = tokenizer.encode(sentence[:start])
    target = tokenizer.encode(sentence[start:end])
    right = tokenizer.encode(sentence[end:])
    body = [*left, TARGET_OPEN, *target, TARGET_CLOSE, *right]
    marker = len(left)
    room = MAX_TOKENS - 2
    if len(body) > room:
        # Keep the context nearest the target, where the stance toward it is expressed.
        first = max(0, min(marker - room // 2, len(body) - room))
        body = body[first : first + room]
        marker -= first
    return [CLS, *body, SEP], marker + 1


def padded_batches(
    encoded: Sequence[tuple[list[int], int]], size: int
) -> Iterator[tuple[list[int], npt.NDArray[np.int64]]]:
    """Batches of ``encode_target`` results as padded id matrices, with the positions of
    their rows in ``encoded``: similar lengths together, so that padding costs little."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    for first in range(0, len(order), size):
        chunk = order[first : first + size]
        ids = np.full((len(chunk), max(len(encoded[i][0]) for i in chunk)), PAD, dtype=np.int64)
        for row, i in enumerate(chunk):
            ids[row, : len(encoded[i][0])] = encoded[i][0]
        yield chunk, ids
