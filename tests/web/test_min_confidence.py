"""``min_confidence``: the same floor on attributions from the CLI (extract, ingest,
statements, timeline, export), the API and the search page."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from onrecord.cli import app

ROOT = Path(__file__).resolve().parents[2]
FLOOR = 0.8


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def confidences(jsonl: str) -> list[float]:
    return [
        a["confidence"] for line in jsonl.splitlines() for a in json.loads(line)["attributions"]
    ]


def test_extract_keeps_only_attributions_that_sure() -> None:
    code, everything = cli("extract", str(ROOT / "examples"))
    code_sure, sure = cli("extract", str(ROOT / "examples"), "--min-confidence", str(FLOOR))
    assert code == code_sure == 0
    assert min(confidences(sure)) >= FLOOR
    assert 0 < len(confidences(sure)) < len(confidences(everything))


def test_ingest_keeps_only_attributions_that_sure(tmp_path: Path) -> None:
    out = tmp_path / "sure.jsonl"
    code, _ = cli("ingest", str(ROOT / "examples"), "--out", str(out), "--workers", "1",
                  "--min-confidence", str(FLOOR))  # fmt: skip
    assert code == 0
    found = confidences(out.read_text())
    assert found and min(found) >= FLOOR


def test_export_and_queries_take_the_floor(seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sure.csv"
    code, _ = cli("export", "--db", str(seed_db), "--format", "csv", "--out", str(out),
                  "--min-confidence", str(FLOOR))  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.open()))
    assert rows and min(float(r["confidence"]) for r in rows) >= FLOOR
    _, every = cli("timeline", "--db", str(seed_db), "--json")
    _, sure = cli("timeline", "--db", str(seed_db), "--json", "--min-confidence", str(FLOOR))
    assert 0 < len(json.loads(sure)) < len(json.loads(every))
    _, every = cli("statements", "--db", str(seed_db), "--json", "--limit", "500")
    _, sure = cli("statements", "--db", str(seed_db), "--json", "--limit", "500",
                  "--min-confidence", str(FLOOR))  # fmt: skip
    assert 0 < len(json.loads(sure)) < len(json.loads(every))


def test_a_floor_outside_zero_to_one_is_refused(seed_db: Path, reader: TestClient) -> None:
    code, _ = cli("statements", "--db", str(seed_db), "--min-confidence", "1.5")
    assert code == 2
    assert reader.get("/api/search", params={"min_confidence": 1.5}).status_code == 422


def test_the_api_and_the_search_page_take_the_floor(reader: TestClient) -> None:
    every = reader.get("/api/search").json()["total"]
    sure = reader.get("/api/search", params={"min_confidence": FLOOR}).json()["total"]
    assert 0 < sure < every
    page = reader.get("/search", params={"min_confidence": "0.7"}).text
    assert '<option value="0.7" selected>' in page
