"""A command imports what it uses: a correction or a search on an up-to-date corpus never
loads the HTML reader, Alembic, datasketch, scipy, spaCy or numpy, which together took
more than a second of every command's start (numpy alone, through the near-duplicate
index, ~0.08 s of a correction's)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_factory import MILLER_1, MILLER_2

from onrecord.errors import StoreError
from onrecord.store import open_corpus

HEAVY = ("trafilatura", "htmldate", "alembic", "datasketch", "scipy", "spacy", "numpy")


def _loaded_after(script: str) -> dict[str, bool]:
    """Which heavy modules a fresh interpreter holds after running ``script``."""
    probe = (
        f"{script}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_command_line_loads_nothing_heavy() -> None:
    assert _loaded_after("import onrecord.cli") == dict.fromkeys(HEAVY, False)


def test_a_correction_from_the_command_line_loads_nothing_heavy(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    corpus = open_corpus(str(db))  # created and migrated here, in the test's process
    corpus.add([MILLER_1, MILLER_2])
    corpus.close()
    run = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from onrecord.cli import app\n"
        f"args = ['people', 'rename', 'Matthew Miller', 'Matt Miller', '--db', {str(db)!r}]\n"
        "result = CliRunner().invoke(app, args)\n"
        "assert result.exit_code == 0, result.output\n"
    )
    assert _loaded_after(run) == dict.fromkeys(HEAVY, False)
    reopened = open_corpus(str(db))
    assert "Matt Miller" in {p.name for p in reopened.people()}
    reopened.close()


def test_a_corpus_not_at_the_newest_revision_goes_through_alembic(tmp_path: Path) -> None:
    # Alembic is skipped only when the stored revision is the newest: any other is
    # checked by it (here, one from a newer onrecord, which must not be opened).
    db = tmp_path / "newer.db"
    open_corpus(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(StoreError, match="written by a newer version"):
        open_corpus(str(db))
