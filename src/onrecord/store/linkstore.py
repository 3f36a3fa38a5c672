"""Run the cross-article linker over the stored corpus and write what it derives.

The whole link happens in one write transaction, so readers see either the previous
people and statements or the new ones, never a mix. Only rows that changed are written:
re-linking an unchanged corpus writes nothing, and adding a batch rewrites only what the
new articles touched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from onrecord.link import Correction, LinkResult, NameMention, StoredAttribution, link_corpus
from onrecord.store.schema import (
    aliases,
    articles,
    attributions,
    corrections,
    mentions,
    organisations,
    people,
    person_roles,
    statement_reports,
    statements,
)
from onrecord.store.write import DATA_VERSION, LINKED_VERSION, get_meta, set_meta


@dataclass(slots=True)
class LinkStats:
    """What a link found and how much it had to rewrite."""

    people: int
    organisations: int
    statements: int
    reports: int
    rows_written: int
    seconds: float


_ATTRIBUTION_COLUMNS = (
    "id",
    "article_id",
    "seq",
    "speaker",
    "role",
    "affiliation",
    "content_text",
    "kind",
    "source_text",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
)


def load_mentions(conn: Connection) -> list[StoredAttribution]:
    """Every attribution, as the linker reads it."""
    a = attributions
    query = (
        select(
            *(a.c[name] for name in _ATTRIBUTION_COLUMNS),
            articles.c.published,
            articles.c.outlet,
            articles.c.pk.label("ingested"),
        )
        .join(articles, articles.c.id == a.c.article_id)
        .order_by(a.c.article_id, a.c.seq)
    )
    found = []
    for row in conn.execute(query):
        starts = [x for x in (row.source_start, row.cue_start, row.content_start) if x is not None]
        ends = [x for x in (row.source_end, row.cue_end, row.content_end) if x is not None]
        found.append(
            StoredAttribution(
                attribution_id=row.id,
                article_id=row.article_id,
                seq=row.seq,
                published=row.published,
                outlet=row.outlet,
                speaker=row.speaker,
                role=row.role,
                affiliation=row.affiliation,
                words=row.content_text,
                kind=row.kind,
                source_text=row.source_text,
                ingested=row.ingested,
                source_span=(row.source_start, row.source_end)
                if row.source_start is not None
                else None,
                extent=(min(starts), max(ends)) if starts and ends else None,
            )
        )
    return found


def load_names(conn: Connection) -> list[NameMention]:
    """Every person an article names, as the linker reads them."""
    query = (
        select(
            mentions.c.id,
            mentions.c.article_id,
            mentions.c.seq,
            articles.c.published,
            articles.c.outlet,
            mentions.c.name,
            mentions.c.variants,
            mentions.c.role,
            mentions.c.affiliation,
            mentions.c.spans,
            articles.c.pk,
        )
        .join(articles, articles.c.id == mentions.c.article_id)
        .order_by(mentions.c.article_id, mentions.c.seq)
    )
    return [
        NameMention(
            mention_id=row.id,
            article_id=row.article_id,
            seq=row.seq,
            published=row.published,
            outlet=row.outlet,
            name=row.name,
            variants=tuple(json.loads(row.variants)),
            role=row.role,
            affiliation=row.affiliation,
            spans=tuple((int(start), int(end)) for start, end in json.loads(row.spans)),
            ingested=row.pk,
        )
        for row in conn.execute(query)
    ]


def load_corrections(conn: Connection) -> list[Correction]:
    rows = conn.execute(
        select(
            corrections.c.pk, corrections.c.action, corrections.c.subject, corrections.c.argument
        ).order_by(corrections.c.pk)
    )
    return [Correction(pk, action, subject, json.loads(arg)) for pk, action, subject, arg in rows]


def is_stale(conn: Connection) -> bool:
    return get_meta(conn, LINKED_VERSION, "-1") != get_meta(conn, DATA_VERSION)


def relink(conn: Connection) -> LinkStats:
    """Link the corpus in the caller's write transaction and store the result."""
    started = time.perf_counter()
    texts: dict[str, str] = {}

    def article_text(article_id: str) -> str:
        if article_id not in texts:
            texts[article_id] = conn.execute(
                select(articles.c.text).where(articles.c.id == article_id)
            ).scalar_one()
        return texts[article_id]

    result = link_corpus(
        load_mentions(conn), load_corrections(conn), article_text, load_names(conn)
    )
    written = _write(conn, result)
    set_meta(conn, LINKED_VERSION, get_meta(conn, DATA_VERSION))
    persons = sum(1 for e in result.entities if e.kind == "person")
    return LinkStats(
        people=persons,
        organisations=len(result.entities) - persons,
        statements=len(result.statements),
        reports=sum(len(s.reports) for s in result.statements),
        rows_written=written,
        seconds=time.perf_counter() - started,
    )


