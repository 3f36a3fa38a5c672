"""A speaker's statements grouped by what they are about: "What Matthew Miller said about
Pakistan", "… about the elections", biggest groups first, then everything else.

A statement is about its first report's main target (``rank`` 0). Targets are grouped by
their folded text (``about_rows.target_key``), and two texts that are names of the same
person or organisation (an alias of that entity and of no other: "Imran Khan", "Khan")
make one group, named as the corpus names the entity. The cost is one indexed read of
the speaker's statements with their main targets, one look-up of those texts in
``aliases``, and at most a few statements loaded for each group shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from onrecord.store.about_rows import target_key
from onrecord.store.query import CARD_REPORTS, StatementView, statements_by_ids
from onrecord.store.schema import aliases, attribution_targets, organisations, people, statements

GROUPS = 5  # groups shown, the "other" group aside
PER_GROUP = 3  # statements shown in each group; the rest are one link away
OTHERS = 10  # statements shown in the "other" group: every target of theirs is rare
# At most 25 statements a page, as many as the person page listed before it grouped them.
SMALLEST = 2  # a target said about once is no group: it goes with the others
# A pronoun the about stage could not resolve says nothing about what was meant.
PRONOUNS = frozenset({
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "we",
    "us", "our", "you", "your", "i", "me", "my", "this", "that", "these", "those", "which",
    "who", "what",
})  # fmt: skip
CHUNK = 500


@dataclass(slots=True)
class AboutGroup:
    """Statements about one target: ``target`` is how it is written (None for the
    statements about no target shown), ``entity_id`` the person or organisation it
    names, if any; ``statements`` are the latest of ``count``."""

    target: str | None
    entity_id: str | None
    count: int
    statements: list[StatementView] = field(default_factory=list)


def _speaker_column(entity_id: str) -> Any:
    return statements.c.person_id if entity_id.startswith("P") else statements.c.organisation_id


def about_groups(
    conn: Connection,
    entity_id: str,
    groups: int = GROUPS,
    per_group: int = PER_GROUP,
    others_shown: int = OTHERS,
    every_report: bool = True,
) -> list[AboutGroup]:
    """The speaker's statements by main target, biggest group first (ties by name), each
    with its latest statements; last, if any statements are left, the "other" group."""
    t = attribution_targets
    column = _speaker_column(entity_id)
    rows = conn.execute(
        select(statements.c.id, t.c.text)
        .select_from(statements)
        .outerjoin(t, (t.c.attribution_id == statements.c.first_attribution_id) & (t.c.rank == 0))
        .where(column == entity_id)
        .order_by(statements.c.first_published.desc(), statements.c.id)
    ).all()
    keys = _group_keys(conn, {text for _, text in rows if text})
    members: dict[str, list[str]] = defaultdict(list)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    others: list[str] = []
    for ident, text in rows:
        key = keys.get(text) if text else None
        if key is None:
            others.append(ident)
            continue
        members[key].append(ident)
        written[key][text] += 1
    ranked = sorted(
        (key for key, ids in members.items() if len(ids) >= SMALLEST),
        key=lambda key: (-len(members[key]), _label(key, written[key]).lower()),
    )
    shown = ranked[:groups]
    for key in members:
        if key not in shown:
            others.extend(members[key])
    names = _entity_names(conn, [k[2:] for k in shown if k.startswith("e:")])
    found = [
        AboutGroup(
            names.get(key[2:]) or _label(key, written[key]),
            key[2:] if key.startswith("e:") else None,
            len(members[key]),
        )
        for key in shown
    ]
    lists = [members[key][:per_group] for key in shown]
    if others:
        order = {ident: n for n, (ident, _) in enumerate(rows)}
        others.sort(key=order.__getitem__)
        found.append(AboutGroup(None, None, len(others)))
        lists.append(others[:others_shown])
    shown = [i for ids in lists for i in ids]
    first = None if every_report else CARD_REPORTS  # the page shows cards
    loaded = {s.id: s for s in statements_by_ids(conn, shown, len(shown), every_report, first)}
    for group, ids in zip(found, lists, strict=True):
        group.statements = [loaded[i] for i in ids if i in loaded]
    return found


def _label(key: str, written: Counter[str]) -> str:
    """The way the articles write a target most often (the longer form on a tie)."""
    return min(written, key=lambda text: (-written[text], -len(text), text)) if written else key


def _group_keys(conn: Connection, texts: set[str]) -> dict[str, str]:
    """Each target text's group: ``e:<id>`` when it is a name of exactly one person or
    organisation, else ``t:<folded text>``; none for a pronoun."""
    owners: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(texts)
    for start in range(0, len(ordered), CHUNK):
        query = select(aliases.c.alias, aliases.c.owner_id).where(
            aliases.c.alias.in_(ordered[start : start + CHUNK])
        )
        for alias, owner in conn.execute(query):
            owners[alias].add(owner)
    keys: dict[str, str] = {}
    for text in texts:
        named = owners.get(text, set())
        folded = target_key(text)
        if len(named) == 1:
            keys[text] = "e:" + next(iter(named))
        elif folded and folded not in PRONOUNS:
            keys[text] = "t:" + folded
    return keys


def _entity_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for table in (people, organisations):
        query = select(table.c.id, table.c.name).where(table.c.id.in_(ids))
        found.update((ident, name) for ident, name in conn.execute(query))
    return found
