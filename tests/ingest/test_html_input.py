"""HTML pages: trafilatura's main text, cleaned further, with metadata and comments."""

from __future__ import annotations

import trafilatura

from onrecord.clean import article_from_html, decode_html
from onrecord.clean.html import COMMENTS_HEADING
from onrecord.model import Dateline
from tests.ingest.ingest_builders import PARAGRAPHS, news_page


def body_lines(article_text: str, spans: list) -> list[str]:  # type: ignore[type-arg]
    return [span.text(article_text) for span in spans]


def test_article_from_html_body_metadata_and_comments() -> None:
    page = news_page(
        comments=[
            ("Tom R", "This is the right call, we cannot keep borrowing forever and hoping."),
            ("Alice", "Easy to say when you are not the one losing your job because of this."),
        ]
    )
    article = article_from_html(page, url="https://www.dailyledger.example.com/politics/cuts")
    assert article.title == "Minister defends budget cuts"
    assert article.published == "2024-03-05"
    assert article.outlet == "The Daily Ledger"
    assert article.dateline == Dateline("London")
    assert article.agency == "Reuters"
    assert article.language == "en"
    assert article.origin.url == "https://www.dailyledger.example.com/politics/cuts"
    assert body_lines(article.text, article.body) == list(PARAGRAPHS)
    assert [c.text for c in article.comments] == [
        "This is the right call, we cannot keep borrowing forever and hoping.",
        "Easy to say when you are not the one losing your job because of this.",
    ]
    # the documented layout: title, blank line, main text, then the comments part
    assert article.text.startswith("Minister defends budget cuts\n\n")
    assert f"\n\n{COMMENTS_HEADING}\n\n" in article.text
    assert article.removed[0].span.start == 0
    assert article.removed[0].reason.startswith("title")
    reasons = {r.span.text(article.text): r.reason for r in article.removed}
    assert reasons["Minister defends budget cuts"].startswith("repeated")  # trafilatura's h1
    assert reasons["Read more: Opposition vows to fight spending plan"].startswith("cross-link")


def test_onrecord_body_is_cleaner_than_trafilatura_alone() -> None:
    page = news_page()
    plain = trafilatura.extract(page) or ""
    assert "Read more: Opposition vows" in plain
    article = article_from_html(page)
    body = "\n".join(body_lines(article.text, article.body))
    assert "Read more" not in body
    assert all(p in body for p in PARAGRAPHS)


def test_date_from_htmldate_when_the_page_has_no_date_metadata() -> None:
    page = news_page(published=None).replace(
        '<div class="byline">By Jane Doe</div>',
        '<div class="byline">By Jane Doe</div><time datetime="2023-11-02">2 November 2023</time>',
    )
    assert article_from_html(page).published == "2023-11-02"


def test_outlet_from_url_when_no_site_name() -> None:
    page = news_page().replace('<meta property="og:site_name" content="The Daily Ledger">', "")
    page = page.replace(" | The Daily Ledger</title>", "</title>")
    article = article_from_html(page, url="https://www.ledger.example.org/a")
    assert article.outlet in {"ledger.example.org", "The Daily Ledger"}
    assert article_from_html(page, url="https://www.ledger.example.org/a").id == article.id


def test_declared_and_meta_charsets() -> None:
    page = news_page(title="Café owners protest — again")
    data = page.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    assert "Café owners protest — again" in decode_html(data)
    assert article_from_html(data).title == "Café owners protest — again"
    assert decode_html(page.encode("utf-8"), "utf-8") == page
