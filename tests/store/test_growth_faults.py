"""A growing corpus under faults: near-duplicates seen across runs, and a relink killed
half-way leaves the links it found."""

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
from onrecord.store.dedupstore import StoredDuplicateIndex

WORKER = Path(__file__).with_name("relink_worker.py")
STORY = " ".join(
    f"Farmers blocked road {n} around Brussels on Tuesday demanding that the government "
    "scrap a planned increase in diesel tax."
    for n in range(12)
)
OTHER = " ".join(
    f"The city council voted on plan {n} to allow taller buildings near stations."
    for n in range(12)
)


def test_near_duplicates_are_found_across_two_runs(new_db: Callable[[], str]) -> None:
    url = new_db()
    first = open_corpus(url)
    assert StoredDuplicateIndex(first.engine).check("story", STORY) is None
    first.close()
    second = open_corpus(url)  # another run, as another machine would: a new engine
    index = StoredDuplicateIndex(second.engine)
    copy = STORY.replace("Tuesday", "Wednesday", 1) + " Reporting by a wire service."
    assert index.check("copy", copy) == "story"
    assert index.check("story", STORY) == "story"  # the same body: an exact copy
    assert index.check("other", OTHER) is None
    assert len(index) == 2 and "other" in index and "copy" not in index
    second.close()


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
