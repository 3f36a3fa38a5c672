"""Browsing reads: pages of articles, attributions and people with totals, one entity or
statement by id, and statements per month.

Each function takes a connection inside ``read_transaction`` (``Corpus`` opens it);
SQLAlchemy Core over the tables of ``onrecord.store.schema``, so it runs the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from onrecord.link import org_key
from onrecord.store import fts
from onrecord.store.about_rows import load_about
from onrecord.store.people_query import PersonView, RoleView
from onrecord.store.query import StatementView, load_statements, statements_by_ids
from onrecord.store.schema import (
    aliases,
    articles,
    attributions,
    organisations,
    people,
    person_roles,
    statements,
)
from onrecord.store.views import ArticleSummary, AttributionView, attribution_view


def like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, its wildcards escaped (with ``\\``)."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


# -- articles ----------------------------------------------------------------------


def article_conditions(
    conn: Connection,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[ColumnElement[bool]]:
    terms: list[ColumnElement[bool]] = []
    matching = fts.matching(conn.dialect.name, "fts_articles", q, None)
    if matching is not None:
        terms.append(articles.c.pk.in_(matching))
    date = func.substr(articles.c.published, 1, 10)
    if since:
        terms.append(date >= since)
    if until:
        terms.append(date <= until)
    if outlet:
        terms.append(func.lower(articles.c.outlet).like(like(outlet), escape="\\"))
    return terms


def list_articles(
    conn: Connection, terms: list[ColumnElement[bool]], limit: int, offset: int
) -> tuple[int, list[ArticleSummary]]:
    """A page of articles, latest first, each with its number of attributions."""
    query = select(
        articles.c.id,
        articles.c.title,
        articles.c.published,
        articles.c.outlet,
        articles.c.origin_url.label("url"),
        articles.c.origin_path.label("path"),
        articles.c.language,
        articles.c.duplicate_of,
    ).where(*terms)
    total = _count(conn, select(articles.c.id).where(*terms))
    rows = conn.execute(
        query.order_by(articles.c.published.desc(), articles.c.id).limit(limit).offset(offset)
    ).all()
    # Counted for the page's articles alone: counting every article's attributions and
    # joining the counts in read the whole attributions table for each page.
    counted = select(attributions.c.article_id, func.count()).where(
        attributions.c.article_id.in_([row.id for row in rows])
    )
    grouped = conn.execute(counted.group_by(attributions.c.article_id))
    counts: dict[str, int] = {article_id: n for article_id, n in grouped}
    return total, [
        ArticleSummary(**row._mapping, attributions=counts.get(row.id, 0)) for row in rows
    ]


# -- attributions ------------------------------------------------------------------


def _attribution_query() -> Select[Any]:
    return (
        select(
            attributions,
            func.coalesce(people.c.name, organisations.c.name).label("entity_name"),
            # The cue's words, cut from the article text in the database (1-based substr).
            func.substr(
                articles.c.text,
                attributions.c.cue_start + 1,
                attributions.c.cue_end - attributions.c.cue_start,
            ).label("cue_words"),
        )
        .join(articles, articles.c.id == attributions.c.article_id)
        .outerjoin(people, people.c.id == attributions.c.person_id)
        .outerjoin(organisations, organisations.c.id == attributions.c.organisation_id)
    )


def attributions_page(
    conn: Connection,
    article_id: str | None = None,
    statement_id: str | None = None,
    entity_id: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[AttributionView]]:
    terms: list[ColumnElement[bool]] = []
    if article_id:
        terms.append(attributions.c.article_id == article_id)
    if statement_id:
        terms.append(attributions.c.statement_id == statement_id)
    if entity_id:
        terms.append(
            or_(attributions.c.person_id == entity_id, attributions.c.organisation_id == entity_id)
        )
    if kind:
        terms.append(attributions.c.kind == kind)
    total = _count(conn, select(attributions.c.pk).where(*terms))
    query = _attribution_query().where(*terms).order_by(attributions.c.pk)
    rows = conn.execute(query.limit(limit).offset(offset)).mappings()
    return total, with_about(conn, [attribution_view(r) for r in rows])


def attribution(conn: Connection, ident: str) -> AttributionView | None:
    row = conn.execute(_attribution_query().where(attributions.c.id == ident)).mappings().first()
    return with_about(conn, [attribution_view(row)])[0] if row else None


def article_attributions(conn: Connection, article_id: str) -> list[AttributionView]:
    rows = conn.execute(
        _attribution_query()
        .where(attributions.c.article_id == article_id)
        .order_by(attributions.c.seq)
    )
    return with_about(conn, [attribution_view(r) for r in rows.mappings()])


def with_about(conn: Connection, views: list[AttributionView]) -> list[AttributionView]:
    """The views, their targets and topics filled in (two queries for them all)."""
    about = load_about(conn, [v.id for v in views])
    for view in views:
        view.targets, view.topics = about[view.id].targets, about[view.id].topics
    return views


# -- statements --------------------------------------------------------------------


def statement(conn: Connection, ident: str, every_report: bool = True) -> StatementView | None:
    found = statements_by_ids(conn, [ident], 1, every_report)
    return found[0] if found else None


def _speaker_column(entity_id: str) -> Any:
    return statements.c.person_id if entity_id.startswith("P") else statements.c.organisation_id


def entity_statements(
    conn: Connection, entity_id: str, limit: int = 100, offset: int = 0
) -> list[StatementView]:
    """A page of what this person or organisation said, latest first, with lineage."""
    query = (
        select(statements)
        .where(_speaker_column(entity_id) == entity_id)
        .order_by(statements.c.first_published.desc(), statements.c.id)
        .limit(limit)
        .offset(offset)
    )
    return load_statements(conn, query)


def entity_article_count(conn: Connection, entity_id: str) -> int:
    """How many articles quote this person or organisation (indexed by speaker)."""
    column = (
        attributions.c.person_id if entity_id.startswith("P") else attributions.c.organisation_id
    )
    query = select(func.count(func.distinct(attributions.c.article_id))).where(column == entity_id)
    return int(conn.execute(query).scalar_one())


# -- people and organisations ------------------------------------------------------


def _statement_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for column in (statements.c.person_id, statements.c.organisation_id):
        counts.update(
            conn.execute(select(column, func.count()).where(column.in_(ids)).group_by(column)).all()
        )
    return counts


def _named(table: Any, q: str | None) -> list[ColumnElement[bool]]:
    if not q:
        return []
    pattern = like(q.strip())
    alias_owners = select(aliases.c.owner_id).where(
        func.lower(aliases.c.alias).like(pattern, escape="\\")
    )
    return [or_(func.lower(table.c.name).like(pattern, escape="\\"), table.c.id.in_(alias_owners))]


def entities_page(
    conn: Connection, kind: str, q: str | None, limit: int, offset: int
) -> tuple[int, list[PersonView]]:
    """A page of people (or organisations), most mentioned first."""
    table = people if kind == "person" else organisations
    terms = _named(table, q)
    total = _count(conn, select(table.c.id).where(*terms))
    rows = conn.execute(
        select(table)
        .where(*terms)
        .order_by(table.c.mentions.desc(), func.lower(table.c.name), table.c.id)
        .limit(limit)
        .offset(offset)
    ).mappings()
    found = [_view(kind, dict(r)) for r in rows]
    _complete(conn, found)
    return total, found


def entity(conn: Connection, ident: str) -> PersonView | None:
    """The person (``P…``) or organisation (``O…``) with this id."""
    kind, table = ("person", people) if ident.startswith("P") else ("organisation", organisations)
    row = conn.execute(select(table).where(table.c.id == ident)).mappings().first()
    if row is None:
        return None
    found = [_view(kind, dict(row))]
    _complete(conn, found)
    return found[0]


def _view(kind: str, row: dict[str, Any]) -> PersonView:
    return PersonView(
        row["id"],
        kind,
        row["name"],
        row.get("affiliation"),
        row["mentions"],
        0,
        row["first_reported"],
        row["last_reported"],
    )


def _complete(conn: Connection, found: list[PersonView]) -> None:
    """Fill in statement counts, aliases and roles for these entities only."""
    if not found:
        return
    ids = [p.id for p in found]
    by_id = {p.id: p for p in found}
    for ident, n in _statement_counts(conn, ids).items():
        by_id[ident].statements = n
    for owner, alias in conn.execute(
        select(aliases.c.owner_id, aliases.c.alias)
        .where(aliases.c.owner_id.in_(ids))
        .order_by(aliases.c.owner_id, aliases.c.mentions.desc(), aliases.c.alias)
    ):
        by_id[owner].aliases.append(alias)
    for row in conn.execute(
        select(person_roles)
        .where(person_roles.c.person_id.in_(ids))
        .order_by(person_roles.c.person_id, person_roles.c.first_reported, person_roles.c.role)
    ).mappings():
        by_id[row["person_id"]].roles.append(
            RoleView(
                row["role"],
                row["affiliation"],
                row["first_reported"],
                row["last_reported"],
                row["mentions"],
            )
        )


# -- counts for the home page --------------------------------------------------------


@dataclass(slots=True)
class MonthlyCounts:
    """Statements per month (of first report) by the speaker's affiliation."""

    rows: list[tuple[str, str, int]]
    undated: int


