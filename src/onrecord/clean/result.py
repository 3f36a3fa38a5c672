"""What cleaning finds in one text: body spans, removed spans with reasons, comments, and
the map between the original's offsets and the body's."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from onrecord.model import Comment, Removed, Span

__all__ = ["BodyMap", "CleanResult"]


@dataclass(slots=True)
class CleanResult:
    """What ``clean_text`` found: body spans, removed spans with reasons, comments.

    ``title``, ``dateline``, ``credits`` and ``date_stamps`` point at lines the cleaner
    set apart as metadata; ``onrecord.clean.metadata.describe`` reads them.
    """

    text: str
    body: list[Span] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    title: Span | None = None
    dateline: Span | None = None
    credits: list[Span] = field(default_factory=list)
    date_stamps: list[Span] = field(default_factory=list)

    def body_text(self) -> str:
        """The body paragraphs joined with newlines."""
        return "\n".join(span.text(self.text) for span in self.body)

    def body_map(self) -> BodyMap:
        return BodyMap.build(self.text, self.body)


@dataclass(frozen=True, slots=True)
class BodyMap:
    """The body as one string (pieces joined by "\\n") and the offset map back.

    ``to_original(i)`` turns an offset in ``text`` into one in the original;
    ``to_body(j)`` goes the other way and is None for characters outside the body.
    """

    text: str
    spans: tuple[Span, ...]
    starts: tuple[int, ...]

    @classmethod
    def build(cls, original: str, spans: list[Span]) -> BodyMap:
        ordered = tuple(sorted(spans))
        starts: list[int] = []
        cursor = 0
        for span in ordered:
            starts.append(cursor)
            cursor += len(span) + 1
        return cls("\n".join(s.text(original) for s in ordered), ordered, tuple(starts))

    def to_original(self, offset: int) -> int:
        if not self.spans:
            raise IndexError("empty body")
        piece = max(bisect_right(self.starts, offset) - 1, 0)
        span = self.spans[piece]
        return span.start + min(offset - self.starts[piece], len(span))

    def to_body(self, offset: int) -> int | None:
        for start, span in zip(self.starts, self.spans, strict=True):
            if span.start <= offset <= span.end:
                return start + offset - span.start
        return None

    def span_to_original(self, start: int, end: int) -> Span:
        """A span of the joined body as a span of the original (it may cover gaps)."""
        return Span(self.to_original(start), self.to_original(end))
