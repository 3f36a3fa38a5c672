"""Search filters built and checked in one place, for the CLI, the API and the pages.

Whatever the caller (a command-line option, a query parameter, a web form field), the
same values are refused with the same message: ``FilterError`` names the field, and the
CLI turns it into exit code 2, the API into a 422.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from onrecord.about import ACTS, Topics
from onrecord.errors import OnrecordError

KINDS = ("direct", "indirect", "mixed")
SORTS = ("latest", "earliest", "reports")
TEXT_FIELDS = ("q", "speaker", "affiliation", "outlet", "kind", "since", "until", "about", "act")
# A stance filter takes the word or the number the records hold; a link writes the word.
STANCE_VALUES = {-1: "negative", 0: "neutral", 1: "positive"}
STANCES = {**{word: n for n, word in STANCE_VALUES.items()}, "-1": -1, "0": 0, "1": 1}
# How pages and tables say a stance toward the main target.
STANCE_WORDS = {-1: "against", 0: "neutral", 1: "in favour"}


@dataclass(slots=True)
class Filters:
    """What to look for; every field is optional and they combine with AND."""

    q: str | None = None
    speaker: str | None = None
    affiliation: str | None = None
    outlet: str | None = None
    kind: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    # A topic (``build_filters`` fills all three): statements labelled ``topic_label``
    # and, for a narrower topic ("spyware", labelled "human rights"), whose words also
    # match its phrases. Attributions stored before the about stage existed have no
    # labels: for them the phrases are searched. Phrases with no label search the words
    # alone, as topic filters used to.
    topic_phrases: tuple[str, ...] = ()
    topic: str | None = None  # the topic's name, to show and to link back to
    topic_label: str | None = None
    sort: str = "latest"  # latest | earliest | reports (``SORTS``)
    min_confidence: float | None = None  # reports whose attribution is at least this sure
    # What a statement is about (``onrecord.store.about_filters``): a target (its words,
    # or the person or organisation they name), the act, the stance (-1, 0, 1).
    about: str | None = None
    act: str | None = None
    stance: int | None = None

    def __post_init__(self) -> None:
        # NUL ends a C string: neither FTS5 nor PostgreSQL text accepts one, and no real
        # search needs it, so it is dropped here at the boundary for every field.
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            if value is not None and "\x00" in value:
                setattr(self, name, value.replace("\x00", " "))


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
    about: str | None = None,
    act: str | None = None,
    stance: str | int | None = None,
) -> Filters:
    """``Filters`` from raw values (blank means "not given"), or ``FilterError``."""
    name, label, phrases = parse_topic(topics, topic)
    start, end = parse_day(since, "since"), parse_day(until, "until")
    wanted_act = clean_text(act)
    return Filters(
        q=clean_text(q),
        speaker=clean_text(speaker),
        affiliation=clean_text(affiliation),
        outlet=clean_text(outlet),
        kind=check_choice(kind, "kind", KINDS),
        since=start,
        until=end,
        topic_phrases=phrases,
        topic=name,
        topic_label=label,
        sort=check_choice(sort, "sort", SORTS) or "latest",
        min_confidence=parse_confidence(min_confidence),
        about=clean_text(about),
        act=check_choice(wanted_act.lower() if wanted_act else None, "act", ACTS),
        stance=parse_stance(stance),
    )


_TOPIC_FILTERS: dict[int, tuple[Topics, dict[str, Filters]]] = {}


def topic_filters(topics: Topics) -> dict[str, Filters]:
    """Each topic's name and the filter that finds its statements (for the facets);
    built once per topic list (a server has one, and asks for it on every search)."""
    kept = _TOPIC_FILTERS.get(id(topics))
    if kept is None or kept[0] is not topics:
        if len(_TOPIC_FILTERS) > 8:  # lists loaded and dropped again: keep a few
            _TOPIC_FILTERS.clear()
        built = {name: build_filters(topics, topic=name) for name in topics.names()}
        kept = _TOPIC_FILTERS[id(topics)] = (topics, built)
    return kept[1]


def parse_topic(
    topics: Topics, value: str | None
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """A topic's name as the taxonomy writes it, the label its statements carry (a
    narrower topic's is the broader one's) and its phrases; unknown names are refused
    with the list of known ones."""
    text = clean_text(value)
    if text is None:
        return None, None, ()
    try:
        name, phrases = topics.lookup(text)
    except OnrecordError as exc:
        raise FilterError(str(exc), "topic", {"known_topics": topics.names()}) from exc
    broader = topics.broader.get(name, name)
    return name, broader if broader in topics.phrases else name, phrases


def parse_stance(value: str | int | None) -> int | None:
    """A stance filter: negative, neutral or positive (or -1, 0, 1); blank is none."""
    text = clean_text(value) if isinstance(value, str) else value
    if text is None:
        return None
    found = STANCES.get(str(text).lower())
    if found is None:
        raise FilterError(
            f"Unknown stance {text!r}: use negative, neutral or positive (or -1, 0, 1)",
            "stance",
        )
    return found


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
