"""Where a command's records go: a file, or standard output when ``--out`` is ``-``."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

__all__ = ["STDOUT", "LineWriter", "open_out", "write_to"]

T = TypeVar("T")
STDOUT = "-"


class LineWriter:
    """Writes whole lines with one ``os.write`` each, so no record is ever half there."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (OSError, ValueError):  # an in-memory stream, as under a test runner
            self.fd = None

    def write(self, record: dict[str, object]) -> None:
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        self.stream.flush()
        if self.fd is None:
            self.stream.write(data)
            self.stream.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]


def open_out(out: str) -> BinaryIO:
    """The stream for ``--out``: standard output for ``-`` (never closed by the caller's
    ``close_out``), else the file, created or emptied."""
    if out == STDOUT:
        return sys.stdout.buffer
    return Path(out).open("wb")


def close_out(out: str, stream: BinaryIO) -> None:
    if out != STDOUT:
        stream.close()
    else:
        stream.flush()


def write_to(out: str, write: Callable[[Path], T]) -> T:
    """Run ``write`` (which writes a file at the path it is given) for ``--out``: for
    ``-`` it writes a temporary file, copied to standard output, so a writer that needs
    a path (Parquet, CSV) still goes to stdout rather than to a file named ``-``."""
    if out != STDOUT:
        return write(Path(out))
    with tempfile.TemporaryDirectory(prefix="onrecord-out-") as folder:
        path = Path(folder) / "out"
        result = write(path)
        with path.open("rb") as source:
            shutil.copyfileobj(source, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return result
