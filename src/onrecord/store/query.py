"""Reading the corpus: statement search, article search, timelines, people.

Every function takes a connection inside a read transaction, so what it returns is one
consistent state of the corpus even while an ingest is writing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    case,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from onrecord.model import Target
from onrecord.store import fts
from onrecord.store.about_filters import about_sets, about_terms, has_about, row_terms
from onrecord.store.about_rows import load_about
from onrecord.store.filters import Filters
from onrecord.store.schema import (
    articles,
    attributions,
    statement_reports,
    statements,
)
from onrecord.store.speaker_match import affiliated as _affiliated
from onrecord.store.speaker_match import entity_ids
from onrecord.store.speaker_match import like as _like
from onrecord.store.walk import walk_terms

__all__ = [
    "ArticleHit",
    "Filters",
    "ReportView",
    "StatementView",
    "count_reports",
    "count_statements",
    "load_statements",
    "search_articles",
    "search_statements",
    "statement_terms",
    "statements_by_ids",
    "timeline",
]


@dataclass(slots=True)
class ReportView:
    """One article reporting a statement."""

    statement_id: str
    attribution_id: str
    article_id: str
    position: int
    published: str | None
    outlet: str | None
    title: str | None
    words: str
    content: str  # JSON [[start, end], ...] into the article text
    speaker: str | None
    quoted_by: str | None
    # What the report's attribution is about (``onrecord.about``).
    act: str | None = None
    stance: int | None = None
    stance_confidence: float | None = None
    targets: list[Target] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StatementView:
    """A statement with its lineage."""

    id: str
    speaker: str
    speaker_id: str
    words: str
    first_published: str | None
    first_outlet: str | None
    first_article_id: str
    report_count: int
    outlet_count: int
    reports: list[ReportView] = field(default_factory=list)

    @property
    def first_report(self) -> ReportView | None:
        """The report its words and what it is about are taken from (position 0)."""
        return self.reports[0] if self.reports else None


def _conditions(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    """WHERE terms over statement_reports (r), attributions, articles and statements."""
    terms: list[ColumnElement[bool]] = []
    date = func.substr(articles.c.published, 1, 10)
    if f.since:
        terms.append(date >= f.since)
    if f.until:
        terms.append(date <= f.until)
    if f.outlet:
        terms.append(func.lower(articles.c.outlet).like(_like(f.outlet), escape="\\"))
    if f.kind:
        terms.append(attributions.c.kind == f.kind)
    if f.min_confidence:
        terms.append(attributions.c.confidence >= f.min_confidence)
    matching = fts.matching(conn.dialect.name, "fts_attributions", f.q, None)
    if matching is not None:
        terms.append(attributions.c.pk.in_(matching))
    driving = not (f.speaker or f.affiliation)  # else the speaker's reports are fewer
    return terms + about_terms(conn, f, driving) + _speaker_terms(conn, f)


def _reports_query(conn: Connection, f: Filters) -> Select[Any]:
    return (
        select(
            statement_reports.c.statement_id,
            statement_reports.c.attribution_id,
            statement_reports.c.article_id,
            statement_reports.c.position,
            statement_reports.c.published,
            statement_reports.c.outlet,
            articles.c.title,
            attributions.c.content_text,
            attributions.c.content,
            statements.c.speaker,
            statement_reports.c.quoted_by_name,
            attributions.c.act,
            attributions.c.stance,
            attributions.c.stance_confidence,
        )
        .join(attributions, attributions.c.id == statement_reports.c.attribution_id)
        .join(articles, articles.c.id == statement_reports.c.article_id)
        .join(statements, statements.c.id == statement_reports.c.statement_id)
        .where(*_conditions(conn, f))
    )


def _report_terms(
    conn: Connection, f: Filters, joined: bool = False, by_matches: bool = True
) -> list[ColumnElement[bool]]:
    """WHERE terms over ``statement_reports`` alone: its date and outlet are the article's.

    With words, targets or a topic to search, the attribution terms go through their
    matches (few, and indexed); without, through each report's own attribution (a kind
    alone matches half the corpus: listing it first would cost more than the page).
    ``joined``: the caller's query joins each report's attribution already, so the terms
    name it. ``by_matches=False``: something else (a speaker) narrows the search more
    than the matches do, so each report's attribution is checked against them instead."""
    terms: list[ColumnElement[bool]] = []
    date = func.substr(statement_reports.c.published, 1, 10)
    if f.since:
        terms.append(date >= f.since)
    if f.until:
        terms.append(date <= f.until)
    if f.outlet:
        terms.append(func.lower(statement_reports.c.outlet).like(_like(f.outlet), escape="\\"))
    matching = fts.matching(conn.dialect.name, "fts_attributions", f.q, None)
    said: list[ColumnElement[bool]] = []
    if matching is not None:
        # "pk + 0" keeps SQLite from reading every match through the primary key when
        # the matches are only to be checked against, not read from.
        key = attributions.c.pk if by_matches else attributions.c.pk + 0
        said.append(key.in_(matching))
    if f.kind:
        said.append(attributions.c.kind == f.kind)
    if f.min_confidence:
        said.append(attributions.c.confidence >= f.min_confidence)
    said += row_terms(f, driving=by_matches)
    sets = about_sets(conn, f)
    ident = attributions.c.id if by_matches else attributions.c.id.concat("")
    within: list[ColumnElement[bool]] = [ident.in_(ids) for ids in sets]
    if joined:
        terms += said + within
    elif by_matches and _selective(f) and not said:
        # Only sets of attribution ids (targets, a topic): each report's own attribution
        # id is checked against them, without a step through ``attributions`` for each
        # match (a topic's tens of thousands: half the cost of its search).
        terms += [statement_reports.c.attribution_id.in_(ids) for ids in sets]
    elif by_matches and _selective(f):
        terms.append(
            statement_reports.c.attribution_id.in_(select(attributions.c.id).where(*said, *within))
        )
    elif said or within:
        own = attributions.c.id == statement_reports.c.attribution_id
        terms.append(exists().where(own, *said, *within).correlate(statement_reports))
    return terms


