"""Long texts in pieces: spaCy refuses a text over ``nlp.max_length`` (E088), so one that
long is parsed a paragraph-aligned piece at a time and every offset shifted back.

A piece ends at a paragraph break where there is one, else at a line break, a sentence
end or a space, so no quote is cut in two unless a single paragraph is longer than a
piece. Texts within the limit are parsed whole, exactly as before.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from onrecord.article import Analysis, analyse_many
from onrecord.model import Attribution, Mention, Span

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["PIECE_CHARS", "analyse_texts", "piece_limit", "split_pieces"]

# spaCy needs about 1 GB of working memory per 100,000 characters it parses at once
# (its documentation's figure), so pieces are kept to that however high max_length is.
PIECE_CHARS = 100_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’]?\s"))


def piece_limit(nlp: Language) -> int:
    return max(1, min(int(nlp.max_length), PIECE_CHARS))


def split_pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into ``(offset, piece)`` of at most ``limit`` characters each, every
    cut just after the strongest break (paragraph, line, sentence, space) in reach."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends and ends[-1] > limit // 4:
                cut = ends[-1]
                break
        if not cut:
            space = window.rfind(" ")
            cut = space + 1 if space > 0 else limit
        out.append((start, window[:cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def analyse_texts(texts: list[str], nlp: Language, batch_size: int) -> list[Analysis]:
    """``analyse_many`` for each text, those over ``nlp.max_length`` in pieces."""
    too_long = {i for i, text in enumerate(texts) if len(text) > nlp.max_length}
    if not too_long:
        return list(analyse_many(texts, nlp=nlp, batch_size=batch_size))
    short = iter(analyse_many([t for i, t in enumerate(texts) if i not in too_long], nlp=nlp,
                              batch_size=batch_size))  # fmt: skip
    return [
        analyse_long(text, nlp, batch_size) if i in too_long else next(short)
        for i, text in enumerate(texts)
    ]


def analyse_long(text: str, nlp: Language, batch_size: int = 1) -> Analysis:
    """One long text, piece by piece, with offsets into the whole text."""
    parts = split_pieces(text, piece_limit(nlp))
    attributions: list[Attribution] = []
    mentions: dict[str, Mention] = {}
    # one piece parsed at a time: a batch of pieces would hold all their Docs at once
    results = analyse_many((piece for _, piece in parts), nlp=nlp, batch_size=1)
    for (offset, _), (found, named) in zip(parts, results, strict=True):
        attributions.extend(_moved(a, offset) for a in found)
        for mention in named:
            _merge(mentions, mention, offset)
    return attributions, list(mentions.values())


def _shift(span: Span | None, offset: int) -> Span | None:
    return None if span is None else Span(span.start + offset, span.end + offset)


def _moved(attribution: Attribution, offset: int) -> Attribution:
    return replace(
        attribution,
        content=[Span(s.start + offset, s.end + offset) for s in attribution.content],
        cue=_shift(attribution.cue, offset),
        source=_shift(attribution.source, offset),
    )


def _merge(mentions: dict[str, Mention], mention: Mention, offset: int) -> None:
    """A person named in several pieces is one mention with all their spans."""
    spans = [Span(s.start + offset, s.end + offset) for s in mention.spans]
    known = mentions.get(mention.name)
    if known is None:
        mentions[mention.name] = replace(mention, spans=spans, variants=list(mention.variants))
        return
    known.spans.extend(spans)
    known.variants.extend(v for v in mention.variants if v not in known.variants)
    known.role = known.role or mention.role
    known.affiliation = known.affiliation or mention.affiliation
