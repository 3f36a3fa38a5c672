"""Analysts' corrections: who, when, what; stored in the corpus, kept across re-ingest.

People-level corrections (merge, split, rename) go through ``Corpus.correct``, which
records them and re-links, so every page shows the corrected people at once and every
later link re-applies them.

Attribution-level corrections (``reject``: this attribution is wrong; ``reassign``: its
speaker is someone else) are recorded in the same ``corrections`` table, with the
attribution id as subject, so the audit trail is one list. The linker does not act on
them yet (it reads only merge, split and rename), so the API and pages apply them when
they show an attribution: a rejected one is flagged and struck out, a reassigned one
shows the analyst's speaker next to the extracted one. Attribution ids are stable
(``<article id>:<n>``, the article id being a hash of its text), so re-ingesting the same
articles keeps every correction pointing at the same attribution.
"""

from __future__ import annotations

import json
import os
from typing import Any

from sqlalchemy import Connection, insert, select, update

from onrecord.api.errors import Conflict, NotFound
from onrecord.api.queries import entity_by_name
from onrecord.api.schemas import AnyCorrection, CorrectionOut, MergeIn, Review
from onrecord.store import Corpus
from onrecord.store.engine import read_transaction, write_transaction
from onrecord.store.people_query import ACTIONS as STORE_ACTIONS
from onrecord.store.schema import attributions, corrections
from onrecord.store.write import utc_now

ATTRIBUTION_ACTIONS = ("reject", "reassign")
DEFAULT_ANALYST = "analyst"


def analyst(by: str | None) -> str:
    name = (by or "").strip()
    return name or os.environ.get("ONRECORD_ANALYST") or DEFAULT_ANALYST


def record(corpus: Corpus, change: AnyCorrection) -> CorrectionOut:
    """Check a correction against the corpus, store it, and return it as stored."""
    by = analyst(change.by)
    subject = change.subject.strip()
    if change.action in ATTRIBUTION_ACTIONS:
        _check_attribution(corpus, subject)
    else:
        _check_names(corpus, change, subject)
    if change.action not in STORE_ACTIONS:  # the store does not know it (yet): record it here
        pk = _record_review(corpus, change, subject, by)
    else:
        made = corpus.correct(change.action, subject, change.argument(), by)
        pk = made[-1].pk
        if change.note:
            with write_transaction(corpus.engine) as conn:
                conn.execute(
                    update(corrections).where(corrections.c.pk == pk).values(note=change.note)
                )
    found = [c for c in list_all(corpus) if c.id == pk]
    return found[0]


def _check_names(corpus: Corpus, change: AnyCorrection, subject: str) -> None:
    """A correction must name people exactly (the linker finds them by name or alias)."""
    other = change.other.strip() if isinstance(change, MergeIn) else ""
    if other and other.lower() == subject.lower():
        raise Conflict("A merge needs two different names")
    with read_transaction(corpus.engine) as conn:
        for name in [subject, other] if other else [subject]:
            if entity_by_name(conn, name) is None:
                raise NotFound(
                    f"No person or organisation called {name!r}: use a name or alias "
                    "shown on a person page"
                )


def _check_attribution(corpus: Corpus, subject: str) -> None:
    with read_transaction(corpus.engine) as conn:
        found = conn.execute(select(attributions.c.id).where(attributions.c.id == subject))
        if found.first() is None:
            raise NotFound(f"No attribution {subject!r}: use an id like '<article id>:0'")


def _record_review(corpus: Corpus, change: AnyCorrection, subject: str, by: str) -> int:
    with write_transaction(corpus.engine) as conn:
        result = conn.execute(
            insert(corrections).values(
                at=utc_now(),
                by=by,
                action=change.action,
                subject=subject,
                argument=json.dumps(change.argument(), ensure_ascii=False, sort_keys=True),
                note=change.note,
                status="applied",
            )
        )
        key = result.inserted_primary_key
        return int(key[0]) if key else 0


def _out(row: Any) -> CorrectionOut:
    argument = json.loads(row.argument) if row.argument else {}
    status = row.status
    if row.action in ATTRIBUTION_ACTIONS and row.action not in STORE_ACTIONS:
        # The linker marks these "not applied" (it knows no such action); the pages
        # apply them, so say so.
        status = "applied (shown on the attribution)"
    return CorrectionOut(
        id=row.pk,
        at=row.at,
        by=row.by,
        action=row.action,
        subject=row.subject,
        argument=argument if isinstance(argument, dict) else {"value": argument},
        note=row.note,
        status=status,
    )


def list_all(corpus: Corpus, newest_first: bool = False) -> list[CorrectionOut]:
    order = corrections.c.pk.desc() if newest_first else corrections.c.pk
    with read_transaction(corpus.engine) as conn:
        return [_out(r) for r in conn.execute(select(corrections).order_by(order))]


def reviews(conn: Connection, ids: list[str] | None = None) -> dict[str, Review]:
    """The latest reject/reassign per attribution (of ``ids`` when given)."""
    query = select(corrections).where(corrections.c.action.in_(ATTRIBUTION_ACTIONS))
    if ids is not None:
        if not ids:
            return {}
        query = query.where(corrections.c.subject.in_(ids))
    found: dict[str, Review] = {}
    for row in conn.execute(query.order_by(corrections.c.pk)):
        argument = json.loads(row.argument) if row.argument else {}
        found[row.subject] = Review(
            correction_id=row.pk,
            action=row.action,
            by=row.by,
            at=row.at,
            speaker=argument.get("speaker") if isinstance(argument, dict) else None,
            note=row.note,
        )
    return found
