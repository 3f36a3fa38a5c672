"""What an HTML extractor's tree says about each line of its text: element kind and link share.

trafilatura keeps the page's structure in its output tree: headings (``head``), paragraphs
(``p``), list items (``item``), quotes, table cells, and with ``include_links`` the links
(``ref``) inside them. Plain text loses all that, yet it is what tells a standfirst set as a
heading from the lead paragraph that repeats the page description, or a list of links to
other stories from a list of tour dates. ``line_blocks`` reads the tree once and keys each
line by its normalised words, so the cleaner can look a paragraph up by its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Block", "line_blocks", "strip_links"]

_BLOCK_TAGS = ("p", "head", "item", "quote", "cell", "code")
_LINK_OPEN, _LINK_CLOSE = "\x01", "\x02"
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_WORD = re.compile(r"[^\W_][\w'’.-]*")


@dataclass(frozen=True, slots=True)
class Block:
    """The element a line came from (``p``, ``head``, ``item`` ...) and its share of link text."""

    tag: str
    link_share: float


def key(text: str) -> str:
    """Lowercase words only: how a line is looked up, whatever markup or quotes it had."""
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))


def strip_links(text: str) -> str:
    """trafilatura's text with links written as ``[text](url)`` back to plain ``text``."""
    return _MARKDOWN_LINK.sub(r"\1", text)


def line_blocks(body: Any) -> dict[str, Block]:
    """For each line of the tree's text (blocks split at ``<lb/>``), its ``Block``."""
    found: dict[str, Block] = {}
    if body is None:
        return found
    for element in body.iter(*_BLOCK_TAGS):
        for line in _lines(element):
            plain = line.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
            words = key(plain)
            if not words:
                continue
            linked = sum(len(part) for part in re.findall("\x01([^\x02]*)\x02", line))
            share = linked / max(len(plain.strip()), 1)
            found.setdefault(words, Block(str(element.tag), min(share, 1.0)))
    return found


def _lines(element: Any) -> list[str]:
    """The element's text split at line breaks, link text wrapped in marker characters."""
    return "".join(_walk(element, element.tag == "ref")).split("\n")


def _walk(element: Any, in_link: bool) -> list[str]:
    def mark(text: str | None) -> str:
        return f"{_LINK_OPEN}{text}{_LINK_CLOSE}" if text and in_link else text or ""

    pieces = [mark(element.text)]
    for child in element:
        if child.tag == "lb":
            pieces.append("\n")
        else:
            pieces += _walk(child, in_link or child.tag == "ref")
        pieces.append(mark(child.tail))
    return pieces
