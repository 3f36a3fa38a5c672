"""Scraped text made into HTML: the marked-up article, and search matches highlighted.

Both work the same way: find the places to mark on the *raw* text, cut the text at
those places, escape every piece with ``markupsafe.escape``, and only then put tags
around the escaped pieces. No tag is ever put into unescaped text, and no regular
expression ever runs over escaped text (where it could match inside ``&amp;``).

The article's text keeps every original character in order, so the page's text is the
original text and each marked element's ``data-start``/``data-end`` are offsets into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from onrecord.api.schemas import ArticleDetail
from onrecord.store.fts import query_terms

ROLE_NAMES = {"src": "source", "cue": "cue", "content": "content"}
# Outer to inner: the source is innermost so its link is what a click lands on.
ROLE_ORDER = ("content", "cue", "src")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    role: str  # src | cue | content
    attribution: str
    speaker: str
    href: str | None = None  # where the source links: the speaker's page


def article_marks(article: ArticleDetail, speaker_links: dict[str, str]) -> list[Mark]:
    marks: list[Mark] = []
    for a in article.attributions:
        who = (a.review.speaker if a.review and a.review.speaker else None) or (
            a.entity_name or a.speaker or "unknown speaker"
        )
        href = speaker_links.get(a.id)
        if a.source:
            marks.append(Mark(a.source[0], a.source[1], "src", a.id, who, href))
        if a.cue:
            marks.append(Mark(a.cue[0], a.cue[1], "cue", a.id, who))
        marks.extend(Mark(s, e, "content", a.id, who) for s, e in a.content)
    return marks


def mark_article(
    text: str, removed: Sequence[tuple[int, int, str]], marks: Sequence[Mark]
) -> Markup:
    """The whole original text as HTML, removed stretches dimmed, attributions marked."""
    size = len(text)
    cuts = {0, size}
    for start, end, _ in removed:
        cuts.update((min(start, size), min(end, size)))
    for m in marks:
        cuts.update((min(m.start, size), min(m.end, size)))
    points = sorted(cuts)
    pieces: list[str] = []
    for a, b in pairwise(points):
        html = str(escape(text[a:b]))
        covering = [m for m in marks if m.start <= a and b <= m.end]
        covering.sort(key=lambda m: (-(m.end - m.start), ROLE_ORDER.index(m.role), m.attribution))
        # Links cannot nest (a browser would tear the text apart): when two attributions
        # share a source, only the outermost of its marks links to the speaker.
        linked = next((m for m in covering if m.role == "src" and m.href), None)
        for m in reversed(covering):  # innermost first, so the widest span ends up outside
            html = _wrap(m, a, b, html, m is linked)
        reason = next((r for s, e, r in removed if s <= a and b <= e), None)
        if reason is not None:
            html = f'<span class="removed" title="removed: {escape(reason)}">{html}</span>'
        pieces.append(html)
    return Markup("".join(pieces))


def _wrap(m: Mark, a: int, b: int, inner: str, link: bool) -> str:
    title = escape(f"{ROLE_NAMES[m.role]} · {m.speaker}")
    span = (
        f'<span class="{m.role}" data-attribution="{escape(m.attribution)}" '
        f'data-start="{a}" data-end="{b}" title="{title}">{inner}</span>'
    )
    if link and m.href:
        return f'<a class="speaker-link" href="{escape(m.href)}">{span}</a>'
    return span


# -- search matches ------------------------------------------------------------------


SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ies", "ed", "es", "s")


def _stem(word: str) -> str:
    """A prefix that also matches the word's other endings, roughly as the search index's
    stemmer does ("elections" finds "election", "elected", "electoral")."""
    for suffix in SUFFIXES:
        if word.lower().endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def match_pattern(query: str | None, extra: Iterable[str] = ()) -> re.Pattern[str] | None:
    terms = [*(query_terms(query) if query else []), *extra]
    alternatives = []
    for term in terms:
        words = re.findall(r"\w+", term)
        if words:
            alternatives.append(r"\W+".join(re.escape(_stem(w)) + r"\w*" for w in words))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def highlight(text: str | None, pattern: re.Pattern[str] | None) -> Markup:
    """``text`` escaped, with each match of ``pattern`` in ``<mark>``."""
    if not text:
        return Markup("")
    if pattern is None:
        return escape(text)
    pieces: list[str] = []
    cursor = 0
    for found in pattern.finditer(text):
        if found.end() == found.start():
            continue
        pieces.append(str(escape(text[cursor : found.start()])))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        cursor = found.end()
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))
