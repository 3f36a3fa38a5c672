"""WARC files (plain or gzipped): every HTML ``response`` record is one document.

Each document keeps the record's target URI, its capture time (``WARC-Date``) and its
``WARC-Record-ID`` (in ``Origin.record_id``). Records that carry no HTML page
(``warcinfo``, ``request``, ``metadata``, images, scripts) are skipped without a note:
they are not articles. An HTML response with a non-2xx status is reported, as is a
record larger than the size limit (which applies per record, since WARC files are
streamed and may be any size).

A truncated record (fewer bytes than its ``Content-Length``), a record warcio cannot
parse, or bytes after the last whole record that are not one, end the file: each is
reported with its byte offset, and every complete record before it is kept.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from onrecord.ingest.raw import RawDocument, sniff
from onrecord.model import Origin, Problem

__all__ = ["read_warc"]

_ARTICLE_RECORDS = frozenset({"response", "resource"})


def read_warc(stream: IO[bytes], where: str, max_bytes: int) -> Iterator[RawDocument | Problem]:
    """HTML documents in the WARC ``stream``; ``where`` names the file in problems.

    A record is only used once all of it has been read: its payload as long as its
    ``Content-Length`` says, its end where the next record (or the file) begins. Bytes
    after the last complete record that are not one (a file cut inside a header, say)
    are reported with their offset, as is any record warcio fails on, whatever it raises.
    """
    counted = _Counted(stream)
    records = ArchiveIterator(counted, arc2warc=True)
    good_end = count = used = 0
    try:
        for record in records:
            count += 1
            length = record.rec_headers.get_header("Content-Length") or ""
            if not record.rec_type or not length.strip().isdigit():
                yield Problem(
                    f"{where} at byte {good_end}",
                    f"corrupt or truncated WARC record {count} (no complete header: no "
                    f"WARC-Type or Content-Length); the {count - 1} record(s) before it were "
                    "read",
                )
                return
            item = _document(record, where, max_bytes) if _wanted(record) else None
            while record.raw_stream.read(_DRAIN):  # the rest of a record we do not use
                pass
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:
                yield Problem(
                    _place(where, record, good_end),
                    f"corrupt or truncated WARC record {count} ({missing:,} byte(s) of it "
                    "missing); "
                    f"the {count - 1} record(s) before it were read",
                )
                return
            offset, length = records.get_record_offset(), records.get_record_length()
            good_end = offset + length
            if item is not None:
                used += 1
                yield item
    except Exception as exc:  # warcio raises AttributeError, ValueError... on cut input
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        yield Problem(
            f"{where} at byte {good_end}",
            f"corrupt or truncated WARC record {count + 1} ({type(exc).__name__}: {first}); "
            f"the {count} complete record(s) before it were read, the rest of the file "
            "could not be",
        )
        return
    counted.drain()
    if counted.last_content > good_end:
        used += 1
        yield Problem(
            f"{where} at byte {good_end}",
            f"corrupt or truncated WARC record {count + 1} (the last "
            f"{counted.total - good_end:,} byte(s) of the file are not a whole record); the "
            f"{count} record(s) before it were read",
        )
    if not used:  # one line for the file, rather than nothing at all
        yield Problem(where, f"no HTML page in this WARC file ({count} record(s), none an article)")


_DRAIN = 1 << 16


def _place(where: str, record: Any, offset: int) -> str:
    """A record's name in problems: the file, its record id and URI, its byte offset."""
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID")
    uri = headers.get_header("WARC-Target-URI")
    named = f" record {record_id}" if record_id else ""
    return f"{where}{named}" + (f" ({uri})" if uri else "") + f" at byte {offset}"


def _wanted(record: Any) -> bool:
    return record.rec_type in _ARTICLE_RECORDS


class _Counted(io.RawIOBase):
    """A stream that counts the bytes read through it, and where its last byte that is
    not a blank line is, so trailing bytes that are not a record can be told apart from
    the blank lines that end the last one."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner
        self.total = 0
        self.last_content = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.total

    def read(self, size: int | None = -1) -> bytes:
        data = self.inner.read(-1 if size is None else size)
        if data:
            kept = data.rstrip(b"\r\n \t")
            if kept:
                self.last_content = self.total + len(kept)
            self.total += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def drain(self) -> None:
        while self.read(_DRAIN):
            pass


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
