"""An attribution under construction, before its spans become characters."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Candidate"]


@dataclass(slots=True)
class Candidate:
    """An attribution under construction, as token index ranges into the Doc."""

    cue: list[int]
    source: tuple[int, int] | None
    content: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.5
    frame: str = "verb"
    confident: bool = True  # over the rules' own threshold, not only the candidate floor
    fixed: bool = False  # a fixed phrase ("according to", "raised by"): kept whatever is judged
