"""End to end: a real ``onrecord serve`` process, driven by Chromium through Playwright.

The server runs as a subprocess on a free loopback port over a corpus built by the real
pipeline from the seed articles plus three hostile inputs (script tags, event handlers,
``javascript:`` URLs in text, HTML and JSONL). Screenshots of the main pages are written
to ``docs/screenshots/``.

Without Chromium these tests are skipped with the reason, except when ``CI`` is set:
there they fail, so a CI machine missing the browser cannot pass quietly.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import EXAMPLES, HOSTILE, ROOT, build_corpus

CHROMIUM = os.environ.get("ONRECORD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "docs" / "screenshots"
# Runs before any page script and is not subject to the page's CSP: it records anything
# the policy had to block, so a test can tell "escaped" from "blocked".
WATCH = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__blocked.push(e.violatedDirective + " " + (e.sample || ""));
});
"""


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; browser tests cannot run on CI without it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``onrecord serve`` in a subprocess; ``restart`` keeps the port and the corpus;
    ``args`` go to ``onrecord serve`` too."""

    def __init__(self, db: Path, log: Path, *args: str) -> None:
        self.db, self.log, self.port, self.args = db, log, _free_port(), args
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "onrecord", "serve", "--db", str(self.db),
                   "--port", str(self.port), "--log-level", "warning", *self.args]  # fmt: skip
        env = {**os.environ, "ONRECORD_TOKEN": ""}
        env.pop("ONRECORD_TOKEN")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"onrecord serve exited:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.base}/api/stats", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail(f"onrecord serve did not answer in 60 s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def _serve(folder: Path, hostile: bool) -> Server:
    inputs = folder / "inputs"
    shutil.copytree(EXAMPLES, inputs)
    if hostile:
        for path in HOSTILE.iterdir():
            shutil.copy(path, inputs / path.name)
    running = Server(build_corpus(folder / "served.db", inputs), folder / "server.log")
    running.start()
    return running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seed articles, served."""
    running = _serve(tmp_path_factory.mktemp("served"), hostile=False)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seed articles and the hostile ones, served."""
    running = _serve(tmp_path_factory.mktemp("hostile"), hostile=True)
    yield running
    running.stop()


def _open(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=server.base, viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    opened = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", on_dialog)
    opened.dialogs = dialogs
    yield opened
    context.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    yield from _open(browser, server)


@pytest.fixture
def hostile_page(browser: Any, hostile_server: Server) -> Iterator[Any]:
    yield from _open(browser, hostile_server)


def _api(server: Server, path: str, **params: Any) -> Any:
    return httpx.get(f"{server.base}{path}", params=params, timeout=10).json()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_page(page: Any) -> None:
    page.goto("/")
    assert page.locator(".card .num").count() == 5
    assert page.locator("figure.chart svg rect").count() >= 1
    _shot(page, "home")


def test_search_for_elections_finds_the_state_department(page: Any) -> None:
    page.goto("/")
    page.fill(".quick-search input[name=q]", "elections")
    page.press(".quick-search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=elections")
    speakers = page.locator(".statement .who").all_inner_texts()
    assert "US State Department" in speakers
    assert {"Matthew Miller", "US State Department"} <= set(speakers)
    marks = page.locator(".statement blockquote mark").all_inner_texts()
    assert marks and all(m.lower().startswith("elect") for m in marks)
    _shot(page, "search")
    page.select_option("select[name=kind]", "indirect")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**kind=indirect**")
    assert page.locator(".statement").count() >= 1


def test_matthew_millers_page_lists_statements_from_two_articles(page: Any, server: Server) -> None:
    page.goto("/people")
    page.click("text=Matthew Miller")
    page.wait_for_url("**/people/P*")
    assert page.locator("h1").inner_text() == "Matthew Miller"
    expected = _api(server, "/api/people", q="Matthew Miller")["items"][0]["statements"]
    assert page.locator("article.statement").count() == expected
    first_reports = page.locator("article.statement .reports-inline li:first-child a")
    links = first_reports.evaluate_all("els => els.map(e => e.getAttribute('href').split('#')[0])")
    assert len(links) == expected and len(set(links)) == 2
    assert "said in 2 articles" in page.locator("h2").first.inner_text()
    _shot(page, "person")


def test_person_page_groups_by_target_and_a_chip_filters(page: Any, server: Server) -> None:
    miller = _api(server, "/api/people", q="Matthew Miller")["items"][0]
    about = _api(server, f"/api/people/{miller['id']}/about")
    page.goto(f"/people/{miller['id']}")
    headings = page.locator(".about-group h3").all_inner_texts()
    assert len(headings) == len(about["groups"])
    assert headings[0].startswith("What Matthew Miller said about Pakistan")
    group = page.locator('.about-group[data-target="Pakistan"]')
    cards = group.locator("article.statement")
    assert cards.count() == len(about["groups"][0]["statements"]) >= 2
    card = cards.first
    act = card.locator("a.chip-act").inner_text().split()[-1]
    assert act == about["groups"][0]["statements"][0]["act"]
    assert "Pakistan" in card.locator("a.chip-about").all_inner_texts()[0]
    _shot(page, "person-about")
    card.locator("a.chip-about", has_text="Pakistan").first.click()
    page.wait_for_url("**/search?about=Pakistan")
    expected = _api(server, "/api/statements", about="Pakistan", limit=500)["items"]
    assert page.locator(".statement").count() == min(len(expected), 20)
    assert page.locator("input[name=about]").input_value() == "Pakistan"
    page.locator(".statement a.chip-act").first.click()
    page.wait_for_url(re.compile(r"/search\?act=\w+$"))
    shown = page.locator(".statement").count()
    chosen = page.url.rsplit("=", 1)[-1]
    assert shown == min(len(_api(server, "/api/statements", act=chosen, limit=500)["items"]), 20)
    assert page.locator("select[name=act]").input_value() == chosen


def test_statement_page_lists_every_report(page: Any, server: Server) -> None:
    [statement] = _api(server, "/api/statements", speaker="Matthew Miller", limit=1)["items"]
    page.goto(f"/statements/{statement['id']}")
    assert page.locator("blockquote.big").inner_text().strip() == statement["words"].strip()
    rows = page.locator("table.reports tbody tr")
    assert rows.count() == len(statement["reports"])
    _shot(page, "statement")


def test_a_thread_of_exchanges_opens_and_an_analyst_confirms_it(page: Any, server: Server) -> None:
    letters = _api(server, "/api/statements", speaker="Mark R. Warner", limit=200)["items"]
    threads = [_api(server, f"/api/statements/{s['id']}/exchanges")["items"] for s in letters]
    [cites] = [e for items in threads for e in items if e["relation"] == "cites"]
    page.goto(f"/statements/{cites['earlier']['id']}")
    page.click("text=The exchange thread")
    page.wait_for_url(f"**/statements/{cites['earlier']['id']}/exchanges")
    link = page.locator('#exchanges li.exchange[data-relation="cites"]')
    assert link.count() == 1
    head = link.locator(".exchange-head").inner_text()
    assert head.index("Mark R. Warner") < head.index("cited the words of") < head.index("Miller")
    assert link.locator("blockquote.earlier").inner_text().startswith("this statement:")
    link.locator("blockquote.later a").click()  # along the thread
    page.wait_for_url(f"**/statements/{cites['later']['id']}/exchanges")
    link = page.locator('#exchanges li.exchange[data-relation="cites"]')
    assert cites["later"]["words"][:40] in link.locator("blockquote.later").inner_text()
    _shot(page, "exchanges")
    link.locator("summary").click()
    link.locator("input[name=by]").fill("Desk editor")
    link.locator("button[value=confirm]").click()
    page.wait_for_url("**corrected=*")
    assert page.url.endswith("#exchanges")
    confirmed = page.locator('#exchanges li.exchange[data-relation="cites"] .badge-confirmed')
    assert confirmed.inner_text() == "confirmed by an analyst"


def test_article_page_marks_source_cue_and_content_at_the_right_characters(
    page: Any, server: Server
) -> None:
    [listed] = _api(server, "/api/articles", since="2024-02-09", until="2024-02-09")["items"]
    article = _api(server, f"/api/articles/{listed['id']}")
    page.goto(f"/articles/{listed['id']}")
    text = article["text"]
    assert page.locator("#article-text").evaluate("el => el.textContent") == text
    marked = page.locator("#article-text [data-attribution]").evaluate_all(
        """els => els.map(e => ({id: e.dataset.attribution, role: e.className,
            start: +e.dataset.start, end: +e.dataset.end, text: e.textContent}))"""
    )
    covered: dict[tuple[str, str], set[int]] = {}
    for m in marked:
        assert m["text"] == text[m["start"] : m["end"]]
        covered.setdefault((m["id"], m["role"]), set()).update(range(m["start"], m["end"]))
    quote = next(a for a in article["attributions"] if a["source"] and a["cue"])
    for role, spans in (("src", [quote["source"]]), ("cue", [quote["cue"]]),
                        ("content", quote["content"])):  # fmt: skip
        assert covered[(quote["id"], role)] == {i for s, e in spans for i in range(s, e)}
    colours = {
        role: page.locator(f"#article-text .{role}").first.evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        for role in ("src", "cue", "content")
    }
    assert len(set(colours.values())) == 3, colours
    page.locator(f'#article-text .content[data-attribution="{quote["id"]}"]').first.hover()
    assert "active" in page.locator(f'li[data-attribution="{quote["id"]}"]').get_attribute("class")
    _shot(page, "article")
    page.locator(
        f'#article-text a.speaker-link:has(.src[data-attribution="{quote["id"]}"])'
    ).first.click()
    page.wait_for_url(re.compile(r"/(people|organisations)/[PO]\w+$"))
    assert page.locator("h1").inner_text() == quote["entity_name"]


def test_a_correction_made_in_the_page_survives_a_restart(page: Any, server: Server) -> None:
    miller = _api(server, "/api/people", q="Matthew Miller")["items"][0]
    detail = _api(server, f"/api/people/{miller['id']}")
    report = detail["statement_list"][0]["reports"][0]
    page.goto(f"/articles/{report['article_id']}")
    card = page.locator(f'li[data-attribution="{report["attribution_id"]}"]')
    card.locator("summary").click()
    form = card.locator("form").filter(has=page.locator("input[name=speaker]"))
    form.locator("input[name=speaker]").fill("Antony J Blinken")
    form.locator("input[name=by]").fill("Desk editor")
    form.locator("button").click()
    page.wait_for_url("**corrected=*")
    assert "speaker: Antony Blinken" in card.inner_text()

    server.restart()
    page.goto("/corrections")
    row = page.locator("table.audit tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert cells[2] == "Desk editor" and cells[3] == "reassign"
    assert report["attribution_id"] in cells[4] and "Antony J Blinken" in cells[5]
    assert cells[1][:4].isdigit()  # when
    _shot(page, "corrections")
    page.goto(f"/articles/{report['article_id']}")
    card = page.locator(f'li[data-attribution="{report["attribution_id"]}"]')
    assert "speaker: Antony Blinken" in card.inner_text()
    # The linker applied it: the card links to Blinken, whose page now lists the words.
    card.locator(".attr-head a").click()
    page.wait_for_url(re.compile(r"/people/P\w+$"))
    assert "Blinken" in page.locator("h1").inner_text()
    words = _api(server, f"/api/attributions/{report['attribution_id']}")["content_text"]
    assert words[:60] in page.locator("main").inner_text()


def _hostile_pages(server: Server) -> list[str]:
    found = _api(server, "/api/articles", limit=500)["items"]
    hostile = [a["id"] for a in found if (a["path"] or "").rsplit("/", 1)[-1].startswith("hostile")]
    assert len(hostile) == 3
    urls = [f"/articles/{ident}" for ident in hostile]
    urls += ["/", "/articles", "/search?q=interference", "/search?q=ballot", "/people"]
    for person in _api(server, "/api/people", q="Smith")["items"]:
        urls.append(f"/people/{person['id']}")
    for statement in _api(server, "/api/statements", speaker="John Smith")["items"]:
        urls.append(f"/statements/{statement['id']}")
    urls.append("/timeline?speaker=John+Smith")
    return urls


def test_hostile_articles_run_nothing(hostile_page: Any, hostile_server: Server) -> None:
    page, server = hostile_page, hostile_server
    for url in _hostile_pages(server):
        page.goto(url)
        title = page.title()
        page.mouse.move(300, 300)
        for link in page.locator("#article-text *, blockquote *").all()[:50]:
            link.hover(timeout=2000)  # onmouseover handlers, had any survived
        state = page.evaluate(
            "() => ({pwned: window.__pwned, title: document.title, blocked: window.__blocked,"
            " js: document.querySelectorAll('a[href^=\"javascript\" i]').length,"
            " scripts: Array.from(document.scripts).map(s => s.getAttribute('src'))})"
        )
        assert state["pwned"] is None, url
        assert state["title"] == title != "pwned", url  # a script would have set "pwned"
        assert state["blocked"] == [], (url, state["blocked"])  # nothing even tried
        assert state["js"] == 0, url
        assert state["scripts"] == ["/static/onrecord.js"], url
    assert page.dialogs == []
    article = page.goto(
        f"/articles/{_api(server, '/api/articles', q='tolerate')['items'][0]['id']}"
    )
    assert article is not None and article.ok
    assert "<script>window.__pwned=3</script>" in page.locator("#article-text").inner_text()
