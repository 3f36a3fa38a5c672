"""Link one group of the index (``onrecord.store.linkindex``) and write what changed.

A group is a set of blocks, read through indexed lookups and linked by ``link_corpus``
exactly as a full link would link them (nothing outside the group can change who is
who, or which of a speaker's words are one statement), and written back scoped to its
own rows: the people, organisations and statements it produces are upserted; those its
items pointed to before and that no item points to any more are deleted. Rows of other
groups are never touched, so groups can be linked one at a time, in any order, or in
parallel transactions on different machines, with the same result.

What a group leaves out is others quoting its speakers: those reports are added after,
statement by statement, by ``onrecord.store.quotelink``, which reads the attributions
whose words are related to a statement's. So a quotation never joins two speakers'
blocks into one group.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, delete, insert, select, update

from onrecord.link import (
    ATTRIBUTION_ACTIONS,
    Correction,
    Entity,
    LinkResult,
    Named,
    NameMention,
    Statement,
    StoredAttribution,
    link_corpus,
)
from onrecord.link.quoting import naming_forms
from onrecord.link.records import Report, Role
from onrecord.link.statements import number_reports
from onrecord.store.link_rows import entity_rows, statement_rows
from onrecord.store.linkindex import chunks, group_nodes, rows_by_id
from onrecord.store.schema import (
    aliases,
    articles,
    attributions,
    corrections,
    link_correction_blocks,
    link_items,
    mentions,
    organisations,
    people,
    person_roles,
    statement_reports,
    statements,
)

Assignment = tuple[str | None, str | None, str | None]


@dataclass(slots=True)
class Relinked:
    """What relinking some groups wrote, and what the quotation pass must look at."""

    rows_written: int = 0
    statements: set[str] = field(default_factory=set)  # whose own reports changed
    texts: set[str] = field(default_factory=set)  # words whose speaker or statement changed
    # Speakers kept under their id and kind with other names: each one's new display
    # name (quoted-by names to refresh), and the name forms it gained or lost with the
    # words it speaks (the quotes of those words that name it are to be recomputed).
    titles: dict[str, str] = field(default_factory=dict)
    reformed: list[tuple[str, frozenset[str], set[str]]] = field(default_factory=list)

    def add(self, other: Relinked) -> None:
        self.rows_written += other.rows_written
        self.statements |= other.statements
        self.texts |= other.texts
        self.titles.update(other.titles)
        self.reformed.extend(other.reformed)


def _attribution_select() -> Select[Any]:
    a = attributions
    return select(
        a.c.id,
        a.c.article_id,
        a.c.seq,
        a.c.speaker,
        a.c.role,
        a.c.affiliation,
        a.c.content_text,
        a.c.kind,
        a.c.source_text,
        a.c.source_start,
        a.c.source_end,
        a.c.cue_start,
        a.c.cue_end,
        a.c.content_start,
        a.c.content_end,
        a.c.person_id,
        a.c.organisation_id,
        a.c.statement_id,
        articles.c.published,
        articles.c.outlet,
        articles.c.pk.label("ingested"),
    ).join(articles, articles.c.id == a.c.article_id)


# The columns of ``_attribution_select`` that ``to_attribution`` reads, in its order.
_ATTRIBUTION_COLUMNS = 21


def to_attribution(row: Any) -> StoredAttribution:
    """A row of ``_attribution_select`` (columns added after its own are ignored)."""
    # Unpacked by position: a block holds tens of thousands of rows, and reading ~20
    # attributes by name cost more than building the records.
    (
        ident,
        article_id,
        seq,
        speaker,
        role,
        affiliation,
        words,
        kind,
        source_text,
        source_start,
        source_end,
        cue_start,
        cue_end,
        content_start,
        content_end,
        _person,
        _organisation,
        _statement,
        published,
        outlet,
        ingested,
    ) = row[:_ATTRIBUTION_COLUMNS]
    starts = [x for x in (source_start, cue_start, content_start) if x is not None]
    ends = [x for x in (source_end, cue_end, content_end) if x is not None]
    return StoredAttribution(
        attribution_id=ident,
        article_id=article_id,
        seq=seq,
        published=published,
        outlet=outlet,
        speaker=speaker,
        role=role,
        affiliation=affiliation,
        words=words,
        kind=kind,
        source_text=source_text,
        ingested=ingested,
        source_span=(source_start, source_end) if source_start is not None else None,
        extent=(min(starts), max(ends)) if starts and ends else None,
    )


def _name_select() -> Select[Any]:
    m = mentions
    return select(
        m.c.id,
        m.c.article_id,
        m.c.seq,
        articles.c.published,
        articles.c.outlet,
        m.c.name,
        m.c.variants,
        m.c.role,
        m.c.affiliation,
        m.c.spans,
        m.c.person_id,
        articles.c.pk,
    ).join(articles, articles.c.id == m.c.article_id)


def to_name(row: Any) -> NameMention:
    return NameMention(
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


def to_correction(row: Any) -> Correction:
    """A stored correction as the linker reads it, with what its names meant."""
    resolved = {
        role: Named(
            entry.get("id"), entry["kind"], entry["name"], tuple(entry.get("anchors") or ())
        )
        for role, entry in json.loads(row.resolved or "{}").items()
    }
    return Correction(row.pk, row.action, row.subject, json.loads(row.argument), resolved)


def text_reader(conn: Connection) -> Callable[[str], str]:
    """An article's text by id, read on first use (only the quoting rules need it)."""
    texts: dict[str, str] = {}

    def article_text(article_id: str) -> str:
        if article_id not in texts:
            texts[article_id] = conn.execute(
                select(articles.c.text).where(articles.c.id == article_id)
            ).scalar_one()
        return texts[article_id]

    return article_text


