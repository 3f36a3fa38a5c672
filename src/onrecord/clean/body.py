"""Find the article body inside scraped plain text, and set everything else apart.

A scraped page reads as: site navigation, the headline, furniture (share buttons, a
byline, "3 min read"), the body with cross-links ("Read more: ...") and pull quotes in
it, an agency credit, then related-story blocks and the reader-comment section. The
cleaner works on paragraphs (one line, or several hard-wrapped lines) and decides, for
each, whether it is body or why it is not:

* the body runs from the first prose paragraph after the headline to the last
  sentence-like paragraph before the comments; short lines before the headline are
  navigation;
* when a dateline ("Washington, Jan 24", "NEW YORK: ...") follows the first prose
  closely, the report starts there and what comes before it (standfirst, summary,
  "key points") is set apart; the dateline stays in the body and is read as metadata;
* inside the body, whole-line furniture from ``onrecord.clean.boilerplate`` is removed,
  as are lines repeating the headline or another paragraph (pull quotes), date stamps
  and agency credits (both kept as metadata);
* the comment section becomes ``Comment`` records with their authors, never body.

Nothing is rewritten: body and removed parts are spans into the *original* text, and
together they cover every non-blank character, so nothing disappears unexplained.
``Article.body_mask()`` keeps offsets for extraction; ``BodyMap`` maps offsets between
the original and the body joined with newlines, for code that wants a plain string.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from onrecord.clean.blocks import Block
from onrecord.clean.boilerplate import is_comment_heading, is_related_heading, line_kind
from onrecord.clean.comments import comment_region_opens, parse_comments
from onrecord.clean.metadata import (
    date_stamp_length,
    is_date_line,
    leading_dateline,
    parse_credit,
    parse_dateline_line,
)
from onrecord.clean.paragraphs import Paragraph, paragraphs
from onrecord.clean.result import BodyMap, CleanResult
from onrecord.model import Removed, Span

__all__ = ["BodyMap", "CleanResult", "Paragraph", "clean_text", "normalise", "paragraphs"]

_WORD = re.compile(r"[^\W_][\w'’.-]*")
_MENU = re.compile(r"\S\s+[|›»>]\s+\S.*\s[|›»>]\s|^[^.!?]*(?:\s[|›»]\s)[^.!?]*$")
_QUOTE_OPEN = "\"'“‘«"
_ATTRIBUTION_TAIL = re.compile(r"\s+[-–—]\s+[^-–—]{2,80}$")
_TRAILING_LINK = re.compile(
    r"(?<=[.!?”\"’])\s+(?:also\s+read|read\s+also|read\s+more|see\s+also|related)\s*:\s*"
    r"[^.!?\n]{3,200}$",
    re.IGNORECASE,
)
_DATELINE_WINDOW = 12  # paragraphs after the first prose in which a dateline may start
_BULLETS = "-•*–▪►"
_PULL_QUOTE_WORDS = 6
_LINK_LINE = 0.6  # share of link text above which a line is a link to elsewhere
_URL = re.compile(r"\S*(?:https?://|www\.)\S+$")
_COPYRIGHT = re.compile(r"©|ⓒ|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lowercase words only, quotes and punctuation dropped: for comparing passages."""
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))


def clean_text(
    text: str,
    *,
    title: Span | None = None,
    find_title: bool = True,
    title_hint: str | None = None,
    comments_start: int | None = None,
    description: str | None = None,
    blocks: Mapping[str, Block] | None = None,
) -> CleanResult:
    """Split scraped plain text into body, removed parts (with reasons) and comments.

    ``title`` marks a headline the caller already knows (HTML: the page title put at the
    top of the text); ``title_hint`` is a headline to look for (JSONL ``title``);
    ``find_title=False`` treats no line as the headline. ``comments_start`` is an offset
    where the caller knows reader comments begin. ``description`` is the page's own
    summary (HTML meta description): a paragraph near the top repeating it is a
    standfirst, not body.

    ``blocks`` (HTML: ``onrecord.clean.blocks.line_blocks``) says the text is an extractor's main
    text, already cut to the article, and what element each line came from. Then only
    furniture at the edges is trimmed, never lines for being short or list-like: tour
    dates, standings and product lists are part of the report.
    """
    paras = paragraphs(text)
    cleaner = _Cleaner(text, paras, blocks)
    return cleaner.run(title, find_title, title_hint, comments_start, description)


