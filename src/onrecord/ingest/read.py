"""Reading inputs: files, folders, standard input; plain text, HTML, WARC and JSONL.

``read_inputs(paths)`` yields one ``RawDocument`` per document found, or a ``Problem``
naming an input that cannot be used and why; one bad input never stops the others.
The format is told from the content first (HTML markup, a ``WARC/1.`` header, gzip
magic, a first line that is a JSON object) with the file name as a tie-breaker.
Folders are read recursively, in name order, skipping hidden files; ``-`` reads
standard input.

Size limit: a file (or, in a WARC or JSONL file, which are streamed, a record or a
line) larger than ``max_bytes`` is refused with the reason. The default is 50 MB,
overridden by the ``ONRECORD_MAX_BYTES`` environment variable or the ``max_bytes``
argument (``--max-bytes`` on the command line).
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from onrecord.errors import SettingError
from onrecord.ingest.jsonl import read_jsonl
from onrecord.ingest.raw import MediaType, RawDocument, sniff
from onrecord.ingest.walk import os_reason, path_problem, walk_files
from onrecord.ingest.warc import read_warc
from onrecord.model import Origin, Problem

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "RawDocument", "max_bytes_setting", "read_inputs"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".warc", ".arc", ".jsonl",
     ".ndjson", ".jsonlines", ".gz"}
)  # fmt: skip
_HEAD = 65536


def max_bytes_setting(value: int | None = None) -> int:
    """The size limit in force: the argument, else ``ONRECORD_MAX_BYTES``, else 50 MB."""
    if value is not None:
        return value
    configured = os.environ.get("ONRECORD_MAX_BYTES", "").strip().replace("_", "")
    if configured:
        try:
            return int(configured)
        except ValueError:
            raise SettingError(
                f"ONRECORD_MAX_BYTES must be a whole number of bytes, not {configured!r}"
            ) from None
    return DEFAULT_MAX_BYTES


def read_inputs(
    paths: Iterable[str | Path], max_bytes: int | None = None
) -> Iterator[RawDocument | Problem]:
    """Every document in ``paths`` (files, folders, ``-`` for stdin), or why not."""
    limit = max_bytes_setting(max_bytes)
    for item in paths:
        name = str(item)
        if name == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", limit)
            continue
        path = Path(item)
        problem = path_problem(path)
        if problem is not None:
            yield problem
        elif path.is_dir():
            yield from _read_folder(path, limit)
        else:
            yield from _read_file(path, limit)


def _read_folder(folder: Path, limit: int) -> Iterator[RawDocument | Problem]:
    empty = True
    for file in walk_files(folder):
        empty = False
        if isinstance(file, Problem):
            yield file
        elif file.suffix.lower() in SUFFIXES:
            yield from _read_file(file, limit)
        else:
            yield Problem(
                str(file),
                f"unrecognised file type {file.suffix or '(no suffix)'!r} in a folder "
                "(name it on the command line to read it anyway)",
            )
    if empty:
        yield Problem(str(folder), "folder holds no files")


def _read_file(path: Path, limit: int) -> Iterator[RawDocument | Problem]:
    where = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
            kind = sniff(head, path.name)
            if kind in ("warc", "jsonl") or (kind == "gzip" and _gzipped_warc(head)):
                stream.seek(0)
                reader = read_warc if kind != "jsonl" else read_jsonl
                yield from reader(stream, where, limit)
                return
            if size > limit:
                yield Problem(where, _too_big(size, limit))
                return
            data = head + stream.read()
    except OSError as exc:
        yield Problem(where, f"cannot read: {os_reason(exc)}")
        return
    yield from _read_bytes(data, where, path.name, limit)


def _read_stream(stream: IO[bytes], where: str, limit: int) -> Iterator[RawDocument | Problem]:
    """A stream (standard input): WARC and JSONL are streamed, the rest read up to the limit."""
    head = stream.read(_HEAD)
    kind = sniff(head, "")
    if kind in ("warc", "jsonl") or (kind == "gzip" and _gzipped_warc(head)):
        whole = io.BufferedReader(_Prefixed(head, stream))
        yield from (read_jsonl if kind == "jsonl" else read_warc)(whole, where, limit)
        return
    data = head + stream.read(max(limit + 1 - len(head), 0))
    if len(data) > limit:
        yield Problem(where, f"more than {limit:,} bytes, over the size limit")
        return
    yield from _read_bytes(data, where, "", limit)


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read for sniffing, put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_bytes(data: bytes, where: str, name: str, limit: int) -> Iterator[RawDocument | Problem]:
    kind = sniff(data[:_HEAD], name)
    if kind == "gzip":
        try:
            inner = _gunzip(data, limit)
        except (OSError, EOFError, zlib.error) as exc:
            yield Problem(where, f"broken gzip data: {exc}")
            return
        if inner is None:
            yield Problem(where, f"decompresses to more than {limit:,} bytes, over the size limit")
            return
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        if sniff(inner[:_HEAD], inner_name) in ("warc", "jsonl"):
            yield from _read_stream(io.BytesIO(inner), where, limit)
            return
        data, kind, name = inner, sniff(inner[:_HEAD], inner_name), inner_name
    media: MediaType = "text/html" if kind == "html" else "text/plain"
    yield RawDocument(origin=Origin(path=where), content=data, media_type=media)


def _gzipped_warc(head: bytes) -> bool:
    try:
        start = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return False
    return start.lstrip().startswith((b"WARC/", b"filedesc://"))


def _gunzip(data: bytes, limit: int) -> bytes | None:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(limit + 1)
    return None if len(out) > limit else out


def _too_big(size: int, limit: int) -> str:
    return (
        f"file is {size:,} bytes, over the size limit of {limit:,} bytes "
        "(raise it with --max-bytes or ONRECORD_MAX_BYTES)"
    )
