"""Which extractor reads which language: English's parse rules, French's, and no other.

A language is listed here only when onrecord has rules written for it; having a spaCy
pipeline installed for some other language does not make its text analysable, so nothing
pretends to read what it cannot.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from onrecord.model import Attribution

from .french import METHOD as FRENCH_METHOD
from .french import find_french_attributions
from .rules import METHOD as ENGLISH_METHOD
from .rules import find_attributions

__all__ = ["EXTRACTORS", "METHODS", "Extractor", "extractor_for"]

Extractor = Callable[[Doc], list[Attribution]]

# ISO 639-1 code → the function that finds a parsed document's attributions.
EXTRACTORS: dict[str, Extractor] = {
    "en": find_attributions,
    "fr": find_french_attributions,
}
METHODS: dict[str, str] = {"en": ENGLISH_METHOD, "fr": FRENCH_METHOD}


def extractor_for(language: str) -> Extractor | None:
    """The extractor for an ISO 639-1 code, or None when onrecord has no rules for it."""
    return EXTRACTORS.get(language)
