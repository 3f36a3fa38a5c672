"""Checks made before a run spends time extracting: the store can be written, and has room.

A read-only database, a store on a read-only mount or a full disk would otherwise only
show at the first batch's commit, after the slowest stage, as a driver traceback; here
they are a ``StoreError`` that says what is wrong, before any work is done.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from onrecord.errors import StoreError
from onrecord.store.corpus import Corpus

__all__ = ["MIN_FREE_BYTES", "check_room", "check_writable", "free_bytes"]

# Room a batch needs at most in practice (the text of a few hundred articles, their rows
# and index entries, and SQLite's journal): a run stops with this much left, not at 0.
MIN_FREE_BYTES = 64 * 1024 * 1024


def check_writable(corpus: Corpus) -> None:
    """Write (and roll back) one row, so a store that refuses writes fails now."""
    try:
        with corpus.engine.connect() as conn, conn.begin() as transaction:
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('preflight', 'x')"))
            transaction.rollback()
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(
            f"The corpus at {corpus.safe_url} cannot be written: {reason}. "
            "Check the file's and its folder's permissions (or the database user's rights)."
        ) from exc
    check_room(corpus)


def free_bytes(corpus: Corpus) -> int | None:
    """Free space where a SQLite store lives; None for a server (it manages its own)."""
    if corpus.dialect != "sqlite":
        return None
    database = corpus.engine.url.database
    if not database or database == ":memory:":
        return None
    return shutil.disk_usage(Path(database).resolve().parent).free


def check_room(corpus: Corpus) -> None:
    """``StoreError`` when the disk under a SQLite store has less than the minimum free
    (``ONRECORD_MIN_FREE_BYTES``, default 64 MB)."""
    free = free_bytes(corpus)
    need = _min_free()
    if free is not None and free < need:
        raise StoreError(
            f"Only {free / 1e6:,.1f} MB free on the disk of {corpus.safe_url} "
            f"(at least {need / 1e6:,.0f} MB needed); free some space, or set "
            "ONRECORD_MIN_FREE_BYTES to run closer to the limit."
        )


def _min_free() -> int:
    configured = os.environ.get("ONRECORD_MIN_FREE_BYTES", "").strip().replace("_", "")
    if not configured:
        return MIN_FREE_BYTES
    try:
        return int(configured)
    except ValueError:
        from onrecord.errors import SettingError

        raise SettingError(
            f"ONRECORD_MIN_FREE_BYTES must be a whole number of bytes, not {configured!r}"
        ) from None
