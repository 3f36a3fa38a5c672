"""Facets of a statement search: how many of the matching statements fall under each
speaker, organisation, outlet, kind, act, topic and year, to narrow the search with a
click.

Every count is of statements, and each value is one the filters take. Outlet, kind, act
and year are counted over the reports that match the search, as the filters read them,
so clicking one finds the statements counted. All facets and the total come from one
pass over the matching reports: the search is evaluated once, not once per facet. Topics
are counted against each topic's own statements (``topic_statements``, found with the
topic filter itself and kept per corpus version).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from onrecord.store.query import Filters, _report_terms, statement_terms
from onrecord.store.schema import attributions, organisations, people, statement_reports, statements

TOP = 10


@dataclass(slots=True)
class FacetValue:
    """One value to filter on, and how many matching statements have it."""

    value: str
    count: int


@dataclass(slots=True)
class Summary:
    """The size of a search's result and its facets."""

    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _top(counts: Counter[str], top: int) -> list[FacetValue]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
    return [FacetValue(value, n) for value, n in ranked[:top]]


# Who said each statement and for whom: (speaker, affiliation or organisation).
Speakers = dict[str, tuple[str, str | None]]


def speakers(conn: Connection) -> Speakers:
    """Each statement's speaker and affiliation (kept per corpus version by the caller:
    joining them to every matching report cost more than the rest of a search's facets)."""
    query = select(
        statements.c.id,
        statements.c.speaker,
        func.coalesce(people.c.affiliation, organisations.c.name),
    ).select_from(
        statements.outerjoin(people, people.c.id == statements.c.person_id).outerjoin(
            organisations, organisations.c.id == statements.c.organisation_id
        )
    )
    return {ident: (speaker, affiliation) for ident, speaker, affiliation in conn.execute(query)}


def _statements_per_value(rows: Sequence[Sequence[Any]], column: int) -> Counter[str]:
    """How many statements (column 0) have each non-blank value of ``column``."""
    pairs = {(row[0], row[column]) for row in rows}
    return Counter(value for _, value in pairs if value and value.strip())


def summarise(
    conn: Connection,
    f: Filters,
    topic_ids: dict[str, set[str]],
    said_by: Speakers,
    top: int = TOP,
) -> Summary:
    """Total and facets of the search ``f``; ``topic_ids`` maps each topic to the
    statements it tags (``topic_statements``), ``said_by`` each statement to its
    speaker (``speakers``)."""
    by_matches = not (f.speaker or f.affiliation)  # which narrows more, as in a search
    reported = _report_terms(conn, f, joined=True, by_matches=by_matches)
    chosen = statement_terms(conn, Filters(speaker=f.speaker, affiliation=f.affiliation))
    joined = statement_reports.join(
        attributions, attributions.c.id == statement_reports.c.attribution_id
    )
    if chosen:  # the speaker's statements drive the search
        joined = joined.join(statements, statements.c.id == statement_reports.c.statement_id)
    query = (
        select(
            statement_reports.c.statement_id,
            statement_reports.c.outlet,
            func.substr(statement_reports.c.published, 1, 4),
            attributions.c.kind,
            attributions.c.act,
        )
        .select_from(joined)
        .where(*reported, *chosen)
    )
    rows = conn.execute(query).all()
    seen = {row[0] for row in rows}
    # Each facet counts statements: one (statement, value) pair per column, deduplicated
    # by a set per column (a loop over every row and column cost twice as much).
    outlets, years, kinds, acts = (_statements_per_value(rows, column) for column in (1, 2, 3, 4))
    by_speaker: Counter[str] = Counter()
    affiliations: Counter[str] = Counter()
    for ident in seen:
        speaker, affiliation = said_by[ident]
        by_speaker[speaker] += 1
        if affiliation and affiliation.strip():
            affiliations[affiliation] += 1
    topics = Counter(
        {
            name: len(ids & seen)
            for name, ids in topic_ids.items()
            if not f.topic or name.lower() == f.topic.lower()
        }
    )
    return Summary(
        len(seen),
        {
            "speaker": _top(by_speaker, top),
            "organisation": _top(affiliations, top),
            "outlet": _top(outlets, top),
            "kind": _top(kinds, 3),
            "act": _top(acts, len(acts)),
            "topic": [v for v in _top(topics, len(topics)) if v.count],
            "year": sorted(_top(years, 100), key=lambda v: v.value, reverse=True),
        },
    )


def topic_statements(conn: Connection, f: Filters) -> set[str]:
    """The statements with a report the topic filter ``f`` finds."""
    terms = _report_terms(conn, f)
    query = select(statement_reports.c.statement_id).where(*terms).distinct()
    return set(conn.execute(query).scalars())
