"""Storing articles: idempotence, problems, inputs, migrations, round trips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from corpus_factory import HAND_ARTICLES, MILLER_1, SENATOR_2025, make_article, small_article
from sqlalchemy import text

from onrecord.model import Problem, Span
from onrecord.store import Corpus, input_id_for, open_corpus, resolve_url, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.migrate import HEAD, current_revisions, head_revisions, stored_revisions
from onrecord.store.schema import metadata


def test_migrations_build_exactly_the_schema(corpus: Corpus) -> None:
    assert current_revisions(corpus.engine) == head_revisions()
    with read_transaction(corpus.engine) as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _: kind != "table" or name in metadata.tables},
        )
        assert compare_metadata(context, metadata) == []


def test_reopening_does_not_migrate_again(new_db: Callable[[], str]) -> None:
    url = new_db()
    open_corpus(url).close()
    again = open_corpus(url)
    assert current_revisions(again.engine) == head_revisions()
    again.close()


def test_the_head_read_without_alembic_is_alembics(new_db: Callable[[], str]) -> None:
    # Opening checks the stored revision against HEAD without importing Alembic; a new
    # migration must move HEAD, or every corpus would open through Alembic again.
    assert head_revisions() == {HEAD}
    url = new_db()
    opened = open_corpus(url)
    assert stored_revisions(opened.engine) == current_revisions(opened.engine) == {HEAD}
    opened.close()


def test_reingest_changes_nothing(corpus: Corpus, tmp_path: Path) -> None:
    first = corpus.add(HAND_ARTICLES)
    assert first.articles_added == len(HAND_ARTICLES)
    corpus.export(tmp_path / "one.jsonl", "jsonl")
    corpus.export(tmp_path / "s1.jsonl", "jsonl", "statements")
    stats = corpus.stats()
    again = corpus.add(HAND_ARTICLES)
    assert (again.articles_added, again.attributions_added) == (0, 0)
    assert again.already_done == len(HAND_ARTICLES)
    assert again.link is None  # nothing changed, nothing to re-link
    corpus.export(tmp_path / "two.jsonl", "jsonl")
    corpus.export(tmp_path / "s2.jsonl", "jsonl", "statements")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "s1.jsonl").read_bytes() == (tmp_path / "s2.jsonl").read_bytes()
    after = corpus.stats()
    assert after.size_bytes and stats.size_bytes  # measured on both databases
    after.size_bytes = stats.size_bytes = None  # pages may move; the content may not
    assert after == stats


def test_same_article_from_another_input_is_a_duplicate(corpus: Corpus) -> None:
    copy = make_article(MILLER_1.text, [], "2024-03-20", "Reuters", path="mirror/copy.txt")
    stats = corpus.add([MILLER_1, copy])
    assert (stats.articles_added, stats.duplicates) == (1, 1)
    assert corpus.stats().inputs_done == 2


def test_more_articles_add_to_the_corpus(corpus: Corpus) -> None:
    corpus.add(HAND_ARTICLES)
    stats = corpus.add([SENATOR_2025])
    assert stats.articles_added == 1 and stats.link is not None
    assert corpus.stats().articles == len(HAND_ARTICLES) + 1


def test_problems_are_recorded_once(corpus: Corpus) -> None:
    bad = Problem("inbox/broken.html", "not valid UTF-8")
    stats = store_articles(corpus, [MILLER_1, bad, bad], batch_size=2)
    assert stats.articles_added == 1 and stats.problems_added == 1
    store_articles(corpus, [bad])
    assert corpus.problems() == [bad]


def test_attribution_outside_the_text_is_a_problem_not_a_row(corpus: Corpus) -> None:
    article = small_article(1)
    article.attributions[0].content = [Span(0, len(article.text) + 5)]
    corpus.add([article])
    assert corpus.stats().attributions == 2
    assert [p.reason for p in corpus.problems()] == ["attribution spans outside text"]


def test_article_round_trips(corpus: Corpus) -> None:
    corpus.add([MILLER_1])
    stored = corpus.article(MILLER_1.id)
    assert stored is not None
    assert stored.to_json() == MILLER_1.to_json()
    assert corpus.article("no-such-id") is None


def test_resumable_inputs(corpus: Corpus) -> None:
    corpus.add([small_article(n) for n in range(5)])
    assert corpus.is_done(small_article(3)) and not corpus.is_done(small_article(7))
    stored = corpus.stored_inputs()
    # an input's identity is its origin and its content (onrecord.store.input_id_for)
    assert input_id_for(small_article(4)) in stored
    assert input_id_for(small_article(9)) not in stored
    assert "stream/00004.txt" not in stored  # a name alone is not an identity


def test_sqlite_is_in_wal_mode(tmp_path: Path) -> None:
    corpus = open_corpus(str(tmp_path / "c.db"))
    with corpus.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    corpus.close()


def test_default_location(monkeypatch: object, tmp_path: Path) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.chdir(tmp_path)
    mp.delenv("ONRECORD_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'onrecord.db'}"
    mp.setenv("ONRECORD_DB", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    mp.undo()
