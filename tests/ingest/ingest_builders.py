"""Builders for realistic inputs: news pages as HTML, WARC files written with warcio."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

PARAGRAPHS = (
    "LONDON (Reuters) - The finance minister on Tuesday defended deep cuts to public "
    "spending, saying the country could not afford to borrow more.",
    '"We have to live within our means," she told reporters outside parliament. '
    '"Every household understands that."',
    "Opposition leaders said the cuts would hurt the poorest families and called for a vote "
    "in parliament next week.",
    "The treasury said the plan would save 12 billion pounds over three years, according to "
    "a statement released on Tuesday.",
    "Economists were divided on whether the cuts would slow growth, with several warning of "
    "a recession risk later in the year.",
)


def news_page(
    title: str = "Minister defends budget cuts",
    paragraphs: Sequence[str] = PARAGRAPHS,
    *,
    site: str = "The Daily Ledger",
    published: str | None = "2024-03-05T08:30:00+00:00",
    comments: Sequence[tuple[str, str]] = (),
    cross_link: str = "Opposition vows to fight spending plan",
) -> str:
    """A news page as CMSs render one: menus, share bar, cross-link, comments, footer."""
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(2, f'<p><strong>Read more: <a href="/x">{html.escape(cross_link)}</a></strong></p>')
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    thread = "".join(
        f'<div class="comment"><span class="author">{html.escape(a)}</span>'
        f"<p>{html.escape(t)}</p></div>"
        for a, t in comments
    )
    heading = f"<h3>{len(comments)} Comments</h3>"
    section = f'<section class="comments">{heading}{thread}</section>' if comments else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="og:title" content="{html.escape(title)}">
{meta}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
<div class="byline">By Jane Doe</div>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>
{"".join(body)}
</article>
{section}
<aside><h3>You May Also Like</h3><ul><li><a href="/a">Storm hits coast</a></li>
<li><a href="/b">Markets rally</a></li></ul></aside>
</main>
<footer>© 2024 {html.escape(site)}. All rights reserved.</footer>
</body></html>"""


@dataclass
class Record:
    """One WARC record to write: an HTTP response with a payload."""

    url: str
    payload: bytes
    content_type: str = "text/html; charset=utf-8"
    date: str = "2024-03-05T10:00:00Z"
    status: str = "200 OK"


def warc_bytes(records: Sequence[Record], *, gzip: bool = False, requests: bool = True) -> bytes:
    """The records as a real WARC file, a warcinfo record first and a request record
    before each response; ``requests=False``: the responses alone."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    if requests:
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for item in records:
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
        )
        if requests:
            writer.write_record(
                writer.create_warc_record(
                    item.url,
                    "request",
                    http_headers=request,
                    warc_headers_dict={"WARC-Date": item.date},
                )
            )
        headers = StatusAndHeaders(
            item.status, [("Content-Type", item.content_type)], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                item.url,
                "response",
                payload=io.BytesIO(item.payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": item.date},
            )
        )
    return buffer.getvalue()
