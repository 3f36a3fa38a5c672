"""The blocks a people correction concerns, so applying it relinks only their groups.

A correction names people (``merge``/``split``/``rename``); ``link.finding`` finds each
by the id it had when the correction was made, else by a name only it answers to. The
blocks where such a person can be: those of the entities the correction resolved to,
where each name would be placed, where a name that folds to it would be (an
organisation "TRUMP" for "Trump"), and where the people now called or written that way
are. They are recorded with the correction, so a full relink joins the same blocks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select

from onrecord.link import looks_like_id
from onrecord.link.speaker_names import SUFFIXES, fold, org_key, parse_speaker
from onrecord.store.linkindex import chunks
from onrecord.store.schema import (
    aliases,
    attributions,
    corrections,
    link_correction_blocks,
    link_items,
    mentions,
    organisations,
    people,
)


def correction_names(subject: str, argument: dict[str, Any], resolved: str | None) -> list[str]:
    """The names a people correction gives, typed or resolved (ids are not names)."""
    typed = [subject, *(str(argument.get(k) or "") for k in ("other", "alias", "name"))]
    meant = [str(r.get("name") or "") for r in json.loads(resolved or "{}").values()]
    return [n for n in dict.fromkeys([*typed, *meant]) if n.strip() and not looks_like_id(n)]


def resolved_blocks(conn: Connection, resolved: str | None) -> set[str]:
    """The blocks of the entities a correction resolved its names to, as they are now."""
    ids = {str(r["id"]) for r in json.loads(resolved or "{}").values() if r.get("id")}
    return entity_blocks(conn, ids)


def correction_blocks(conn: Connection, names: Iterable[str]) -> set[str]:
    """The blocks a people correction naming ``names`` concerns: where each name would
    be placed, and where the people now called (or also written) that name are."""
    blocks: set[str] = set()
    for name in names:
        if not name.strip():
            continue
        for form in {name, name.title()}:
            sp = parse_speaker(form)
            if sp is not None:
                blocks.add(f"o:{sp.key}" if sp.kind == "organisation" else f"p:{sp.surname}")
        # A person or organisation is found by a display name that folds to the name
        # ("TRUMP", an organisation, for "Trump"): where such names would be placed.
        words = [w for w in fold(name).split() if w not in SUFFIXES]
        blocks.add(f"o:{org_key(name)}")
        if words:
            blocks.add(f"p:{words[-1]}")
        owners: set[str] = set()
        for table in (people, organisations):
            owners.update(
                conn.execute(select(table.c.id).where(table.c.name == name.strip())).scalars()
            )
        owners.update(
            conn.execute(
                select(aliases.c.owner_id).where(aliases.c.alias == name.strip())
            ).scalars()
        )
        blocks |= entity_blocks(conn, owners)
        # Analysts' names are written as typed, in any case: where the speakers an
        # analyst made are, and the entities an analyst renamed to the name.
        blocks |= {f"x:{kind}:{fold(name)}" for kind in ("person", "organisation")}
        blocks |= _renamed_to(conn, name)
    return blocks


def _renamed_to(conn: Connection, name: str) -> set[str]:
    """The blocks of the renames (not undone) to a name that folds to ``name``: a scan
    of the renames, which are few beside the corpus."""
    wanted = fold(name)
    renames = conn.execute(
        select(corrections.c.pk, corrections.c.argument).where(
            corrections.c.action == "rename", corrections.c.undone_by.is_(None)
        )
    )
    pks = [pk for pk, arg in renames if fold(str(json.loads(arg).get("name") or "")) == wanted]
    if not pks:
        return set()
    lcb = link_correction_blocks
    return set(conn.execute(select(lcb.c.block).where(lcb.c.correction_pk.in_(pks))).scalars())


def entity_blocks(conn: Connection, owners: set[str]) -> set[str]:
    """The blocks where the attributions and names of these entities are."""
    found: set[str] = set()
    for part in chunks(sorted(owners)):
        for column in (attributions.c.person_id, attributions.c.organisation_id):
            found.update(
                conn.execute(
                    select(link_items.c.block)
                    .join(attributions, attributions.c.id == link_items.c.item_id)
                    .where(column.in_(part), link_items.c.block.is_not(None))
                    .distinct()
                ).scalars()
            )
        found.update(
            conn.execute(
                select(link_items.c.block)
                .join(mentions, mentions.c.id == link_items.c.item_id)
                .where(mentions.c.person_id.in_(part), link_items.c.block.is_not(None))
                .distinct()
            ).scalars()
        )
    return found


def record_correction_blocks(conn: Connection, pk: int, blocks: set[str]) -> None:
    known = set(
        conn.execute(
            select(link_correction_blocks.c.block).where(
                link_correction_blocks.c.correction_pk == pk
            )
        ).scalars()
    )
    rows = [{"correction_pk": pk, "block": b} for b in sorted(blocks - known)]
    if rows:
        conn.execute(insert(link_correction_blocks), rows)
