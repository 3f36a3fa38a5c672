"""Where each token sits in an article: inside a quotation, on a headline line, and
in which sentence of the running prose.

Speaker resolution needs all three: a name inside a quotation is not what a "he"
outside it refers to; headlines ("Pakistan Defends Its Actions") are not sentences of
the story; and the parser's sentences are sometimes cut where a reader sees none
("… Chief of Army Staff (COAS) | General Asim Munir to the US.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from onrecord.extract import find_quotes
from onrecord.nlp.doc_text import doc_text

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words a title-case headline leaves in lowercase.
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on"}
    | {"or", "over", "the", "to", "up", "via", "vs", "with"}
)
_SENTENCE_END = frozenset({".", "!", "?", "…", "”", '"', "’", "'"})
# A headline is short; a long line in title case is more likely a list of names.
_HEADLINE_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class Layout:
    """Per-token facts, indexed by token position in the Doc."""

    sentence: list[int]  # running-prose sentence number; headlines do not count
    quoted: list[bool]  # inside quotation marks
    headline: list[bool]  # on a line written like a headline


def layout(doc: Doc) -> Layout:
    text = doc_text(doc)
    headline = _token_flags(doc, _headline_lines(text))
    quoted = _token_flags(doc, [(q.inner.start, q.inner.end) for q in find_quotes(text)])
    return Layout(_sentences(doc, headline), quoted, headline)


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Lines written like headlines: short, mostly capitalised, no closing full stop."""
    ranges: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line or line[-1] in '.!?"”':
            continue
        words = [w for w in _WORD.findall(line) if w.lower() not in _MINOR_WORDS]
        if not 2 <= len(words) <= _HEADLINE_MAX_WORDS:
            continue
        capitalised = sum(1 for w in words if w[0].isupper())
        if capitalised >= 0.75 * len(words):
            ranges.append(match.span())
    return ranges


def _token_flags(doc: Doc, ranges: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of the sorted character ranges."""
    # Token offsets as one array: iterating the doc makes a Python object per token.
    starts = doc.to_array("IDX")
    flags = np.zeros(len(doc), dtype=bool)
    for start, end in ranges:
        flags[np.searchsorted(starts, start) : np.searchsorted(starts, end)] = True
    out: list[bool] = flags.tolist()
    return out


def _sentences(doc: Doc, headline: list[bool]) -> list[int]:
    """Number the sentences of running prose.

    A parser sentence that ends without closing punctuation or a line break continues
    into the next one; sentences made only of headline lines take no number of their
    own, so "the previous sentence" skips them.
    """
    numbers = [0] * len(doc)
    current = 0
    has_prose = False
    for sent in doc.sents:
        for tok in sent:
            numbers[tok.i] = current
            has_prose = has_prose or not (tok.is_space or headline[tok.i])
        words = [t for t in sent if not t.is_space]
        closed = not words or words[-1].text in _SENTENCE_END or "\n" in sent[-1].text_with_ws
        if closed and has_prose:
            current += 1
            has_prose = False
    return numbers
