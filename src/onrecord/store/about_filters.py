"""The about filters as SQL: what a statement is about, its act, stance and topic.

Each filter is a term over ``attributions`` (a report matches when its attribution
does), read through an index: ``act`` and ``stance`` are columns, ``about`` and
``topic`` are ``attributions.id IN (…)`` over the covering indexes of
``attribution_targets`` and ``attribution_topics``.

``about`` matches a target whose folded text (``about_rows.target_key``) is the folded
query, or that names the same person or organisation the query names: "Imran Khan"
finds the targets "Imran Khan" and "Khan" once the linker knows "Khan" as one of his
names. The names are resolved here, when the query runs, through ``aliases``: an
entity's id is a hash of what it was built from and changes when a later article or a
correction relinks its group, so an id stored with every target at link time would go
stale in older articles unless each relink rewrote them all (a cost growing with the
corpus, not with the new work). A name shared by two entities ("Miller") is left out:
it says nothing about which one is meant. ``entity_id`` of a stored target is the
record's ``Target.id`` and matches when it is one of the entities named.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Select, select, union
from sqlalchemy.sql.elements import ColumnElement

from onrecord.store import fts
from onrecord.store.about_rows import target_key
from onrecord.store.filters import Filters
from onrecord.store.schema import aliases, attribution_targets, attribution_topics, attributions
from onrecord.store.speaker_match import exact_entity_ids

__all__ = ["about_keys", "about_sets", "about_terms", "has_about", "plain_topic", "row_terms"]


def about_terms(conn: Connection, f: Filters, driving: bool = True) -> list[ColumnElement[bool]]:
    """WHERE terms over ``attributions`` for ``f``'s act, stance, about and topic.

    ``driving``: the query may read the matching attributions first (through the
    indexes). Else something else (a speaker) narrows more, and the terms are written so
    that no index takes them up (``|| ''``): each row is checked against the matches,
    which SQLite would otherwise probe one by one for every row of the speaker's."""
    ident = attributions.c.id if driving else attributions.c.id.concat("")
    return row_terms(f, driving) + [ident.in_(ids) for ids in about_sets(conn, f)]


def row_terms(f: Filters, driving: bool = True) -> list[ColumnElement[bool]]:
    """The terms of ``about_terms`` over an attribution's own columns (act, stance)."""
    terms: list[ColumnElement[bool]] = []
    act = attributions.c.act if driving else attributions.c.act.concat("")
    if f.act:
        terms.append(act == f.act)
    if f.stance is not None:
        terms.append(attributions.c.stance == f.stance)
    return terms


def about_sets(conn: Connection, f: Filters) -> list[Select[tuple[str]]]:
    """The terms of ``about_terms`` that are sets of attribution ids (what it is about,
    its topic), each a SELECT: a caller that holds attribution ids already (a report's)
    checks them against these without reading ``attributions`` again."""
    found = [_about_ids(conn, f.about)] if f.about else []
    topic = _topic_ids(conn, f)
    return found if topic is None else [*found, topic]


def has_about(f: Filters) -> bool:
    """Whether ``f`` narrows by targets or topic label: few attributions, read first."""
    return bool(f.about or f.topic_label)


def about_keys(conn: Connection, name: str) -> tuple[set[str], list[str]]:
    """The folded target texts that mean ``name``, and the entities it names: itself,
    and every name of the people and organisations called ``name`` (any alias,
    case-insensitive) that no other entity goes by."""
    keys = {target_key(name)} - {""}
    ids = exact_entity_ids(conn, name)
    if not ids:
        return keys, ids
    written = set(
        conn.execute(select(aliases.c.alias).where(aliases.c.owner_id.in_(ids))).scalars()
    )
    owners: dict[str, set[str]] = defaultdict(set)
    for alias, owner in conn.execute(
        select(aliases.c.alias, aliases.c.owner_id).where(aliases.c.alias.in_(sorted(written)))
    ):
        owners[alias].add(owner)
    keys |= {target_key(alias) for alias in written if owners[alias] <= set(ids)} - {""}
    return keys, ids


def _about_ids(conn: Connection, name: str) -> Select[tuple[str]]:
    keys, ids = about_keys(conn, name)
    t = attribution_targets
    by_text = select(t.c.attribution_id).where(t.c.folded.in_(sorted(keys)))
    if not ids:
        return by_text
    by_entity = select(t.c.attribution_id).where(t.c.entity_id.in_(ids))
    return select(union(by_text, by_entity).subquery().c.attribution_id)


def _topic_ids(conn: Connection, f: Filters) -> Select[tuple[str]] | None:
    """The attributions of ``f``'s topic: labelled with it (for a narrower topic, only
    those whose words match its phrases too) and, among those stored without about data
    (no act), the ones whose words match its phrases. Phrases with no label: the words
    alone, as before labels were stored."""
    a, p = attributions, attribution_topics
    phrases = list(f.topic_phrases)

    def words(name: str) -> Any:  # each search binds its own names: a statement may hold two
        return fts.matching(conn.dialect.name, "fts_attributions", None, phrases, name)

    if f.topic_label is None:
        return select(a.c.id).where(a.c.pk.in_(words("topic_words"))) if phrases else None
    labelled = select(p.c.attribution_id).where(p.c.topic == f.topic_label)
    narrower = f.topic is not None and f.topic.lower() != f.topic_label.lower()
    if narrower and phrases:
        # "pk + 0": the few matches are checked against, not read through the primary
        # key (which makes SQLite run the search again for every labelled row).
        labelled = labelled.join(a, a.c.id == p.c.attribution_id).where(
            (a.c.pk + 0).in_(words("topic_words"))
        )
    if not phrases or not _has_unanalysed(conn):
        return labelled
    older = select(a.c.id).where(a.c.act.is_(None), a.c.pk.in_(words("topic_old")))
    return select(union(labelled, older).subquery().c[0])


def plain_topic(conn: Connection, f: Filters) -> bool:
    """Whether ``f``'s topic finds exactly the attributions labelled ``f.topic_label``
    (not a narrower topic's phrases, and no attributions without labels to search)."""
    if f.topic_label is None:
        return False
    phrases = bool(f.topic_phrases)
    narrower = f.topic is not None and f.topic.lower() != f.topic_label.lower()
    return not (narrower and phrases) and not (phrases and _has_unanalysed(conn))


def _has_unanalysed(conn: Connection) -> bool:
    """Whether any attribution was stored without about data (one read of the act index)."""
    found = conn.execute(select(attributions.c.pk).where(attributions.c.act.is_(None)).limit(1))
    return found.first() is not None
