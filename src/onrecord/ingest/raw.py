"""``RawDocument``: one input as read, before cleaning; and how inputs are told apart."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Literal

from onrecord.model import Origin

__all__ = ["MediaType", "RawDocument", "sniff"]

MediaType = Literal["text/plain", "text/html"]
Format = Literal["text", "html", "warc", "jsonl", "gzip"]

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(
    rb"<(?:html|body|head|div|p|article|main|meta|title|span|h1|h2|br)\b[^>]*>", re.IGNORECASE
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")


@dataclass(slots=True)
class RawDocument:
    """One document as read from its input, with what the input said about it.

    ``content`` is text (plain or HTML) or undecoded bytes; ``hints`` carries metadata
    the container gave (a JSONL record's ``title``, ``published``, ``outlet``).
    """

    origin: Origin
    content: str | bytes
    media_type: MediaType = "text/plain"
    url: str | None = None
    captured: str | None = None
    charset: str | None = None
    hints: dict[str, str | None] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """How problems name this document: path, then record id or line, or URL."""
        origin = self.origin
        base = origin.path or origin.url or "<input>"
        if origin.line is not None:
            return f"{base} line {origin.line}"
        if origin.record_id:
            return f"{base} record {origin.record_id}" + (f" ({origin.url})" if origin.url else "")
        return base


def sniff(head: bytes, name: str = "") -> Format:
    """The format of an input from its first bytes, with the file name as a tie-breaker.

    Content wins over the extension (an HTML page saved as ``.txt`` is HTML), except
    that a ``.html`` file with any tags at all is HTML and a ``.jsonl`` file is JSONL.
    """
    lower = name.lower()
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/1.") or stripped.startswith(b"WARC/0."):
        return "warc"
    if _HTML_START.match(stripped):
        return "html"
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")) or _first_line_is_object(stripped):
        return "jsonl"
    if lower.endswith(_HTML_SUFFIXES) and _HTML_TAGS.search(stripped):
        return "html"
    if len(_HTML_TAGS.findall(stripped[:4096])) >= 3:
        return "html"
    return "text"


def _first_line_is_object(head: bytes) -> bool:
    if not head.startswith(b"{"):
        return False
    line = head.split(b"\n", 1)[0]
    if b"\n" not in head and len(head) >= 65536:
        return True  # a long first line that starts like an object: let the reader decide
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
