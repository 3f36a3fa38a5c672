"""Whether the corpus may have changed since a thread last looked: ``PRAGMA
data_version`` on SQLite, and one version for all the reads of a request.

Every request asks for the corpus version (its ETag, the aggregates kept per version),
and reading it is a read transaction through the pool: ~0.3 ms, several times a page.
SQLite keeps a counter per connection that moves whenever another connection, in this
process or another, commits (https://sqlite.org/pragma.html#pragma_data_version).
Each thread keeps a connection of its own that never writes, and the version is read
again only when that counter has moved.

On any store, a request that reads the version once (its ETag) may pin it for the rest
of its reads (``pinned``), so the aggregates it reads are kept under that version, and
PostgreSQL is not asked again for each of them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import quote


class _Seen(threading.local):
    connection: sqlite3.Connection | None = None
    stamp: int | None = None
    version: str | None = None


class ChangeWatch:
    """``version()``'s answer, read again only after a commit to the file at ``path``."""

    def __init__(self, path: str, read_version: Callable[[], str]) -> None:
        self.path = path
        self.read_version = read_version
        self.seen = _Seen()

    def version(self) -> str:
        seen = self.seen
        if seen.connection is None:
            # Read-only and outside any transaction: the counter is all it reads.
            seen.connection = sqlite3.connect(
                f"file:{quote(self.path)}?mode=ro", uri=True, isolation_level=None
            )
        (stamp,) = seen.connection.execute("PRAGMA data_version").fetchone()
        if stamp != seen.stamp or seen.version is None:
            # Read after the counter: a commit in between moves it again, so the next
            # call reads the version again rather than keeping a stale one.
            seen.version = self.read_version()
            seen.stamp = stamp
        return seen.version


_PINNED: ContextVar[str | None] = ContextVar("onrecord_corpus_version", default=None)


@contextmanager
def pinned(version: str) -> Iterator[None]:
    """Within the block (and the threads it hands work to, which copy its context), the
    corpus version is ``version``: for a request that only reads."""
    token = _PINNED.set(version)
    try:
        yield
    finally:
        _PINNED.reset(token)


def pinned_version() -> str | None:
    return _PINNED.get()
