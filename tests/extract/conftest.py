from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.model import Attribution
from onrecord.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def by_cue(text: str, attributions: list[Attribution], cue: str) -> Attribution:
    """The attribution whose cue reads ``cue``, or else whose cue has ``cue`` among its
    words: cues follow PolNeAR and take in auxiliaries, adverbs and time phrases
    ("was reported", "said on Friday"); fails listing what was found."""
    found = [a for a in attributions if a.cue and a.cue.text(text) == cue]
    if not found:
        found = [a for a in attributions if a.cue and _has_words(a.cue.text(text), cue)]
    cues = [a.cue.text(text) for a in attributions if a.cue]
    assert found, f"no attribution with cue {cue!r}; cues: {cues}"
    return found[0]


def content_of(text: str, attribution: Attribution) -> list[str]:
    return [span.text(text) for span in attribution.content]


def source_of(text: str, attribution: Attribution) -> str | None:
    return attribution.source.text(text) if attribution.source else None


def _has_words(text: str, words: str) -> bool:
    """Whether ``words`` stand in ``text`` as whole words, in order."""
    padded = f" {' '.join(text.split())} "
    return f" {' '.join(words.split())} " in padded
