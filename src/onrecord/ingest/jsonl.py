"""JSON Lines: one article per line, as a JSON object.

Fields: ``text`` (scraped plain text) or ``html`` (a page) — one of them is required —
and optionally ``url``, ``title``, ``published``, ``outlet`` and ``id`` (kept as the
record id). A line that is not JSON, not an object, or has neither ``text`` nor
``html`` is reported with its line number, and the lines after it are still read.
Blank lines are ignored. The size limit applies to each line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from onrecord.ingest.raw import RawDocument
from onrecord.model import Origin, Problem

__all__ = ["HINT_FIELDS", "read_jsonl"]

HINT_FIELDS = ("title", "published", "outlet")


def read_jsonl(stream: IO[bytes], where: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    """Documents in a JSONL ``stream``; ``where`` names the file in problems."""
    records = 0
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        records += 1
        label = f"{where} line {number}"
        if len(raw) > max_bytes:
            yield Problem(label, f"line {number} is {len(raw):,} bytes, over the size limit "
                                 f"of {max_bytes:,} bytes")  # fmt: skip
            continue
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield Problem(label, f"line {number} is not UTF-8: {exc.reason}")
            continue
        except json.JSONDecodeError as exc:
            yield Problem(label, f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        yield _document(record, where, number, label)
    if not records:  # said, not silent: a feed that came out empty is worth knowing about
        yield Problem(where, "no records: the file holds only blank lines")


def _document(record: Any, where: str, number: int, label: str) -> RawDocument | Problem:
    if not isinstance(record, dict):
        return Problem(label, f"line {number} is JSON but not an object")
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
    if not isinstance(content, str) or not content.strip():
        return Problem(label, f"line {number} has neither a 'text' nor an 'html' string")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    record_id = record.get("id")
    return RawDocument(
        origin=Origin(
            path=where,
            url=url,
            record_id=str(record_id) if record_id is not None else None,
            line=number,
        ),
        content=content,
        media_type="text/html" if content is html else "text/plain",
        url=url,
        hints={k: str(record[k]) for k in HINT_FIELDS if record.get(k) not in (None, "")},
    )
