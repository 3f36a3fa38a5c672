"""Server-rendered pages: what they show, that marks sit on the right characters, and that
scraped text is never markup."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from onrecord.api import create_app
from onrecord.model import Article, Attribution, Comment, Origin, Span, Target
from onrecord.store import open_corpus, store_articles
from onrecord.web.chart import OTHER, statements_chart
from onrecord.web.markup import Mark, highlight, mark_article, match_pattern
from tests.web.conftest import person_id


class Marked(HTMLParser):
    """The text of ``#article-text`` and every marked element in it, with offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.open: list[dict[str, str | None] | None] = []
        self.marks: list[tuple[dict[str, str | None], list[str]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id") == "article-text":
            self.depth = 1
            self.open.append(None)
            return
        if self.depth:
            self.depth += 1
            is_mark = "data-attribution" in found
            self.open.append(found if is_mark else None)
            if is_mark:
                self.marks.append((found, []))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            for attrs, parts in self.marks:
                if any(o is attrs for o in self.open):
                    parts.append(data)


def parse(html: str) -> Marked:
    parser = Marked()
    parser.feed(html)
    return parser


def test_home_page(reader: TestClient) -> None:
    page = reader.get("/").text
    assert "The corpus at a glance" in page
    assert "<svg" in page and "<rect" in page  # the chart
    assert "Matthew Miller" in page and "Latest statements" in page


def test_search_page_highlights_escaped_matches(reader: TestClient) -> None:
    page = reader.get("/search", params={"q": "elections"}).text
    assert "<mark>elections</mark>" in page
    assert "US State Department" in page
    assert reader.get("/search").status_code == 200  # the empty form
    assert reader.get("/search", params={"since": "soon"}).status_code == 422


def test_timeline_page(reader: TestClient) -> None:
    page = reader.get("/timeline", params={"speaker": "Matthew Miller"}).text
    assert page.count('class="when"') >= 8 and "2024-02-09" in page


def test_person_page_lists_statements_from_two_articles(reader: TestClient) -> None:
    page = reader.get(f"/people/{person_id(reader, 'Matthew Miller')}").text
    assert "<h1>Matthew Miller</h1>" in page and "said in 2 articles" in page
    assert page.count('<article class="statement') >= 8
    assert "Roles over time" in page and "spokesman" in page


def test_statement_page_lists_reports(reader: TestClient) -> None:
    statement = reader.get("/api/statements", params={"speaker": "Matthew Miller"}).json()
    first = statement["items"][0]
    page = reader.get(f"/statements/{first['id']}").text
    assert unescape(first["words"]) in unescape(page)
    assert f"/articles/{first['first_article_id']}" in page


def test_article_page_marks_the_right_characters(reader: TestClient) -> None:
    [listed] = reader.get("/api/articles", params={"since": "2024-02-09"}).json()["items"]
    article = reader.get(f"/api/articles/{listed['id']}").json()
    parsed = parse(reader.get(f"/articles/{listed['id']}").text)
    assert "".join(parsed.text) == article["text"]  # every character, in order
    assert parsed.marks
    for attrs, parts in parsed.marks:
        start, end = int(attrs["data-start"] or 0), int(attrs["data-end"] or 0)
        assert "".join(parts) == article["text"][start:end]
    by_role: dict[tuple[str, str], set[int]] = {}
    for attrs, _ in parsed.marks:
        key = (attrs["data-attribution"] or "", attrs["class"] or "")
        by_role.setdefault(key, set()).update(
            range(int(attrs["data-start"] or 0), int(attrs["data-end"] or 0))
        )
    for a in article["attributions"]:
        if a["source"]:
            assert by_role[(a["id"], "src")] == set(range(*a["source"]))
        if a["cue"]:
            assert by_role[(a["id"], "cue")] == set(range(*a["cue"]))
        assert by_role[(a["id"], "content")] == {i for s, e in a["content"] for i in range(s, e)}


def test_other_pages_and_errors(reader: TestClient) -> None:
    for url in ("/people", "/articles", "/corrections", "/login", "/people?q=miller"):
        assert reader.get(url).status_code == 200, url
    for url in ("/articles/nope", "/statements/nope", "/people/Pnope", "/organisations/Onope"):
        missing = reader.get(url)
        assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
        assert "Not found" in missing.text
    bad = reader.get("/articles", params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.text


# -- hostile text ------------------------------------------------------------------------

EVIL = '<img src=x onerror="alert(1)">'
HOSTILE_TEXT = (
    f'<script>alert("t")</script> {EVIL} "We stand <b>firm</b>," said Eve Evil. '
    'Visit <a href="javascript:alert(2)">us</a>.'
)


def _hostile_article() -> Article:
    text = HOSTILE_TEXT
    content = text.index('"We stand')
    return Article(
        id="hostile-1",
        origin=Origin(path="<svg onload=alert(3)>.txt", url="javascript:alert(4)"),
        text=text,
        body=[Span(0, len(text))],
        title=f"{EVIL} headline",
        published="2024-05-01",
        outlet="<script>alert(5)</script>",
        comments=[Comment(EVIL, "<script>alert(6)</script>")],
        attributions=[
            Attribution(
                content=[Span(content, content + len('"We stand <b>firm</b>,"'))],
                cue=Span(text.index("said"), text.index("said") + 4),
                source=Span(text.index("Eve Evil"), text.index("Eve Evil") + 8),
                kind="direct",
                source_text="Eve Evil",
                speaker="Eve O'<img>",  # markup the name parser still accepts
                role="<i>spokes</i>",
                affiliation="<script>alert(7)</script>",
                confidence=0.9,
                method="hand",
                # What it is about is scraped (or derived from scraped) text too
                targets=[Target(EVIL, Span(content, content + 9), "person")],
                stance=-1,
                stance_confidence=0.9,
                act="<b>urge</b>",
                topics=["<script>alert(8)</script>"],
            )
        ],
    )


@pytest.fixture
def hostile(db: Path) -> TestClient:
    corpus = open_corpus(str(db))
    store_articles(corpus, [_hostile_article()])
    corpus.close()
    return TestClient(create_app(str(db)))


def _assert_inert(html: str) -> None:
    """No element came from scraped text: no event handler, no script but ours, no
    element the templates never write, no link that is not ours or http(s)."""
    for tag, attrs in parse(html).tags:
        assert tag not in ("img", "iframe", "b", "i", "object", "embed"), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        if tag == "a":
            assert (attrs.get("href") or "").startswith(("/", "http://", "https://")), attrs
        if tag == "script":
            assert attrs == {"src": "/static/onrecord.js", "defer": None}
    assert "<script>alert" not in html and "<img" not in html


def test_hostile_text_is_escaped_everywhere(hostile: TestClient) -> None:
    [person] = hostile.get("/api/people", params={"q": "Eve"}).json()["items"]
    assert person["name"] == "Eve O'<img>" and person["affiliation"] == "<script>alert(7)</script>"
    urls = [
        "/articles/hostile-1",
        "/",
        "/search?q=stand",
        "/articles",
        f"/people/{person['id']}",
        "/people",
        "/timeline?speaker=Eve",
        f"/search?{urlencode({'about': EVIL})}",
        f"/timeline?{urlencode({'about': EVIL})}",
    ]
    for statement in hostile.get("/api/statements", params={"q": "stand"}).json()["items"]:
        urls.append(f"/statements/{statement['id']}")
    for url in urls:
        page = hostile.get(url)
        assert page.status_code == 200, url
        _assert_inert(page.text)
    article = hostile.get("/articles/hostile-1").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in article
    assert "javascript:alert(4)" in article  # shown as text, never as a link
    assert "Eve O&#39;&lt;img&gt;" in hostile.get(f"/people/{person['id']}").text
    found = hostile.get("/search", params={"about": EVIL}).text
    assert "about</span> &lt;img src=x onerror=&#34;alert(1)&#34;&gt;</a>" in found  # a chip
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in found


# -- the pieces ----------------------------------------------------------------------------


def test_highlight_escapes_before_marking() -> None:
    pattern = match_pattern("elections amp")
    out = str(highlight("<b>Elections</b> & electoral amp; AT&T", pattern))
    assert out == (
        "&lt;b&gt;<mark>Elections</mark>&lt;/b&gt; &amp; <mark>electoral</mark> "
        "<mark>amp</mark>; AT&amp;T"
    )
    assert str(highlight("<i>x</i>", None)) == "&lt;i&gt;x&lt;/i&gt;"
    assert match_pattern('"" *') is None


def test_marks_nest_and_keep_every_character() -> None:
    text = 'Intro. "A <b> B," said Ann & co.'
    marks = [
        Mark(7, 18, "content", "a:0", "Ann <x>"),
        Mark(19, 23, "cue", "a:0", "Ann <x>"),
        Mark(24, 27, "src", "a:0", "Ann <x>", "/people/P1"),
        Mark(10, 13, "content", "a:1", "Other"),
    ]
    html = str(mark_article(text, [(0, 6, "menu <nav>")], marks))
    parsed = Marked()
    parsed.feed(f'<div id="article-text">{html}</div>')
    assert "".join(parsed.text) == text
    assert 'title="removed: menu &lt;nav&gt;"' in html
    assert '<a class="speaker-link" href="/people/P1">' in html
    shared = [Mark(0, 5, "src", f"a:{n}", "Ann", f"/people/P{n}") for n in range(3)]
    assert str(mark_article(text, [], shared)).count("<a ") == 1  # links never nest
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_chart_groups_small_affiliations() -> None:
    rows = [("2024-01", f"Org {i}", i + 1) for i in range(9)] + [("2024-03", "Org 8", 2)]
    chart = statements_chart(rows, groups=3)
    names = [name for _, name, _ in chart.legend]
    assert names == ["Org 8", "Org 7", "Org 6", OTHER]
    assert [m for _, m in chart.xlabels] == ["2024-01", "2024-02", "2024-03"]
    assert statements_chart([]).empty and statements_chart([("undated", "x", 3)]).empty
