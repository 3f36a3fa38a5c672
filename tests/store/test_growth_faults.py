"""A growing corpus under faults: a relink killed half-way leaves the links it found.
Near-duplicates across runs and a killed ingest: ``test_dedup_store.py``."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polnear_replay
import pytest
from test_incremental import snapshot

from onrecord.store import open_corpus, store_articles

WORKER = Path(__file__).with_name("relink_worker.py")


@pytest.mark.skipif(not polnear_replay.available(), reason="no PolNeAR data")
def test_a_killed_relink_leaves_a_consistent_corpus(new_db: Callable[[], str]) -> None:
    url = new_db()
    corpus = open_corpus(url)
    store_articles(corpus, (polnear_replay.replayed(n) for n in range(300)))
    corpus.correct("merge", "Donald Trump", {"other": "Mr. Trump"})  # "Trump" names several
    before = snapshot(corpus)
    corpus.close()
    process = subprocess.Popen(
        [sys.executable, str(WORKER), url], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "start"
    time.sleep(1.0)  # well into the relink, which takes several seconds here
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    again = open_corpus(url)
    assert snapshot(again) == before  # the relink's transaction never happened
    assert again.ensure_linked() is None  # and the corpus does not think it is stale
    again.link()
    assert snapshot(again) == before
    again.close()