class _Cleaner:
    """One pass over one text's paragraphs; ``labels[i]`` is None for body."""

    def __init__(
        self, text: str, paras: list[Paragraph], blocks: Mapping[str, Block] | None = None
    ) -> None:
        self.text = text
        self.paras = paras
        self.blocks = blocks
        self.kinds = [line_kind(p.text) for p in paras]
        self.labels: list[tuple[str, str] | None] = [None] * len(paras)
        self.result = CleanResult(text)
        self.title_index: int | None = None
        self.keys = [normalise(p.text) for p in paras]
        self.first_seen: dict[str, int] = {}
        for i, key in enumerate(self.keys):
            self.first_seen.setdefault(key, i)
        self.counts = Counter(self.keys)

    def run(
        self,
        title: Span | None,
        find_title: bool,
        title_hint: str | None,
        comments_start: int | None,
        description: str | None,
    ) -> CleanResult:
        paras, n = self.paras, len(self.paras)
        first = next((i for i in range(n) if self._prose(i)), None)
        c = self._comments_index(first, comments_start)
        t = self._title_index(first, c, title, find_title, title_hint)
        self.title_index = t
        related = self._related(first, c)
        summary = self._summary(t, c, description)
        anchors = [i for i in range(c) if i not in related and i not in summary and i != t]
        after_title = t + 1 if t is not None else 0
        if self.blocks is not None:
            b0, b1 = self._extracted_bounds([i for i in anchors if i >= after_title], c)
        else:
            b0, b1 = self._scraped_bounds(anchors, after_title, c)
        for i in range(c):
            if i == t:
                self.labels[i] = ("title", "headline (kept as the title)")
            elif i in related or i in summary:
                self.labels[i] = related.get(i) or ("standfirst", "repeats the page description")
            elif t is not None and i < t:
                self.labels[i] = self._furniture(i) or ("navigation", "menu line before headline")
            elif i < b0:
                self.labels[i] = self._furniture(i) or self._before_body(i)
            elif i <= b1:
                self.labels[i] = self._furniture(i) or self._repeat(i)
            else:
                self.labels[i] = self._furniture(i) or ("after article", "line after the article")
        if c < n:
            comments, labels = parse_comments(self.text, paras[c:])
            self.result.comments = comments
            self.labels[c:] = labels
        self._split_leading_stamp(b0)
        return self._finish()

    def _scraped_bounds(self, anchors: list[int], after_title: int, c: int) -> tuple[int, int]:
        """First and last body paragraph of a whole scraped page: prose decides."""
        strong = [i for i in anchors if i >= after_title and self._opens(i)]
        ends = [i for i in anchors if self._prose(i) or self._sentence(i)]
        if not strong:
            strong = ends or [i for i in anchors if self.kinds[i] is None]
        b0 = strong[0] if strong else c
        opening = self._dateline_index(after_title, b0, c)
        b0 = opening if opening is not None else b0
        return b0, max((i for i in ends if i >= b0), default=b0)

    def _extracted_bounds(self, anchors: list[int], c: int) -> tuple[int, int]:
        """First and last body paragraph of an extractor's main text: only furniture at
        either edge (dates, headline repeats, link lists, credits) is outside."""
        inner = [i for i in anchors if not self._edge(i)]
        if not inner:
            return c, c
        return inner[0], inner[-1]

    def _edge(self, i: int) -> bool:
        """Furniture that may sit at the edge of an extractor's main text."""
        p = self.paras[i]
        if self.kinds[i] or is_related_heading(p.text) or parse_credit(p.text):
            return True
        if is_comment_heading(p.text):  # a comment-section heading left in the main text
            return True
        if date_stamp_length(p.text) >= len(p.text) or is_date_line(p.text):
            return True
        if self._headline_variant(i) or self._link_line(i):
            return True
        return bool(_COPYRIGHT.search(p.text)) and p.words <= 30

    def _headline_variant(self, i: int) -> bool:
        """The headline again, shortened or with the site's name added."""
        t, key = self.title_index, self.keys[i]
        if t is None or not key or self.paras[i].sentence_like:
            return False
        title = self.keys[t]
        if key == title:
            return True
        if len(key.split()) < 3:  # two words inside a headline are no headline
            return False
        return key in title or (title in key and len(key) < 2 * len(title))

    def _link_line(self, i: int) -> bool:
        """A line that is mostly one link and not a bare address: a link to another page."""
        block = self._block(i)
        text = self.paras[i].text
        return block is not None and block.link_share >= _LINK_LINE and not _URL.match(text)

    def _block(self, i: int) -> Block | None:
        return self.blocks.get(self.keys[i]) if self.blocks else None

    # which paragraph is what -------------------------------------------------------------
    def _prose(self, i: int) -> bool:
        return self.kinds[i] is None and self.paras[i].prose

    def _opens(self, i: int) -> bool:
        """Could open the report: prose, or a whole sentence of six words or more."""
        p = self.paras[i]
        return self.kinds[i] is None and (p.prose or (p.sentence_like and p.words >= 6))

    def _sentence(self, i: int) -> bool:
        return self.kinds[i] is None and self.paras[i].sentence_like

    def _comments_index(self, first: int | None, known: int | None) -> int:
        n = len(self.paras)
        if known is not None:
            return next((i for i, p in enumerate(self.paras) if p.start >= known), n)
        if first is None:
            return n
        for i in range(first + 1, n):
            if is_comment_heading(self.paras[i].text) and comment_region_opens(self.paras, i):
                return i
        return n

    def _title_index(
        self, first: int | None, c: int, known: Span | None, find: bool, hint: str | None
    ) -> int | None:
        if known is not None:
            return next((i for i, p in enumerate(self.paras) if p.start >= known.start), None)
        limit = first if first is not None else min(c, len(self.paras))
        if hint:
            wanted = normalise(hint)
            for i in range(limit):
                if normalise(self.paras[i].text) == wanted:
                    return i
        if not find:
            return None
        for i in range(limit):
            p = self.paras[i]
            if self.kinds[i] or date_stamp_length(p.text) or parse_dateline_line(p.text):
                continue
            if _MENU.search(p.text) or p.text.endswith(".") or not 3 <= p.words <= 30:
                continue
            if p.words >= 4 or len(p.text) >= 20:
                return i
        return None

    def _dateline_index(self, start: int, b0: int, c: int) -> int | None:
        """Where the report starts, if a dateline marks it near the first prose ``b0``.

        Pages often put a standfirst, a summary or "key points" between the headline and
        the report itself; a dateline ("Washington, Jan 24", "NEW YORK: ...") says where
        the report begins.
        """
        for i in range(start, min(c, b0 + _DATELINE_WINDOW)):
            text = self.paras[i].text
            if self.kinds[i] is None and (parse_dateline_line(text) or leading_dateline(text)):
                return i
        return None

    def _related(self, first: int | None, c: int) -> dict[int, tuple[str, str]]:
        """Related-story blocks once the report has started: a heading, then headline-like
        lines up to real prose. (Before the report, such lines are navigation.)"""
        found: dict[int, tuple[str, str]] = {}
        i = first + 1 if first is not None else c
        while i < c:
            p = self.paras[i]
            if is_related_heading(p.text) and not p.prose:
                found[i] = ("related", "related-stories block")
                i += 1
                while i < c and not (self.paras[i].words >= 25 and self.paras[i].prose):
                    found[i] = ("related", "related-stories block")
                    i += 1
            else:
                i += 1
        return found

    def _furniture(self, i: int) -> tuple[str, str] | None:
        """Furniture anywhere: widget vocabulary, date stamps, datelines, credits."""
        p = self.paras[i]
        if self.kinds[i]:
            return self.kinds[i]
        span = Span(p.start, p.end)
        if date_stamp_length(p.text) >= len(p.text):
            self.result.date_stamps.append(span)
            return ("date stamp", "publication date line (kept as metadata)")
        if parse_dateline_line(p.text):
            self.result.dateline = self.result.dateline or span
            return None  # part of the report, and read as metadata too
        if parse_credit(p.text):
            self.result.credits.append(span)
            return ("credit", "agency credit (kept as metadata)")
        return None

    def _before_body(self, i: int) -> tuple[str, str]:
        """Between the headline and the report: standfirsts, summaries, bylines, teasers."""
        repeat = self._repeat(i)
        if repeat:
            return repeat
        p = self.paras[i]
        if p.prose or p.sentence_like:
            return ("standfirst", "summary before the report begins")
        return ("before article", "short line between headline and body")

    def _summary(self, t: int | None, c: int, description: str | None) -> set[int]:
        """Paragraphs near the top that repeat the page's description (its standfirst)."""
        wanted = normalise(description or "")
        if len(wanted) < 20:
            return set()
        start = t + 1 if t is not None else 0
        end = min(c, start + _DATELINE_WINDOW)
        found = {i for i in range(start, end) if self.keys[i] == wanted}
        if self.blocks is None:
            return found
        # In an extractor's text the description may be the lead paragraph itself; it is a
        # standfirst only when the page sets it as a heading.
        return {i for i in found if (b := self._block(i)) is not None and b.tag == "head"}

    def _repeat(self, i: int) -> tuple[str, str] | None:
        """A line that repeats the headline or another paragraph (a pull quote)."""
        p, t, key = self.paras[i], self.title_index, self.keys[i]
        block = self._block(i)
        if not key:
            return None
        if t is not None and self.keys[t] == key:
            return ("repeated", "repeats the headline")
        j = self.first_seen.get(key, i)
        # Only a whole sentence repeated is a pull quote; short lines and list items recur
        # in real reports (a meal plan's "Eat every 2-3 hours", a spec list).
        # A pull quote repeats a sentence once; a line printed many times is a recurring part
        # of a structured report ("Portion Fix Containers: ..." in each meal).
        listed = p.text[0] in _BULLETS or (block is not None and block.tag in ("item", "cell"))
        earlier = len(key) > 15 and j < i and self.labels[j] is None
        quoted = p.sentence_like and p.words >= _PULL_QUOTE_WORDS and self.counts[key] == 2
        if earlier and quoted and not listed:
            return ("repeated", "repeats an earlier paragraph")
        if p.text[0] in _QUOTE_OPEN and p.words < 60:
            core = normalise(_ATTRIBUTION_TAIL.sub("", p.text.strip(_QUOTE_OPEN + '"”’')))
            if len(core) >= 30 and any(
                j != i and core in self.keys[j] and len(q.text) > len(p.text)
                for j, q in enumerate(self.paras)
            ):
                return ("repeated", "pull quote repeating the body")
        return None

    def _split_leading_stamp(self, b0: int) -> None:
        """ "date 2024-02-09 In a searing critique..." keeps its body, loses the stamp."""
        if b0 >= len(self.paras) or self.labels[b0] is not None:
            return
        p = self.paras[b0]
        cut = date_stamp_length(p.text)
        if 0 < cut < len(p.text):
            stamp = Span(p.start, p.start + len(p.text[:cut].rstrip()))
            self.result.date_stamps.append(stamp)
            self.result.removed.append(Removed(stamp, "date stamp: publication date (metadata)"))
            self.paras[b0] = Paragraph(p.start + cut, p.end, p.text[cut:])

    def _finish(self) -> CleanResult:
        result = self.result
        for p, label in zip(self.paras, self.labels, strict=True):
            span = Span(p.start, p.end)
            link = _TRAILING_LINK.search(p.text) if label is None else None
            if link:  # "...he said. Also read: Observers list concerns" on one line
                span = Span(p.start, p.start + link.start())
                result.removed.append(
                    Removed(Span(span.end + 1, p.end), "cross-link: link at the end of a paragraph")
                )
            if label is None:
                result.body.append(span)
            else:
                result.removed.append(Removed(span, f"{label[0]}: {label[1]}"))
                if label[0] == "title" and result.title is None:
                    result.title = span
        result.removed.sort(key=lambda r: r.span)
        return result
