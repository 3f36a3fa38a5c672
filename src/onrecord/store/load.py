"""Articles in: stored rows back into ``Article`` records, and JSONL files read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from onrecord.model import (
    Article,
    Attribution,
    Comment,
    Dateline,
    Mention,
    Origin,
    Problem,
    Removed,
    Span,
)
from onrecord.store.about_rows import load_about
from onrecord.store.schema import articles, attributions, mentions


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


def article_from_row(row: Mapping[Any, Any]) -> Article:
    """An ``articles`` row (of the store, or of a Parquet stage) as the record, without
    its attributions and mentions."""
    dateline = json.loads(row["dateline"]) if row["dateline"] else None
    return Article(
        id=row["id"],
        origin=Origin(
            row["origin_path"], row["origin_url"], row["origin_record_id"], row["origin_line"]
        ),
        text=row["text"],
        body=[Span.from_json(s) for s in json.loads(row["body"])],
        title=row["title"],
        published=row["published"],
        dateline=Dateline(dateline["place"], dateline.get("date_text")) if dateline else None,
        agency=row["agency"],
        outlet=row["outlet"],
        language=row["language"],
        comments=[Comment.from_json(c) for c in json.loads(row["comments"])],
        removed=[Removed.from_json(r) for r in json.loads(row["removed"])],
        duplicate_of=row["duplicate_of"],
    )


def attribution_from_row(row: Mapping[Any, Any]) -> Attribution:
    """An ``attributions`` row (of the store, or of a Parquet stage) as the record; its
    targets and topics are rows of their own (``about_rows.load_about``)."""
    return Attribution(
        content=[Span.from_json(s) for s in json.loads(row["content"])],
        cue=_span(row["cue_start"], row["cue_end"]),
        source=_span(row["source_start"], row["source_end"]),
        kind=row["kind"],
        source_text=row["source_text"],
        speaker=row["speaker"],
        role=row["role"],
        affiliation=row["affiliation"],
        confidence=row["confidence"],
        method=row["method"],
        # A Parquet stage row carries these in its own column; a store row has them.
        stance=row.get("stance"),
        stance_confidence=row.get("stance_confidence"),
        act=row.get("act"),
    )


def mention_from_row(row: Mapping[Any, Any]) -> Mention:
    """A ``mentions`` row (of the store, or of a Parquet stage) as the record."""
    return Mention(
        name=row["name"],
        variants=json.loads(row["variants"]),
        role=row["role"],
        affiliation=row["affiliation"],
        spans=[Span.from_json(s) for s in json.loads(row["spans"])],
    )


def load_article(conn: Connection, article_id: str, with_about: bool = True) -> Article | None:
    """The stored article as the record; ``with_about=False``: its attributions without
    their targets and topics (for a caller that reads those elsewhere)."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    article = article_from_row(row)
    rows = conn.execute(
        select(attributions)
        .where(attributions.c.article_id == article_id)
        .order_by(attributions.c.seq)
    ).mappings()
    stored = {row["id"]: attribution_from_row(row) for row in rows}
    for ident, about in load_about(conn, list(stored) if with_about else []).items():
        stored[ident].targets, stored[ident].topics = about.targets, about.topics
    article.attributions = list(stored.values())
    article.mentions = [
        mention_from_row(m)
        for m in conn.execute(
            select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.seq)
        ).mappings()
    ]
    return article


def read_article_jsonl(paths: Iterable[Path]) -> Iterator[Article | Problem]:
    """Articles from JSONL files (one ``Article.to_json`` per line, as ``onrecord ingest``
    writes them); a line or file that cannot be read is a ``Problem``, never skipped."""
    for path in paths:
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield Article.from_json(json.loads(line))
                except (ValueError, KeyError, TypeError) as exc:
                    yield Problem(f"{path}:{number}", f"not an article record: {exc}")
