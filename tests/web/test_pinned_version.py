"""A page's reads keep to the corpus version its ETag names: the middleware reads the
version once and pins it for the request, worker threads included."""

from __future__ import annotations

from pathlib import Path

import anyio
from starlette.types import Receive, Scope, Send

from onrecord.api.caching import ETags
from onrecord.store import open_corpus
from onrecord.store.changes import pinned
from tests.store.test_changes import _commit_elsewhere


def test_a_pinned_version_reaches_the_threads_a_request_hands_work_to(tmp_path: Path) -> None:
    corpus = open_corpus(str(tmp_path / "corpus.db"))
    try:
        real = corpus.version()

        async def read_in_a_worker_thread() -> str:
            with pinned("9.9"):
                return await anyio.to_thread.run_sync(corpus.version)

        assert anyio.run(read_in_a_worker_thread) == "9.9"
        assert corpus.version() == real
    finally:
        corpus.close()


def test_a_page_reads_the_version_its_tag_was_made_from(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    corpus = open_corpus(str(db))
    seen: list[str] = []

    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        # An ingest lands while the page is being built.
        await anyio.to_thread.run_sync(_commit_elsewhere, db, "data_version", "5")
        seen.append(await anyio.to_thread.run_sync(corpus.version))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict[str, object]] = []

    async def request() -> None:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
        await ETags(page, corpus)(scope, receive, send)

    try:
        before = corpus.version()
        anyio.run(request)
        headers = dict(sent[0]["headers"])
        assert headers[b"etag"].decode().startswith(f'W/"{before}-')
        assert seen == [before]
        assert corpus.version().startswith("5.")  # the next request sees the ingest
    finally:
        corpus.close()
