"""Publication date, outlet and address as a page states them: JSON-LD, meta tags, its title.

trafilatura's metadata misses some of these (a page whose ``og:site_name`` it skips, a
JSON-LD ``publisher`` it does not read), so the HTML reader asks here as well, and uses
what trafilatura found first. Nothing is guessed: a value comes from the page's own
markup, or is None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["PageFacts", "page_facts"]

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dc.date", "dcterms.created", "sailthru.date",
    "parsely-pub-date", "publication_date",
)  # fmt: skip
_OUTLET_META = ("og:site_name", "application-name", "publisher", "dc.publisher")
_URL_META = ("og:url",)
_ARTICLE_TYPES = re.compile(r"article|posting|report|webpage", re.IGNORECASE)
# "Headline - Outlet", "Headline | Outlet", "Headline – Outlet": a short last part.
_TITLE_SUFFIX = re.compile(r"\s(?:[-|–—·:])\s([^-|–—·:]{2,40})$")
_SUFFIX_WORDS = 3


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the page's markup states; None where it states nothing."""

    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    title_outlet: str | None = None  # the site's name as a suffix of <title>, a last resort


def page_facts(page: str) -> PageFacts:
    """Date, outlet and canonical address from the page's JSON-LD and ``<meta>`` tags."""
    import trafilatura  # here, not at the top: see ``onrecord.clean``

    tree = trafilatura.load_html(page)
    if tree is None:
        return PageFacts()
    meta = _meta(tree)
    ld = list(_json_ld(tree))
    published = _first(_ld_values(ld, "datePublished")) or next(
        (meta[name] for name in _DATE_META if meta.get(name)), None
    )
    outlet = _first(_publisher_names(ld)) or next(
        (meta[name] for name in _OUTLET_META if meta.get(name)), None
    )
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    url = (canonical[0].strip() if canonical else None) or meta.get(_URL_META[0])
    titles = tree.xpath("//title/text()")
    suffix = _TITLE_SUFFIX.search(" ".join(titles[0].split())) if titles else None
    title_outlet = suffix[1].strip() if suffix else None
    if title_outlet and len(title_outlet.split()) > _SUFFIX_WORDS:
        title_outlet = None
    return PageFacts(published, outlet, url if url and "//" in url else None, title_outlet)


def _meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        name = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = " ".join((element.get("content") or "").split())
        if name and content:
            found.setdefault(name.strip().lower(), content)
    return found


def _json_ld(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, nested ``@graph`` lists unrolled."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common; the other sources still count
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def _ld_values(objects: list[dict[str, Any]], key: str) -> Iterator[Any]:
    """``key`` of article-like objects first, then of any other."""
    ranked = sorted(objects, key=lambda o: not _ARTICLE_TYPES.search(str(o.get("@type", ""))))
    return (o.get(key) for o in ranked)


def _publisher_names(objects: list[dict[str, Any]]) -> Iterator[Any]:
    for publisher in _ld_values(objects, "publisher"):
        for item in publisher if isinstance(publisher, list) else [publisher]:
            yield item.get("name") if isinstance(item, dict) else item


def _first(values: Iterator[Any]) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None
