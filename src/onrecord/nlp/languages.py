"""Which spaCy pipeline serves which language, found among the installed packages only.

English keeps ``load_pipeline``'s choice (``ONRECORD_MODEL``, then ``en_core_web_sm``, then
its pinned republication). Other languages take the first installed package of their
list, largest first, or the one named by ``ONRECORD_MODEL_<CODE>`` (``ONRECORD_MODEL_FR``).
A language with nothing installed has no pipeline: ``pipeline_for`` answers ``None`` and
never downloads.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language

from onrecord.errors import ModelNotFound
from onrecord.nlp.loading import PARAGRAPH_COMPONENT, PREFERRED_MODELS, load_pipeline, model_name
from onrecord.nlp.sentences import SENTENCE_HINTS_COMPONENT

__all__ = [
    "LANGUAGE_MODELS",
    "installed_languages",
    "language_code",
    "pipeline_for",
    "pipeline_name_for",
]

# Official spaCy package names per ISO 639-1 code, in order of preference. A larger
# pipeline parses better, so it wins when the user has installed one.
LANGUAGE_MODELS: dict[str, tuple[str, ...]] = {
    "en": PREFERRED_MODELS,
    "fr": ("fr_core_news_lg", "fr_core_news_md", "fr_core_news_sm"),
}


def language_code(language: str | None) -> str:
    """ "fr", "FR", "fr-FR" and "fr_CA" all name French: the lowercased primary subtag."""
    if not language:
        return "und"
    return language.strip().replace("_", "-").split("-", 1)[0].lower() or "und"


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def pipeline_name_for(language: str | None) -> str | None:
    """The package ``pipeline_for`` would load for ``language``, or None if none is installed."""
    code = language_code(language)
    if code == "en":
        try:
            return model_name()
        except ModelNotFound:
            return None
    explicit = os.environ.get(f"ONRECORD_MODEL_{code.upper()}")
    if explicit:
        return explicit
    return next((name for name in LANGUAGE_MODELS.get(code, ()) if _installed(name)), None)


def installed_languages() -> list[str]:
    """The language codes that have a pipeline installed, sorted."""
    return sorted(code for code in LANGUAGE_MODELS if pipeline_name_for(code) is not None)


def pipeline_for(language: str | None) -> Language | None:
    """The pipeline for ``language`` (loaded once per process), or None when none is
    installed. English is exactly ``load_pipeline()``."""
    code = language_code(language)
    name = pipeline_name_for(code)
    if name is None:
        return None
    if code == "en":
        return load_pipeline()
    return _load_other(name)


@lru_cache(maxsize=4)
def _load_other(name: str) -> Language:
    try:
        # The lemmatizer stays: the French extractor matches verbs by lemma as well as form.
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"Cannot load spaCy pipeline {name!r}: {exc}") from exc
    if "parser" in nlp.pipe_names:
        # Scraped text is lines, in every language: a headline is not the next paragraph's
        # subject. The array attribute ruler is left out: it is checked on English only.
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        nlp.add_pipe(SENTENCE_HINTS_COMPONENT, before="parser")
    return nlp
