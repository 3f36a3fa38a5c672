"""The stage between the cluster and the store: one chunk of work as Parquet parts.

``articles/part-<key>.parquet`` (one row per article, original text included),
``attributions/part-<key>.parquet`` (one row per attribution, offsets into that text),
``mentions/part-<key>.parquet`` (one row per person an article names) and
``problems/part-<key>.parquet`` (inputs that could not be used, and why). Each row
keeps ``position``, the place of its input in the chunk, so a part reads back in input
order. Spans and other nested values are compact JSON text, as in the store, so the
folders read as plain tables (``pyarrow.dataset``, ``dask.dataframe.read_parquet``,
DuckDB) and round-trip to the same ``Article`` records.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from onrecord.model import (
    Article,
    Attribution,
    Mention,
    Problem,
)
from onrecord.run.prepare import CapturedArticle
from onrecord.store import input_id_for
from onrecord.store.load import article_from_row, attribution_from_row, mention_from_row

__all__ = ["STAGE_VERSION", "TABLES", "decode_part", "encode_part", "part_files", "write_part"]

# Part keys include this, so a change of layout never reuses an older part.
STAGE_VERSION = "3"
TABLES = ("articles", "attributions", "mentions", "problems")
_ABOUT = ("targets", "stance", "stance_confidence", "act", "topics")

_str = pa.string()
_int = pa.int64()
SCHEMAS = {
    "articles": pa.schema(
        [
            ("position", _int), ("id", _str), ("input_id", _str), ("origin_path", _str),
            ("origin_url", _str), ("origin_record_id", _str), ("origin_line", _int),
            ("title", _str), ("published", _str), ("dateline", _str), ("agency", _str),
            ("outlet", _str), ("language", _str), ("text", _str), ("body", _str),
            ("comments", _str), ("removed", _str), ("duplicate_of", _str), ("captured", _str),
        ]
    ),
    "attributions": pa.schema(
        [
            ("position", _int), ("article_id", _str), ("seq", _int), ("kind", _str),
            ("source_start", _int), ("source_end", _int), ("cue_start", _int),
            ("cue_end", _int), ("content", _str), ("content_text", _str),
            ("source_text", _str), ("speaker", _str), ("role", _str), ("affiliation", _str),
            ("confidence", pa.float64()), ("method", _str), ("about", _str),
        ]
    ),
    "mentions": pa.schema(
        [
            ("position", _int), ("article_id", _str), ("seq", _int), ("name", _str),
            ("variants", _str), ("role", _str), ("affiliation", _str), ("spans", _str),
        ]
    ),
    "problems": pa.schema([("position", _int), ("input", _str), ("reason", _str)]),
}  # fmt: skip


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _article_row(position: int, a: Article) -> dict[str, Any]:
    return {
        "position": position,
        "id": a.id,
        "input_id": input_id_for(a),
        "origin_path": a.origin.path,
        "origin_url": a.origin.url,
        "origin_record_id": a.origin.record_id,
        "origin_line": a.origin.line,
        "title": a.title,
        "published": a.published,
        "dateline": _dumps(a.dateline.to_json()) if a.dateline else None,
        "agency": a.agency,
        "outlet": a.outlet,
        "language": a.language,
        "text": a.text,
        "body": _dumps([s.to_json() for s in a.body]),
        "comments": _dumps([c.to_json() for c in a.comments]),
        "removed": _dumps([r.to_json() for r in a.removed]),
        "duplicate_of": a.duplicate_of,
        "captured": getattr(a, "captured", None),
    }


def _attribution_row(position: int, a: Article, seq: int, t: Attribution) -> dict[str, Any]:
    return {
        "position": position,
        "article_id": a.id,
        "seq": seq,
        "kind": t.kind,
        "source_start": t.source.start if t.source else None,
        "source_end": t.source.end if t.source else None,
        "cue_start": t.cue.start if t.cue else None,
        "cue_end": t.cue.end if t.cue else None,
        "content": _dumps([s.to_json() for s in t.content]),
        "content_text": t.content_text(a.text),
        "source_text": t.source_text,
        "speaker": t.speaker,
        "role": t.role,
        "affiliation": t.affiliation,
        # full precision: the store rounds, and rounding twice could differ
        "confidence": t.confidence,
        "method": t.method,
        # targets, stance, act and topics, as the record's JSON writes them
        "about": _dumps({k: v for k, v in t.to_json().items() if k in _ABOUT}),
    }


def encode_part(items: Sequence[Article | Problem], positions: Sequence[int]) -> dict[str, bytes]:
    """The three Parquet files of one part, as bytes (so a worker can send them back).

    ``positions`` gives each item's place in its chunk; a problem with the same position
    as an article is about that article (its extraction failed).
    """
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for position, item in zip(positions, items, strict=True):
        if isinstance(item, Problem):
            rows["problems"].append(
                {"position": position, "input": item.where, "reason": item.reason}
            )
            continue
        rows["articles"].append(_article_row(position, item))
        rows["attributions"].extend(
            _attribution_row(position, item, seq, t) for seq, t in enumerate(item.attributions)
        )
        rows["mentions"].extend(
            {
                "position": position,
                "article_id": item.id,
                "seq": seq,
                "name": m.name,
                "variants": _dumps(list(m.variants)),
                "role": m.role,
                "affiliation": m.affiliation,
                "spans": _dumps([span.to_json() for span in m.spans]),
            }
            for seq, m in enumerate(item.mentions)
        )
    out: dict[str, bytes] = {}
    for name in TABLES:
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]), sink)
        out[name] = sink.getvalue().to_pybytes()
    return out


def part_files(stage: Path, key: str) -> dict[str, Path]:
    return {name: stage / name / f"part-{key}.parquet" for name in TABLES}


def write_part(files: dict[str, Path], data: dict[str, bytes]) -> None:
    """Write each file under a temporary name, then rename: a stopped run never leaves a
    half-written part that a later run would take as done. ``articles`` goes last; a
    part is only taken as staged when all its files exist."""
    for name in sorted(TABLES, key=lambda n: n == "articles"):
        path = files[name]
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".tmp{os.getpid()}")
        temporary.write_bytes(data[name])
        os.replace(temporary, path)


def decode_part(files: dict[str, Path]) -> Iterator[tuple[int, Article | Problem]]:
    """The items of one part in input order, each with its position; a problem comes
    just before the article it is about."""
    tables = {name: pq.read_table(files[name]).to_pylist() for name in TABLES}
    attributions: dict[int, list[Attribution]] = {}
    for row in tables["attributions"]:
        attribution = attribution_from_row(row)
        about = Attribution.from_json({"content": [], "kind": "", **json.loads(row["about"])})
        attribution.targets, attribution.stance = about.targets, about.stance
        attribution.stance_confidence, attribution.act = about.stance_confidence, about.act
        attribution.topics = about.topics
        attributions.setdefault(row["position"], []).append(attribution)
    mentions: dict[int, list[Mention]] = {}
    for row in tables["mentions"]:
        mentions.setdefault(row["position"], []).append(mention_from_row(row))
    items: list[tuple[int, int, Article | Problem]] = [
        (row["position"], 0, Problem(row["input"], row["reason"])) for row in tables["problems"]
    ]
    for row in tables["articles"]:
        article = _article(row)
        article.attributions = attributions.get(row["position"], [])
        article.mentions = mentions.get(row["position"], [])
        items.append((row["position"], 1, article))
    items.sort(key=lambda entry: entry[:2])
    for position, _, item in items:
        yield position, item


def _article(row: dict[str, Any]) -> Article:
    article = article_from_row(row)
    if row["captured"] is None:
        return article
    values = {f.name: getattr(article, f.name) for f in fields(Article)}
    return CapturedArticle(**values, captured=row["captured"])
