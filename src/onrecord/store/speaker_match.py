"""Who a speaker or affiliation filter means: names and aliases to entity ids."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from onrecord.link import org_key
from onrecord.store.schema import aliases, organisations, people, person_roles


def like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def exact_entity_ids(conn: Connection, name: str) -> list[str]:
    """People and organisations called ``name`` (any alias, case-insensitive)."""
    wanted = name.strip().lower()
    exact = (
        select(people.c.id)
        .where(func.lower(people.c.name) == wanted)
        .union(
            select(organisations.c.id).where(func.lower(organisations.c.name) == wanted),
            select(aliases.c.owner_id).where(func.lower(aliases.c.alias) == wanted),
        )
    )
    return sorted(set(conn.execute(exact).scalars()))


def entity_ids(conn: Connection, name: str) -> list[str]:
    """People and organisations called ``name`` (any alias, case-insensitive); if none is
    called exactly that, those whose name contains it."""
    found = exact_entity_ids(conn, name)
    if found:
        return found
    pattern = like(name.strip())
    partial = (
        select(people.c.id)
        .where(func.lower(people.c.name).like(pattern, escape="\\"))
        .union(
            select(organisations.c.id).where(
                func.lower(organisations.c.name).like(pattern, escape="\\")
            ),
            select(aliases.c.owner_id).where(
                func.lower(aliases.c.alias).like(pattern, escape="\\")
            ),
        )
    )
    return sorted(set(conn.execute(partial).scalars()))


def affiliated(conn: Connection, affiliation: str) -> list[str]:
    """People whose affiliation (now or in any role) is ``affiliation``, and the
    organisation itself, comparing organisation keys ("US Department of State" matches
    "State Department")."""
    wanted = f" {org_key(affiliation)} "
    if not wanted.strip():
        return []

    def agrees(value: str | None) -> bool:
        return bool(value) and wanted in f" {org_key(value or '')} "

    found = {
        pid for pid, aff in conn.execute(select(people.c.id, people.c.affiliation)) if agrees(aff)
    }
    found |= {
        pid
        for pid, aff in conn.execute(select(person_roles.c.person_id, person_roles.c.affiliation))
        if agrees(aff)
    }
    found |= {
        oid
        for oid, name in conn.execute(select(organisations.c.id, organisations.c.name))
        if agrees(name)
    }
    org_ids = select(organisations.c.id)
    found |= {
        owner
        for owner, alias in conn.execute(
            select(aliases.c.owner_id, aliases.c.alias).where(aliases.c.owner_id.in_(org_ids))
        )
        if agrees(alias)
    }
    return sorted(found)
