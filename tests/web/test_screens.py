"""Every screen size: no page scrolls sideways, article text stays readable, wide tables
scroll inside their box. Chromium at 390, 768, 1024 and 1440 px; screenshots of each in
``docs/screenshots/`` (``<page>-<width>.png``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.test_browser import SHOTS, WATCH, Server, _api, browser, server

__all__ = ["browser", "server"]  # fixtures, shared with the other browser tests
WIDTHS = (390, 768, 1024, 1440)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request: pytest.FixtureRequest, browser: Any, server: Server) -> Iterator[Any]:
    width = request.param
    context = browser.new_context(base_url=server.base, viewport={"width": width, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.width = width
    yield page
    context.close()


def _pages(server: Server) -> dict[str, str]:
    article = _api(server, "/api/articles", limit=1)["items"][0]["id"]
    statement = _api(server, "/api/statements", limit=1)["items"][0]["id"]
    person = _api(server, "/api/people", limit=1)["items"][0]["id"]
    letters = _api(server, "/api/statements", speaker="Mark R. Warner", limit=200)["items"]
    threaded = next(
        s["id"] for s in letters if _api(server, f"/api/statements/{s['id']}/exchanges")["items"]
    )
    return {
        "home": "/",
        "search": "/search?q=elections",
        "timeline": "/timeline?affiliation=State+Department",
        "article": f"/articles/{article}",
        "statement": f"/statements/{statement}",
        "exchanges": f"/statements/{threaded}/exchanges",
        "person": f"/people/{person}",
        "people": "/people",
        "articles": "/articles",
        "corrections": "/corrections",
    }


SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_no_page_scrolls_sideways(sized: Any, server: Server) -> None:
    page = sized
    for name, url in _pages(server).items():
        page.goto(url)
        assert page.evaluate(SIDEWAYS) <= 0, f"{url} scrolls sideways at {page.width}px"
        if name in ("home", "search", "article", "statement", "exchanges", "person"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{page.width}.png"), full_page=False)


def test_article_text_is_readable(sized: Any, server: Server) -> None:
    page = sized
    page.goto(_pages(server)["article"])
    width = page.evaluate("() => document.getElementById('article-text').clientWidth")
    # A phone gives the text nearly its whole width: never a sliver beside the cards.
    assert width >= min(0.8 * page.width, 600), width


def test_wide_tables_scroll_in_their_box(sized: Any, server: Server) -> None:
    page = sized
    page.goto(_pages(server)["statement"])
    boxes = page.evaluate(
        "() => Array.from(document.querySelectorAll('table')).map(t => "
        "getComputedStyle(t.parentElement).overflowX)"
    )
    assert boxes and set(boxes) == {"auto"}
