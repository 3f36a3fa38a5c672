"""Rendering pages: one Jinja environment, autoescape on for every template.

Every string from the corpus is scraped text; nothing here marks any of it safe. The
only ``Markup`` a template receives is built in ``onrecord.web.markup`` (each piece of
text escaped before a tag is put around it) or ``onrecord.web.chart`` (numbers and
escaped labels).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from onrecord.api.security import CSRF_COOKIE, Security
from onrecord.store.about_rows import main_targets
from onrecord.store.filters import STANCE_VALUES, STANCE_WORDS
from onrecord.web.markup import highlight

SAFE_SCHEMES = ("http://", "https://")


def _path(value: str) -> str:
    return quote(str(value), safe="")


def _safe_url(value: str | None) -> str | None:
    """An article's own URL, only when it is http(s): a ``javascript:`` URL is shown as
    text, never put in an href."""
    if value and value.strip().lower().startswith(SAFE_SCHEMES):
        return value.strip()
    return None


def _entity_url(ident: str | None) -> str | None:
    if ident and ident.startswith("P"):
        return f"/people/{_path(ident)}"
    if ident and ident.startswith("O"):
        return f"/organisations/{_path(ident)}"
    return None


def _basename(value: str | None) -> str:
    return (value or "").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _day(value: str | None) -> str:
    return value[:10] if value else "date unknown"


def article_name(title: str | None, article_id: str) -> str:
    """What an article is called on every page: its title, or for an untitled one the
    same stand-in wherever it appears."""
    return (title or "").strip() or f"Untitled article {article_id[:8]}"


def _query(base: dict[str, Any], **changes: Any) -> str:
    merged = {**base, **changes}
    return urlencode({k: v for k, v in merged.items() if v is not None and v != ""})


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("onrecord.web", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates ship in the package: checking each file's mtime on every render
        # cost 4% of a loaded server's time.
        auto_reload=False,
    )
    env.filters["path"] = _path
    env.filters["safe_url"] = _safe_url
    env.filters["day"] = _day
    env.globals["article_name"] = article_name
    env.filters["basename"] = _basename
    env.filters["entity_url"] = _entity_url
    env.globals["highlight"] = highlight
    env.globals["query"] = _query
    env.globals["main_targets"] = main_targets
    env.filters["stance_word"] = lambda n: STANCE_WORDS.get(n, str(n))
    env.filters["stance_value"] = lambda n: STANCE_VALUES.get(n, str(n))
    return env


def compile_templates() -> None:
    """Compile every template now: a worker compiled each at its first page of that kind
    (the home page's first render took 60 ms more)."""
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    security: Security = request.app.state.security
    context.setdefault("title", "onrecord")
    html = (
        environment()
        .get_template(name)
        .render(
            request=request,
            path=request.url.path,
            token_required=bool(security.token),
            logged_in=security.logged_in(request),
            csrf=security.csrf_token(request),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status)
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce:
        response.set_cookie(
            CSRF_COOKIE,
            nonce,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
    response.headers["Cache-Control"] = "no-store"
    return response


def error_page(request: Request, status: int, message: str, detail: Any = None) -> Response:
    """The HTML face of the API's error shape; 401 on a page means "log in first"."""
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
    problems = detail if isinstance(detail, list) else []
    candidates = detail.get("candidates") if isinstance(detail, dict) else None
    return render(
        request,
        "error.html",
        status=status,
        title=f"{status} · onrecord",
        status_code=status,
        heading=None,
        message=message,
        problems=problems,
        candidates=candidates or [],
        back=None,
    )