UNAFFILIATED = "(no affiliation)"


def statements_per_month(conn: Connection) -> MonthlyCounts:
    month = func.substr(statements.c.first_published, 1, 7)
    # A person's affiliation, or for an organisation speaking, the organisation itself.
    affiliation = func.coalesce(people.c.affiliation, organisations.c.name)
    query = (
        select(month, affiliation, func.count())
        .select_from(statements)
        .outerjoin(people, people.c.id == statements.c.person_id)
        .outerjoin(organisations, organisations.c.id == statements.c.organisation_id)
        .group_by(month, affiliation)
    )
    # "State Department" and "US State Department" are one series: grouped by the
    # organisation key, shown as the way the corpus writes it most often.
    totals: Counter[tuple[str, str]] = Counter()
    written: dict[str, Counter[str]] = {}
    undated = 0
    for when, aff, n in conn.execute(query):
        if not when:
            undated += n
            continue
        label = (aff or "").strip() or UNAFFILIATED
        key = org_key(label) or label
        written.setdefault(key, Counter())[label] += n
        totals[(when, key)] += n
    shown = {
        key: min(forms, key=lambda form: (-forms[form], len(form), form))
        for key, forms in written.items()
    }
    rows = sorted((m, shown[key], n) for (m, key), n in totals.items())
    return MonthlyCounts(rows, undated)


def speaker_count(conn: Connection) -> int:
    """People and organisations with at least one statement."""
    return _count(
        conn,
        select(func.coalesce(statements.c.person_id, statements.c.organisation_id))
        .where(or_(statements.c.person_id.is_not(None), statements.c.organisation_id.is_not(None)))
        .distinct(),
    )


def outlets(conn: Connection) -> list[str]:
    rows = conn.execute(
        select(articles.c.outlet).where(articles.c.outlet.is_not(None)).distinct()
    ).scalars()
    return sorted(rows, key=str.lower)


def attribution_labels(conn: Connection, ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """Speaker (as extracted) and quoted words of these attributions, for the audit page."""
    if not ids:
        return {}
    rows = conn.execute(
        select(attributions.c.id, attributions.c.speaker, attributions.c.content_text).where(
            attributions.c.id.in_(ids)
        )
    )
    return {ident: (speaker, words) for ident, speaker, words in rows}
