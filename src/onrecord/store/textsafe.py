"""Text every store can hold: NUL characters and lone surrogates replaced, offsets kept.

PostgreSQL refuses a NUL character in text, and no driver can encode a lone surrogate
(which JSON allows as ``"\\ud800"``); SQLite takes both but hands back something else.
Each is replaced by U+FFFD, one code point for one, so every span into the text still
points at the same words, and the change is reported as a note naming where it was.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

__all__ = ["REPLACEMENT", "make_storable", "storable"]

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Offsets a note lists before it only counts the rest.
_SHOWN = 8


def storable(text: str) -> tuple[str, list[int]]:
    """``text`` with NUL and lone surrogates replaced, and the offsets replaced."""
    found = [m.start() for m in _UNSTORABLE.finditer(text)]
    if not found:
        return text, found
    return _UNSTORABLE.sub(REPLACEMENT, text), found


def make_storable(record: Any) -> str | None:
    """Replace unstorable characters in every string of a record (an ``Article`` with
    its parts, in place); a sentence saying what was replaced, or None if nothing was."""
    counts: dict[str, list[int]] = {}
    _walk(record, "", counts)
    if not counts:
        return None
    parts = []
    for name, offsets in counts.items():
        shown = ", ".join(str(o) for o in offsets[:_SHOWN])
        more = f" and {len(offsets) - _SHOWN} more" if len(offsets) > _SHOWN else ""
        parts.append(f"{name} at offset(s) {shown}{more}")
    total = sum(len(o) for o in counts.values())
    return (
        f"{total} character(s) no store can hold (NUL, lone surrogate) replaced by U+FFFD: "
        + "; ".join(parts)
    )


def _walk(value: Any, name: str, counts: dict[str, list[int]]) -> Any:
    """The value made storable; dataclasses and lists are changed in place."""
    if isinstance(value, str):
        fixed, offsets = storable(value)
        if offsets:
            counts.setdefault(name or "text", []).extend(offsets)
        return fixed
    if isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _walk(item, name, counts)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            if isinstance(current, str | list) or dataclasses.is_dataclass(current):
                fixed = _walk(current, field.name, counts)
                if fixed is not current:
                    object.__setattr__(value, field.name, fixed)  # frozen records too
        return value
    return value
