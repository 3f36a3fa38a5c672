"""The five example articles give the same bytes as the last release: the JSONL of
``extract`` and ``ingest --out`` and every table ``export`` writes, as CSV and JSONL.

A change that alters them on purpose (a better extractor, say) regenerates the files in
``tests/golden/`` with ``ONRECORD_UPDATE_GOLDEN=1 pytest tests/test_golden_examples.py``
and says why in the CHANGELOG; a refactoring never does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
TABLES = ("attributions", "statements", "people", "articles", "mentions")
UPDATE = os.environ.get("ONRECORD_UPDATE_GOLDEN") == "1"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    here = Path.cwd()
    os.chdir(ROOT)  # articles record the path they were read from: "examples/…"
    try:
        (out / "extract.jsonl").write_text(run("extract", "examples", "--format", "jsonl"))
        run("ingest", "examples", "--out", str(out / "ingest.jsonl"), "--workers", "1")
        db = str(out / "examples.db")
        run("ingest", "examples", "--db", db, "--workers", "1")
    finally:
        os.chdir(here)
    for table in TABLES:
        for fmt in ("jsonl", "csv"):
            run("export", "--db", db, "--table", table, "--format", fmt,
                "--out", str(out / f"{table}.{fmt}"))  # fmt: skip
    return out


NAMES = ["extract.jsonl", "ingest.jsonl"] + [f"{t}.{f}" for t in TABLES for f in ("jsonl", "csv")]


@pytest.mark.parametrize("name", NAMES)
def test_same_bytes_as_the_golden_file(produced: Path, name: str) -> None:
    made = (produced / name).read_bytes()
    if UPDATE:
        (GOLDEN / name).write_bytes(made)
    assert made == (GOLDEN / name).read_bytes(), f"{name} differs from tests/golden/{name}"
