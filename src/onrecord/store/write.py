"""Writing articles into the corpus: one transaction per batch, idempotent.

An article's id is a hash of its content, so an article already in the corpus is never
written twice; the ``inputs`` table remembers which inputs are done, so a run that was
stopped part-way resumes where its last committed batch ended. Attribution and mention
rows, what each attribution is about (its target and topic rows), the search index
rows, the inputs they came from, the problems met and, for a canonical article, its
near-duplicate signature and bands (``store.dedupstore``) are written in the same
transaction as the article, so a reader never sees one without the other; deleting an
article deletes its attributions and theirs (foreign keys ``ON DELETE CASCADE``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from onrecord.model import Article, Attribution, Problem, note
from onrecord.store import dedupstore, fts
from onrecord.store.about_rows import about_columns, target_rows, topic_rows
from onrecord.store.schema import (
    articles,
    attribution_targets,
    attribution_topics,
    attributions,
    inputs,
    mentions,
    meta,
    problems,
)
from onrecord.store.textsafe import make_storable, storable

DATA_VERSION = "data_version"
LINKED_VERSION = "linked_version"


@dataclass(slots=True)
class BatchResult:
    """What one batch changed."""

    articles_added: int = 0
    duplicates: int = 0
    already_done: int = 0
    attributions_added: int = 0
    problems_added: int = 0
    mentions_added: int = 0


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def input_origin(article: Article) -> str:
    """Where an article came from, as a name: a file, or a record or line in a file."""
    origin = article.origin
    if origin.path and origin.record_id:
        return f"{origin.path}#{origin.record_id}"
    if origin.path and origin.line is not None:
        return f"{origin.path}:{origin.line}"
    return origin.url or origin.path or origin.record_id or f"article:{article.id}"


def input_id_for(article: Article) -> str:
    """An input's identity: where it came from AND a hash of what it held.

    A name alone is not an identity: every standard-input run is ``<stdin>``, and a log
    rotated or a feed rewritten keeps its file name. With the content in the id, new
    content under an old name is a new input (and is stored); the same content under
    the same name is "already stored"; the same content under another name is a new
    input whose article is a duplicate, so the store keeps both origins.
    """
    digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{input_origin(article)} @{digest[:16]}"


def input_label(article: Article) -> str:
    """How problems and notes name an article's input (as the readers name it)."""
    origin = article.origin
    base = origin.path or origin.url or f"article:{article.id}"
    if origin.line is not None:
        return f"{base} line {origin.line}"
    if origin.record_id:
        return f"{base} record {origin.record_id}"
    return base


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _span_fits(attribution: Attribution, length: int) -> bool:
    spans = [*attribution.content, attribution.cue, attribution.source]
    return bool(attribution.content) and all(s is None or s.end <= length for s in spans)


def article_row(article: Article, input_id: str, now: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "origin_path": article.origin.path,
        "origin_url": article.origin.url,
        "origin_record_id": article.origin.record_id,
        "origin_line": article.origin.line,
        "title": article.title,
        "published": article.published,
        "dateline": _dumps(article.dateline.to_json()) if article.dateline else None,
        "agency": article.agency,
        "outlet": article.outlet,
        "language": article.language,
        "text": article.text,
        "body": _dumps([span.to_json() for span in article.body]),
        "comments": _dumps([comment.to_json() for comment in article.comments]),
        "removed": _dumps([item.to_json() for item in article.removed]),
        "duplicate_of": article.duplicate_of,
        "input_id": input_id,
        "ingested_at": now,
    }


def attribution_rows(article: Article) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Rows for an article's attributions; one whose spans fall outside the text is
    reported as a problem rather than stored with offsets that lead nowhere."""
    rows: list[dict[str, Any]] = []
    bad: list[Problem] = []
    for seq, a in enumerate(article.attributions):
        if not _span_fits(a, len(article.text)):
            bad.append(Problem(f"article:{article.id}#{seq}", "attribution spans outside text"))
            continue
        rows.append(
            {
                "id": f"{article.id}:{seq}",
                "article_id": article.id,
                "seq": seq,
                "source_start": a.source.start if a.source else None,
                "source_end": a.source.end if a.source else None,
                "cue_start": a.cue.start if a.cue else None,
                "cue_end": a.cue.end if a.cue else None,
                "content": _dumps([span.to_json() for span in a.content]),
                "content_start": min(span.start for span in a.content),
                "content_end": max(span.end for span in a.content),
                "content_text": a.content_text(article.text),
                "kind": a.kind,
                "source_text": a.source_text,
                "speaker": a.speaker,
                "role": a.role,
                "affiliation": a.affiliation,
                "confidence": round(a.confidence, 3),
                "method": a.method,
                "person_id": None,
                "organisation_id": None,
                "statement_id": None,
                **about_columns(a),
            }
        )
    return rows, bad


def about_rows(
    article: Article, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Target and topic rows of the attributions stored as ``rows`` (those whose spans
    fit: the others are problems, and so are their targets)."""
    targets: list[dict[str, Any]] = []
    topics: list[dict[str, Any]] = []
    for row in rows:
        a = article.attributions[row["seq"]]
        targets.extend(target_rows(row["id"], a))
        topics.extend(topic_rows(row["id"], a))
    return targets, topics