def _selective(f: Filters) -> bool:
    """Whether ``f`` searches words, targets or a topic: matches to read first."""
    return f.q is not None or bool(f.topic_phrases) or has_about(f)


def statement_terms(conn: Connection, f: Filters, walk: bool = False) -> list[ColumnElement[bool]]:
    """WHERE terms over ``statements``: statements with at least one report matching ``f``.

    A search of words, targets or a topic is driven by its matches (``IN``), unless a
    speaker narrows it more; any other report filter is checked statement by statement
    (``EXISTS``), so the speaker, the sort order's index and the page's LIMIT decide how
    much is read. ``walk``: a search by target or topic alone that matches so many
    statements that checking them in page order is cheaper (``store.walk``)."""
    checks = walk_terms(conn, f) if walk else None
    if checks:
        own = statement_reports.c.statement_id == statements.c.id
        return [exists().where(own, *checks).correlate(statements)]
    terms: list[ColumnElement[bool]] = []
    driven = _selective(f) and not (f.speaker or f.affiliation)
    reported = _report_terms(conn, f, by_matches=driven)
    if reported and driven:
        terms.append(statements.c.id.in_(select(statement_reports.c.statement_id).where(*reported)))
    elif reported:
        own = statement_reports.c.statement_id == statements.c.id
        terms.append(exists().where(own, *reported).correlate(statements))
    return terms + _speaker_terms(conn, f)


def _speaker_terms(conn: Connection, f: Filters) -> list[ColumnElement[bool]]:
    """Statements by the speaker (any alias) and by speakers of the affiliation asked for;
    a name that matches no one matches no statement."""
    terms: list[ColumnElement[bool]] = []
    for wanted, ids in (
        (f.speaker, entity_ids(conn, f.speaker) if f.speaker else []),
        (f.affiliation, _affiliated(conn, f.affiliation) if f.affiliation else []),
    ):
        if wanted:
            terms.append(
                or_(statements.c.person_id.in_(ids), statements.c.organisation_id.in_(ids))
                if ids
                else false()
            )
    return terms


ORDERS: dict[str, tuple[Any, ...]] = {
    "latest": (statements.c.first_published.desc(), statements.c.id),
    "earliest": (
        statements.c.first_published.is_(None),
        statements.c.first_published,
        statements.c.id,
    ),
    "reports": (
        statements.c.report_count.desc(),
        statements.c.first_published.desc(),
        statements.c.id,
    ),
}


# A statement in a list (search, home, a person's page) shows its first reports, and
# counts the rest: a statement reported ten thousand times is not read whole for a card.
CARD_REPORTS = 3


def sort_order(f: Filters) -> tuple[Any, ...]:
    return ORDERS.get(f.sort, ORDERS["latest"])


def search_statements(
    conn: Connection,
    f: Filters,
    limit: int = 50,
    offset: int = 0,
    every_report: bool = True,
    walk: bool = False,
) -> list[StatementView]:
    """Statements with at least one report matching ``f``, in ``f.sort`` order (latest
    first by default), with lineage (``every_report=False``: as a card shows it, see
    ``CARD_REPORTS``); ``walk``: see ``statement_terms``."""
    query = (
        select(statements)
        .where(*statement_terms(conn, f, walk))
        .order_by(*sort_order(f))
        .limit(limit)
        .offset(offset)
    )
    return load_statements(conn, query, every_report, None if every_report else CARD_REPORTS)


def count_statements(conn: Connection, f: Filters) -> int:
    """How many statements ``search_statements`` finds in all."""
    query = select(func.count()).select_from(statements).where(*statement_terms(conn, f))
    return int(conn.execute(query).scalar_one())


def statements_by_ids(
    conn: Connection,
    ids: list[str],
    limit: int = 200,
    every_report: bool = True,
    first_reports: int | None = None,
) -> list[StatementView]:
    """These statements with their lineage, latest first (``first_reports``: see
    ``load_statements``)."""
    query = (
        select(statements)
        .where(statements.c.id.in_(ids))
        .order_by(statements.c.first_published.desc(), statements.c.id)
        .limit(limit)
    )
    return load_statements(conn, query, every_report, first_reports)


