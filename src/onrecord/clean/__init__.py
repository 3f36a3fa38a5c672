"""Cleaning: from a document's bytes to an ``Article``, body set apart from page furniture.

Decoding, the HTML reader (trafilatura plus onrecord's own rules), the body finder for
scraped text, reader comments and metadata (title, date, dateline, agency, language).
Every body character keeps its offset in the original text.

trafilatura and htmldate are imported inside the functions that read HTML, not at the
top of a module: they take a third of a second to import, and plain text, the command
line's corrections and searches, and the web app's pages never need them.
"""

from onrecord.clean.body import CleanResult, clean_text
from onrecord.clean.html import article_from_html, decode_html
from onrecord.clean.metadata import Metadata, describe, guess_language
from onrecord.clean.text import article_from_text, decode_text

__all__ = [
    "CleanResult",
    "Metadata",
    "article_from_html",
    "article_from_text",
    "clean_text",
    "decode_html",
    "decode_text",
    "describe",
    "guess_language",
]
