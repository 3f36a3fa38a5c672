"""WARC files (plain or gzipped): every HTML ``response`` record is one document.

Each document keeps the record's target URI, its capture time (``WARC-Date``) and its
``WARC-Record-ID`` (in ``Origin.record_id``). Records that carry no HTML page
(``warcinfo``, ``request``, ``metadata``, images, scripts) are skipped without a note:
they are not articles. An HTML response with a non-2xx status is reported, as is a
record larger than the size limit (which applies per record, since WARC files are
streamed and may be any size).

A truncated record (fewer bytes than its ``Content-Length``) is reported and the
records before it are kept. A corrupt record that warcio cannot parse ends the file:
it is reported with its position, and everything read before it is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from onrecord.ingest.raw import RawDocument, sniff
from onrecord.model import Origin, Problem

__all__ = ["read_warc"]

_ARTICLE_RECORDS = frozenset({"response", "resource"})


def read_warc(stream: IO[bytes], where: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    """HTML documents in the WARC ``stream``; ``where`` names the file in problems."""
    records = ArchiveIterator(stream, arc2warc=True)
    count = 0
    try:
        for record in records:
            count += 1
            if record.rec_type not in _ARTICLE_RECORDS:
                continue
            item = _document(record, where, max_bytes)
            if item is not None:
                yield item
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        yield Problem(
            f"{where} record {count + 1}",
            f"corrupt or truncated WARC record ({first}); the {count} record(s) before it "
            "were read, the rest of the file could not be",
        )


def _document(record: Any, where: str, max_bytes: int) -> RawDocument | Problem | None:
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    record_id = headers.get_header("WARC-Record-ID")
    label = f"{where} record {record_id or '?'}" + (f" ({uri})" if uri else "")
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http else None) or headers.get_header(
        "Content-Type", ""
    )
    declared = int(headers.get_header("Content-Length") or 0)
    if declared > max_bytes:
        return Problem(label, _too_big(declared, max_bytes))
    payload = record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        return Problem(label, f"truncated WARC record: {missing} byte(s) of the payload missing")
    is_html = "html" in content_type.lower() or (
        not content_type.strip() and sniff(payload[:4096]) == "html"
    )
    if not is_html:
        return None
    status = http.get_statuscode() if http and record.rec_type == "response" else "200"
    if not str(status).startswith("2"):
        return Problem(label, f"HTTP status {status}: not an article page")
    return RawDocument(
        origin=Origin(path=where, url=uri, record_id=record_id),
        content=payload,
        media_type="text/html",
        url=uri,
        captured=headers.get_header("WARC-Date"),
        charset=_charset(content_type),
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _too_big(size: int, limit: int) -> str:
    return (
        f"{size:,} bytes, over the size limit of {limit:,} bytes "
        "(raise it with --max-bytes or ONRECORD_MAX_BYTES)"
    )
