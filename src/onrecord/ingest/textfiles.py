"""Plain-text inputs for ``onrecord extract``: files and folders of ``.txt``, strictly UTF-8.

Each path yields either its text or a ``Problem`` with the reason; one bad file never
stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from onrecord.errors import InputError
from onrecord.ingest.walk import os_reason, path_problem, walk_files
from onrecord.model import Problem

TEXT_SUFFIXES = frozenset({".txt"})
# A NUL byte never occurs in real text but almost always in binary formats.
_BINARY_SNIFF_BYTES = 8192


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a leading BOM dropped), or ``InputError`` with the reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {os_reason(exc)}") from exc
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode it as UTF-8 or use `onrecord ingest`, which detects encodings"
        ) from exc
    return text.removeprefix("\ufeff")


def iter_text_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | Problem]:
    """Each ``.txt`` file under ``paths`` with its text, or a Problem naming what went wrong."""
    for path in paths:
        problem = path_problem(path)
        if problem is not None:
            yield problem
        elif path.is_dir():
            texts = 0
            for file in walk_files(path):
                if isinstance(file, Problem):
                    texts += 1
                    yield file
                elif file.suffix in TEXT_SUFFIXES:
                    texts += 1
                    yield _read_one(file)
            if not texts:
                yield Problem(str(path), "directory holds no .txt files")
        else:
            yield _read_one(path)


def _read_one(path: Path) -> tuple[Path, str] | Problem:
    try:
        return path, read_text(path)
    except InputError as exc:
        return Problem(str(path), str(exc))
