"""Search filters built and checked in one place, for the CLI, the API and the pages.

Whatever the caller (a command-line option, a query parameter, a web form field), the
same values are refused with the same message: ``FilterError`` names the field, and the
CLI turns it into exit code 2, the API into a 422.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from onrecord.about import Topics
from onrecord.errors import OnrecordError
from onrecord.store.query import Filters

KINDS = ("direct", "indirect", "mixed")
SORTS = ("latest", "earliest", "reports")


class FilterError(OnrecordError):
    """A filter value that cannot be used; ``field`` names it, ``detail`` may help."""

    def __init__(self, message: str, field: str, detail: Any = None) -> None:
        super().__init__(message)
        self.field = field
        self.detail = detail


def clean_text(value: str | None) -> str | None:
    """Blank means "not given"; NUL characters are dropped, as no search can use them
    (SQLite's full-text query parser stops at one)."""
    if value is None:
        return None
    return value.replace("\x00", "").strip() or None


def parse_day(value: str | date | None, name: str) -> str | None:
    """A date filter as YYYY-MM-DD; blank is none; impossible dates are refused."""
    if isinstance(value, date):
        return value.isoformat()
    text = clean_text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FilterError(f"'{name}' must be a date like 2024-03-31, not {text!r}", name) from None


def check_choice(value: str | None, name: str, choices: tuple[str, ...]) -> str | None:
    text = clean_text(value)
    if text is not None and text not in choices:
        raise FilterError(f"Unknown {name} {text!r}: use {', '.join(choices)}", name)
    return text


def build_filters(
    topics: Topics,
    q: str | None = None,
    speaker: str | None = None,
    affiliation: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    sort: str | None = None,
    min_confidence: float | str | None = None,
) -> Filters:
    """``Filters`` from raw values (blank means "not given"), or ``FilterError``."""
    phrases: tuple[str, ...] = ()
    topic = clean_text(topic)
    if topic:
        try:
            _, phrases = topics.lookup(topic)
        except OnrecordError as exc:
            raise FilterError(str(exc), "topic", {"known_topics": topics.names()}) from exc
    start, end = parse_day(since, "since"), parse_day(until, "until")
    return Filters(
        q=clean_text(q),
        speaker=clean_text(speaker),
        affiliation=clean_text(affiliation),
        outlet=clean_text(outlet),
        kind=check_choice(kind, "kind", KINDS),
        since=start,
        until=end,
        topic_phrases=phrases,
        topic=topic,
        sort=check_choice(sort, "sort", SORTS) or "latest",
        min_confidence=parse_confidence(min_confidence),
    )


def parse_confidence(value: float | str | None) -> float | None:
    """A confidence floor between 0 and 1; blank or 0 is none."""
    text = clean_text(value) if isinstance(value, str) else value
    if text is None:
        return None
    try:
        floor = float(text)
    except ValueError:
        floor = -1.0
    if not 0.0 <= floor <= 1.0:
        raise FilterError(
            f"'min_confidence' must be a number from 0 to 1, not {text!r}", "min_confidence"
        )
    return floor or None
