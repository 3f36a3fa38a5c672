"""Stances of stored statements, read again from the stored text.

Every extraction reads the speaker's stance toward the main target; a corpus stored
before it did (or one an analyst wants read by the slower, more accurate encoder) gets
them here, as extraction would have: the attribution's words from the article's stored
text, its main target as stored (``attribution_targets`` rank 0), the same model.

It works in batches of attributions in store order, each batch its own transaction, so
a stopped run keeps what it did and a second run goes on (by default it reads only
attributions without a stance). The cost grows with the attributions read, and a batch
reads only its own articles' texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, bindparam, select, update

from onrecord.about.attributed_stance import target_in_content
from onrecord.about.stance import DEFAULT_MODEL, ModelName, stances
from onrecord.store import linkstore
from onrecord.store.engine import write_transaction
from onrecord.store.linkindex import chunks
from onrecord.store.schema import articles, attribution_targets, attributions
from onrecord.store.write import DATA_VERSION, bump

__all__ = ["BATCH", "StanceFill", "fill_stances"]

BATCH = 500  # attributions per transaction


@dataclass
class StanceFill:
    """What a run did: attributions looked at, those the model read (their main target
    is in their words), and those whose stored stance changed."""

    seen: int = 0
    read: int = 0
    changed: int = 0


def fill_stances(
    engine: Engine,
    model: ModelName = DEFAULT_MODEL,
    every: bool = False,
    on_batch: Callable[[StanceFill], None] | None = None,
    batch: int = BATCH,
) -> StanceFill:
    """Read the stance of stored attributions with ``model``: those without one, or with
    ``every`` all of them; return the counts."""
    done = StanceFill()
    after = 0
    while True:
        with write_transaction(engine) as conn:
            rows = _batch(conn, after, every, batch)
            if not rows:
                break
            after = rows[-1].pk
            done.seen += len(rows)
            done.changed += _read_batch(conn, rows, model, done)
        if on_batch is not None:
            on_batch(done)
    return done


def _batch(conn: Any, after: int, every: bool, size: int) -> list[Any]:
    a, t = attributions, attribution_targets
    main = and_(t.c.attribution_id == a.c.id, t.c.rank == 0)
    query = (
        select(
            a.c.pk,
            a.c.id,
            a.c.article_id,
            a.c.content_start,
            a.c.content_end,
            a.c.stance,
            a.c.stance_confidence,
            t.c.span_start,
            t.c.span_end,
        )
        .join(t, main)
        .where(a.c.pk > after)
        .order_by(a.c.pk)
        .limit(size)
    )
    if not every:
        query = query.where(a.c.stance.is_(None))
    return list(conn.execute(query))


def _read_batch(conn: Any, rows: list[Any], model: ModelName, done: StanceFill) -> int:
    texts: dict[str, str] = {}
    for part in chunks(sorted({r.article_id for r in rows})):
        query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(part))
        texts.update((i, text) for i, text in conn.execute(query))
    asked: list[tuple[Any, tuple[str, int, int]]] = []
    for r in rows:
        text = texts.get(r.article_id)
        if text is None or r.content_start is None or r.content_end is None:
            continue
        content = (r.content_start, r.content_end)
        if target_in_content(content, (r.span_start, r.span_end)):
            start, end = content
            asked.append((r, (text[start:end], r.span_start - start, r.span_end - start)))
    done.read += len(asked)
    found = stances([item for _, item in asked], model)
    changes = [
        {"k_id": r.id, "v_s": s.polarity, "v_c": round(s.confidence, 3)}
        for (r, _), s in zip(asked, found, strict=True)
        if (r.stance, r.stance_confidence) != (s.polarity, round(s.confidence, 3))
    ]
    if changes:
        conn.execute(
            update(attributions)
            .where(attributions.c.id == bindparam("k_id"))
            .values(stance=bindparam("v_s"), stance_confidence=bindparam("v_c")),
            changes,
        )
        # Pages and their caches go by the corpus version; no link moves.
        bump(conn, DATA_VERSION)
        linkstore.keep_current(conn)
    return len(changes)
