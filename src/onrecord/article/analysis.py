"""One article, start to finish: parse, extract attributions, resolve their speakers, and
say what each statement is about.

``extract_text(text)`` runs the whole per-article chain; ``analyse(text)`` does the same
and also returns the people the article names (``model.Mention``), from the same
resolution pass, so the corpus knows about people who are mentioned but never speak.
``analyse_in(text, language)`` picks the pipeline and rules for the article's language,
and says "not analysed: no pipeline for <language>" where there are none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.about import about_attributions
from onrecord.extract import find_attributions
from onrecord.extract.languages import extractor_for
from onrecord.model import Attribution, Mention
from onrecord.nlp import (
    installed_languages,
    language_code,
    load_pipeline,
    pipeline_for,
    pipeline_name_for,
)
from onrecord.resolve.mentions import find_mentions
from onrecord.resolve.named_people import named_people
from onrecord.resolve.speakers import resolve_speakers

__all__ = [
    "ANALYSED",
    "NOT_ANALYSED",
    "Analysis",
    "LanguageAnalysis",
    "analysable_languages",
    "analyse",
    "analyse_doc",
    "analyse_in",
    "analyse_many",
    "analyse_many_in",
    "extract_doc",
    "extract_many",
    "extract_text",
]

# What one article yields: its attributions and the people it names.
Analysis = tuple[list[Attribution], list[Mention]]


def extract_doc(doc: Doc) -> list[Attribution]:
    """Attributions in a parsed document, speakers resolved within it, with what each is
    about (targets, act, topics)."""
    index = find_mentions(doc)
    return about_attributions(
        doc, resolve_speakers(doc, find_attributions(doc), index), index=index
    )


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
    return about_attributions(doc, attributions, index=index), named_people(index)


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


ANALYSED = "analysed"
NOT_ANALYSED = "not analysed: no pipeline for {language}"


@dataclass(frozen=True, slots=True)
class LanguageAnalysis:
    """One text's analysis in a named language: its attributions and named people, the
    spaCy package that parsed it, and whether it was analysed at all (``status`` is
    ``ANALYSED`` or "not analysed: no pipeline for <language>")."""

    language: str
    status: str
    pipeline: str | None = None
    attributions: list[Attribution] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def analysed(self) -> bool:
        return self.status == ANALYSED


def analysable_languages() -> list[str]:
    """The language codes ``analyse_in`` can analyse here: rules written and a pipeline
    installed."""
    return [code for code in installed_languages() if extractor_for(code) is not None]


def analyse_in(text: str, language: str | None, nlp: Language | None = None) -> LanguageAnalysis:
    """``text`` analysed as ``language`` (an ISO 639-1 code, "fr-FR" accepted); English
    exactly as ``analyse``. ``nlp`` overrides the installed pipeline for that language."""
    return next(analyse_many_in([text], language, nlp))


def analyse_many_in(
    texts: Iterable[str], language: str | None, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[LanguageAnalysis]:
    """``analyse_in`` for each text in order, all in one language, parsed in batches."""
    code = language_code(language)
    extractor = extractor_for(code)
    pipeline = nlp or (pipeline_for(code) if extractor is not None else None)
    if extractor is None or pipeline is None:
        status = NOT_ANALYSED.format(language=code)
        for _ in texts:
            yield LanguageAnalysis(code, status)
        return
    name = pipeline_name_for(code) if nlp is None else _package_name(nlp)
    for doc in pipeline.pipe(texts, batch_size=batch_size):
        if code == "en":
            attributions, mentions = analyse_doc(doc)
        else:
            attributions, mentions = extractor(doc), []
        yield LanguageAnalysis(code, ANALYSED, name, attributions, mentions)


def _package_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}".strip("_")
