"""``onrecord ingest``: records out as JSONL, problems and a summary on stderr."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from onrecord.cli import app
from tests.ingest.ingest_builders import news_page

ONRECORD = Path(sys.executable).with_name("onrecord")
REQUIRED = {
    "id", "origin", "title", "published", "dateline", "agency", "outlet", "language",
    "text", "body", "comments", "removed", "duplicate_of", "attributions",
}  # fmt: skip


def test_ingest_writes_one_record_per_article_and_reports_problems(
    seeds: Path, tmp_path: Path
) -> None:
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "page.html").write_text(news_page())
    (seeds / "lines.jsonl").write_text('{"text": "A short report that the council met."}\n{oops\n')
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["ingest", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 7
    for record in records:
        assert set(record) >= REQUIRED
        for start, end in record["body"]:
            assert 0 <= start < end <= len(record["text"])
    titles = {r["title"] for r in records}
    assert "US Reaffirms Support for Free and Fair Elections in Pakistan" in titles
    assert "Minister defends budget cuts" in titles
    stderr = result.stderr
    assert f"skipped {seeds / 'empty.txt'}: empty file" in stderr
    assert f"skipped {seeds / 'lines.jsonl'} line 2: line 2 is not valid JSON" in stderr
    assert "7 article(s) read" in stderr and "2 input(s) skipped" in stderr


def test_ingest_to_stdout_without_extraction(seeds: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(seeds / "004_d2f6065f111020b8.txt"), "--no-extract", "--out", "-"]
    )
    assert result.exit_code == 0
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["attributions"] == []
    assert [c["author"] for c in record["comments"]] == [
        "Priya S", "Aman W", "Sarah B", "Vikram M", "Karthik V",
    ]  # fmt: skip


def test_exit_code_is_non_zero_only_when_nothing_could_be_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path / "empty.txt"), "--no-extract", "--out", "-"]
    )
    assert result.exit_code == 1
    assert "nothing could be processed" in result.stderr
    (tmp_path / "good.txt").write_text("The council met on Monday and approved the budget.")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--no-extract", "--out", "-"])
    assert result.exit_code == 0


def test_max_bytes_option(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("The council met on Monday. " * 100)
    result = CliRunner().invoke(
        app, ["ingest", str(tmp_path), "--no-extract", "--max-bytes", "100", "--out", "-"]
    )
    assert result.exit_code == 1
    assert "over the size limit of 100 bytes" in result.stderr


def _unique_articles(folder: Path, count: int) -> None:
    """Distinct articles (no two near-duplicates), so each one goes through extraction."""
    folder.mkdir()
    for n in range(count):
        paragraphs = [
            f'"Plan {n} will cut waiting lists in district {n}," Minister Ahmed{n} said '
            f"on day {n}.",
            f"Officials in region {n} said budget {n} would be debated, and critic{n} said "
            f"proposal {n} was unfunded.",
            f"The council of town {n} voted {n} to {n + 1} on Monday, a spokesman for group {n} "
            f"told reporters in city {n}.",
        ]
        (folder / f"story{n:03}.txt").write_text(
            f"Headline for story {n}\n\n" + "\n\n".join(paragraphs)
        )


def test_killed_run_leaves_only_complete_records(tmp_path: Path) -> None:
    """Each record is written whole and flushed: stop the process midway, nothing is torn."""
    inputs = tmp_path / "inputs"
    _unique_articles(inputs, 300)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [str(ONRECORD), "ingest", str(inputs), "--out", str(out), "--batch-size", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be stopped"
    data = out.read_bytes()
    assert data.endswith(b"\n")
    lines = data.decode("utf-8").splitlines()
    assert 5 <= len(lines) < 300
    for number, line in enumerate(lines):
        record = json.loads(line)
        assert record["title"] == f"Headline for story {number}"
