"""Checking a correction before it is stored: what its names mean, and whether it may be
made at all. Every face (CLI, API, pages) goes through ``Corpus.correct``, which calls
``prepare`` first; a refusal is a ``CorrectionError`` and nothing is stored.

- ``merge``/``split``/``rename`` name people and organisations by id or by a name only
  one of them answers to (``subjects.resolve_subject``); a merge of an entity with
  itself and a rename to the name it has are refused.
- ``reject``/``reassign`` name a stored attribution. A reassign names its speaker by
  ``speaker_id``, or by ``speaker``: an id, or a name only one entity answers to; a name
  no one answers to is a new entity only with ``create`` (``person`` or
  ``organisation``), and is never read apart into another name.
- ``undo`` names a correction by its number; undone corrections and undos cannot be.
- ``exchange`` confirms or removes an exchange between two statements
  (``onrecord.store.exchanges_query``): ``subject`` the later statement, ``earlier``
  the other, by statement or attribution id; both are stored as attribution ids (the
  statements' first reports), which outlive re-ingest and relinks.
- A correction identical (action, subject, argument) to one still applied is refused,
  unless a later correction concerns the same entities or exchange (a rename back, a
  confirmed exchange removed): making it again is then a change.

What the names meant is kept with the correction (``corrections.resolved``, one entry
per role: ``{"id", "kind", "name", "anchors"}``), so every later link finds the same
entities (``onrecord.link.finding``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from onrecord.errors import Candidate, CorrectionError
from onrecord.link import ATTRIBUTION_ACTIONS, PEOPLE_ACTIONS, fold, looks_like_id
from onrecord.link.blocking import block_of
from onrecord.link.exchanges import RELATIONS
from onrecord.store import linkstore
from onrecord.store.exchanges_query import EXCHANGE, VERDICTS
from onrecord.store.linkcorrections import entity_blocks
from onrecord.store.schema import attributions, corrections, statements
from onrecord.store.subjects import anchors, called, closest, resolve_subject
from onrecord.store.write import DATA_VERSION, bump, utc_now

UNDO = "undo"
ACTIONS = (*PEOPLE_ACTIONS, *ATTRIBUTION_ACTIONS, UNDO, EXCHANGE)
KINDS = ("person", "organisation")
Resolved = dict[str, dict[str, Any]]
IN_FORCE = (corrections.c.undone_by.is_(None), corrections.c.status.like("applied%"))


def argument_text(argument: dict[str, Any]) -> str:
    """An argument as stored: one spelling for one argument, so repeats are seen."""
    return json.dumps(argument, ensure_ascii=False, sort_keys=True)


def make(
    conn: Connection,
    action: str,
    subject: str,
    argument: dict[str, Any],
    by: str,
    note: str | None = None,
) -> int:
    """Check a correction, store it and apply it, in the caller's write transaction; its
    pk. A correction refused before it is stored, or that the link cannot apply now,
    raises ``CorrectionError``: the caller's transaction is then rolled back."""
    subject = subject.strip()  # one spelling of one correction, so repeats are seen
    argument = {k: str(v).strip() for k, v in argument.items() if str(v or "").strip()}
    if action == EXCHANGE:
        subject, argument = _exchange(conn, subject, argument)
    resolved = prepare(conn, action, subject, argument)
    pk = add_correction(conn, action, subject, argument, by, note, resolved)
    if action == EXCHANGE:  # read when a statement's exchanges are: nothing to relink
        conn.execute(update(corrections).where(corrections.c.pk == pk).values(status="applied"))
        linkstore.keep_current(conn)
        return pk
    # Stored and applied in one transaction: only the groups it concerns relink.
    linkstore.apply_correction(conn, pk)
    status = conn.execute(select(corrections.c.status).where(corrections.c.pk == pk)).scalar()
    if str(status or "").startswith("not applied"):
        why = str(status).removeprefix("not applied: ")
        raise CorrectionError(f"{action} {subject!r} cannot be applied: {why}")
    return pk


