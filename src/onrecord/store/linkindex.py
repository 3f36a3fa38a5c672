"""The incremental linker's index: blocks, related quotes and the groups they make.

Attributions and name mentions are indexed once, in the order stored (a watermark per
table in ``meta``), in chunks, so memory does not grow with the corpus. Each gets its
block (``onrecord.link.blocking``); each distinct quote its keys. A new quote is probed
against the stored keys and checked with ``blocking.related``. A union-find kept in
``link_nodes`` holds two kinds of group, never joined to each other:

- *block groups* (``b:`` nodes): one block, or the blocks a people correction names,
  joined. Nothing outside a block group changes who is who inside it, or which of its
  speakers' words are one statement, so a change relinks only the block groups it
  touches (``onrecord.store.grouplink``);
- *quote groups* (``t:`` nodes): related quotes, joined. Who quoted whom is recomputed
  statement by statement from the quote groups of a statement's words
  (``onrecord.store.quotelink``), so a quotation costs a lookup, and never makes two
  speakers' blocks (all of Trump's and all of CNN's words, say) one group.

Groups only ever grow: a reassigned attribution leaves its old block joined to the new
one, which costs a little work and never changes a link. An index built before quote
groups were kept apart has groups holding both kinds; they give the same links, more
slowly, until ``onrecord relink`` rebuilds the index.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, insert, select, update

from onrecord.link.blocking import (
    MIN_SHARED,
    block_of,
    probe_keys,
    related,
    stored_keys,
    text_id,
)
from onrecord.link.speaker_names import fold
from onrecord.store.schema import (
    attributions,
    corrections,
    link_items,
    link_keys,
    link_nodes,
    link_texts,
    mentions,
)
from onrecord.store.write import get_meta, set_meta

T = TypeVar("T")
CHUNK = 5000  # items indexed per round trip; bounds memory while indexing
IN_LIST = 500  # values per IN (...) list
ATTRIBUTION_MARK = "link_attribution_pk"
MENTION_MARK = "link_mention_pk"
INDEX_TABLES = (link_items, link_texts, link_keys, link_nodes)


def chunks(values: Iterable[T], size: int = IN_LIST) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# An attribution's latest reject or reassign: (action, speaker, block). ``block`` is where
# the correction put the speaker it named (``store.correcting``); None for older ones,
# whose speaker is placed by its name.
Review = tuple[str, str, str | None]


def attribution_reviews(conn: Connection) -> dict[str, Review]:
    """Attribution id -> its latest reject/reassign that is not undone."""
    latest: dict[str, Review] = {}
    rows = conn.execute(
        select(
            corrections.c.action,
            corrections.c.subject,
            corrections.c.argument,
            corrections.c.resolved,
        )
        .where(corrections.c.action.in_(("reject", "reassign")), corrections.c.undone_by.is_(None))
        .order_by(corrections.c.pk)
    )
    for action, subject, argument, resolved in rows:
        named = json.loads(resolved or "{}").get("speaker")
        speaker = str(json.loads(argument).get("speaker") or "").strip()
        if named:
            speaker = str(named["name"])
        if action == "reassign" and not speaker:
            continue  # not applied, as review_attributions decides
        latest[subject] = (action, speaker, named.get("block") if named else None)
    return latest


REVIEWED = "x:reviewed"  # rejected attributions, and those reassigned to no one we can place


def reviewed_block(speaker: str | None, review: Review | None) -> str | None:
    """The block of an attribution as the analysts left it. One an analyst took out of
    every block still sits in one, so that a link reports its correction as applied."""
    if review is None:
        return block_of(speaker)
    action, new_speaker, block = review
    if action == "reject":
        return REVIEWED
    return block or block_of(new_speaker) or REVIEWED


def pending(conn: Connection) -> bool:
    """Are there attributions or mentions the index has not seen?"""
    for table, mark in ((attributions, ATTRIBUTION_MARK), (mentions, MENTION_MARK)):
        last = int(get_meta(conn, mark, "0"))
        if conn.execute(select(table.c.pk).where(table.c.pk > last).limit(1)).first():
            return True
    return False


def index_pending(conn: Connection) -> set[str]:
    """Index everything stored since the last call; return the nodes that changed."""
    dirty: set[str] = set()
    reviews = attribution_reviews(conn)
    while True:
        last = int(get_meta(conn, ATTRIBUTION_MARK, "0"))
        rows = conn.execute(
            select(
                attributions.c.pk,
                attributions.c.id,
                attributions.c.speaker,
                attributions.c.content_text,
                attributions.c.kind,
            )
            .where(attributions.c.pk > last)
            .order_by(attributions.c.pk)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        items = [
            (r.id, reviewed_block(r.speaker, reviews.get(r.id)), r.content_text, r.kind)
            for r in rows
        ]
        dirty |= _index_attributions(conn, items)
        set_meta(conn, ATTRIBUTION_MARK, str(rows[-1].pk))
    while True:
        last = int(get_meta(conn, MENTION_MARK, "0"))
        named = conn.execute(
            select(mentions.c.pk, mentions.c.id, mentions.c.name)
            .where(mentions.c.pk > last)
            .order_by(mentions.c.pk)
            .limit(CHUNK)
        ).all()
        if not named:
            break
        item_rows = [
            {"item_id": r.id, "kind": "m", "block": block_of(r.name, True), "text_id": None}
            for r in named
        ]
        conn.execute(insert(link_items), item_rows)
        blocks = {f"b:{row['block']}" for row in item_rows if row["block"]}
        union(conn, [[b] for b in blocks])
        dirty |= blocks
        set_meta(conn, MENTION_MARK, str(named[-1].pk))
    return dirty


def _index_attributions(
    conn: Connection, items: Sequence[tuple[str, str | None, str, str]]
) -> set[str]:
    """Index one chunk of (attribution id, block, words, kind)."""
    texts: dict[str, tuple[str, str]] = {}
    item_rows = []
    for ident, block, words, kind in items:
        tid = text_id(words, kind) if fold(words) else None
        if tid is not None:
            texts.setdefault(tid, (words, kind))
        item_rows.append({"item_id": ident, "kind": "a", "block": block, "text_id": tid})
    conn.execute(insert(link_items), item_rows)
    known = _existing_texts(conn, list(texts))
    new = {tid: wk for tid, wk in texts.items() if tid not in known}
    if new:
        conn.execute(
            insert(link_texts),
            [{"text_id": t, "kind": k, "words": w, "node": 0} for t, (w, k) in new.items()],
        )
        key_rows = [{"key": key, "text_id": t} for t, wk in new.items() for key in stored_keys(*wk)]
        for rows in chunks(key_rows, CHUNK):
            conn.execute(insert(link_keys), rows)
    edges = _related_pairs(conn, new)
    becoming = {t for pair in edges for t in pair} - {t for t, is_node in known.items() if is_node}
    groups: list[list[str]] = [[f"t:{a}", f"t:{b}"] for a, b in edges]
    for ids in chunks(sorted(becoming)):
        conn.execute(update(link_texts).where(link_texts.c.text_id.in_(ids)).values(node=1))
    nodes = {t for t, is_node in known.items() if is_node} | becoming
    # A quote now related to another changes the quotes of every statement saying it,
    # stored earlier or now: its quote group is dirty, the blocks saying it are not.
    dirty = {f"t:{t}" for t in becoming}
    for row in item_rows:
        block, tid = row["block"], row["text_id"]
        if block:
            groups.append([f"b:{block}"])
            dirty.add(f"b:{block}")
        if tid in nodes:
            dirty.add(f"t:{tid}")
    union(conn, groups)
    return dirty


def _existing_texts(conn: Connection, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunks(ids):
        found.update(
            conn.execute(
                select(link_texts.c.text_id, link_texts.c.node).where(
                    link_texts.c.text_id.in_(part)
                )
            ).all()
        )
    return found


PROBE_CHUNK = 200  # new quotes probed at once: bounds the shared-key counts held


def _related_pairs(conn: Connection, new: dict[str, tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of text ids (a new one with any stored one, itself included) that may
    quote each other."""
    pairs: set[tuple[str, str]] = set()
    for ids in chunks(sorted(new), PROBE_CHUNK):
        pairs |= _probe(conn, {tid: new[tid] for tid in ids}, new)
    return pairs


