"""Attribution extraction: who said what, with exact character spans.

``extract(text)`` runs the whole per-article pipeline: spaCy parse, direct quotes,
indirect speech, then in-article speaker resolution.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.model import Attribution
from onrecord.nlp import load_pipeline
from onrecord.resolve import resolve_speakers

from .rules import find_attributions

__all__ = ["extract", "extract_doc", "extract_many"]


def extract_doc(doc: Doc) -> list[Attribution]:
    """Attributions in a parsed document, speakers resolved within it."""
    return resolve_speakers(doc, find_attributions(doc))


def extract(text: str, nlp: Language | None = None) -> list[Attribution]:
    """Every attribution in ``text``; offsets are character offsets into ``text``."""
    pipeline = nlp or load_pipeline()
    return extract_doc(pipeline(text))


def extract_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32
) -> Iterator[list[Attribution]]:
    """Attributions for each text in order, parsing in batches with ``nlp.pipe``."""
    pipeline = nlp or load_pipeline()
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        yield extract_doc(doc)
