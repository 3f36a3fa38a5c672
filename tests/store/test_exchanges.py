"""Exchanges in the corpus: a Foreign Office rejection linked to the US remarks it
rejects, across two articles, by the real pipeline; analysts' verdicts on the links."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.run import ingest
from onrecord.store import Corpus, CorrectionError, ExchangeView, store_articles

US_CALL = {
    "id": "us-call",
    "url": "https://wire.example/us-call",
    "outlet": "Wire",
    "published": "2024-02-09",
    "title": "US urges Pakistan to investigate election claims",
    "text": (
        "WASHINGTON (Wire) - The United States on Friday urged Pakistan to look into claims "
        "of interference in its February 8 elections.\n\nState Department spokesman Matthew "
        "Miller said claims of interference and fraud in Pakistan's elections should be fully "
        'investigated.\n\n"We urge Pakistan to respect the right of its people to free and '
        'fair elections," Miller told reporters in Washington.'
    ),
}
FO_REPLY = {
    "id": "fo-reply",
    "url": "https://dawn.example/fo-reply",
    "outlet": "Dawn",
    "published": "2024-02-11",
    "title": "FO rejects US remarks",
    "text": (
        "ISLAMABAD - Pakistan on Sunday rejected remarks from Washington about its elections."
        "\n\nPakistan Foreign Office spokesperson Mumtaz Zahra Baloch rejected the US remarks "
        "on the elections, saying the claims of interference and fraud were baseless and an "
        "interference in Pakistan's internal affairs.\n\nThe spokesperson said Pakistan would "
        "not accept lectures on its elections."
    ),
}


@pytest.fixture
def two_articles(corpus: Corpus, tmp_path: Path) -> Path:
    path = tmp_path / "exchange.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (US_CALL, FO_REPLY)), "utf-8")
    store_articles(corpus, ingest([str(path)]))
    return path


def _statement(corpus: Corpus, speaker: str, words: str) -> str:
    from onrecord.store import Filters

    found = [s for s in corpus.search_statements(Filters(speaker=speaker)) if words in s.words]
    assert len(found) == 1, [s.words for s in corpus.search_statements(Filters(speaker=speaker))]
    return found[0].id


def _pairs(views: list[ExchangeView] | None) -> set[tuple[str, str, str]]:
    assert views is not None
    return {(v.later.id, v.earlier.id, v.relation) for v in views}


def test_a_rejection_is_linked_to_the_remarks_it_rejects(
    corpus: Corpus, two_articles: Path
) -> None:
    baseless = _statement(corpus, "Mumtaz Zahra Baloch", "baseless")
    remarks = _statement(corpus, "Matthew Miller", "fully investigated")
    views = corpus.exchanges(baseless)
    assert views is not None
    assert (baseless, remarks, "rejects") in _pairs(views)
    found = next(v for v in views if v.earlier.id == remarks)
    # The evidence: what they share (names and countries aside), how the later one names
    # the earlier speaker (the country the State Department speaks for), the date order.
    assert {"claims", "fraud"} <= set(found.shared_words)
    assert "pakistan" not in found.shared_words
    assert (found.named, found.order) == ("United States", "later")
    assert (found.later.date, found.earlier.date) == ("2024-02-11", "2024-02-09")
    # Seen from the remarks, the same link: answered by the rejection.
    assert (baseless, remarks, "rejects") in _pairs(corpus.exchanges(remarks))


def test_a_statement_sharing_only_a_country_and_a_word_answers_no_one(
    corpus: Corpus, two_articles: Path
) -> None:
    lectures = _statement(corpus, "Mumtaz Zahra Baloch", "lectures")
    remarks = _statement(corpus, "Matthew Miller", "fully investigated")
    assert all(remarks not in (v.later.id, v.earlier.id) for v in corpus.exchanges(lectures) or [])
    # Miller's own two statements: one speaker, one article, so no "repeats" either.
    urge = _statement(corpus, "Matthew Miller", "free and fair")
    assert all(urge not in (v.later.id, v.earlier.id) for v in corpus.exchanges(remarks) or [])
    assert corpus.exchanges("S000000000000") is None


def test_verdicts_remove_and_confirm_links_and_survive_reingest_and_relink(
    corpus: Corpus, two_articles: Path
) -> None:
    baseless = _statement(corpus, "Mumtaz Zahra Baloch", "baseless")
    lectures = _statement(corpus, "Mumtaz Zahra Baloch", "lectures")
    remarks = _statement(corpus, "Matthew Miller", "fully investigated")
    corpus.correct("exchange", baseless, {"earlier": remarks, "verdict": "remove"}, by="ana")
    corpus.correct(
        "exchange", lectures, {"earlier": remarks, "verdict": "confirm", "relation": "rejects"}
    )
    stored = corpus.corrections()[-1]
    assert stored.action == "exchange" and stored.status == "applied"
    assert stored.subject.endswith(tuple(f":{n}" for n in range(9)))  # an attribution id

    def check() -> None:
        assert (baseless, remarks, "rejects") not in _pairs(corpus.exchanges(baseless))
        views = corpus.exchanges(remarks)
        confirmed = [v for v in views or [] if v.later.id == lectures]
        assert [(v.relation, v.verdict) for v in confirmed] == [("rejects", "confirmed")]

    check()
    store_articles(corpus, ingest([str(two_articles)]))  # the same files again
    check()
    corpus.link()  # the full recomputation
    check()
    removal = next(c for c in corpus.corrections() if c.argument.get("verdict") == "remove")
    corpus.undo(removal.pk)
    assert (baseless, remarks, "rejects") in _pairs(corpus.exchanges(baseless))

    # Removed, confirmed, then removed again: the second removal is a change, not a
    # repeat of the first; a third in a row is.
    remove = {"earlier": remarks, "verdict": "remove"}
    corpus.correct("exchange", baseless, remove)
    corpus.correct("exchange", baseless, {**remove, "verdict": "confirm", "relation": "rejects"})
    assert (baseless, remarks, "rejects") in _pairs(corpus.exchanges(baseless))
    corpus.correct("exchange", baseless, remove)
    assert (baseless, remarks, "rejects") not in _pairs(corpus.exchanges(baseless))
    with pytest.raises(CorrectionError, match="already does this"):
        corpus.correct("exchange", baseless, remove)


def test_exchange_corrections_that_cannot_be_made_are_refused(
    corpus: Corpus, two_articles: Path
) -> None:
    remarks = _statement(corpus, "Matthew Miller", "fully investigated")
    before = len(corpus.corrections())
    with pytest.raises(CorrectionError, match="No statement or attribution"):
        corpus.correct("exchange", "S000000000000", {"earlier": remarks, "verdict": "remove"})
    with pytest.raises(CorrectionError, match="confirmed or removed"):
        corpus.correct("exchange", remarks, {"earlier": remarks, "verdict": "maybe"})
    with pytest.raises(CorrectionError, match="not one with itself"):
        corpus.correct("exchange", remarks, {"earlier": remarks, "verdict": "remove"})
    assert len(corpus.corrections()) == before


def test_the_command_line_lists_the_thread_and_takes_a_verdict(
    new_db: Callable[[], str], tmp_path: Path
) -> None:
    db = new_db()
    path = tmp_path / "exchange.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (US_CALL, FO_REPLY)), "utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(path), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["exchanges", "--db", db, "--relation", "rejects", "--json"])
    assert shown.exit_code == 0, shown.output
    found = json.loads(shown.stdout)
    miller = [e for e in found if e["earlier"]["speaker"] == "Matthew Miller"]
    assert [e["later"]["speaker"] for e in miller] == ["Mumtaz Zahra Baloch"]
    assert miller[0]["evidence"]["order"] == "later"
    later, earlier = miller[0]["later"]["id"], miller[0]["earlier"]["id"]
    table = runner.invoke(app, ["exchanges", later, "--db", db])
    assert "rejected" in table.stdout and "Mumtaz Zahra Baloch" in table.stdout
    removed = runner.invoke(
        app, ["exchanges", later, "--remove", earlier, "--db", db, "--by", "ana"]
    )
    assert removed.exit_code == 0, removed.output
    again = json.loads(runner.invoke(app, ["exchanges", later, "--db", db, "--json"]).stdout)
    assert all(e["earlier"]["id"] != earlier for e in again)
    bad = runner.invoke(app, ["exchanges", "--db", db, "--relation", "agrees"])
    assert bad.exit_code != 0 and "--relation is one of" in bad.output


US_AGAIN = {
    "id": "us-again",
    "url": "https://post.example/again",
    "outlet": "Post",
    "published": "2024-03-15",
    "title": "US repeats call",
    "text": (
        "WASHINGTON - A month on, State Department spokesman Matthew Miller said on Friday "
        "that the fraud claims and the interference allegations from the vote still had to "
        "be looked into by a credible inquiry."
    ),
}


def test_a_later_paraphrase_in_another_article_repeats_the_first(
    corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "again.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (US_CALL, US_AGAIN)), "utf-8")
    store_articles(corpus, ingest([str(path)]))
    first = _statement(corpus, "Matthew Miller", "fully investigated")
    again = _statement(corpus, "Matthew Miller", "credible inquiry")
    assert first != again  # other words: two statements, not two reports of one
    views = corpus.exchanges(first)
    assert views is not None
    [repeat] = [v for v in views if v.relation == "repeats"]
    assert (repeat.later.id, repeat.earlier.id, repeat.order) == (again, first, "later")
    assert {"claims", "fraud", "interference"} <= set(repeat.shared_words)
    assert (repeat.later.date or "")[:10] == "2024-03-15"


@pytest.mark.parametrize("wanted", [1, 3, 5, 100])
def test_candidates_named_are_the_first_distinct_statements_in_index_order(
    corpus: Corpus, two_articles: Path, monkeypatch: pytest.MonkeyPatch, wanted: int
) -> None:
    """Read in small batches (a value read part way, then the values after it), the
    statements naming someone are those ``SELECT DISTINCT ... LIMIT`` finds in the
    index's order, on either database."""
    from sqlalchemy import select

    from onrecord.store import exchanges_query
    from onrecord.store.engine import read_transaction
    from onrecord.store.schema import attribution_targets as t
    from onrecord.store.schema import attributions as a

    monkeypatch.setattr(exchanges_query, "CANDIDATES", wanted)
    monkeypatch.setattr(exchanges_query, "BATCH_MOST", 1)
    with read_transaction(corpus.engine) as conn:
        rows = conn.execute(
            select(t.c.folded, t.c.attribution_id, a.c.statement_id)
            .join(a, a.c.id == t.c.attribution_id)
            .where(a.c.statement_id.is_not(None))
        ).all()
        keys = {r.folded for r in rows}
        expected: list[str] = []
        for row in sorted(rows, key=lambda r: (r.folded, r.attribution_id)):
            if row.statement_id not in expected and len(expected) < wanted:
                expected.append(row.statement_id)
        assert len(rows) > 3 and len({r.statement_id for r in rows}) > 2
        assert exchanges_query._naming(conn, t.c.folded, keys) == set(expected)
