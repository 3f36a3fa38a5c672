"""Near-duplicates found against the corpus's stored index: across separate runs of
``onrecord ingest`` on every engine, with nothing held per article in the ingesting
process, and consistent with the articles after a killed run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from tests.scale.builders import export, near_copy, story, write_stories
from typer.testing import CliRunner

import onrecord
from onrecord.clean import article_from_text
from onrecord.cli import app
from onrecord.ingest import read_inputs
from onrecord.model import Article, Origin
from onrecord.run import Summary
from onrecord.run.pool import CHUNK, WorkerPool
from onrecord.store import AddStats, open_corpus, store_articles
from onrecord.store.dedupstore import StoredDuplicateIndex
from onrecord.store.engine import read_transaction, write_transaction
from onrecord.store.schema import articles, dedup_bands, dedup_signatures, inputs

STORY = " ".join(
    f"Farmers blocked road {n} around Brussels on Tuesday demanding that the government "
    "scrap a planned increase in diesel tax."
    for n in range(12)
)
OTHER = " ".join(
    f"The city council voted on plan {n} to allow taller buildings near stations."
    for n in range(12)
)


def folder(root: Path, texts: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def stored(url: str) -> dict[str, tuple[str, str | None]]:
    """Each stored article by the file it came from: its id and ``duplicate_of``."""
    corpus = open_corpus(url)
    try:
        with read_transaction(corpus.engine) as conn:
            rows = conn.execute(
                select(articles.c.origin_path, articles.c.id, articles.c.duplicate_of)
            ).all()
        return {Path(path).name: (id_, link) for path, id_, link in rows}
    finally:
        corpus.close()


def indexed(url: str) -> tuple[set[str], set[str]]:
    """The ids in the stored index, and the canonical stored articles."""
    corpus = open_corpus(url)
    try:
        with read_transaction(corpus.engine) as conn:
            index = set(conn.execute(select(dedup_signatures.c.article_id)).scalars())
            canonical = set(
                conn.execute(
                    select(articles.c.id).where(articles.c.duplicate_of.is_(None))
                ).scalars()
            )
        return index, canonical
    finally:
        corpus.close()


def article(name: str, text: str) -> Article:
    return article_from_text(text, Origin(path=name))


def test_a_body_is_in_the_index_once_its_article_is_stored(new_db: Callable[[], str]) -> None:
    url = new_db()
    first = open_corpus(url)
    original = article("story.txt", STORY)
    assert first.duplicates.check(original.id, STORY) is None
    # found canonical, but not stored yet: no other run may see it
    assert original.id not in StoredDuplicateIndex(first.engine)
    first.add([original])
    assert first.duplicates.held() == 0
    first.close()
    second = open_corpus(url)  # another run, as another machine would: a new engine
    index = second.duplicates
    copy = STORY.replace("Tuesday", "Wednesday", 1) + " Reporting by a wire service."
    assert index.check(article("copy.txt", copy).id, copy) == original.id
    assert index.check(original.id, STORY) == original.id  # the same body: an exact copy
    other = article("other.txt", OTHER)
    assert index.check(other.id, OTHER) is None
    assert index.held() == 1 and len(index) == 2
    second.close()


def test_articles_stored_without_an_ingest_are_indexed(new_db: Callable[[], str]) -> None:
    """``Corpus.add`` (and ``onrecord load``) of articles deduplicated elsewhere: the
    canonical ones go into the index, signed as they are written."""
    url = new_db()
    corpus = open_corpus(url)
    original = article("a.txt", story(1))
    copy = article("b.txt", near_copy(1))
    copy.duplicate_of = original.id
    corpus.add([original, copy], link=False)
    assert indexed(url) == ({original.id}, {original.id})
    fresh = StoredDuplicateIndex(corpus.engine)
    assert fresh.check(article("c.txt", near_copy(1)).id, near_copy(1)) == original.id
    corpus.close()


ENGINES = {"one process": ["--workers", "1"], "pool": ["--workers", "2"], "default": []}


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_near_copy_in_a_second_ingest_is_linked_to_the_first_runs_article(
    new_db: Callable[[], str], tmp_path: Path, engine: str
) -> None:
    url = new_db()
    command = ["--db", url, "--no-extract", "--batch-size", "4", *ENGINES[engine]]
    first = folder(tmp_path / "first", {f"s{n:02}.txt": story(n) for n in range(10)})
    result = CliRunner().invoke(app, ["ingest", str(first), *command])
    assert result.exit_code == 0, result.output
    # more inputs than a batch, so "--workers 2" and the default start a pool
    later = {f"t{n:02}.txt": story(100 + n) for n in range(10)}
    later |= {"t10.txt": near_copy(3), "t11.txt": story(4), "t12.txt": near_copy(103)}
    second = folder(tmp_path / "second", later)
    result = CliRunner().invoke(app, ["ingest", str(second), *command])
    assert result.exit_code == 0, result.output
    assert "3 duplicate(s) linked" in result.stderr
    found = stored(url)
    assert found["t10.txt"][1] == found["s03.txt"][0]  # the first run's article
    assert found["t12.txt"][1] == found["t03.txt"][0]  # this run's, as before
    assert "t11.txt" not in found  # an exact copy: its input is recorded against s04
    assert found["s04.txt"][1] is None and found["t03.txt"][1] is None
    index, canonical = indexed(url)
    assert index == canonical and len(index) == 10 + 10


def test_the_ingesting_process_holds_only_the_articles_in_flight(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    """The pool checks against the stored index, and holds a body only between its
    deduplication and the commit of its batch: at most the chunks in flight and one
    batch, however many articles go by."""
    url = new_db()
    inputs_folder = write_stories(tmp_path / "stories", 300)
    corpus = open_corpus(url)
    held: list[int] = []

    def on_batch(_: AddStats) -> None:
        held.append(corpus.duplicates.held())

    with WorkerPool(2, extract=False, batch_size=8) as pool:
        items = pool.run(read_inputs([inputs_folder]), Summary(), index=corpus.duplicates)
        stats = store_articles(corpus, items, 8, on_batch)
        assert pool.index is corpus.duplicates
    assert stats.articles_added > 250 and len(held) > 30
    assert max(held) <= pool.in_flight * CHUNK + 8
    assert corpus.duplicates.held() == 0
    corpus.close()
    index, canonical = indexed(url)
    assert index == canonical and len(index) == stats.articles_added


def _this_onrecord() -> dict[str, str]:
    """The environment for a command running the onrecord these tests import."""
    here = str(Path(onrecord.__file__).parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([here, os.environ.get("PYTHONPATH", "")])}


def _count_inputs(url: str) -> int:
    corpus = open_corpus(url)
    try:
        with read_transaction(corpus.engine) as conn:
            return int(conn.execute(select(func.count()).select_from(inputs)).scalar_one())
    finally:
        corpus.close()


def test_a_killed_ingest_leaves_the_index_with_its_articles_and_a_rerun_gives_the_same_corpus(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    """Bodies are indexed in the transaction that stores their articles: a run killed
    between batches leaves no body of an article it did not store (which the next run
    would take for an exact copy of itself, never storing it), and running the same
    command again gives the corpus of a run never stopped."""
    stories = write_stories(tmp_path / "stories", 900)
    for n in range(30, 900, 30):  # near-copies of stories well before them
        (stories / f"story{n:05}.txt").write_text(near_copy(n - 17), encoding="utf-8")
    whole, killed = new_db(), new_db()
    command = ["ingest", str(stories), "--no-extract", "--workers", "1", "--batch-size", "8"]
    result = CliRunner().invoke(app, [*command, "--db", whole])
    assert result.exit_code == 0, result.output
    process = subprocess.Popen(
        [sys.executable, "-m", "onrecord", *command, "--db", killed],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_this_onrecord(),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _count_inputs(killed) < 200:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the run ended before it was killed"
    done = _count_inputs(killed)
    assert 200 <= done < 900
    index, canonical = indexed(killed)
    assert index == canonical
    result = CliRunner().invoke(app, [*command, "--db", killed])
    assert result.exit_code == 0, result.output
    assert f"{done} already stored" in result.stderr
    assert indexed(killed) == indexed(whole)
    links = [link for _, link in stored(whole).values() if link]
    assert len(links) > 20  # near-copies (others are exact: not stored twice)
    assert export(killed, tmp_path / "killed") == export(whole, tmp_path / "whole")


def test_a_corpus_stored_before_the_index_was_kept_is_indexed_on_the_next_ingest(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    url = new_db()
    command = ["--db", url, "--no-extract", "--workers", "1"]
    first = folder(tmp_path / "first", {f"s{n:02}.txt": story(n) for n in range(6)})
    assert CliRunner().invoke(app, ["ingest", str(first), *command]).exit_code == 0
    corpus = open_corpus(url)
    with write_transaction(corpus.engine) as conn:  # as an earlier version left it
        conn.execute(delete(dedup_bands))
        conn.execute(delete(dedup_signatures))
    corpus.close()
    second = folder(tmp_path / "second", {"t00.txt": near_copy(2), "t01.txt": story(50)})
    result = CliRunner().invoke(app, ["ingest", str(second), *command])
    assert result.exit_code == 0, result.output
    found = stored(url)
    assert found["t00.txt"][1] == found["s02.txt"][0]
    index, canonical = indexed(url)
    assert index == canonical and len(index) == 7