def relink_groups(conn: Connection, grps: Sequence[str], extra: Sequence[str] = ()) -> Relinked:
    """Link groups ``grps`` (and the attributions ``extra``, which may have just left
    them) in one pass, without others' quotes of their statements. Groups are
    independent, so linking several at once gives what linking each alone gives, with
    fewer queries."""
    blocks, _ = group_nodes(conn, grps)
    rows: dict[str, Any] = {}
    texts: set[str] = set()
    query = _attribution_select().add_columns(link_items.c.text_id)
    query = query.join(link_items, link_items.c.item_id == attributions.c.id)
    for part in chunks(blocks):
        rows.update((r.id, r) for r in conn.execute(query.where(link_items.c.block.in_(part))))
    for part in chunks(extra):
        rows.update((r.id, r) for r in conn.execute(query.where(attributions.c.id.in_(part))))
    texts.update(r.text_id for r in rows.values() if r.text_id is not None)
    name_rows: list[Any] = []
    for part in chunks(blocks):
        named = _name_select().join(link_items, link_items.c.item_id == mentions.c.id)
        name_rows.extend(conn.execute(named.where(link_items.c.block.in_(part))))
    found = sorted(rows.values(), key=lambda r: (r.article_id, r.seq))
    name_rows.sort(key=lambda r: (r.article_id, r.seq))
    fixes = _corrections(conn, blocks, [r.id for r in found])
    said = [to_attribution(r) for r in found]
    names = [to_name(r) for r in name_rows]
    result = link_corpus(said, fixes, text_reader(conn), names, quotes=False)
    _keep_quotes(conn, result.statements, said)
    before = {r.id: (r.person_id, r.organisation_id, r.statement_id) for r in found}
    named_before = {r.id: r.person_id for r in name_rows}
    renaming = _renamed(conn, result, before, named_before)
    moved = {i for i, have in before.items() if result.assignments.get(i, _NONE) != have}
    moved |= set(extra)
    statements_moved = {
        s for i in moved for s in (before[i][2], result.assignments.get(i, _NONE)[2]) if s
    }
    spoken: dict[str, set[str]] = {}  # each speaker's words, by the speaker's id before
    for r in found:
        if r.text_id is not None:
            for speaker in {r.person_id, r.organisation_id, *before[r.id][:2]} - {None}:
                spoken.setdefault(speaker, set()).add(r.text_id)
    texts = {r.text_id for r in found if r.text_id is not None and r.id in moved}
    for ident in renaming.recast:
        texts |= spoken.get(ident, set())
    reformed = [
        (ident, forms, spoken[ident]) for ident, forms in renaming.forms.items() if ident in spoken
    ]
    written = write_group(conn, result, before, named_before)
    return Relinked(written, statements_moved, texts, renaming.titles, reformed)


_NONE: Assignment = (None, None, None)


def _keep_quotes(
    conn: Connection, said: list[Statement], mentions: Sequence[StoredAttribution]
) -> None:
    """Give the statements just linked the quotes of them already stored, so that only
    the statements a change can requote are recomputed (``onrecord.store.quotelink``)."""
    own = {s.id: {r.attribution_id for r in s.reports} for s in said}
    quoted: list[Any] = []
    for part in chunks(sorted(own)):
        quoted.extend(
            r
            for r in conn.execute(
                select(statement_reports).where(statement_reports.c.statement_id.in_(part))
            )
            if r.attribution_id not in own[r.statement_id]
        )
    if not quoted:
        return
    by_id = {s.id: s for s in said}
    for r in quoted:
        by_id[r.statement_id].reports.append(
            Report(
                r.statement_id,
                r.attribution_id,
                r.article_id,
                0,
                r.published,
                r.outlet,
                r.quoted_by_id,
                r.quoted_by_name,
            )
        )
    later: list[StoredAttribution] = []
    for part in chunks(sorted({r.attribution_id for r in quoted})):
        query = _attribution_select().where(attributions.c.id.in_(part))
        later.extend(to_attribution(r) for r in conn.execute(query))
    number_reports(said, [*mentions, *later])


