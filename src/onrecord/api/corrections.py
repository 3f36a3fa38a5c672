"""Analysts' corrections through the API and the pages: who, when, what.

Every correction goes through ``Corpus.correct``, which records it and re-links, so
every page shows the result at once and every later link re-applies it: people-level
ones (merge, split, rename) change the people list; attribution-level ones (``reject``:
this attribution is wrong; ``reassign``: its speaker is someone else) take the
attribution off its speaker's statements, or give it to the analyst's speaker. The
audit trail is one list. Attribution ids are stable (``<article id>:<n>``, the article
id being a hash of its text), so re-ingesting the same articles keeps every correction
pointing at the same attribution.
"""

from __future__ import annotations

import json
import os
from typing import Any

from sqlalchemy import Connection, select

from onrecord.api.errors import Conflict, NotFound
from onrecord.api.queries import entity_by_name
from onrecord.api.schemas import AnyCorrection, CorrectionOut, MergeIn, Review
from onrecord.link import ATTRIBUTION_ACTIONS
from onrecord.store import Corpus
from onrecord.store.engine import read_transaction
from onrecord.store.schema import attributions, corrections

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
    made = corpus.correct(change.action, subject, change.argument(), by, change.note)
    with read_transaction(corpus.engine) as conn:
        row = conn.execute(select(corrections).where(corrections.c.pk == made[-1].pk)).one()
    return _out(row)


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


def _out(row: Any) -> CorrectionOut:
    argument = json.loads(row.argument) if row.argument else {}
    status = row.status
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
