"""The array matcher finds exactly the matches of spaCy's own attribute ruler."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from onrecord.nlp import load_pipeline, model_name
from onrecord.nlp.attribute_rules import COMPONENT, ArrayAttributeRuler, Unsupported
from onrecord.nlp.loading import PARAGRAPH_COMPONENT

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLNEAR = Path("/work/shared/bench/polnear/train/text")
# Every kind of rule the English ruler has: auxiliaries, contractions, two-token rules
# ("gon na", "y' all", "ai n't", "Let 's"), pronoun morphology by dependency, expletive
# "there is", runs of spaces and line breaks.
ODD = (
    "I ain't gonna say it, y'all. Let's go! There is nothing doin' here, somethin' 'bout "
    "'em.\n\n   You can't and it won't; I'd have done it, he's got ta do it. "
    "It was said that they were, and we'd had it.  \n Who did that? Which one? "
    "I gave it to you and you gave it to me. C'mon, 'nuff said, ol' Nothin'."
)


@pytest.fixture(scope="module")
def reference() -> Language:
    """The pipeline as shipped, attribute ruler and all."""
    return spacy.load(model_name())


def _texts() -> list[str]:
    found = [ODD, *(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))]
    found += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))[:60]]
    return found


def test_matches_are_the_rulers_own(reference: Language) -> None:
    ruler = reference.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    array = ArrayAttributeRuler(ruler)
    before = [n for n in reference.pipe_names if n not in ("attribute_ruler", "lemmatizer", "ner")]
    texts = _texts()
    assert len(texts) > 60, "the PolNeAR texts are read from /work/shared/bench"
    with reference.select_pipes(enable=before):
        docs = list(reference.pipe(texts))
    compared = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert array.match(doc) == expected
        compared += len(expected)
    assert compared > 50_000


def test_annotations_equal_the_rulers_own() -> None:
    ours = load_pipeline()
    assert COMPONENT in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    theirs_nlp = spacy.load(model_name(), exclude=["lemmatizer"])
    theirs_nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")  # as load_pipeline does
    for text in _texts()[:8]:
        mine, theirs = ours(text), theirs_nlp(text)
        assert [(t.pos_, t.tag_, t.dep_, str(t.morph)) for t in mine] == [
            (t.pos_, t.tag_, t.dep_, str(t.morph)) for t in theirs
        ]


def test_a_pattern_it_cannot_do_keeps_the_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "x", "OP": "+"}]], {"POS": "X"})
    with pytest.raises(Unsupported):
        ArrayAttributeRuler(ruler)