def mention_rows(article: Article) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Rows for the people an article names; like attributions, a record whose spans
    fall outside the text is reported as a problem, not stored."""
    rows: list[dict[str, Any]] = []
    bad: list[Problem] = []
    length = len(article.text)
    for seq, m in enumerate(article.mentions):
        if not m.spans or any(span.end > length for span in m.spans):
            bad.append(Problem(f"article:{article.id}#m{seq}", "mention spans outside text"))
            continue
        rows.append(
            {
                "id": f"{article.id}:m{seq}",
                "article_id": article.id,
                "seq": seq,
                "name": m.name,
                "variants": _dumps(list(m.variants)),
                "role": m.role,
                "affiliation": m.affiliation,
                "spans": _dumps([span.to_json() for span in m.spans]),
                "person_id": None,
            }
        )
    return rows, bad


def write_batch(
    conn: Connection,
    batch: Sequence[Article],
    found: Sequence[Problem],
    index: dedupstore.StoredDuplicateIndex | None = None,
) -> BatchResult:
    """Store one batch in the caller's transaction; articles already stored are skipped.
    ``index``, the one that deduplicated the batch, has the canonical bodies' signatures."""
    result = BatchResult()
    now = utc_now()
    bad: list[Problem] = list(found)
    for article in batch:  # the last line of defence: ingest has normally done this
        changed = make_storable(article)
        if changed is not None:
            bad.append(note(input_label(article), changed))
    by_input = {input_id_for(article): article for article in batch}
    done = _existing(conn, inputs.c.input_id, list(by_input))
    stored = _existing(conn, articles.c.id, [a.id for a in batch])
    new_articles: dict[str, Article] = {}
    input_rows: list[dict[str, Any]] = []
    for input_id, article in by_input.items():
        if input_id in done:
            result.already_done += 1
            continue
        fresh = article.id not in stored and article.id not in new_articles
        if fresh:
            new_articles[article.id] = article
        else:
            result.duplicates += 1
        status = "stored" if fresh else "duplicate"
        input_rows.append(
            {"input_id": input_id, "article_id": article.id, "status": status, "done_at": now}
        )
    article_rows: list[dict[str, Any]] = []
    attr_rows: list[dict[str, Any]] = []
    named_rows: list[dict[str, Any]] = []
    target_list: list[dict[str, Any]] = []
    topic_list: list[dict[str, Any]] = []
    for input_id, article in by_input.items():
        if new_articles.get(article.id) is article:
            article_rows.append(article_row(article, input_id, now))
            rows, problems_here = attribution_rows(article)
            attr_rows.extend(rows)
            bad.extend(problems_here)
            targets, topics = about_rows(article, rows)
            target_list.extend(targets)
            topic_list.extend(topics)
            rows, problems_here = mention_rows(article)
            named_rows.extend(rows)
            bad.extend(problems_here)
    if article_rows:
        conn.execute(insert(articles), article_rows)
    if attr_rows:
        conn.execute(insert(attributions), attr_rows)
    if target_list:
        conn.execute(insert(attribution_targets), target_list)
    if topic_list:
        conn.execute(insert(attribution_topics), topic_list)
    if named_rows:
        conn.execute(insert(mentions), named_rows)
    if new_articles:
        keys = conn.execute(
            select(articles.c.pk, articles.c.id).where(articles.c.id.in_(list(new_articles)))
        ).all()
        fts.index_articles(
            conn,
            [
                (pk, new_articles[aid].title or "", new_articles[aid].body_mask())
                for pk, aid in keys
            ],
        )
        fts.index_attributions_of(conn, list(new_articles))
        dedupstore.record(conn, list(new_articles.values()), index)
        bump(conn, DATA_VERSION)
    if input_rows:
        conn.execute(insert(inputs), input_rows)
    result.problems_added = record_problems(conn, bad, now)
    result.articles_added = len(article_rows)
    result.attributions_added = len(attr_rows)
    result.mentions_added = len(named_rows)
    return result


def record_problems(conn: Connection, found: Iterable[Problem], now: str) -> int:
    """Store problems not already recorded (same input, same reason)."""
    unique = {(storable(p.where)[0], storable(p.reason)[0]): p for p in found}
    if not unique:
        return 0
    seen = {
        (row.input_id, row.reason)
        for row in conn.execute(
            select(problems.c.input_id, problems.c.reason).where(
                problems.c.input_id.in_(sorted({where for where, _ in unique}))
            )
        )
    }
    rows = [
        {"input_id": where, "reason": reason, "seen_at": now}
        for (where, reason) in unique
        if (where, reason) not in seen
    ]
    if rows:
        conn.execute(insert(problems), rows)
    return len(rows)


def _existing(conn: Connection, column: Any, values: list[str]) -> set[str]:
    if not values:
        return set()
    return set(conn.execute(select(column).where(column.in_(values))).scalars())


def get_meta(conn: Connection, key: str, default: str = "0") -> str:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
    return default if value is None else value


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))


def bump(conn: Connection, key: str) -> None:
    set_meta(conn, key, str(int(get_meta(conn, key)) + 1))
