"""People and organisations: the list, one person's record, and analysts' corrections."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from onrecord.store.query import StatementView, statements_by_ids
from onrecord.store.schema import (
    aliases,
    articles,
    attributions,
    corrections,
    mentions,
    organisations,
    people,
    person_roles,
    statements,
)
from onrecord.store.speaker_match import entity_ids
from onrecord.store.views import meant


@dataclass(slots=True)
class RoleView:
    role: str
    affiliation: str
    first_reported: str | None
    last_reported: str | None
    mentions: int


@dataclass(slots=True)
class PersonView:
    """A person or organisation with what the corpus says about them."""

    id: str
    kind: str
    name: str
    affiliation: str | None
    mentions: int
    statements: int
    first_reported: str | None
    last_reported: str | None
    aliases: list[str] = field(default_factory=list)
    roles: list[RoleView] = field(default_factory=list)


@dataclass(slots=True)
class NamedIn:
    """One article that names a person, and where."""

    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    name: str
    role: str | None
    affiliation: str | None
    spans: list[list[int]]  # [[start, end], ...] into the article text


@dataclass(slots=True)
class PersonRecord:
    """``onrecord person NAME``: the entity, its statements with their lineage, and the
    articles that name it (dated ones by date, then undated ones as stored)."""

    person: PersonView
    statements: list[StatementView]
    named_in: list[NamedIn] = field(default_factory=list)


def list_people(conn: Connection, include_organisations: bool = True) -> list[PersonView]:
    """Everyone in the corpus, most mentioned first."""
    counts: dict[str, int] = {}
    for column in (statements.c.person_id, statements.c.organisation_id):
        counts.update(
            conn.execute(
                select(column, func.count()).where(column.is_not(None)).group_by(column)
            ).all()
        )
    found = [
        PersonView(
            r.id,
            "person",
            r.name,
            r.affiliation,
            r.mentions,
            counts.get(r.id, 0),
            r.first_reported,
            r.last_reported,
        )
        for r in conn.execute(select(people))
    ]
    if include_organisations:
        found += [
            PersonView(
                r.id,
                "organisation",
                r.name,
                None,
                r.mentions,
                counts.get(r.id, 0),
                r.first_reported,
                r.last_reported,
            )
            for r in conn.execute(select(organisations))
        ]
    _attach_details(conn, found)
    found.sort(key=lambda p: (-p.mentions, p.name.lower(), p.id))
    return found


def _attach_details(conn: Connection, found: list[PersonView]) -> None:
    by_id = {p.id: p for p in found}
    for owner, alias in conn.execute(
        select(aliases.c.owner_id, aliases.c.alias).order_by(
            aliases.c.owner_id, aliases.c.mentions.desc(), aliases.c.alias
        )
    ):
        if owner in by_id:
            by_id[owner].aliases.append(alias)
    for row in conn.execute(
        select(person_roles).order_by(person_roles.c.person_id, person_roles.c.first_reported)
    ):
        if row.person_id in by_id:
            by_id[row.person_id].roles.append(
                RoleView(
                    row.role, row.affiliation, row.first_reported, row.last_reported, row.mentions
                )
            )


def find_people(conn: Connection, name: str) -> list[PersonView]:
    """People and organisations called ``name`` (or whose names contain it)."""
    ids = set(entity_ids(conn, name))
    return [p for p in list_people(conn) if p.id in ids]


def person_record(conn: Connection, name: str, limit: int = 200) -> list[PersonRecord]:
    """Each entity called ``name`` with its statements, latest first."""
    records = []
    for person in find_people(conn, name):
        column = statements.c.person_id if person.kind == "person" else statements.c.organisation_id
        ids = list(conn.execute(select(statements.c.id).where(column == person.id)).scalars())
        records.append(
            PersonRecord(person, statements_by_ids(conn, ids, limit), named_in(conn, person.id))
        )
    return records


def named_in(conn: Connection, person_id: str) -> list[NamedIn]:
    """The articles that name the person, with the spans of each mention."""
    query = (
        select(
            mentions.c.article_id,
            articles.c.title,
            articles.c.published,
            articles.c.outlet,
            mentions.c.name,
            mentions.c.role,
            mentions.c.affiliation,
            mentions.c.spans,
        )
        .join(articles, articles.c.id == mentions.c.article_id)
        .where(mentions.c.person_id == person_id)
        .order_by(
            articles.c.published.is_(None), articles.c.published, articles.c.pk, mentions.c.seq
        )
    )
    return [
        NamedIn(
            row.article_id,
            row.title,
            row.published,
            row.outlet,
            row.name,
            row.role,
            row.affiliation,
            json.loads(row.spans),
        )
        for row in conn.execute(query)
    ]


@dataclass(slots=True)
class CorrectionView:
    """One correction as made (``subject``, ``argument``: what was typed), what its names
    meant (``resolved``, by role: ``{"id", "kind", "name"}``) and how it applies now."""

    pk: int
    at: str
    by: str
    action: str
    subject: str
    argument: dict[str, str]
    status: str | None
    resolved: dict[str, dict[str, str | None]] = field(default_factory=dict)


def list_corrections(conn: Connection) -> list[CorrectionView]:
    return [
        CorrectionView(
            r.pk,
            r.at,
            r.by,
            r.action,
            r.subject,
            json.loads(r.argument),
            r.status,
            meant(r.resolved),
        )
        for r in conn.execute(select(corrections).order_by(corrections.c.pk))
    ]


def unlinked_attributions(conn: Connection) -> int:
    """Attributions with a resolved speaker that the linker has not placed yet."""
    return int(
        conn.execute(
            select(func.count())
            .select_from(attributions)
            .where(
                attributions.c.speaker.is_not(None),
                attributions.c.person_id.is_(None),
                attributions.c.organisation_id.is_(None),
            )
        ).scalar_one()
    )