def add_correction(
    conn: Connection,
    action: str,
    subject: str,
    argument: dict[str, Any],
    by: str,
    note: str | None = None,
    resolved: Resolved | None = None,
) -> int:
    """Store a correction (``prepare`` says what its names mean: ``resolved``); the next
    link applies it, and every link after."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown correction {action!r}: use one of {', '.join(ACTIONS)}")
    result = conn.execute(
        insert(corrections).values(
            at=utc_now(),
            by=by,
            action=action,
            subject=subject,
            argument=argument_text(argument),
            note=note,
            resolved=argument_text(resolved) if resolved else None,
        )
    )
    bump(conn, DATA_VERSION)  # the link must run again to apply it
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def prepare(conn: Connection, action: str, subject: str, argument: dict[str, Any]) -> Resolved:
    """Check a correction against the corpus and say what its names mean, by role;
    ``CorrectionError`` if it cannot be made."""
    if action not in ACTIONS:
        raise CorrectionError(f"Unknown correction {action!r}: use one of {', '.join(ACTIONS)}")
    if action == UNDO:
        _check_undo(conn, subject)
        return {}
    _refuse_repeat(conn, action, subject, argument)
    if action == EXCHANGE:
        return {}
    if action in PEOPLE_ACTIONS:
        return _people(conn, action, subject, argument)
    if conn.execute(select(attributions.c.id).where(attributions.c.id == subject)).first() is None:
        raise CorrectionError(
            f"No attribution {subject!r}: use an id like '<article id>:0'", "unknown"
        )
    return _reassign(conn, argument) if action == "reassign" else {}


def _refuse_repeat(conn: Connection, action: str, subject: str, argument: dict[str, Any]) -> None:
    same = conn.execute(
        select(corrections.c.pk, corrections.c.resolved)
        .where(
            corrections.c.action == action,
            corrections.c.subject == subject,
            corrections.c.argument == argument_text(argument),
            *IN_FORCE,
        )
        .order_by(corrections.c.pk.desc())
        .limit(1)
    ).first()
    if same is None or _overtaken(conn, action, subject, argument, same.pk, same.resolved):
        return
    raise CorrectionError(f"Correction #{same.pk} already does this, and is still applied")


def _overtaken(
    conn: Connection,
    action: str,
    subject: str,
    argument: dict[str, Any],
    pk: int,
    resolved: str | None,
) -> bool:
    """Whether a correction made after ``pk`` concerns what it did: a rename back, an
    exchange removed after it was confirmed. Making ``pk`` again is then a change, not a
    repeat; one that would change nothing is still refused by the checks that follow (a
    rename to the name it has, a merge of one person). A reject or reassign overtaken by
    a later one is no longer applied ("superseded"), so it is not found as a repeat."""
    later = select(corrections.c.argument, corrections.c.resolved).where(
        corrections.c.pk > pk, *IN_FORCE
    )
    if action == EXCHANGE:
        rows = conn.execute(
            later.where(corrections.c.action == EXCHANGE, corrections.c.subject == subject)
        )
        return any(
            json.loads(row.argument).get("earlier") == argument.get("earlier") for row in rows
        )
    ids = _entity_ids(resolved)
    rows = conn.execute(later.where(corrections.c.action.in_(PEOPLE_ACTIONS)))
    return any(ids & _entity_ids(row.resolved) for row in rows)


def _entity_ids(resolved: str | None) -> set[str]:
    """The ids a people correction named, as it stored them."""
    entries = json.loads(resolved) if resolved else {}
    return {str(entry["id"]) for entry in entries.values() if entry.get("id")}


def _exchange(
    conn: Connection, subject: str, argument: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """An exchange correction as stored: both statements by attribution id."""
    verdict = argument.get("verdict")
    if verdict not in VERDICTS:
        raise CorrectionError(f"An exchange is confirmed or removed: verdict {verdict!r}")
    relation = argument.get("relation")
    if relation is not None and relation not in RELATIONS:
        raise CorrectionError(f"relation is one of {', '.join(RELATIONS)}, not {relation!r}")
    later = _report_of(conn, subject)
    earlier = _report_of(conn, _required(argument, "earlier", EXCHANGE))
    if later == earlier:
        raise CorrectionError("An exchange is between two statements, not one with itself")
    return later, {**argument, "earlier": earlier}


def _report_of(conn: Connection, ident: str) -> str:
    """A statement's first report, or an attribution id as given; ``CorrectionError`` if
    neither exists."""
    first = conn.execute(
        select(statements.c.first_attribution_id).where(statements.c.id == ident)
    ).scalar()
    if first is not None:
        return str(first)
    if conn.execute(select(attributions.c.id).where(attributions.c.id == ident)).first():
        return ident
    raise CorrectionError(f"No statement or attribution {ident!r}", "unknown")


def _check_undo(conn: Connection, subject: str) -> None:
    if not subject.strip().isdigit():
        raise CorrectionError(
            f"Undo takes a correction's number, not {subject!r}: "
            "`onrecord people corrections` lists them"
        )
    row = conn.execute(select(corrections).where(corrections.c.pk == int(subject))).first()
    if row is None:
        raise CorrectionError(f"No correction #{subject}", "unknown")
    if row.action == UNDO:
        raise CorrectionError(
            f"Correction #{row.pk} is itself an undo: make correction #{row.subject} again instead"
        )
    if row.undone_by is not None:
        raise CorrectionError(f"Correction #{row.pk} is already undone by #{row.undone_by}")


def _people(conn: Connection, action: str, subject: str, argument: dict[str, Any]) -> Resolved:
    found = resolve_subject(conn, subject)
    resolved: Resolved = {"subject": _entry(conn, found)}
    if action == "merge":
        other = resolve_subject(conn, _required(argument, "other", action))
        if other.id == found.id:
            raise CorrectionError(
                f"{subject!r} and {argument['other']!r} are already one {found.kind}, "
                f"{found.name} ({found.id})",
                candidates=[found],
            )
        resolved["other"] = _entry(conn, other)
    elif action == "split":
        _required(argument, "alias", action)
    elif _required(argument, "name", action) == found.name:
        raise CorrectionError(f"{found.name} ({found.id}) is already called that")
    return resolved


def _reassign(conn: Connection, argument: dict[str, Any]) -> Resolved:
    speaker = str(argument.get("speaker") or "").strip()
    speaker_id = str(argument.get("speaker_id") or "").strip()
    create = str(argument.get("create") or "").strip()
    if bool(speaker) == bool(speaker_id):
        raise CorrectionError("A reassign names its speaker once: speaker (a name) or speaker_id")
    if create and create not in KINDS:
        raise CorrectionError(f"create is 'person' or 'organisation', not {create!r}")
    if speaker_id and not looks_like_id(speaker_id):
        raise CorrectionError(f"speaker_id takes an id like 'P847daeb166f8', not {speaker_id!r}")
    if speaker_id or looks_like_id(speaker):
        if create:
            raise CorrectionError("create makes a new speaker: give their name, not an id")
        return _speaker(conn, resolve_subject(conn, speaker_id or speaker))
    named = called(conn, speaker)
    if len(named) > 1:
        raise CorrectionError(
            f"{speaker!r} names {len(named)} people and organisations: "
            "give the one you mean as speaker_id",
            "ambiguous",
            named,
        )
    if named and create:
        raise CorrectionError(
            f"{speaker!r} already names {named[0].name} ({named[0].id}): give that as "
            "speaker_id, or a name of its own to the new speaker",
            candidates=named,
        )
    if named:
        return _speaker(conn, named[0])
    if not create:
        raise CorrectionError(
            f"No person or organisation is called {speaker!r}: name one by its id "
            "(speaker_id), or make a new one with create (person or organisation)",
            "unknown",
            closest(conn, speaker),
        )
    block = f"x:{create}:{fold(speaker)}"  # a block of its own, shared by its namesakes
    return {"speaker": {"id": None, "kind": create, "name": speaker, "block": block}}


def _speaker(conn: Connection, found: Candidate) -> Resolved:
    """A reassign to an existing entity: the attribution moves to one of its blocks."""
    blocks = entity_blocks(conn, {found.id})
    block = min(blocks) if blocks else block_of(found.name) or f"x:{found.kind}:{fold(found.name)}"
    return {"speaker": {**_entry(conn, found), "block": block}}


def _entry(conn: Connection, found: Candidate) -> dict[str, Any]:
    """What a name meant, as stored: the entity then, and its anchors to find it by."""
    return {
        "id": found.id,
        "kind": found.kind,
        "name": found.name,
        "anchors": anchors(conn, found.id),
    }


def _required(argument: dict[str, Any], key: str, action: str) -> str:
    value = str(argument.get(key) or "").strip()
    if not value:
        raise CorrectionError(f"A {action} needs {key!r}")
    return value
