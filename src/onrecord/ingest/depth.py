"""How deeply an HTML page nests its elements, to name the parser's depth limit when hit."""

from __future__ import annotations

import re

__all__ = ["MAX_HTML_DEPTH", "nesting_depth"]

# libxml2 (under lxml) stops building the tree below this depth unless told otherwise.
MAX_HTML_DEPTH = 255
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


def nesting_depth(html: str | bytes) -> int:
    """The deepest open-element nesting in ``html`` (void and self-closed tags do not
    nest; a stray end tag never takes the depth below zero)."""
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    depth = deepest = 0
    for closing, name, self_closed in _TAG.findall(data):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closed and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest
