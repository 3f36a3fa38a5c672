"""``create_app``: the REST API and the web pages over one corpus, in one FastAPI app.

    from onrecord.api import create_app
    app = create_app("news.db")                      # what `onrecord serve` runs
    app = create_app("news.db", token="s3cret", private=True)

Routers are assembled here, one per area (``onrecord.api.routers``), plus the pages
(``onrecord.web``). ``/openapi.json`` describes the API; it is served by a route of our
own so that a private server protects it like every other read.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from onrecord.about import load_topics
from onrecord.api import errors
from onrecord.api.caching import ETags
from onrecord.api.deps import guard_read
from onrecord.api.routers import (
    articles,
    attributions,
    corrections,
    export,
    people,
    search,
    statements,
)
from onrecord.api.security import HostCheck, Security, SecurityHeaders
from onrecord.api.warming import Warmer
from onrecord.link.speaker_names import prepare_folding
from onrecord.store import Corpus, open_corpus
from onrecord.store.filters import topic_filters

API_ROUTERS = (
    articles.router,
    statements.router,
    attributions.router,
    people.people,
    people.organisations,
    search.router,
    export.router,
    corrections.router,
)
DESCRIPTION = (
    "Who said what, about what, when, and where it was reported. Every attribution "
    "carries character offsets into its article's original text. Errors have one shape: "
    '`{"error": {"status", "message", "detail"}}`.'
)


def _with_topics(spec: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The topic parameter lists this server's topics (they can come from a user file, so
    they are not known when the routes are declared)."""
    for operation in (op for item in spec.get("paths", {}).values() for op in item.values()):
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "topic" and parameter.get("in") == "query":
                schema = parameter.setdefault("schema", {})
                for choice in schema.get("anyOf", [schema]):
                    if choice.get("type") == "string":
                        choice["enum"] = names
    return spec


def create_app(
    corpus_url: str | Corpus,
    token: str | None = None,
    private: bool = False,
    *,
    allowed_hosts: Collection[str] | None = None,
    topics_file: str | None = None,
    secret: bytes | None = None,
    threads: int | None = None,
    warm: bool = False,
) -> FastAPI:
    """The app over the corpus at ``corpus_url`` (a path, a PostgreSQL URL, or an open
    ``Corpus``). ``token`` protects writes (and, with ``private``, reads); when
    ``allowed_hosts`` is given, requests naming another Host are refused. ``threads``
    bounds the requests the process works on at once (default: anyio's 40). ``warm``:
    the pages every visitor shares are computed in advance, at start and after each
    change to the corpus (``onrecord.api.warming``; ``onrecord serve`` turns it on)."""
    from onrecord.web import forms_router, home_data, pages_router
    from onrecord.web.render import compile_templates, error_page

    corpus = corpus_url if isinstance(corpus_url, Corpus) else open_corpus(corpus_url)
    owned = not isinstance(corpus_url, Corpus)
    topics = load_topics(topics_file)
    warmer = Warmer(
        corpus,
        [lambda: home_data(corpus), lambda: corpus.facet_sources(topic_filters(topics))],
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if threads is not None:
            # A page is mostly Python: threads past a few in one process only take turns
            # on the interpreter lock, and every page in the process waits longer.
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        # Paid once before the first request rather than by the first page of each kind.
        compile_templates()
        prepare_folding()
        if warm:
            warmer.start()
        yield
        warmer.stop()
        if owned:
            corpus.close()

    app = FastAPI(
        title="onrecord",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_url=None,  # served below, behind the same guard as every read
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
        dependencies=[Depends(guard_read)],
        lifespan=lifespan,
    )
    app.state.corpus = corpus
    app.state.security = Security.make(token, private, secret)
    app.state.topics = topics
    app.state.warmer = warmer
    errors.install(app, error_page)
    for router in API_ROUTERS:
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        return JSONResponse(_with_topics(app.openapi(), app.state.topics.names()))

    app.include_router(pages_router)
    app.include_router(forms_router)
    static = resources.files("onrecord.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    if not private:
        app.add_middleware(ETags, corpus=corpus)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=frozenset(h.lower() for h in allowed_hosts))
    return app


# How ``onrecord serve --workers N`` hands its settings to each worker process.
ENV_DB, ENV_PRIVATE, ENV_HOSTS, ENV_SECRET, ENV_THREADS = (
    "ONRECORD_SERVE_DB",
    "ONRECORD_SERVE_PRIVATE",
    "ONRECORD_SERVE_HOSTS",
    "ONRECORD_SERVE_SECRET",
    "ONRECORD_SERVE_THREADS",
)


def app_from_env() -> FastAPI:
    """The app each worker of a multi-process server builds, from its environment."""
    hosts = os.environ.get(ENV_HOSTS)
    return create_app(
        os.environ[ENV_DB],
        token=os.environ.get("ONRECORD_TOKEN") or None,
        private=os.environ.get(ENV_PRIVATE) == "1",
        allowed_hosts=hosts.split(",") if hosts else None,
        secret=bytes.fromhex(os.environ[ENV_SECRET]) if os.environ.get(ENV_SECRET) else None,
        threads=int(os.environ[ENV_THREADS]) if os.environ.get(ENV_THREADS) else None,
        warm=True,
    )
