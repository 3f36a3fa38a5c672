"""``onrecord stance --db``: a corpus stored without stances (as before every extraction
read one) gets the stances extraction gives, from its stored text, on both stores."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.model import Article
from onrecord.store import Corpus, open_corpus, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.schema import attributions
from onrecord.store.stances import fill_stances
from onrecord.store.write import DATA_VERSION, LINKED_VERSION, get_meta

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    out = tmp_path_factory.mktemp("stances") / "examples.jsonl"
    args = ["ingest", str(EXAMPLES), "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [Article.from_json(json.loads(line)) for line in out.open()]


def _without_stances(articles: list[Article]) -> list[Article]:
    bare = copy.deepcopy(articles)
    for article in bare:
        for a in article.attributions:
            a.stance = a.stance_confidence = None
    return bare


def _stored(corpus: Corpus) -> dict[str, tuple[int | None, float | None]]:
    with read_transaction(corpus.engine) as conn:
        query = select(attributions.c.id, attributions.c.stance, attributions.c.stance_confidence)
        return {i: (s, c) for i, s, c in conn.execute(query)}


def _versions(corpus: Corpus) -> tuple[str, str]:
    with read_transaction(corpus.engine) as conn:
        return get_meta(conn, DATA_VERSION), get_meta(conn, LINKED_VERSION, "-1")


def test_a_corpus_without_stances_gets_those_extraction_gives(
    extracted: list[Article], new_db: Callable[[], str]
) -> None:
    want = {
        f"{article.id}:{seq}": (a.stance, a.stance_confidence)
        for article in extracted
        for seq, a in enumerate(article.attributions)
    }
    read = sum(1 for s, _ in want.values() if s is not None)
    assert read >= 10  # the examples' statements mostly have their main target in their words
    corpus = open_corpus(new_db())
    try:
        store_articles(corpus, _without_stances(extracted), batch_size=2)
        assert all(s is None for s, _ in _stored(corpus).values())
        data_before, linked_before = _versions(corpus)
        assert data_before == linked_before  # linked, nothing pending

        seen: list[int] = []
        done = corpus.read_stances(on_batch=lambda d: seen.append(d.seen))
        assert done.read == done.changed == read
        assert seen and seen[-1] == done.seen  # progress is reported after each batch
        assert _stored(corpus) == want
        data_after, linked_after = _versions(corpus)
        # Pages see a new corpus version; the links stay current (nothing to relink).
        assert data_after != data_before and data_after == linked_after

        again = corpus.read_stances()
        assert (again.read, again.changed) == (0, 0)  # only missing ones are read
        same = corpus.read_stances(every=True)
        assert (same.read, same.changed) == (read, 0)
        assert _versions(corpus) == (data_after, linked_after)
    finally:
        corpus.close()


def test_batches_commit_on_their_own_and_a_second_run_finishes(
    extracted: list[Article], new_db: Callable[[], str]
) -> None:
    db = new_db()
    corpus = open_corpus(db)
    try:
        store_articles(corpus, _without_stances(extracted))

        class Stop(Exception):
            pass

        def stop_after_first(_: object) -> None:
            raise Stop

        with pytest.raises(Stop):
            fill_stances(corpus.engine, on_batch=stop_after_first, batch=5)
        kept = sum(1 for s, _ in _stored(corpus).values() if s is not None)
        assert 0 < kept <= 5
    finally:
        corpus.close()
    result = CliRunner().invoke(app, ["stance", "--db", db])
    assert result.exit_code == 0, result.output
    assert "stance(s) stored" in result.stderr
    corpus = open_corpus(db)
    try:
        total = sum(
            1 for article in extracted for a in article.attributions if a.stance is not None
        )
        assert sum(1 for s, _ in _stored(corpus).values() if s is not None) == total
        encoder = corpus.read_stances("encoder", every=True)
        assert encoder.read == total
        assert all(s in (-1, 0, 1) for s, _ in _stored(corpus).values() if s is not None)
    finally:
        corpus.close()
