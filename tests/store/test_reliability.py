"""A killed ingest resumes to the same corpus; readers see consistent counts meanwhile."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from corpus_factory import small_article
from sqlalchemy import func, select

from onrecord.store import open_corpus, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.schema import articles, attributions

WORKER = Path(__file__).with_name("ingest_worker.py")
COUNT, BATCH = 1000, 25


def _ingest(db: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), db, str(COUNT), str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_killed_ingest_resumes_to_the_same_export(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    killed_db, clean_db = new_db(), new_db()
    process = _ingest(killed_db)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("batch 15"):  # well into the run, with a batch under way
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL
    partial = open_corpus(killed_db)
    stats = partial.stats()
    assert 0 < stats.articles < COUNT
    assert stats.attributions == 3 * stats.articles  # whole batches only
    partial.close()

    rerun = _ingest(killed_db)
    out, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, out
    added, skipped = (int(x) for x in out.strip().splitlines()[-1].split()[1:])
    assert added == COUNT - stats.articles and skipped == stats.articles

    clean = _ingest(clean_db)
    assert clean.wait(timeout=300) == 0
    for table in ("attributions", "statements", "people"):
        exported: list[bytes] = []
        for db in (killed_db, clean_db):
            corpus = open_corpus(db)
            target = tmp_path / f"{table}-{len(exported)}.jsonl"
            corpus.export(target, "jsonl", table)
            exported.append(target.read_bytes())
            corpus.close()
        assert exported[0] == exported[1], table


def test_reader_during_ingest_sees_consistent_counts(new_db: Callable[[], str]) -> None:
    db = new_db()
    writer = open_corpus(db)
    reader = open_corpus(db)
    seen: list[tuple[int, int, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            with read_transaction(reader.engine) as conn:
                n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
                n_attributions = conn.execute(
                    select(func.count()).select_from(attributions)
                ).scalar_one()
                orphans = conn.execute(
                    select(func.count())
                    .select_from(attributions)
                    .where(attributions.c.article_id.not_in(select(articles.c.id)))
                ).scalar_one()
            seen.append((n_articles, n_attributions, orphans))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        store_articles(writer, (small_article(n) for n in range(COUNT)), batch_size=BATCH)
    finally:
        stop.set()
        thread.join()
    assert len({n for n, _, _ in seen}) > 2, "the reader should have seen the ingest progress"
    for n_articles, n_attributions, orphans in seen:
        assert n_attributions == 3 * n_articles and orphans == 0
        assert n_articles % BATCH == 0  # a batch is all or nothing
    assert writer.stats().articles == COUNT
    writer.close()
    reader.close()
