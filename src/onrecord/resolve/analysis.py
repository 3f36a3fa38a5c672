"""One article, start to finish: parse, extract attributions, resolve their speakers.

``extract_text(text)`` runs the whole per-article pipeline: spaCy parse, direct quotes,
indirect speech, then in-article speaker resolution. ``analyse(text)`` does the same and
also returns the people the article names (``model.Mention``), from the same
resolution pass, so the corpus knows about people who are mentioned but never speak.
Resolution is the last per-article stage, so the functions that run the whole chain
live here, above extraction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.extract import find_attributions
from onrecord.model import Attribution, Mention
from onrecord.nlp import load_pipeline
from onrecord.resolve.mentions import find_mentions
from onrecord.resolve.named_people import named_people
from onrecord.resolve.speakers import resolve_speakers

__all__ = [
    "Analysis",
    "analyse",
    "analyse_doc",
    "analyse_many",
    "extract_doc",
    "extract_many",
    "extract_text",
]

# What one article yields: its attributions and the people it names.
Analysis = tuple[list[Attribution], list[Mention]]


def extract_doc(doc: Doc) -> list[Attribution]:
    """Attributions in a parsed document, speakers resolved within it."""
    return resolve_speakers(doc, find_attributions(doc))


def extract_text(text: str, nlp: Language | None = None) -> list[Attribution]:
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


def analyse_doc(doc: Doc) -> Analysis:
    """Attributions (exactly as ``extract_doc`` finds them) and named people of a parsed
    document. The names are found once and serve both."""
    index = find_mentions(doc)
    attributions = resolve_speakers(doc, find_attributions(doc), index)
    return attributions, named_people(index)


def analyse(text: str, nlp: Language | None = None) -> Analysis:
    """``analyse_doc`` of ``text``; offsets are character offsets into ``text``."""
    pipeline = nlp or load_pipeline()
    return analyse_doc(pipeline(text))


def analyse_many(
    texts: Iterable[str], nlp: Language | None = None, batch_size: int = 32
) -> Iterator[Analysis]:
    """``analyse_doc`` for each text in order, parsing in batches with ``nlp.pipe``."""
    pipeline = nlp or load_pipeline()
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        yield analyse_doc(doc)
