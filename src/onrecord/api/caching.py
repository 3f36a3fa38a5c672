"""HTTP revalidation: an ETag for every page and API answer, tied to the corpus version.

A page is a function of the corpus, the address, and who asks (the CSRF and session
cookies, the bearer token), so its tag hashes those with ``Corpus.version()``; a client
that sends the tag back while nothing changed gets ``304 Not Modified`` without any page
being built. An ingest or a correction changes the version, and so every tag. Answers
stay ``private`` (they carry a CSRF token) and must be revalidated each time
(``no-cache``). A private server (reads need the token) sends no tags: a 304 must never
answer a request that has not been authorised.
"""

from __future__ import annotations

import hashlib

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onrecord.api.security import CSRF_COOKIE, SESSION_COOKIE
from onrecord.store import Corpus
from onrecord.store.changes import pinned

SKIP = ("/static/",)
REVALIDATE = "private, no-cache"


def etag(version: str, scope: Scope, headers: Headers) -> str:
    cookies = headers.get("cookie", "")
    wanted = [
        c.strip() for c in cookies.split(";") if c.strip().startswith((CSRF_COOKIE, SESSION_COOKIE))
    ]
    parts = [
        version,
        scope.get("path", ""),
        scope.get("query_string", b"").decode("latin-1"),
        ";".join(sorted(wanted)),
        headers.get("authorization", ""),
        headers.get("accept", ""),
    ]
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]
    return f'W/"{version}-{digest}"'


class ETags:
    """ASGI middleware: answers 304 to an unchanged page, tags every 200 it passes on."""

    def __init__(self, app: ASGIApp, corpus: Corpus) -> None:
        self.app = app
        self.corpus = corpus

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith(SKIP)
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        version = await anyio.to_thread.run_sync(self.corpus.version)
        tag = etag(version, scope, headers)
        if tag in headers.get("if-none-match", ""):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", tag.encode()), (b"cache-control", REVALIDATE.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                out = MutableHeaders(scope=message)
                # A response that sets a cookie starts a new CSRF session: not reusable.
                if "set-cookie" not in out:
                    out["ETag"] = tag
                    out["Cache-Control"] = REVALIDATE
            await send(message)

        # The page's own reads keep to the version its tag names: one read of it a request.
        with pinned(version):
            await self.app(scope, receive, tagged)
