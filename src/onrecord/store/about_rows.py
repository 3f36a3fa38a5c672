"""What each attribution is about, as rows: written with it, read back with it.

Stance and act are columns of ``attributions``; targets (main target first, ``rank`` 0)
and topic labels are rows of ``attribution_targets`` and ``attribution_topics``, whose
foreign keys delete them with their attribution. ``load_about`` reads them back for any
set of attributions in two indexed queries per chunk, so a page of statements, an
article or an export gets them without a query per attribution.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Connection, select

from onrecord.link import fold
from onrecord.model import Attribution, Span, Target, TargetType
from onrecord.store.schema import attribution_targets, attribution_topics

CHUNK = 500
SHORT = 16  # the width of the act and target type columns
ID = 40  # of the entity id column
# Dropped from the front of a target before comparing: "the United States" is about
# the same country as "United States".
_ARTICLES = frozenset({"the", "a", "an"})
STANCES = (-1, 0, 1)


def target_key(text: str) -> str:
    """A target's text as the ``about`` filter compares it: folded like a speaker's name
    (lowercase, accents and punctuation gone: ``onrecord.link.fold``), without a
    leading "the", "a" or "an"."""
    words = fold(text).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def about_columns(a: Attribution) -> dict[str, Any]:
    """The attribution's own about columns. A value of the wrong kind (a record from
    some other tool) is a ``ValueError``: the store reports its article as a problem
    and stores the rest of the batch, as for any record it cannot hold."""
    if a.stance is not None and (type(a.stance) is not int or a.stance not in STANCES):
        raise ValueError(f"stance {a.stance!r} is not -1, 0 or 1")
    sure = None if a.stance is None else a.stance_confidence
    if sure is not None and (type(sure) not in (int, float) or not 0 <= sure <= 1):
        raise ValueError(f"stance_confidence {sure!r} is not a probability")
    return {
        "stance": a.stance,
        "stance_confidence": None if sure is None else round(float(sure), 3),
        "act": None if a.act is None else _text(a.act, "act", SHORT),
    }


def _text(value: object, what: str, limit: int | None = None) -> str:
    if not isinstance(value, str) or (limit is not None and len(value) > limit):
        longest = f" of at most {limit} characters" if limit else ""
        raise ValueError(f"{what} {value!r} is not text{longest}")
    return value


def target_rows(attribution_id: str, a: Attribution) -> list[dict[str, Any]]:
    return [
        {
            "attribution_id": attribution_id,
            "rank": rank,
            "text": _text(t.text, "target"),
            "folded": target_key(t.text),
            "type": _text(t.type, "target type", SHORT),
            "span_start": t.span.start,
            "span_end": t.span.end,
            "entity_id": None if t.id is None else _text(t.id, "target id", ID),
        }
        for rank, t in enumerate(a.targets)
    ]


def topic_rows(attribution_id: str, a: Attribution) -> list[dict[str, Any]]:
    labels = [_text(t, "topic") for t in a.topics]
    # A label twice in a record would break the key: each is stored once, in order.
    return [{"attribution_id": attribution_id, "topic": t} for t in dict.fromkeys(labels) if t]


@dataclass(slots=True)
class About:
    """The targets (main first) and topic labels of one stored attribution."""

    targets: list[Target] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def load_about(conn: Connection, ids: Sequence[str] | None) -> dict[str, About]:
    """The targets and topics of these attributions (one entry for each id asked), or
    with ``ids=None`` of every attribution that has any (one pass over each table)."""
    found: dict[str, About] = defaultdict(About)
    found.update((ident, About()) for ident in ids or ())
    t, p = attribution_targets, attribution_topics
    targets = select(
        t.c.attribution_id, t.c.text, t.c.type, t.c.span_start, t.c.span_end, t.c.entity_id
    ).order_by(t.c.attribution_id, t.c.rank)
    topics = select(p.c.attribution_id, p.c.topic)
    parts: Iterable[list[str] | None] = [None] if ids is None else _chunks(ids)
    for part in parts:
        some = targets if part is None else targets.where(t.c.attribution_id.in_(part))
        for ident, text, kind, start, end, entity in conn.execute(some):
            target = Target(text, Span(start, end), cast(TargetType, kind), entity)
            found[ident].targets.append(target)
        labels = topics if part is None else topics.where(p.c.attribution_id.in_(part))
        for ident, topic in conn.execute(labels):
            found[ident].topics.append(topic)
    for about in found.values():
        # In name order, as the about stage lists them (``Topics.label``).
        about.topics.sort(key=lambda name: (name.lower(), name))
    return dict(found)


# Targets worth naming beside the main one: who or where, not phrases like "the need".
NAMED = ("person", "organisation", "country")


class Named(Protocol):
    """A target as any layer holds it (the record, the API's model)."""

    @property
    def text(self) -> str: ...

    @property
    def type(self) -> str: ...


T = TypeVar("T", bound=Named)


def main_targets(targets: Sequence[T], limit: int = 3) -> list[T]:
    """The main target, then the people, organisations and countries after it (each
    written once), at most ``limit``: what a card or a table row names."""
    shown: dict[str, T] = {}
    for rank, target in enumerate(targets):
        key = target_key(target.text)
        if (rank == 0 or target.type in NAMED) and key and key not in shown:
            shown[key] = target
    return list(shown.values())[:limit]