def load_statements(
    conn: Connection,
    query: Select[Any],
    every_report: bool = True,
    first_reports: int | None = None,
) -> list[StatementView]:
    """The statements ``query`` selects, each with its reports. ``every_report=False``:
    only each statement's first report carries its targets and topics (what it is about,
    and all a page shows of them); every report still has its act and stance.
    ``first_reports``: only that many of each statement's reports, the earliest (its
    ``report_count`` still counts them all)."""
    found = [
        StatementView(
            r.id,
            r.speaker,
            r.person_id or r.organisation_id or "",
            r.words,
            r.first_published,
            r.first_outlet,
            r.first_article_id,
            r.report_count,
            r.outlet_count,
        )
        for r in conn.execute(query)
    ]
    _attach_reports(conn, found, first_reports)
    if every_report:
        attach_about(conn, [r for s in found for r in s.reports])
    else:
        attach_about(conn, [s.reports[0] for s in found if s.reports])
    return found


def _attach_reports(
    conn: Connection, found: list[StatementView], first_reports: int | None = None
) -> None:
    if not found:
        return
    query = _reports_query(conn, Filters()).where(
        statement_reports.c.statement_id.in_([s.id for s in found])
    )
    if first_reports is not None:
        query = query.where(statement_reports.c.position < first_reports)
    rows = conn.execute(
        query.order_by(statement_reports.c.statement_id, statement_reports.c.position)
    )
    by_statement: dict[str, list[ReportView]] = defaultdict(list)
    for row in rows:
        by_statement[row[0]].append(ReportView(*row))
    for statement in found:
        statement.reports = by_statement[statement.id]


def attach_about(conn: Connection, reports: list[ReportView]) -> None:
    """Fill in the targets and topics of these reports' attributions."""
    about = load_about(conn, [r.attribution_id for r in reports])
    for report in reports:
        report.targets = about[report.attribution_id].targets
        report.topics = about[report.attribution_id].topics


def count_reports(conn: Connection, f: Filters) -> int:
    """How many reports ``timeline`` finds in all."""
    query = _reports_query(conn, f).with_only_columns(func.count())
    return int(conn.execute(query).scalar_one())


def timeline(
    conn: Connection, f: Filters, limit: int = 1000, offset: int = 0, with_about: bool = True
) -> list[ReportView]:
    """Every matching report, oldest first; undated ones last, in the order their
    articles were stored (as in a statement's lineage). ``with_about=False``: without
    their targets and topics (a page that does not show them)."""
    undated = statement_reports.c.published.is_(None)
    query = _reports_query(conn, f).order_by(
        func.coalesce(statement_reports.c.published, "9999"),
        case((undated, articles.c.pk), else_=0),
        statement_reports.c.article_id,
        attributions.c.seq,
        statement_reports.c.statement_id,
    )
    found = [ReportView(*row) for row in conn.execute(query.limit(limit).offset(offset))]
    if with_about:
        attach_about(conn, found)
    return found


@dataclass(slots=True)
class ArticleHit:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    origin: str | None


# From this many matches on, an article search walks the articles latest first and checks
# each against the matches, instead of sorting every match (a rare word: a long walk).
MANY_ARTICLES = 500


def _at_least(conn: Connection, matching: Any, n: int) -> bool:
    """Whether the full-text ``matching`` finds ``n`` rows or more (counts up to ``n``)."""
    first: Select[Any] = select(literal_column("ref")).select_from(matching.subquery()).limit(n)
    return int(conn.execute(select(func.count()).select_from(first.subquery())).scalar_one()) >= n


def search_articles(conn: Connection, f: Filters, limit: int = 50) -> list[ArticleHit]:
    """Articles whose title or body match ``f.q`` / the topic's phrases (articles carry
    no topic labels), latest first."""
    query = select(
        articles.c.id,
        articles.c.title,
        articles.c.published,
        articles.c.outlet,
        func.coalesce(articles.c.origin_url, articles.c.origin_path),
    )
    matching = fts.matching(conn.dialect.name, "fts_articles", f.q, list(f.topic_phrases) or None)
    if matching is not None:
        # A common word matches most articles: reading each match to sort them costs more
        # than walking the date index until the page is full ("pk + 0" keeps SQLite off
        # the matches' keys, so it takes the index of the ORDER BY instead).
        common = _at_least(conn, matching, MANY_ARTICLES)
        query = query.where((articles.c.pk + 0 if common else articles.c.pk).in_(matching))
    date = func.substr(articles.c.published, 1, 10)
    if f.since:
        query = query.where(date >= f.since)
    if f.until:
        query = query.where(date <= f.until)
    if f.outlet:
        query = query.where(func.lower(articles.c.outlet).like(_like(f.outlet), escape="\\"))
    query = query.order_by(articles.c.published.desc(), articles.c.id).limit(limit)
    return [ArticleHit(*row) for row in conn.execute(query)]
