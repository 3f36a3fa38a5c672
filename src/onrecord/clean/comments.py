"""The reader-comment section of a scraped page, as ``Comment`` records with authors.

Comment widgets flatten to a few shapes in plain text: an avatar initial, the name,
then the text ("P / Priya S / It's good that..."); "Name says:" or "Name | 2 hours
ago" headers; or bare paragraphs with no author. Around them sit forms ("Leave a
Comment", "Minimum 50 characters 0/50") and moderation notices. Every paragraph of the
section gets a reason, and comment text is never article body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from onrecord.clean.boilerplate import is_comment_heading, is_comment_meta, is_related_heading
from onrecord.clean.metadata import date_stamp_length
from onrecord.model import Comment, Span

if TYPE_CHECKING:
    from onrecord.clean.paragraphs import Paragraph

__all__ = ["comment_region_opens", "parse_comments"]

Label = tuple[str, str]
_DATE_META = ("comments", "comment metadata")
_AVATAR = re.compile(r"[A-Z]{1,2}")
_NAME = re.compile(r"@?[\w][\w.'’@-]*(?:\s+@?[\w][\w.'’@-]*){0,3}")
_SAYS = re.compile(
    r"(?P<name>[^\n]{1,40}?)\s+(?:says|said|wrote|writes|commented|replied)"
    r"(?:\s+(?:on|at)\s+[^\n]{1,60}?)?\s*:?"
    r"|(?:posted|written|submitted|comment)\s+by\s*:?\s*(?P<by>[^\n]{1,60})",
    re.IGNORECASE,
)
_HEADER_SEP = re.compile(r"\s+[|·•–-]\s+")
_STRONG_HEADING = re.compile(r"reader|leave|post|add|write|join|\(\s*\d+|^\d+\s", re.IGNORECASE)


def comment_region_opens(paras: Sequence[Paragraph], i: int) -> bool:
    """Whether the comment heading at ``i`` really opens a comment section.

    A bare "Comments" or "12 comments" can also be a counter under a headline; it opens
    the section only when comment-shaped lines (authors, forms, "Reply") follow.
    """
    if _STRONG_HEADING.search(paras[i].text):
        return True
    following = paras[i + 1 : i + 4]
    if not following:
        return True
    return any(
        is_comment_meta(p.text) or _author(paras, i + 1 + k) for k, p in enumerate(following)
    )


def parse_comments(text: str, paras: Sequence[Paragraph]) -> tuple[list[Comment], list[Label]]:
    """Comments in the section ``paras``, and a reason for each of its paragraphs."""
    labels: list[Label] = []
    comments: list[Comment] = []
    author: str | None = None
    pieces: list[int] = []
    head: int | None = None  # first paragraph (avatar or author line) of the current comment
    tail_related = False

    def flush() -> None:
        nonlocal author, pieces, head
        if pieces:
            first, last = paras[pieces[0]], paras[pieces[-1]]
            span = Span(first.start, last.end)
            comments.append(Comment(author, span.text(text), span))
            who = f" by {author}" if author else ""
            for k in range(head if head is not None else pieces[0], pieces[-1] + 1):
                if labels[k][0] == "comment":
                    labels[k] = ("comment", f"reader comment{who}")
        author, pieces, head = None, [], None

    for i, p in enumerate(paras):
        if tail_related or (is_related_heading(p.text) and not p.prose):
            tail_related = True
            flush()
            labels.append(("related", "related-stories block"))
            continue
        if is_comment_heading(p.text) and not pieces:
            labels.append(("comments", "comment section heading"))
            continue
        meta = is_comment_meta(p.text) or (_DATE_META if _is_date(p.text) else None)
        if meta:
            labels.append(meta)
            continue
        if _AVATAR.fullmatch(p.text) and _author(paras, i + 1):
            flush()
            head = i
            labels.append(("comment", "reader comment"))
            continue
        name = _author(paras, i)
        if name:
            if not (head is not None and head == i - 1 and not pieces):
                flush()
                head = i
            author = name
            labels.append(("comment", "reader comment"))
            continue
        if author is None and pieces:
            flush()  # with no author lines to go by, each paragraph is one comment
        if head is None and not pieces:
            head = i
        pieces.append(i)
        labels.append(("comment", "reader comment"))
    flush()
    return comments, labels


def _author(paras: Sequence[Paragraph], i: int) -> str | None:
    """The commenter's name if paragraph ``i`` is a comment header line, else None."""
    if i >= len(paras):
        return None
    line = paras[i].text
    match = _SAYS.fullmatch(line)
    if match:
        return (match["name"] or match["by"]).strip()
    parts = _HEADER_SEP.split(line)
    if len(parts) > 1 and all(is_comment_meta(part) or _is_date(part) for part in parts[1:]):
        line = parts[0]
    elif not _next_is_text(paras, i):
        return None
    if len(line) > 40 or not _NAME.fullmatch(line) or line[-1] in "!?:;,":
        return None
    if line.endswith(".") and not re.search(r"\b\w\.$", line):
        return None
    if is_comment_meta(line) or is_comment_heading(line):
        return None
    return line


def _next_is_text(paras: Sequence[Paragraph], i: int) -> bool:
    """The next paragraph that is not furniture ("2 hours ago") is a longer text."""
    for p in paras[i + 1 : i + 4]:
        if is_comment_meta(p.text) or _is_date(p.text):
            continue
        return p.words >= 4 and len(p.text) > len(paras[i].text)
    return False


def _is_date(value: str) -> bool:
    return date_stamp_length(value) >= len(value.strip())
