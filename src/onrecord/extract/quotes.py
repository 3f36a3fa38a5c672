"""Quotation spans in raw text, in every common mark style.

Works on characters, before and apart from the parse, because the parser splits
multi-sentence and multi-paragraph quotes into pieces. Handles “curly”, "straight",
«guillemets» and ‘single’ marks; single marks are told apart from apostrophes
(voters’, ’90s, don’t) by what stands on either side of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from onrecord.model import Span

if TYPE_CHECKING:  # spaCy types only: the linker reads quotes without spaCy
    from spacy.tokens import Doc

DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘")
SINGLE_CLOSE = frozenset("’")
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | {'"', "'", "‹", "›"}

# A quote longer than this with no closing mark is a stray mark, not a quote.
MAX_UNCLOSED_CHARS = 1500
_OPENING_CONTEXT = frozenset(" \t\n([{—–-/:;,")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation, marks included; ``closed`` is False when the text never closes it."""

    start: int
    end: int
    closed: bool = True

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def inner(self) -> Span:
        return Span(self.start + 1, self.end - 1 if self.closed else self.end)


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPENING_CONTEXT or before in ALL_MARKS) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (not after.isalnum())


def _is_apostrophe(text: str, i: int) -> bool:
    """’ or ' inside or at the edge of a word: don’t, voters’ rights, ’90s, rock ’n’ roll."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    # ’90s, ’em: an elision before digits or a short lowercase tail
    return not before.isalnum() and after.isdigit()


def _paragraph_end(text: str, i: int) -> int:
    """Index of the blank-line break (or end of text) at or after i."""
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _continues_next_paragraph(text: str, para_end: int) -> int | None:
    """Where the next paragraph's opening mark is, if it re-opens a running quote."""
    j = para_end
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and (text[j] in DOUBLE_OPEN or text[j] == STRAIGHT_DOUBLE):
        return j
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in ``text``, in order, marks included.

    Quotes nested inside a double-quoted passage belong to it. A double quote left open
    at a paragraph end continues when the next paragraph re-opens with a mark (the news
    convention for quotes over several paragraphs); otherwise it ends with the paragraph.
    """
    quotes: list[Quote] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        is_double = ch in DOUBLE_OPEN or (ch == STRAIGHT_DOUBLE and _can_open(text, i))
        is_single = (ch in SINGLE_OPEN or ch == STRAIGHT_SINGLE) and _can_open(text, i)
        if is_double:
            quote = _scan_double(text, i)
        elif is_single and not _is_apostrophe(text, i):
            quote = _scan_single(text, i)
        else:
            i += 1
            continue
        if quote is None:
            i += 1
            continue
        quotes.append(quote)
        i = quote.end
    return quotes


def _scan_double(text: str, start: int) -> Quote | None:
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch in DOUBLE_CLOSE or (ch == STRAIGHT_DOUBLE and _can_close(text, i)):
            return Quote(start, i + 1)
        if ch == STRAIGHT_DOUBLE or ch in DOUBLE_OPEN:
            # An opening mark before any close: the earlier quote was never closed.
            return _unclosed(text, start, i)
        if ch == "\n":
            reopen = _continues_next_paragraph(text, i)
            if reopen is None:
                return _unclosed(text, start, i)
            i = reopen + 1
            continue
        i += 1
    return _unclosed(text, start, len(text))


def _unclosed(text: str, start: int, end: int) -> Quote | None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3 or end - start > MAX_UNCLOSED_CHARS:
        return None
    return Quote(start, end, closed=False)


def _scan_single(text: str, start: int) -> Quote | None:
    para_end = _paragraph_end(text, start)
    i = start + 1
    while i < para_end:
        ch = text[i]
        if (ch in SINGLE_CLOSE or ch == STRAIGHT_SINGLE) and _can_close(text, i):
            # "voters’ rights": a plural possessive, unless nothing later could close
            before = text[i - 1]
            plural_possessive = before == "s" and text[i + 1 : i + 2] == " "
            if not plural_possessive or not _later_close(text, i + 1, para_end):
                return Quote(start, i + 1)
        i += 1
    return None


def _later_close(text: str, i: int, para_end: int) -> bool:
    for j in range(i, para_end):
        if (text[j] in SINGLE_CLOSE or text[j] == STRAIGHT_SINGLE) and _can_close(text, j):
            return True
    return False


def quoted_token_indices(doc: Doc, quotes: list[Quote]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    inside: set[int] = set()
    for quote in quotes:
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside
