"""Paragraphs of scraped text, with their offsets in the original.

A paragraph is one line, or several lines of a hard-wrapped text joined back together;
either way it is ``text[start:end]`` with surrounding blanks left out, so whatever is
decided about a paragraph can be said as a span of the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SENTENCE_END", "Paragraph", "paragraphs"]

_WORD = re.compile(r"[^\W_][\w'’.-]*")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the original: ``text[start:end]``, stripped of surrounding blanks."""

    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def sentence_like(self) -> bool:
        return self.words >= 3 and bool(SENTENCE_END.search(self.text))

    @property
    def prose(self) -> bool:
        """Running text: long enough, and ending like a sentence (or very long)."""
        return self.words >= 10 and (self.words >= 30 or bool(SENTENCE_END.search(self.text)))


def paragraphs(text: str) -> list[Paragraph]:
    """The text's paragraphs with offsets; hard-wrapped lines are joined back together."""
    lines = [
        (m.start() + len(m[0]) - len(m[0].lstrip()), m.start() + len(m[0].rstrip()))
        for m in re.finditer(r"[^\n]+", text)
        if m[0].strip()
    ]
    width = _wrap_width(text, lines)
    merged: list[tuple[int, int]] = []
    for start, end in lines:
        if merged and width and _continues(text, merged[-1], (start, end), width):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [Paragraph(s, e, text[s:e]) for s, e in merged]


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int:
    """The column a hard-wrapped text breaks at, or 0 when lines are paragraphs.

    Wrapped text has many lines close to one width that stop mid-sentence; a page of
    short one-sentence paragraphs has lines of many widths that end with a full stop.
    """
    if len(lines) < 4:
        return 0
    lengths = [e - s for s, e in lines]
    widest = max(lengths)
    near = [(s, e) for s, e in lines if e - s >= 0.8 * widest]
    open_ended = sum(1 for s, e in near if not SENTENCE_END.search(text[s:e]))
    wrapped = widest <= 100 and len(near) >= 0.4 * len(lines) and open_ended >= len(near) / 2
    return widest if wrapped and open_ended >= 2 else 0


def _continues(text: str, prev: tuple[int, int], line: tuple[int, int], width: int) -> bool:
    """A hard wrap: the next line's first word would not have fitted on this line."""
    gap = text[prev[1] : line[0]]
    last_line = text[text.rfind("\n", 0, prev[1]) + 1 : prev[1]]
    first_word = text[line[0] : line[1]].split(" ", 1)[0]
    if gap.count("\n") != 1 or text[line[0]] in "•*-–":
        return False
    return len(last_line.rstrip()) + 1 + len(first_word) > width - 2
