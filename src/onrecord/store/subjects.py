"""Who a correction names: exactly one person or organisation, by id or by a name.

An id (``P847daeb166f8``) names the entity that has it. A name names the entities whose
display name or any alias folds to it (``link.speaker_names.fold``: case, accents and
punctuation aside), people and organisations alike: "Obama" names the person "Barack
Obama", who is also written "Obama", and the organisation "OBAMA". A name is good for a
correction only when exactly one entity answers to it; otherwise the correction is
refused with the candidates, to retry by id.

Entities answering to a name are looked for where the linker would look for them (the
blocks the name concerns, ``linkcorrections.correction_blocks``), through indexed
lookups, so the cost does not grow with the corpus. ``closest`` reads every name once,
and only when a name answers to no one, to suggest some.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from onrecord.errors import Candidate, CorrectionError
from onrecord.link import fold, looks_like_id
from onrecord.store.linkcorrections import correction_blocks
from onrecord.store.linkindex import chunks
from onrecord.store.schema import aliases, attributions, link_items, mentions, organisations, people

SUGGESTIONS = 5
ANCHORS = 5  # items kept to find an entity by: a few, so losing one or two does not matter
SIMILAR = 75  # rapidfuzz WRatio (0-100) a name needs to be suggested


def resolve_subject(conn: Connection, name_or_id: str) -> Candidate:
    """The one entity ``name_or_id`` names; ``CorrectionError`` when none or several do."""
    text = name_or_id.strip()
    if looks_like_id(text):
        found = entity(conn, text)
        if found is None:
            raise CorrectionError(
                f"No person or organisation has the id {text!r}: "
                "`onrecord people` and the people pages show the ids",
                "unknown",
            )
        return found
    named = called(conn, text)
    if len(named) == 1:
        return named[0]
    if named:
        raise CorrectionError(
            f"{text!r} names {len(named)} people and organisations: "
            "name the one you mean by its id",
            "ambiguous",
            named,
        )
    raise CorrectionError(
        f"No person or organisation is called {text!r}", "unknown", closest(conn, text)
    )


def entity(conn: Connection, ident: str) -> Candidate | None:
    """The person or organisation with id ``ident``."""
    found = _rows(conn, {ident.strip()})
    return found[0] if found else None


def called(conn: Connection, name: str) -> list[Candidate]:
    """Every entity whose display name or an alias folds to ``name``, most mentioned
    first."""
    wanted = fold(name)
    if not wanted:
        return []
    owners = _owners(conn, correction_blocks(conn, [name]))
    named = {ident for ident, alias in _aliases(conn, owners) if fold(alias) == wanted}
    return [c for c in _rows(conn, owners) if c.id in named or fold(c.name) == wanted]


def anchors(conn: Connection, ident: str, count: int = ANCHORS) -> list[str]:
    """A few of the entity's attributions and name mentions (the smallest ids: any will
    do, and ids never change), by which later links find the entity again."""
    found: list[str] = []
    for table, columns in (
        (attributions, (attributions.c.person_id, attributions.c.organisation_id)),
        (mentions, (mentions.c.person_id,)),
    ):
        for column in columns:
            query = select(table.c.id).where(column == ident).order_by(table.c.id).limit(count)
            found.extend(conn.execute(query).scalars())
    return sorted(found)[:count]


def closest(conn: Connection, name: str, limit: int = SUGGESTIONS) -> list[Candidate]:
    """The entities whose display names are most like ``name``, as suggestions."""
    names: dict[str, str] = {}
    for table in (people, organisations):
        names.update((i, n) for i, n in conn.execute(select(table.c.id, table.c.name)))
    best = process.extract(
        name, names, scorer=fuzz.WRatio, processor=fold, limit=limit, score_cutoff=SIMILAR
    )
    found = {c.id: c for c in _rows(conn, {ident for _, _, ident in best})}
    return [found[ident] for _, _, ident in best if ident in found]


def _owners(conn: Connection, blocks: set[str]) -> set[str]:
    """The entities with an attribution or a name in one of ``blocks``."""
    found: set[str] = set()
    columns = (
        (attributions, attributions.c.person_id),
        (attributions, attributions.c.organisation_id),
        (mentions, mentions.c.person_id),
    )
    for part in chunks(sorted(blocks)):
        for table, column in columns:
            found.update(
                conn.execute(
                    select(column)
                    .join(link_items, link_items.c.item_id == table.c.id)
                    .where(link_items.c.block.in_(part), column.is_not(None))
                    .distinct()
                ).scalars()
            )
    return found


def _aliases(conn: Connection, owners: set[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for part in chunks(sorted(owners)):
        rows = conn.execute(
            select(aliases.c.owner_id, aliases.c.alias).where(aliases.c.owner_id.in_(part))
        )
        found.extend((owner, alias) for owner, alias in rows)
    return found


def _rows(conn: Connection, ids: set[str]) -> list[Candidate]:
    found: list[Candidate] = []
    for part in chunks(sorted(ids)):
        for table, kind in ((people, "person"), (organisations, "organisation")):
            query = select(table.c.id, table.c.name, table.c.mentions).where(table.c.id.in_(part))
            found.extend(Candidate(i, n, kind, m) for i, n, m in conn.execute(query))
    found.sort(key=lambda c: (-c.mentions, c.name.lower(), c.id))
    return found