@dataclass(slots=True)
class Renaming:
    """How the names the quoting rules read changed for the speakers of a group.

    ``recast``: speakers that appeared, vanished or changed kind: every word they
    speak is requoted. ``titles``: the new display name of the others whose name
    changed (it is what a quote they make is "quoted by"). ``forms``: for those whose
    name forms changed (``quoting.naming_forms``), the forms gained or lost: only a
    passage that may hold one of them can quote differently."""

    recast: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)
    forms: dict[str, frozenset[str]] = field(default_factory=dict)


def _renamed(
    conn: Connection,
    result: LinkResult,
    before: dict[str, Assignment],
    named_before: dict[str, str | None],
) -> Renaming:
    """The people and organisations (before or after) whose names the quoting rules read
    changed, and how (``Renaming``)."""
    now = {e.id: e for e in result.entities}
    ids = {x for a in before.values() for x in a[:2] if x}
    ids |= {p for p in named_before.values() if p} | set(now)
    stored = stored_entities(conn, ids)
    renaming = Renaming()
    for ident in sorted(ids):
        old, new = stored.get(ident), now.get(ident)
        if old is None or new is None or old.kind != new.kind:
            if old is not None or new is not None:
                renaming.recast.add(ident)
            continue
        if old.name != new.name:
            renaming.titles[ident] = new.name
        forms = naming_forms(old) ^ naming_forms(new)
        if forms:
            renaming.forms[ident] = frozenset(words for _, words in forms)
    return renaming


def attribution_corrections(conn: Connection, ids: Sequence[str]) -> list[Correction]:
    """The rejects and reassigns of attributions ``ids`` still applied, in order."""
    return _corrections(conn, [], list(ids))


def _corrections(conn: Connection, blocks: list[str], ids: list[str]) -> list[Correction]:
    pks: set[int] = set()
    for part in chunks(blocks):
        pks.update(
            conn.execute(
                select(link_correction_blocks.c.correction_pk).where(
                    link_correction_blocks.c.block.in_(part)
                )
            ).scalars()
        )
    found = rows_by_id(conn, corrections, corrections.c.pk, pks) if pks else []  # type: ignore[arg-type]
    for part in chunks(ids):
        found.extend(
            conn.execute(
                select(corrections).where(
                    corrections.c.action.in_(ATTRIBUTION_ACTIONS),
                    corrections.c.subject.in_(part),
                )
            )
        )
    # An undone correction is no longer applied (its undo is a correction of its own).
    unique = {r.pk: r for r in found if r.undone_by is None}
    return [to_correction(r) for r in sorted(unique.values(), key=lambda r: r.pk)]


def write_group(
    conn: Connection,
    result: LinkResult,
    before: dict[str, Assignment],
    named_before: dict[str, str | None],
) -> int:
    """Write one group's result; return the number of rows written."""
    people_rows, org_rows, alias_rows, role_rows = entity_rows(result)
    written = _assign(conn, result, before, named_before)
    entity_ids = [e.id for e in result.entities]
    statement_ids = [s.id for s in result.statements]
    written += sync_scoped(conn, people, ("id",), people_rows, "id", entity_ids)
    written += sync_scoped(conn, organisations, ("id",), org_rows, "id", entity_ids)
    written += sync_scoped(conn, aliases, ("owner_id", "alias"), alias_rows, "owner_id", entity_ids)
    written += sync_scoped(
        conn, person_roles, ("person_id", "role", "affiliation"), role_rows, "person_id", entity_ids
    )
    written += sync_statements(conn, result.statements)
    old_entities = {x for a in before.values() for x in a[:2] if x}
    old_entities |= {p for p in named_before.values() if p}
    old_statements = {a[2] for a in before.values() if a[2]}
    for part in chunks(before):
        old_statements.update(
            conn.execute(
                select(statement_reports.c.statement_id).where(
                    statement_reports.c.attribution_id.in_(part)
                )
            ).scalars()
        )
    written += drop_unreferenced(
        conn, old_entities - set(entity_ids), old_statements - set(statement_ids)
    )
    for pk, status in result.correction_status.items():
        conn.execute(update(corrections).where(corrections.c.pk == pk).values(status=status))
    return written


