"""Where the corpus lives and how transactions behave there.

SQLite is the default: a file, opened in WAL mode so readers never block the writer
and always see the last committed batch. Python's ``sqlite3`` does not emit ``BEGIN``
before a SELECT, so two SELECTs could see two different states of the file; we switch
that off and emit ``BEGIN`` ourselves (the recipe in SQLAlchemy's SQLite docs), making
every transaction a real snapshot. Writers take ``BEGIN IMMEDIATE`` so two writers queue
on the lock instead of failing when one tries to upgrade a read lock.

PostgreSQL reads run at REPEATABLE READ (one snapshot per transaction, like SQLite);
writes run at READ COMMITTED behind an advisory lock, so writers queue and each sees
what the previous one committed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text

from onrecord.errors import StoreError

DEFAULT_DB = "onrecord.db"
ENV_DB = "ONRECORD_DB"
# Any constant works: it names the one lock all onrecord writers take on a database.
_PG_WRITE_LOCK = 7_460_732_631
_WRITE = "onrecord_write"


def resolve_url(url_or_path: str | None = None) -> str:
    """A SQLAlchemy URL for a path, a ``postgresql://`` URL, or the default location."""
    value = url_or_path or os.environ.get(ENV_DB) or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    if value.startswith(("postgresql+", "sqlite:")):
        return value
    if "://" in value:
        raise StoreError(
            f"Unsupported database URL {value!r}: use a file path (SQLite) "
            "or postgresql://user@host/dbname"
        )
    return "sqlite:///" + str(Path(value).expanduser().resolve())


# Connections kept open: as many as a server process's threads read with at once. A
# connection opened past the pool is closed after its one use, and with it go its
# prepared statements and (SQLite) its page cache.
POOL_SIZE = 20
POOL_OVERFLOW = 20


def make_engine(url: str) -> Engine:
    """An engine configured for onrecord's transaction rules (see the module docstring)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    if url.startswith("postgresql"):
        return create_engine(
            url,
            pool_pre_ping=True,
            isolation_level="REPEATABLE READ",
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
        )
    raise StoreError(f"Unsupported database {url!r}: use SQLite or PostgreSQL")


def _sqlite_engine(url: str) -> Engine:
    if url not in ("sqlite://", "sqlite:///:memory:"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        if not folder.is_dir():
            raise StoreError(f"Cannot create the corpus: folder {str(folder)!r} does not exist")
    options: dict[str, Any] = {}
    if url not in ("sqlite://", "sqlite:///:memory:"):  # a file: SQLAlchemy pools it
        options = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # NORMAL is safe in WAL mode: a killed process never corrupts or half-commits.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction, serialised with every other onrecord writer."""
    if engine.dialect.name == "postgresql":
        options: dict[str, Any] = {_WRITE: True, "isolation_level": "READ COMMITTED"}
    else:
        options = {_WRITE: True}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
        yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read transaction: every query inside it sees the same committed state."""
    with engine.connect() as conn, conn.begin():
        yield conn