def _probe(
    conn: Connection, new: dict[str, tuple[str, str]], known: dict[str, tuple[str, str]]
) -> set[tuple[str, str]]:
    probes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tid, quote in new.items():
        for key, how in probe_keys(*quote).items():
            probes[key].append((tid, how))
    shared: Counter[tuple[str, str, str]] = Counter()
    for keys in chunks(list(probes)):
        for key, other in conn.execute(
            select(link_keys.c.key, link_keys.c.text_id).where(link_keys.c.key.in_(keys))
        ):
            for tid, how in probes[key]:
                if other != tid:
                    shared[(tid, other, how)] += 1
    candidates: dict[str, set[str]] = defaultdict(set)
    for (tid, other, _), count in shared.items():
        if count >= MIN_SHARED:
            candidates[tid].add(other)
    del shared
    for tid, quote in new.items():  # the same words said by two speakers
        if related(quote, quote):
            candidates[tid].add(tid)
    others = {o for found in candidates.values() for o in found} - set(known)
    words: dict[str, tuple[str, str]] = dict(known)
    for part in chunks(sorted(others)):
        for tid, w, k in conn.execute(
            select(link_texts.c.text_id, link_texts.c.words, link_texts.c.kind).where(
                link_texts.c.text_id.in_(part)
            )
        ):
            words[tid] = (w, k)
    pairs: set[tuple[str, str]] = set()
    for tid in sorted(candidates):
        for other in sorted(candidates[tid]):
            pair = (min(tid, other), max(tid, other))
            if pair not in pairs and related(words[tid], words[other]):
                pairs.add(pair)
    return pairs


