"""Plain-text articles: decode the bytes, clean, describe, and build the ``Article``.

Encodings: UTF-8 (with or without BOM) and BOM-marked UTF-16 first; UTF-8 with a few
bad bytes is read as UTF-8, the bad bytes replaced and named in a note; then
charset-normalizer. Detectors often call short English or French texts "cp1250", which
turns "naïve" into "naďve", so any Western or Central European single-byte guess is
read as Windows-1252 (a superset of Latin-1's letters, plus curly quotes and dashes),
falling back to Latin-1 when a byte is undefined in cp1252. Bytes that are NUL-laden or
full of control characters are refused as binary, with the reason.

``Article.text`` is the decoded text with line ends normalised to "\\n"; every span of
the article points into it.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Mapping

from charset_normalizer import from_bytes

from onrecord.clean.body import CleanResult, clean_text
from onrecord.clean.metadata import Metadata, describe
from onrecord.errors import InputError
from onrecord.model import Article, Origin, article_id

__all__ = ["article_from_text", "assemble", "decode_text", "decode_text_noted"]

_SNIFF = 8192
_WESTERN = frozenset(
    {
        "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3",
        "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
        "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437",
        "cp850", "cp852", "cp858", "cp1125", "ascii",
    }
)  # fmt: skip
_LETTER = re.compile(r"[^\W\d_]")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def decode_text(data: bytes | str) -> str:
    """Bytes of a text file as a string, or ``InputError`` saying why they are not text.

    A string (from a JSONL field) only has its line ends normalised and is checked.
    """
    return decode_text_noted(data)[0]


def decode_text_noted(data: bytes | str) -> tuple[str, str | None]:
    """``decode_text``, with a note when bytes had to be replaced to read the text.

    A file that is UTF-8 but for a few stray bytes (a copy-paste from a Latin-1 page,
    a record cut mid-character) is read as UTF-8 with each bad sequence replaced by
    U+FFFD, and the note names their byte offsets. Only when most of its non-ASCII
    bytes are not UTF-8 is a file taken to be in a single-byte encoding.
    """
    if isinstance(data, bytes) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        mixed = _mostly_utf8(data)
        if mixed is not None:
            text, offsets = mixed
            shown = ", ".join(str(o) for o in offsets[:8])
            more = f" and {len(offsets) - 8} more" if len(offsets) > 8 else ""
            return _checked(text.removeprefix("\ufeff")), (
                f"{len(offsets)} byte sequence(s) not valid UTF-8 replaced by U+FFFD, "
                f"at byte offset(s) {shown}{more}"
            )
    return _decode_any(data), None


def _collect_offsets(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _bad.offsets.append((error.start, error.end))
    return "\ufffd", error.end


_bad = threading.local()
codecs.register_error("onrecord-offsets", _collect_offsets)
_ASCII = bytes(range(128))


def _mostly_utf8(data: bytes) -> tuple[str, list[int]] | None:
    """The text and the offsets of its bad sequences, when ``data`` is UTF-8 with some
    bad bytes; None when it is valid UTF-8 (nothing to note) or mostly not UTF-8."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:_SNIFF]:
        return None  # binary: refused with its reason by the general path
    _bad.offsets = []
    try:
        text = data.decode("utf-8", "onrecord-offsets")
        spans: list[tuple[int, int]] = _bad.offsets
    finally:
        _bad.offsets = []
    bad_bytes = sum(end - start for start, end in spans)
    non_ascii = len(data.translate(None, _ASCII))
    if bad_bytes * 2 > non_ascii:
        return None
    return text, [start for start, _ in spans]


def _decode_any(data: bytes | str) -> str:
    if isinstance(data, str):
        return _checked(data.removeprefix("\ufeff"))
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return _checked(_decode(data, encoding))
    if b"\x00" in data[:_SNIFF]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 1 << 20]).best()
    if best is None:
        raise InputError("binary file or unknown text encoding")
    encoding = best.encoding
    if encoding in _WESTERN:
        try:
            return _checked(data.decode("cp1252"))
        except UnicodeDecodeError:
            return _checked(data.decode("latin-1"))
    return _checked(_decode(data, encoding))


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"cannot decode as {encoding}: {exc}") from exc


def _checked(text: str) -> str:
    """Text with normalised line ends, refused when it looks like binary data."""
    sample = text[:_SNIFF]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > max(2, len(sample) // 100):
        raise InputError(f"binary file ({controls} control characters in the first bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file")
    return text


def article_from_text(
    text: str,
    origin: Origin,
    *,
    hints: Mapping[str, str | None] | None = None,
) -> Article:
    """An ``Article`` from scraped plain text: body found, boilerplate set apart."""
    hints = hints or {}
    cleaned = clean_text(text, title_hint=hints.get("title"))
    meta = describe(cleaned, url=origin.url, hints=hints)
    return assemble(cleaned, meta, origin)


def assemble(cleaned: CleanResult, meta: Metadata, origin: Origin) -> Article:
    """The ``Article`` record for a cleaned text and its metadata.

    Raises ``InputError`` when no body was found: an article with nothing in it would
    only hide the problem further down.
    """
    body_text = cleaned.body_text()
    if not _LETTER.search(body_text):
        raise InputError("no readable text in the article body (only furniture or symbols)")
    return Article(
        id=article_id(body_text),
        origin=origin,
        text=cleaned.text,
        body=cleaned.body,
        title=meta.title,
        published=meta.published,
        dateline=meta.dateline,
        agency=meta.agency,
        outlet=meta.outlet,
        language=meta.language.code if meta.language else None,
        comments=cleaned.comments,
        removed=cleaned.removed,
    )
