"""The corpus version as readers see it: kept while nothing is committed, read again as
soon as anything is, by this process or another, on any thread (``store.changes``)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from onrecord.store import open_corpus
from onrecord.store.changes import ChangeWatch


def _commit_elsewhere(db: Path, key: str, value: str) -> None:
    """Sets a meta value from another process, as ``onrecord ingest`` would."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', sys.argv[2:4])\n"
        "c.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db), key, value], check=True)


def test_the_version_follows_commits_of_another_process(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    corpus = open_corpus(str(db))
    try:
        before = corpus.version()
        assert corpus.version() == before
        _commit_elsewhere(db, "data_version", "41")
        after = corpus.version()
        assert after != before and after.startswith("41.")
        seen_by_another_thread: list[str] = []
        reader = threading.Thread(target=lambda: seen_by_another_thread.append(corpus.version()))
        reader.start()
        reader.join()
        assert seen_by_another_thread == [after]
        _commit_elsewhere(db, "linked_version", "7")
        assert corpus.version() == "41.7"
    finally:
        corpus.close()


def test_the_version_is_read_again_only_after_a_commit(tmp_path: Path) -> None:
    db = tmp_path / "watched.db"
    with sqlite3.connect(db, isolation_level=None) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        setup.execute("INSERT INTO meta VALUES ('data_version', '1')")
    reads: list[str] = []

    def read_version() -> str:
        with sqlite3.connect(db) as conn:
            (value,) = conn.execute("SELECT value FROM meta").fetchone()
        reads.append(value)
        return str(value)

    watch = ChangeWatch(str(db), read_version)
    assert [watch.version() for _ in range(5)] == ["1"] * 5
    assert reads == ["1"]
    _commit_elsewhere(db, "data_version", "2")
    assert [watch.version() for _ in range(3)] == ["2"] * 3
    assert reads == ["1", "2"]
