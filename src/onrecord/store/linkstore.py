"""Run the cross-article linker over the stored corpus and write what it derives.

Linking is incremental: ``link_pending`` indexes the attributions and name mentions
stored since the last link (``onrecord.store.linkindex``), relinks only the block groups
they touch (``onrecord.store.grouplink``), then recomputes who quoted the statements
those groups produced or whose words they share (``onrecord.store.quotelink``);
``apply_correction`` does the same for what a correction concerns. ``relink`` is the
full recomputation (``onrecord relink``): it rebuilds the index in chunks and links
every group, one run of groups at a time, then every quoted statement, so it streams the
corpus instead of holding it. Each runs in the caller's write transaction, so readers
see the previous links or the new ones, never a mix, and a killed run changes nothing.
Only rows that changed are written.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, or_, select, update

from onrecord.link.corrections import ATTRIBUTION_ACTIONS, PEOPLE_ACTIONS
from onrecord.store import grouplink, linkcorrections, linkindex, quotelink
from onrecord.store.schema import (
    attributions,
    corrections,
    link_correction_blocks,
    link_items,
    link_nodes,
    link_texts,
    mentions,
    organisations,
    people,
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
    groups: int = 0  # groups relinked


def is_stale(conn: Connection) -> bool:
    return get_meta(conn, LINKED_VERSION, "-1") != get_meta(conn, DATA_VERSION)


def link_pending(conn: Connection) -> LinkStats:
    """Link what was stored since the last link, in the caller's write transaction."""
    started = time.perf_counter()
    dirty = linkindex.index_pending(conn)
    groups = linkindex.groups_of(conn, [n for n in dirty if n.startswith("b:")])
    done = _relink(conn, sorted(groups))
    quoted = {n[2:] for n in dirty if n.startswith("t:")}
    written = done.rows_written + quotelink.requote(
        conn, done.statements, done.texts | quoted, done.titles, done.reformed
    )
    return _finish(conn, started, written, len(groups))


def apply_correction(conn: Connection, pk: int) -> LinkStats:
    """Apply correction ``pk`` (already stored) by relinking only what it concerns; an
    ``undo`` withdraws the correction it names and relinks what that one concerned."""
    started = time.perf_counter()
    row = conn.execute(select(corrections).where(corrections.c.pk == pk)).one()
    undoing = row.action == "undo"
    if undoing:
        row = _withdraw(conn, row)
    nodes, extra = _nodes(conn, row)
    # A reassign joins the old place and the new; a reject relinks both apart (the
    # rejected sit in one block of their own, which must not join everyone), and so
    # does an undo that brings an attribution back from it.
    apart = f"b:{linkindex.REVIEWED}"
    if undoing:
        linkindex.union(conn, [[n for n in nodes if n != apart], [n for n in nodes if n == apart]])
    else:
        linkindex.union(conn, [[n] for n in nodes] if row.action == "reject" else [nodes])
    groups = linkindex.groups_of(conn, nodes)
    done = _relink(conn, sorted(groups), extra)
    written = done.rows_written + quotelink.requote(
        conn, done.statements, done.texts, done.titles, done.reformed
    )
    if not groups and row.pk == pk:  # nothing to relink: say so on the correction itself
        status = f"not applied: no attribution {row.subject!r}"
        if row.action in PEOPLE_ACTIONS:
            status = f"not applied: no one named {row.subject!r}"
        conn.execute(update(corrections).where(corrections.c.pk == pk).values(status=status))
    return _finish(conn, started, written, len(groups))


def _withdraw(conn: Connection, undo: Any) -> Any:
    """Mark the correction ``undo`` names as undone by it; that correction's row."""
    target = int(undo.subject)
    conn.execute(
        update(corrections)
        .where(corrections.c.pk == target)
        .values(undone_by=undo.pk, status=f"undone by correction {undo.pk}")
    )
    conn.execute(update(corrections).where(corrections.c.pk == undo.pk).values(status="applied"))
    return conn.execute(select(corrections).where(corrections.c.pk == target)).one()


def _nodes(conn: Connection, row: Any) -> tuple[list[str], list[str]]:
    """The index nodes a correction concerns, and the attributions to relink with them."""
    if row.action in PEOPLE_ACTIONS:
        names = linkcorrections.correction_names(
            row.subject, json.loads(row.argument), row.resolved
        )
        blocks = linkcorrections.correction_blocks(conn, names)
        blocks |= linkcorrections.resolved_blocks(conn, row.resolved)
        linkcorrections.record_correction_blocks(conn, row.pk, blocks)
        # Those recorded when it was made too: an undo must relink where it applied.
        lcb = link_correction_blocks
        recorded = conn.execute(select(lcb.c.block).where(lcb.c.correction_pk == row.pk))
        return [f"b:{b}" for b in sorted(blocks | set(recorded.scalars()))], []
    if row.action in ATTRIBUTION_ACTIONS:
        return _review(conn, row.subject)
    return [], []