_STORED = "\x00"  # prefix of a stored group's id inside ``union`` (no node starts so)


def union(conn: Connection, groups: Iterable[Sequence[str]]) -> None:
    """Join the nodes of each group (and the groups they are in) into one group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        if not group:
            continue
        for node in group[1:]:
            a, b = find(group[0]), find(node)
            if a != b:
                parent[max(a, b)] = min(a, b)
        find(group[0])
    if not parent:
        return
    current: dict[str, str] = {}
    for part in chunks(sorted(parent)):
        current.update(
            conn.execute(
                select(link_nodes.c.node, link_nodes.c.grp).where(link_nodes.c.node.in_(part))
            ).all()
        )
    # Nodes already in one stored group are one component here too. Without this, two
    # components touching one stored group would each rename it, the second to a group
    # the first has just emptied, and split what was joined.
    for node, grp in current.items():
        a, b = find(node), find(_STORED + grp)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        if not node.startswith(_STORED):
            members[find(node)].append(node)
    new_rows: list[dict[str, str]] = []
    for nodes in members.values():
        olds = {current[n] for n in nodes if n in current}
        target = min(olds | {n for n in nodes if n not in current})
        new_rows.extend({"node": n, "grp": target} for n in nodes if n not in current)
        for old in sorted(olds - {target}):
            conn.execute(update(link_nodes).where(link_nodes.c.grp == old).values(grp=target))
    for rows in chunks(new_rows, CHUNK):
        conn.execute(insert(link_nodes), rows)


def groups_of(conn: Connection, nodes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(sorted(set(nodes))):
        found.update(
            conn.execute(
                select(link_nodes.c.grp).where(link_nodes.c.node.in_(part)).distinct()
            ).scalars()
        )
    return found


def group_nodes(conn: Connection, grps: Sequence[str]) -> tuple[list[str], list[str]]:
    """The blocks and related texts of some groups."""
    blocks: list[str] = []
    texts: list[str] = []
    for part in chunks(grps):
        for node in conn.execute(select(link_nodes.c.node).where(link_nodes.c.grp.in_(part))):
            (blocks if node[0].startswith("b:") else texts).append(node[0][2:])
    return sorted(blocks), sorted(texts)


def clear(conn: Connection) -> None:
    """Forget the index (a full relink rebuilds it); correction blocks are kept."""
    for table in INDEX_TABLES:
        conn.execute(delete(table))
    set_meta(conn, ATTRIBUTION_MARK, "0")
    set_meta(conn, MENTION_MARK, "0")


def rows_by_id(conn: Connection, table: Any, column: Any, ids: Iterable[str]) -> list[Any]:
    found: list[Any] = []
    for part in chunks(sorted(set(ids))):
        found.extend(conn.execute(select(table).where(column.in_(part))).all())
    return found