def _write(conn: Connection, result: LinkResult) -> int:
    people_rows: list[dict[str, Any]] = []
    org_rows: list[dict[str, Any]] = []
    alias_rows: list[dict[str, Any]] = []
    role_rows: list[dict[str, Any]] = []
    for e in result.entities:
        dates = {"first_reported": e.first_reported, "last_reported": e.last_reported}
        if e.kind == "person":
            people_rows.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "affiliation": e.affiliation,
                    "mentions": e.mentions,
                    **dates,
                }
            )
            role_rows.extend(
                {
                    "person_id": e.id,
                    "role": r.role,
                    "affiliation": r.affiliation,
                    "first_reported": r.first_reported,
                    "last_reported": r.last_reported,
                    "mentions": r.mentions,
                }
                for r in e.roles
            )
        else:
            org_rows.append({"id": e.id, "name": e.name, "mentions": e.mentions, **dates})
        alias_rows.extend(
            {"owner_id": e.id, "alias": alias, "mentions": n} for alias, n in e.aliases.items()
        )
    statement_rows: list[dict[str, Any]] = []
    report_rows: list[dict[str, Any]] = []
    for s in result.statements:
        statement_rows.append(
            {
                "id": s.id,
                "person_id": s.speaker_id if s.speaker_kind == "person" else None,
                "organisation_id": s.speaker_id if s.speaker_kind == "organisation" else None,
                "speaker": s.speaker,
                "words": s.words,
                "first_attribution_id": s.first.attribution_id,
                "first_article_id": s.first.article_id,
                "first_published": s.first.published,
                "first_outlet": s.first.outlet,
                "last_published": max((r.published or "" for r in s.reports), default="") or None,
                "report_count": len(s.reports),
                "outlet_count": len(s.outlets),
            }
        )
        report_rows.extend(
            {
                "statement_id": r.statement_id,
                "attribution_id": r.attribution_id,
                "article_id": r.article_id,
                "position": r.position,
                "published": r.published,
                "outlet": r.outlet,
                "quoted_by_id": r.quoted_by_id,
                "quoted_by_name": r.quoted_by_name,
            }
            for r in s.reports
        )
    written = sync_rows(conn, people, ("id",), people_rows)
    written += sync_rows(conn, organisations, ("id",), org_rows)
    written += sync_rows(conn, aliases, ("owner_id", "alias"), alias_rows)
    written += sync_rows(conn, person_roles, ("person_id", "role", "affiliation"), role_rows)
    written += sync_rows(conn, statements, ("id",), statement_rows)
    written += sync_rows(conn, statement_reports, ("statement_id", "attribution_id"), report_rows)
    written += _assign(conn, result.assignments)
    written += _assign_names(conn, result.named)
    for pk, status in result.correction_status.items():
        conn.execute(update(corrections).where(corrections.c.pk == pk).values(status=status))
    return written


def sync_rows(
    conn: Connection, table: Table, key: Sequence[str], rows: list[dict[str, Any]]
) -> int:
    """Make ``table`` hold exactly ``rows``, writing only the differences."""
    existing = {tuple(r[k] for k in key): dict(r) for r in conn.execute(select(table)).mappings()}
    wanted = {tuple(row[k] for k in key): row for row in rows}
    gone = [k for k in existing if k not in wanted]
    new = [row for k, row in wanted.items() if k not in existing]
    changed = [row for k, row in wanted.items() if k in existing and existing[k] != row]
    match = and_(*(table.c[k] == bindparam(f"k_{k}") for k in key))
    if gone:
        conn.execute(
            delete(table).where(match), [dict(zip(_keys(key), k, strict=True)) for k in gone]
        )
    if new:
        conn.execute(insert(table), new)
    if changed:
        values: dict[str, Any] = {
            c.name: bindparam(f"v_{c.name}") for c in table.columns if c.name not in key
        }
        conn.execute(
            update(table).where(match).values(values),
            [
                {**{f"k_{k}": row[k] for k in key}, **{f"v_{c}": row[c] for c in values}}
                for row in changed
            ],
        )
    return len(gone) + len(new) + len(changed)


def _keys(key: Sequence[str]) -> list[str]:
    return [f"k_{k}" for k in key]


def _assign(
    conn: Connection, assignments: dict[str, tuple[str | None, str | None, str | None]]
) -> int:
    current = conn.execute(
        select(
            attributions.c.id,
            attributions.c.person_id,
            attributions.c.organisation_id,
            attributions.c.statement_id,
        )
    )
    changed = [
        {"k_id": ident, "v_p": want[0], "v_o": want[1], "v_s": want[2]}
        for ident, *have in current
        if (want := assignments.get(ident, (None, None, None))) != tuple(have)
    ]
    if changed:
        conn.execute(
            update(attributions)
            .where(attributions.c.id == bindparam("k_id"))
            .values(
                person_id=bindparam("v_p"),
                organisation_id=bindparam("v_o"),
                statement_id=bindparam("v_s"),
            ),
            changed,
        )
    return len(changed)


def _assign_names(conn: Connection, named: dict[str, str | None]) -> int:
    """Write each name mention's person id where it changed."""
    changed = [
        {"k_id": ident, "v_p": named.get(ident)}
        for ident, have in conn.execute(select(mentions.c.id, mentions.c.person_id))
        if named.get(ident) != have
    ]
    if changed:
        conn.execute(
            update(mentions)
            .where(mentions.c.id == bindparam("k_id"))
            .values(person_id=bindparam("v_p")),
            changed,
        )
    return len(changed)
