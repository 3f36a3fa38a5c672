"""Who may read and write, and the headers every response carries.

Without a token (the default, bound to 127.0.0.1) anyone who can reach the loopback port
reads and writes; the Host header must still name the loopback interface, so a web page
cannot reach the server through DNS rebinding. With a token:

- API writes need ``Authorization: Bearer <token>``;
- web forms need the session cookie the login form sets (HttpOnly, SameSite=Strict),
  which holds a random nonce and its HMAC, never the token itself;
- with ``private``, reads need the same (API: bearer; pages: session, else the login page).

Every form also carries a CSRF token, an HMAC of a per-browser random cookie, so a
form posted from another site is refused even when no token is set. The HMAC key is
derived from the token, so sessions survive a restart; without a token it is random per
process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from onrecord.api.errors import BadRequest, Forbidden, Unauthorized, wants_json

SESSION_COOKIE = "onrecord_session"
CSRF_COOKIE = "onrecord_csrf"
CSRF_FIELD = "csrf"
CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# Paths a private server shows to strangers: the login form and its stylesheet.
OPEN_PATHS = ("/login", "/static/", "/favicon.ico")


@dataclass(frozen=True, slots=True)
class Security:
    token: str | None = None
    private: bool = False
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def make(cls, token: str | None, private: bool, secret: bytes | None = None) -> Security:
        """``secret`` is shared by the worker processes of one server (else random)."""
        if private and not token:
            raise ValueError("private mode needs a token: without one no one could read")
        if token:
            secret = hashlib.sha256(b"onrecord-web-key\0" + token.encode()).digest()
            return cls(token, private, secret)
        return cls(None, private, secret or secrets.token_bytes(32))

    def _sign(self, purpose: str, value: str) -> str:
        digest = hmac.new(self.secret, f"{purpose}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()

    # -- credentials -----------------------------------------------------------------

    def bearer_ok(self, request: Request) -> bool:
        if not self.token:
            return True
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), self.token.encode()
        )

    def token_ok(self, given: str) -> bool:
        return bool(self.token) and hmac.compare_digest(given.encode(), (self.token or "").encode())

    def new_session(self) -> str:
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}.{self._sign('session', nonce)}"

    def session_ok(self, request: Request) -> bool:
        if not self.token:
            return True
        nonce, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
        return bool(nonce) and hmac.compare_digest(signature, self._sign("session", nonce))

    def logged_in(self, request: Request) -> bool:
        return bool(self.token) and self.session_ok(request)

    # -- CSRF ------------------------------------------------------------------------

    def csrf_token(self, request: Request) -> str:
        """The token for forms on this page; sets up the browser's cookie if it has none."""
        nonce = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_nonce", None)
        if not nonce:
            nonce = secrets.token_urlsafe(18)
            request.state.csrf_nonce = nonce  # render() sets the cookie
        return self._sign("csrf", nonce)

    def check_csrf(self, request: Request, given: str | None) -> None:
        nonce = request.cookies.get(CSRF_COOKIE, "")
        if not nonce or not given or not hmac.compare_digest(given, self._sign("csrf", nonce)):
            raise Forbidden(
                "This form has expired or was not sent from this site: reload the page "
                "and try again"
            )
        # Origin is "null" on our own forms: the pages send no referrer.
        _refuse_cross_site(request, allow_null=True)

    # -- guards ----------------------------------------------------------------------

    def require_read(self, request: Request) -> None:
        if not self.private or request.url.path.startswith(OPEN_PATHS):
            return
        if wants_json(request):
            if not self.bearer_ok(request):
                raise _credentials_error(request)
        elif not self.session_ok(request):
            raise Unauthorized("Log in to read this corpus")

    def require_api_write(self, request: Request) -> None:
        if not self.bearer_ok(request):
            raise _credentials_error(request)
        _refuse_cross_site(request, allow_null=False)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            # A web page can send a body with no type or text/plain to any address without
            # asking first; only application/json makes the browser ask, and we say no.
            raise BadRequest("Send the correction as JSON (Content-Type: application/json)")

    def require_form_write(self, request: Request, csrf: str | None) -> None:
        self.check_csrf(request, csrf)
        if not self.session_ok(request):
            raise Unauthorized("Log in to make corrections")


def _credentials_error(request: Request) -> Exception:
    if request.headers.get("authorization"):
        return Forbidden(
            "Wrong token: send 'Authorization: Bearer <token>' with the server's token"
        )
    return Unauthorized("This needs the server's token: send 'Authorization: Bearer <token>'")


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}"


def _refuse_cross_site(request: Request, allow_null: bool) -> None:
    """Writes come from this site's pages or from programs, never from another site."""
    origin = request.headers.get("origin")
    allowed = {_own_origin(request), *(["null"] if allow_null else [])}
    if origin and origin not in allowed:
        raise Forbidden(f"Request sent from another site ({origin})")
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise Forbidden("Request sent from another site")


def loopback_hosts(host: str) -> frozenset[str]:
    """Host names a loopback-only server answers to (the Host header, port left out)."""
    return frozenset({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})


def host_name(header: str) -> str:
    """``example.org:8000`` → ``example.org``; ``[::1]:8000`` → ``::1``."""
    if header.startswith("["):
        return header[1:].partition("]")[0].lower()
    return header.rpartition(":")[0].lower() if header.count(":") == 1 else header.lower()


class HostCheck:
    """Refuses requests whose Host header is not one of ``allowed`` (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if host_name(header) not in self.allowed:
                body = b"Unknown Host header: this server answers to its loopback address only"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the CSP and friends to every response, static files and errors included."""

    def __init__(self, app: ASGIApp, extra: Iterable[tuple[bytes, bytes]] = ()) -> None:
        self.app = app
        self.headers = [*HEADERS, *extra]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in self.headers if k not in have),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
