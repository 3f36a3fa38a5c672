"""A parsed-and-described article for the about tests: one spaCy pipeline per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from onrecord.about import about_attributions
from onrecord.extract import find_attributions
from onrecord.model import Attribution
from onrecord.nlp import load_pipeline
from onrecord.resolve import find_mentions, resolve_speakers

Describe = Callable[[str], list[Attribution]]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="session")
def described(nlp: Language) -> Describe:
    """Attributions of a text, speakers resolved, targets, act and topics filled."""

    def run(text: str) -> list[Attribution]:
        doc = nlp(text)
        index = find_mentions(doc)
        found = resolve_speakers(doc, find_attributions(doc), index)
        return about_attributions(doc, found, index=index)

    return run


def by_cue(text: str, attributions: list[Attribution], cue: str) -> Attribution:
    """The one attribution whose cue reads ``cue``; fails listing what was found."""
    found = [a for a in attributions if a.cue and a.cue.text(text) == cue]
    if not found:  # learned cue spans may carry their adverbs along ("said on Friday")
        found = [a for a in attributions if a.cue and a.cue.text(text).startswith(cue + " ")]
    assert found, f"no cue {cue!r}; cues: {[a.cue.text(text) for a in attributions if a.cue]}"
    return found[0]