def _assign(
    conn: Connection,
    result: LinkResult,
    before: dict[str, Assignment],
    named_before: dict[str, str | None],
) -> int:
    changed = [
        {"k_id": ident, "v_p": want[0], "v_o": want[1], "v_s": want[2]}
        for ident, have in before.items()
        if (want := result.assignments.get(ident, (None, None, None))) != have
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
    named = [
        {"k_id": ident, "v_p": result.named.get(ident)}
        for ident, have in named_before.items()
        if result.named.get(ident) != have
    ]
    if named:
        conn.execute(
            update(mentions)
            .where(mentions.c.id == bindparam("k_id"))
            .values(person_id=bindparam("v_p")),
            named,
        )
    return len(changed) + len(named)


def sync_statements(conn: Connection, said: Sequence[Statement]) -> int:
    """Make the stored rows of statements ``said`` and of their reports exactly theirs."""
    st_rows, report_rows = statement_rows(LinkResult([], list(said), {}, {}))
    ids = [s.id for s in said]
    written = sync_scoped(conn, statements, ("id",), st_rows, "id", ids)
    key = ("statement_id", "attribution_id")
    return written + sync_scoped(conn, statement_reports, key, report_rows, "statement_id", ids)


def sync_scoped(
    conn: Connection,
    table: Any,
    key: Sequence[str],
    rows: list[dict[str, Any]],
    scope: str,
    scope_ids: Iterable[str],
) -> int:
    """Make the rows of ``table`` whose ``scope`` column is in ``scope_ids`` exactly
    ``rows`` (those of them in scope), writing only the differences."""
    # Rows compared as tuples in the table's column order: a relinked block holds tens
    # of thousands of reports, and a dict per stored row cost a third of the sync.
    columns = [c.name for c in table.columns]
    at = [columns.index(k) for k in key]
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for part in chunks(sorted(set(scope_ids))):
        for r in conn.execute(select(table).where(table.c[scope].in_(part))):
            existing[tuple(r[i] for i in at)] = tuple(r)
    wanted = {tuple(row[k] for k in key): row for row in rows}
    gone = [k for k in existing if k not in wanted]
    new = [row for k, row in wanted.items() if k not in existing]
    changed = [
        row
        for k, row in wanted.items()
        if k in existing and existing[k] != tuple(row[c] for c in columns)
    ]
    match = and_(*(table.c[k] == bindparam(f"k_{k}") for k in key))
    if gone:
        conn.execute(
            delete(table).where(match),
            [{f"k_{k}": v for k, v in zip(key, values, strict=True)} for values in gone],
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


def drop_unreferenced(conn: Connection, entity_ids: set[str], statement_ids: set[str]) -> int:
    """Delete the entities and statements given that no attribution or mention points
    to any more (one another group still points to is kept: it is that group's)."""
    used: set[str] = set()
    for part in chunks(sorted(entity_ids)):
        for column in (
            attributions.c.person_id,
            attributions.c.organisation_id,
            mentions.c.person_id,
        ):
            used.update(conn.execute(select(column).where(column.in_(part)).distinct()).scalars())
    dead = sorted(entity_ids - used)
    for part in chunks(dead):
        conn.execute(delete(people).where(people.c.id.in_(part)))
        conn.execute(delete(organisations).where(organisations.c.id.in_(part)))
        conn.execute(delete(aliases).where(aliases.c.owner_id.in_(part)))
        conn.execute(delete(person_roles).where(person_roles.c.person_id.in_(part)))
    used_st: set[str] = set()
    for part in chunks(sorted(statement_ids)):
        column = attributions.c.statement_id
        used_st.update(conn.execute(select(column).where(column.in_(part)).distinct()).scalars())
    dead_st = sorted(statement_ids - used_st)
    for part in chunks(dead_st):
        conn.execute(delete(statements).where(statements.c.id.in_(part)))
        conn.execute(delete(statement_reports).where(statement_reports.c.statement_id.in_(part)))
    return len(dead) + len(dead_st)


def stored_entities(conn: Connection, ids: Iterable[str]) -> dict[str, Entity]:
    """People and organisations as the linker made them (the fields the quoting rules
    read: names, aliases, affiliations), by id."""
    found: dict[str, Entity] = {}
    wanted = sorted(set(ids))
    for part in chunks(wanted):
        for r in conn.execute(select(people).where(people.c.id.in_(part))):
            found[r.id] = Entity(
                r.id, "person", r.name, r.affiliation, r.mentions, r.first_reported, r.last_reported
            )
        for r in conn.execute(select(organisations).where(organisations.c.id.in_(part))):
            found[r.id] = Entity(
                r.id, "organisation", r.name, None, r.mentions, r.first_reported, r.last_reported
            )
        for owner, alias, count in conn.execute(
            select(aliases.c.owner_id, aliases.c.alias, aliases.c.mentions).where(
                aliases.c.owner_id.in_(part)
            )
        ):
            if owner in found:
                found[owner].aliases[alias] = count
        for r in conn.execute(select(person_roles).where(person_roles.c.person_id.in_(part))):
            if r.person_id in found:
                found[r.person_id].roles.append(
                    Role(r.role, r.affiliation, r.first_reported, r.last_reported, r.mentions)
                )
    return found
