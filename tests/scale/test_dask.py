"""The Dask engine on a real two-process ``LocalCluster``: the same corpus as one
process, Parquet staged per chunk, a killed worker costs nothing, and a stopped job is
finished by running it again."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from distributed import Client
from sqlalchemy import select
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.model import Article, Problem
from onrecord.run import Summary, ingest_dask
from onrecord.run.cluster import cluster_client
from onrecord.store import open_corpus
from onrecord.store.engine import read_transaction
from onrecord.store.schema import articles
from tests.scale.builders import counts, export, near_copy, store, story
from tests.scale.conftest import Baseline


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """The local cluster ``onrecord ingest --engine dask --workers 2`` starts."""
    with cluster_client(workers=2) as client:
        yield client


def test_local_workers_run_without_the_nannys_malloc_trim(client: Client) -> None:
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536, which made parsing 15-30 % slower
    (docs/scale.md); the local cluster's workers run with glibc's own threshold."""
    found = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert len(found) == 2 and set(found.values()) == {None}
    assert sum(client.nthreads().values()) == 2  # one thread per worker process


def test_dask_builds_the_same_corpus_as_one_process(
    baseline: Baseline, client: Client, tmp_path: Path
) -> None:
    summary = Summary()
    stage = tmp_path / "stage"
    items = list(
        ingest_dask([baseline.inputs], stage=stage, client=client, batch_size=16, summary=summary)
    )
    records = {i.origin.path or "": i.to_json() for i in items if isinstance(i, Article)}
    assert list(records) == list(baseline.records)
    assert records == baseline.records
    assert [(i.where, i.reason) for i in items if isinstance(i, Problem)] == baseline.problems
    assert counts(summary) == baseline.counts
    store(tmp_path / "dask.db", items)
    assert export(tmp_path / "dask.db", tmp_path / "export") == baseline.exported
    # the stage is plain partitioned Parquet
    staged = ds.dataset(stage / "articles", format="parquet").to_table()
    assert staged.num_rows == len(baseline.records)
    assert sorted(staged.column("origin_path").to_pylist()) == sorted(baseline.records)
    attributions = ds.dataset(stage / "attributions", format="parquet").count_rows()
    assert attributions == summary.attributions


def test_a_killed_dask_worker_is_replaced_and_every_article_comes_out_once(
    baseline: Baseline, client: Client, tmp_path: Path
) -> None:
    summary = Summary()
    items = ingest_dask(
        [baseline.inputs], stage=tmp_path / "stage", client=client, batch_size=8, summary=summary
    )
    out: list[Article | Problem] = list(islice(items, 1))
    pids: dict[str, int] = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    out.extend(items)
    articles = [i for i in out if isinstance(i, Article)]
    paths = [a.origin.path for a in articles]
    assert len(paths) == len(set(paths)) == len(baseline.records)
    assert {a.origin.path: a.to_json() for a in articles} == baseline.records
    assert counts(summary) == baseline.counts
    client.wait_for_workers(2, timeout=60)  # the nanny has started a new one
    assert set(client.run(os.getpid).values()) != set(pids.values())


def test_a_stopped_job_completes_on_the_next_run_and_the_stage_is_reused(
    baseline: Baseline, client: Client, tmp_path: Path
) -> None:
    db, stage = tmp_path / "resumed.db", tmp_path / "stage"
    address = str(client.scheduler_info()["address"])
    # the first run stops after 100 items have been stored
    items = ingest_dask([baseline.inputs], stage=stage, client=client, batch_size=16)
    store(db, islice(items, 100))
    items.close()
    command = ["ingest", str(baseline.inputs), "--scheduler", address, "--stage", str(stage)]
    command += ["--batch-size", "16"]
    result = CliRunner().invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "99 already stored" in result.stderr  # the 100 items hold one problem
    assert export(db, tmp_path / "export") == baseline.exported
    # a new store from the same inputs and stage: every part is loaded, none recomputed
    parts = {p: p.stat().st_mtime_ns for p in stage.rglob("*.parquet")}
    again = tmp_path / "again.db"
    result = CliRunner().invoke(app, [*command, "--db", str(again)])
    assert result.exit_code == 0, result.output
    assert {p: p.stat().st_mtime_ns for p in stage.rglob("*.parquet")} == parts
    assert export(again, tmp_path / "export-again") == baseline.exported


def test_a_near_copy_is_linked_to_an_article_of_an_earlier_run(
    client: Client, tmp_path: Path
) -> None:
    """The client checks each chunk against the corpus's stored index: a later job
    finds the near-copies of what an earlier one stored."""
    db = tmp_path / "runs.db"
    address = str(client.scheduler_info()["address"])
    runs = {
        "first": {f"s{n:02}.txt": story(n) for n in range(8)},
        "second": {f"t{n:02}.txt": story(100 + n) for n in range(8)} | {"t08.txt": near_copy(5)},
    }
    for run, texts in runs.items():
        folder = tmp_path / run
        folder.mkdir()
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        command = ["ingest", str(folder), "--scheduler", address, "--stage", str(tmp_path / "s")]
        command += ["--batch-size", "4", "--no-extract", "--db", str(db)]
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    assert "1 duplicate(s) linked" in result.stderr
    corpus = open_corpus(str(db))
    with read_transaction(corpus.engine) as conn:
        rows = conn.execute(select(articles.c.origin_path, articles.c.id, articles.c.duplicate_of))
        found = {Path(path).name: (id_, link) for path, id_, link in rows}
    corpus.close()
    assert found["t08.txt"][1] == found["s05.txt"][0]
    assert sum(1 for _, link in found.values() if link) == 1