def _review(conn: Connection, subject: str) -> tuple[list[str], list[str]]:
    """Move a reviewed attribution to the block its latest correction puts it in; the
    nodes of its old and new place (joined, so one relink sees both)."""
    item = conn.execute(select(link_items).where(link_items.c.item_id == subject)).first()
    row = conn.execute(select(attributions.c.speaker).where(attributions.c.id == subject)).first()
    if item is None or row is None:
        return [], []
    reviews = linkindex.attribution_reviews(conn)
    block = linkindex.reviewed_block(row.speaker, reviews.get(subject))
    conn.execute(update(link_items).where(link_items.c.item_id == subject).values(block=block))
    return [f"b:{b}" for b in sorted({item.block, block} - {None})], [subject]


def relink(conn: Connection) -> LinkStats:
    """Recompute every link: rebuild the index, then link each group in turn.

    Memory holds one chunk of the index or one run of groups, never the corpus. Groups
    are independent: ``onrecord.run.relinking`` runs the same three steps with the runs
    of groups as Dask tasks, each in its own write transaction."""
    started = time.perf_counter()
    groups = start_relink(conn)
    written = _relink(conn, groups).rows_written
    return finish_relink(conn, started, written, len(groups))


def start_relink(conn: Connection) -> list[str]:
    """Rebuild the index from scratch; the block groups to link, in order."""
    linkindex.clear(conn)
    linkindex.index_pending(conn)
    fixes = conn.execute(
        select(
            corrections.c.pk, corrections.c.subject, corrections.c.argument, corrections.c.resolved
        )
        .where(corrections.c.action.in_(PEOPLE_ACTIONS))
        .order_by(corrections.c.pk)
    ).all()
    for pk, subject, argument, resolved in fixes:
        names = linkcorrections.correction_names(subject, json.loads(argument), resolved)
        blocks = linkcorrections.correction_blocks(conn, names)
        linkcorrections.record_correction_blocks(conn, pk, blocks)
    lcb = link_correction_blocks
    joined: dict[int, list[str]] = {}
    for pk, block in conn.execute(select(lcb.c.correction_pk, lcb.c.block)):
        joined.setdefault(pk, []).append(f"b:{block}")
    linkindex.union(conn, joined.values())
    return list(
        conn.execute(
            select(link_nodes.c.grp)
            .where(link_nodes.c.grp.like("b:%"))
            .distinct()
            .order_by(link_nodes.c.grp)
        ).scalars()
    )


def group_runs(groups: list[str]) -> list[list[str]]:
    """The groups in the runs a relink links at once (one Dask task each)."""
    return [
        groups[start : start + GROUPS_PER_RUN] for start in range(0, len(groups), GROUPS_PER_RUN)
    ]


def finish_relink(conn: Connection, started: float, written: int, groups: int) -> LinkStats:
    """After every group is linked: clear what has no block, drop what nothing points to,
    and recompute who quoted every statement with words related to others'."""
    written += _clear_unplaced(conn)
    quoted = (
        conn.execute(select(link_texts.c.text_id).where(link_texts.c.node == 1)).scalars().all()
    )
    written += quotelink.requote(conn, (), quoted)
    return _finish(conn, started, written, groups)


def _clear_unplaced(conn: Connection) -> int:
    """Attributions and names in no block have no speaker and no statement; drop the
    people and statements nothing points to any more."""
    unplaced = select(link_items.c.item_id).where(link_items.c.block.is_(None))
    linked = or_(
        attributions.c.person_id.is_not(None),
        attributions.c.organisation_id.is_not(None),
        attributions.c.statement_id.is_not(None),
    )
    done = conn.execute(
        update(attributions)
        .where(attributions.c.id.in_(unplaced), linked)
        .values(person_id=None, organisation_id=None, statement_id=None)
    ).rowcount
    done += conn.execute(
        update(mentions)
        .where(mentions.c.id.in_(unplaced), mentions.c.person_id.is_not(None))
        .values(person_id=None)
    ).rowcount
    entities = set(conn.execute(select(people.c.id)).scalars())
    entities |= set(conn.execute(select(organisations.c.id)).scalars())
    said = set(conn.execute(select(statements.c.id)).scalars())
    return done + grouplink.drop_unreferenced(conn, entities, said)


GROUPS_PER_RUN = 200  # groups linked in one pass: fewer queries, memory still bounded


def _relink(
    conn: Connection, groups: list[str], extra: list[str] | None = None
) -> grouplink.Relinked:
    done = grouplink.Relinked()
    for run in group_runs(groups):
        done.add(grouplink.relink_groups(conn, run, extra or []))
    if not groups and extra:
        done.add(grouplink.relink_groups(conn, [], extra))
    return done


def keep_current(conn: Connection) -> None:
    """After a change that moves no link (an exchange verdict): the links are as current
    as they were, unless something stored since still waits for the index."""
    if not linkindex.pending(conn):
        set_meta(conn, LINKED_VERSION, get_meta(conn, DATA_VERSION))


def _finish(conn: Connection, started: float, written: int, groups: int) -> LinkStats:
    keep_current(conn)

    def count(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    return LinkStats(
        people=count(people),
        organisations=count(organisations),
        statements=count(statements),
        reports=count(statement_reports),
        rows_written=written,
        seconds=time.perf_counter() - started,
        groups=groups,
    )
