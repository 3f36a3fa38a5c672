"""``/api/export/{table}``: a whole table as CSV or JSON Lines, streamed row by row.

The rows are the store's export rows (``onrecord.store.export``), so a download is the
same as ``onrecord export``: every attribution row carries its article id and offsets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from onrecord.api.deps import CorpusDep
from onrecord.api.routers.common import ERRORS
from onrecord.store.export import TableName

router = APIRouter(prefix="/api/export", tags=["export"], responses=ERRORS)
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    for n, row in enumerate(rows):
        writer.writerow([_cell(row[c]) for c in columns])
        if n % 200 == 0:  # hand the client a chunk now and then, not the whole table
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl(rows: list[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


@router.get(
    "/{table}",
    response_class=StreamingResponse,
    summary="Download a table as CSV or JSON Lines",
    responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["jsonl"]: {}}}},
)
def export_table(
    corpus: CorpusDep,
    table: TableName,
    format: Annotated[Literal["csv", "jsonl"], Query(description="csv or jsonl")] = "jsonl",
) -> StreamingResponse:
    rows = corpus.export_rows(table)  # one consistent state of the corpus
    lines = _csv(rows) if format == "csv" else _jsonl(rows)
    return StreamingResponse(
        lines,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="onrecord-{table}.{format}"'},
    )
