"""Quotations as French typography writes them: « guillemets » with the (non-breaking)
spaces inside, “ ” marks nested in them or standing alone, and straight quotes.

The English finder (``quotes.py``) takes an opening mark inside a quote for a quote
left open; French nests “ ” inside « » as a matter of course ("« une “ligne rouge” »"),
so marks are counted here. A quote left open at a paragraph's end goes on when the next
paragraph opens with « or » (the French convention for a quote over several
paragraphs), and otherwise ends with its paragraph.
"""

from __future__ import annotations

from onrecord.model import Span

from .quotes import MAX_UNCLOSED_CHARS, Quote

__all__ = ["find_french_quotes", "inside_any"]

_PAIRS = {"«": "»", "“": "”", '"': '"'}
_CONTINUES = frozenset("«»")
_OPENING_CONTEXT = frozenset(" \t\n\u00a0\u202f([{—–-/:;,'’")


def find_french_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in ``text``, in order, marks included."""
    quotes: list[Quote] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _PAIRS and (ch != '"' or _can_open_straight(text, i)):
            quote = _scan(text, i)
            if quote is not None:
                quotes.append(quote)
                i = quote.end
                continue
        i += 1
    return quotes


def _can_open_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _scan(text: str, start: int) -> Quote | None:
    opener = text[start]
    closer = _PAIRS[opener]
    depth = 1
    i = start + 1
    while i < len(text):
        ch = text[i]
        if opener == '"' and ch == '"':
            return Quote(start, i + 1)
        if ch == closer:
            depth -= 1
            if depth == 0:
                return Quote(start, i + 1)
        elif ch == opener:
            depth += 1
        elif ch == "\n":
            reopen = _reopens(text, i, opener)
            if reopen is None:
                return _unclosed(text, start, i)
            i = reopen + 1
            continue
        i += 1
    return _unclosed(text, start, len(text))


def _reopens(text: str, newline: int, opener: str) -> int | None:
    """Where the next paragraph's mark is, if it carries the open quote on."""
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and (text[j] == opener or (opener == "«" and text[j] in _CONTINUES)):
        return j
    return None


def _unclosed(text: str, start: int, end: int) -> Quote | None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3 or end - start > MAX_UNCLOSED_CHARS:
        return None
    return Quote(start, end, closed=False)


def inside_any(span: Span, quotes: list[Quote]) -> bool:
    """Whether ``span`` lies within a quotation (its marks excluded)."""
    return any(q.start < span.start and span.end <= q.end for q in quotes)
