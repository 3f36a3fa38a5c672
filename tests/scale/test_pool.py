"""The process pool (``onrecord ingest --workers N``): same corpus as one process, a
killed worker costs nothing, and a stopped job is finished by running it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from itertools import islice
from pathlib import Path

import psutil
import psycopg
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.ingest import read_inputs
from onrecord.model import Article, Problem
from onrecord.run import Summary, ingest_parallel
from onrecord.run.pool import WorkerPool
from tests.scale.builders import counts, export, store
from tests.scale.conftest import Baseline

ONRECORD = Path(sys.executable).with_name("onrecord")


def test_two_workers_build_the_same_corpus_as_one(baseline: Baseline, tmp_path: Path) -> None:
    """Same records, in input order, so JSONL output and the duplicate links are the
    same whatever the timing of the workers; the same corpus, byte for byte."""
    summary = Summary()
    items = list(ingest_parallel([baseline.inputs], workers=2, batch_size=8, summary=summary))
    records = {i.origin.path or "": i.to_json() for i in items if isinstance(i, Article)}
    assert list(records) == list(baseline.records)
    assert records == baseline.records
    assert [(i.where, i.reason) for i in items if isinstance(i, Problem)] == baseline.problems
    assert counts(summary) == baseline.counts
    store(tmp_path / "two.db", items)
    assert export(tmp_path / "two.db", tmp_path / "export") == baseline.exported


def test_a_killed_worker_is_replaced_and_every_article_comes_out_once(
    baseline: Baseline,
) -> None:
    summary = Summary()
    with WorkerPool(2, batch_size=8) as pool:
        items = pool.run(read_inputs([baseline.inputs]), summary)
        out = list(islice(items, 1))
        victim = pool.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        out.extend(items)
        assert pool.restarts >= 1
    articles = [i for i in out if isinstance(i, Article)]
    paths = [a.origin.path for a in articles]
    assert len(paths) == len(set(paths)) == len(baseline.records)
    assert {a.origin.path: a.to_json() for a in articles} == baseline.records
    assert counts(summary) == baseline.counts


def test_workers_exit_when_the_command_is_killed(baseline: Baseline, tmp_path: Path) -> None:
    """A worker holds its task queue open itself, so it would wait for ever once the
    command is gone; it watches the command's process instead, and exits."""
    command = [str(ONRECORD), "ingest", str(baseline.inputs), "--db", str(tmp_path / "k.db")]
    process = subprocess.Popen(
        [*command, "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2:
        # forkserver workers are the command's grandchildren
        workers = [p for p in parent.children(recursive=True) if p.ppid() != process.pid]
        time.sleep(0.2)
    assert len(workers) == 2, "the pool did not start"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.2)
    assert not any(_running(w) for w in workers)


def _running(process: psutil.Process) -> bool:
    """Alive and not a zombie (a worker whose parent is gone may wait to be reaped)."""
    try:
        return bool(process.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def test_a_stopped_job_completes_on_the_next_run_without_extracting_twice(
    baseline: Baseline, tmp_path: Path
) -> None:
    db = tmp_path / "resumed.db"
    first = Summary()
    # the first run stops after 100 items have been stored
    store(db, islice(ingest_parallel([baseline.inputs], workers=2, summary=first), 100))
    result = CliRunner().invoke(
        app, ["ingest", str(baseline.inputs), "--db", str(db), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    stored_first = 100 - sum(1 for p in baseline.problems[:1])  # empty.txt sorts first
    assert f"{stored_first} already stored" in result.stderr
    # only what the first run had not stored was parsed
    extracted = baseline.counts[2]
    canonical_in_first = sum(
        1
        for path, record in islice(baseline.records.items(), stored_first)
        if record["duplicate_of"] is None
    )
    assert f"in {extracted - canonical_in_first} article(s)" in result.stderr
    assert export(db, tmp_path / "export") == baseline.exported


def test_two_workers_into_postgresql_build_the_same_corpus_as_one(
    baseline: Baseline, pg_server: str, tmp_path: Path
) -> None:
    """The pool's batches go into PostgreSQL as into SQLite: same corpus as one process."""
    names = [f"t_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        one, two = (f"{pg_server}/{name}" for name in names)
        store(one, ingest_parallel([baseline.inputs], workers=1, batch_size=16))
        result = CliRunner().invoke(
            app, ["ingest", str(baseline.inputs), "--db", two, "--workers", "2"]
        )
        assert result.exit_code == 0, result.output
        exported = export(two, tmp_path / "two")
        assert exported == export(one, tmp_path / "one")
        assert exported["attributions"].count(b"\n") > 100
    finally:
        with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
