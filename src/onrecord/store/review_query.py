"""Reading analysts' corrections: the audit trail and the verdicts on attributions."""

from __future__ import annotations

from sqlalchemy import Connection, select

from onrecord.link import ATTRIBUTION_ACTIONS
from onrecord.store.schema import attributions, corrections
from onrecord.store.views import CorrectionRecord, ReviewView, correction_record, review_view


def reviews(conn: Connection, ids: list[str] | None = None) -> dict[str, ReviewView]:
    """The latest reject/reassign per attribution (of ``ids`` when given), undone ones
    aside."""
    query = select(corrections).where(
        corrections.c.action.in_(ATTRIBUTION_ACTIONS), corrections.c.undone_by.is_(None)
    )
    if ids is not None:
        if not ids:
            return {}
        query = query.where(corrections.c.subject.in_(ids))
    # Oldest first, so a later verdict on the same attribution replaces an earlier one.
    return {row.subject: review_view(row) for row in conn.execute(query.order_by(corrections.c.pk))}


def corrections_page(
    conn: Connection, newest_first: bool = False, limit: int | None = None, offset: int = 0
) -> list[CorrectionRecord]:
    order = corrections.c.pk.desc() if newest_first else corrections.c.pk
    query = select(corrections).order_by(order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [correction_record(r) for r in conn.execute(query)]


def correction(conn: Connection, pk: int) -> CorrectionRecord | None:
    row = conn.execute(select(corrections).where(corrections.c.pk == pk)).first()
    return correction_record(row) if row else None


def attribution_exists(conn: Connection, ident: str) -> bool:
    found = conn.execute(select(attributions.c.id).where(attributions.c.id == ident))
    return found.first() is not None
