"""HTML pages: trafilatura finds the main text and metadata; onrecord's cleaner finishes.

``Article.text`` for an HTML page is plain text derived from it, laid out as::

    <title>
    (blank line)
    <main text, one paragraph per line, as trafilatura extracts it>
    (blank line)
    Comments
    (blank line)
    <reader comments, as trafilatura extracts them>   (only when the page has some)

The title and the "Comments" heading are set apart as removed (with reasons), so body
spans point only into the main text. trafilatura reads the page after
``onrecord.clean.prune`` has taken out furniture marked by class (standfirsts, pull
quotes, newsletter boxes); its main text is then trusted: ``clean_text`` gets each line's
element and link share (``onrecord.clean.blocks``) and trims only furniture, inside the text
or at its edges ("Read more: ..." cross-links, share prompts, bylines, link lists,
copyright lines), never lists or tables for being short. A page laid out in tables is
read with tables off and cleaned as scraped text. When trafilatura finds no main text,
the whole page's text is cleaned instead, with headline detection on: a best-effort
article, never a crash.

Dates and outlets: trafilatura's metadata (which asks htmldate for the original
publication date); when it has none, what the page's JSON-LD and ``<meta>`` tags state
(``onrecord.clean.page_meta``), then htmldate's extensive search; the outlet falls back
to the domain of the page's address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from onrecord.clean.blocks import line_blocks, strip_links
from onrecord.clean.body import clean_text
from onrecord.clean.metadata import describe
from onrecord.clean.page_meta import PageFacts, page_facts
from onrecord.clean.prune import prune_furniture
from onrecord.clean.text import assemble, decode_text
from onrecord.errors import InputError
from onrecord.model import Article, Origin, Span

__all__ = ["COMMENTS_HEADING", "article_from_html", "decode_html"]

COMMENTS_HEADING = "Comments"
_PROSE_CELL = 20  # words: a table cell this long holds running text, not data
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """HTML bytes as text: the declared charset, then ``<meta charset>``, then detection."""
    head = data[:4096]
    candidates = [declared]
    match = _META_CHARSET.search(head)
    if match:
        candidates.append(match[1].decode("ascii", "replace"))
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        for charset in filter(None, candidates):
            try:
                return data.decode(charset.strip().lower()).replace("\r\n", "\n")
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_text(data)


def article_from_html(
    html: str | bytes,
    url: str | None = None,
    path: str | None = None,
    *,
    record_id: str | None = None,
    charset: str | None = None,
    hints: Mapping[str, str | None] | None = None,
) -> Article:
    """The ``Article`` in one HTML page (see the module docstring for its ``text``).

    Raises ``InputError`` with the reason when the page holds no readable text.
    """
    page = decode_html(html, charset) if isinstance(html, bytes) else html
    if not page.strip():
        raise InputError("empty HTML page")
    given = {k: v for k, v in (hints or {}).items() if v}
    document = _extract(page, url)
    origin = Origin(path=path, url=url, record_id=record_id)
    if document is None or not (document.text or "").strip():
        return _fallback(page, url, origin, given)
    title = _squash(document.title or "")
    main = strip_links(document.text).strip()
    comments = strip_links(document.comments or "").strip()
    text = f"{title}\n\n{main}" if title else main
    comments_start = None
    if comments:
        comments_start = len(text) + 2
        text = f"{text}\n\n{COMMENTS_HEADING}\n\n{comments}"
    cleaned = clean_text(
        text,
        title=Span(0, len(title)) if title else None,
        find_title=False,
        comments_start=comments_start,
        description=document.description,
        blocks=line_blocks(document.body) if document.body is not None else None,
    )
    facts = page_facts(page)
    origin.url = origin.url or document.url or facts.url
    page_hints = _page_hints(page, origin.url, title, document.date, document.sitename, facts)
    meta = describe(cleaned, url=origin.url, hints={**page_hints, **given})
    return assemble(cleaned, meta, origin)


def _extract(page: str, url: str | None) -> Any:
    """trafilatura's document; for a page laid out in tables, read without tables.

    Old table-layout sites put the whole page in one table; trafilatura then flattens
    every cell into one "| ... |" line, article and menus alike. Read with tables off,
    the same page comes out one paragraph per line, which the cleaner can sort. Links
    are kept (as ``[text](url)``) so that ``line_blocks`` can tell link lists apart.
    """
    try:
        document: Any = _bare(page, url, tables=True)
        if document is not None and _table_dump(document.text or ""):
            flat: Any = _bare(page, url, tables=False)
            if flat is not None and (flat.text or "").strip():
                flat.body = None  # a layout table is no extractor's choice of article
                return flat
        return document
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc


def _bare(page: str, url: str | None, *, tables: bool) -> Any:
    import trafilatura  # here, as in every function using it: see ``onrecord.clean``

    tree = trafilatura.load_html(page)
    if tree is None:
        return None
    return trafilatura.bare_extraction(
        prune_furniture(tree),
        url=url,
        with_metadata=True,
        include_comments=True,
        include_links=True,
        include_tables=tables,
    )


def _table_dump(text: str) -> bool:
    """Most of the text sits in "| cell | cell |" rows, and some cell holds running prose.

    A data table (standings, prices) has short cells and is part of the report; a layout
    table holds the article's paragraphs in its cells.
    """
    rows = [line for line in text.splitlines() if line.lstrip().startswith("|")]
    if sum(len(line) for line in rows) <= 0.5 * max(len(text), 1):
        return False
    return any(len(cell.split()) >= _PROSE_CELL for row in rows for cell in row.split("|"))


def _fallback(page: str, url: str | None, origin: Origin, given: dict[str, str]) -> Article:
    """No main text found: clean the text of the whole page, headline detection on."""
    import trafilatura

    try:
        text = trafilatura.html2txt(page) or ""
        meta_doc = trafilatura.extract_metadata(page, default_url=url)
    except Exception as exc:
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    text = re.sub(r"[ \t]*\n[ \t\n]*\n", "\n\n", text).strip()
    if not text:
        raise InputError("HTML page has no readable text")
    title = _squash(meta_doc.title or "") if meta_doc is not None else ""
    cleaned = clean_text(text, title_hint=title or None)
    facts = page_facts(page)
    url = url or (meta_doc.url if meta_doc is not None else None) or facts.url
    date, site = (meta_doc.date, meta_doc.sitename) if meta_doc is not None else (None, None)
    page_hints = _page_hints(page, url, title, date, site, facts)
    return assemble(cleaned, describe(cleaned, url=url, hints={**page_hints, **given}), origin)


def _page_hints(
    page: str,
    url: str | None,
    title: str,
    date: str | None,
    sitename: str | None,
    facts: PageFacts,
) -> dict[str, str | None]:
    """Title, date and outlet for ``describe``: trafilatura's, then the page's own markup.

    The date falls back to htmldate's extensive search; the outlet to the address's domain
    (in ``describe``), and only for a page with no address to its <title> suffix.
    """
    outlet = sitename or facts.outlet or (None if url else facts.title_outlet)
    return {
        "title": title or None,
        "published": date or facts.published or _htmldate(page, url),
        "sitename": outlet,
    }


def _htmldate(page: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(page, extensive_search=True, original_date=True, url=url)
    except Exception:  # htmldate is a hint: a failure only means no date
        return None
    return str(found) if found else None


def _squash(value: str) -> str:
    return " ".join(value.split())
