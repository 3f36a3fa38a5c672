"""The warmer of ``onrecord serve``: the pages every visitor shares are computed before
anyone asks, again after each change to the corpus, and never hold a request up."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from onrecord.api import create_app
from onrecord.api.warming import Warmer
from onrecord.store import Corpus, open_corpus

HOME = ("home page",)


def _wait(done: Callable[[], bool], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the warmer did not finish in time"
        time.sleep(0.05)


def _kept(corpus: Corpus, key: object) -> object:
    """What the corpus remembers for ``key`` at its current version (None if nothing)."""
    memo = corpus.memo
    with memo.lock:
        return memo.items.get(key) if memo.version == corpus.version() else None


def test_shared_pages_are_ready_before_the_first_visit_and_after_a_change(db: Path) -> None:
    corpus = open_corpus(str(db))
    app = create_app(corpus, warm=True)
    warmer = app.state.warmer
    warmer.interval = 0.05  # notice the correction at once
    try:
        with TestClient(app) as client:
            _wait(lambda: warmer.warmed == corpus.version())
            home = _kept(corpus, HOME)
            assert isinstance(home, dict)
            assert "Matthew Miller" in [p.name for p in home["people"]]
            # every search's facets start from each topic's statements and the speakers
            assert _kept(corpus, ("speakers",))
            assert any(isinstance(k, tuple) and k[0] == "topics" for k in corpus.memo.items)
            assert client.get("/").text.count("Matthew Miller") >= 1

            before = corpus.version()
            fix = {"action": "rename", "subject": "Matthew Miller", "name": "Matt Miller"}
            assert client.post("/api/corrections", json=fix).status_code == 201
            assert corpus.version() != before
            _wait(lambda: warmer.warmed == corpus.version())
            renamed = _kept(corpus, HOME)
            assert isinstance(renamed, dict) and renamed is not home
            names = [p.name for p in renamed["people"]]
            assert "Matt Miller" in names and "Matthew Miller" not in names
            assert "Matt Miller" in client.get("/").text
        assert not warmer.running  # stopped with the app
        assert warmer.failures == 0
    finally:
        corpus.close()


def test_an_app_warms_only_when_asked(reader: TestClient) -> None:
    warmer = reader.app.state.warmer  # type: ignore[attr-defined]
    assert not warmer.running and warmer.warmed is None


def test_a_failing_job_is_reported_and_the_others_still_run(db: Path) -> None:
    corpus = open_corpus(str(db))
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("no such table")

    warmer = Warmer(corpus, [broken, lambda: ran.append(corpus.version())])
    try:
        assert warmer.warm_once() is True
        assert ran == [corpus.version()] and warmer.failures == 1
        # not retried until the corpus changes: the page computes it when asked
        assert warmer.warm_once() is False and len(ran) == 1
    finally:
        corpus.close()
