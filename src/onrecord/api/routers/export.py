"""``/api/export/...``: a whole table, or the statements a search finds, as a download.

The rows are the store's export rows (``onrecord.store.export``), so a download is the
same as ``onrecord export``: every attribution row carries its article id and offsets.
``/api/export/statements/search`` takes the filters of ``/api/statements`` and exports
every statement they find (what the search page shows, all pages of it). CSV cells that
a spreadsheet would run as a formula are neutralised, and targets and topics are their
words joined by ";" (``store.export.csv_value``), as in ``onrecord export``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from onrecord.api.deps import ApiFilters, CorpusDep
from onrecord.api.routers.common import ERRORS
from onrecord.store.export import TableName, csv_value, to_bytes

router = APIRouter(prefix="/api/export", tags=["export"], responses=ERRORS)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    for n, row in enumerate(rows):
        writer.writerow([csv_value(c, row[c]) for c in columns])
        if n % 200 == 0:  # hand the client a chunk now and then, not the whole table
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _download(rows: list[dict[str, Any]], name: str, fmt: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "parquet":
        return Response(to_bytes(rows, "parquet"), media_type=MEDIA[fmt], headers=headers)
    lines = _csv(rows) if fmt == "csv" else _jsonl(rows)
    return StreamingResponse(lines, media_type=MEDIA[fmt], headers=headers)


@router.get(
    "/statements/search",
    response_class=StreamingResponse,
    summary="Download the statements a search finds (the filters of /api/statements)",
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def export_search(
    corpus: CorpusDep,
    filters: ApiFilters,
    format: Annotated[
        Literal["csv", "jsonl", "parquet"], Query(description="csv, jsonl or parquet")
    ] = "csv",
) -> Response:
    return _download(corpus.export_search(filters), "onrecord-statements-search", format)


@router.get(
    "/{table}",
    response_class=StreamingResponse,
    summary="Download a table as CSV, JSON Lines or Parquet",
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def export_table(
    corpus: CorpusDep,
    table: TableName,
    format: Annotated[
        Literal["csv", "jsonl", "parquet"], Query(description="csv, jsonl or parquet")
    ] = "jsonl",
) -> Response:
    rows = corpus.export_rows(table)  # one consistent state of the corpus
    return _download(rows, f"onrecord-{table}", format)
