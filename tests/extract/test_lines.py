"""Speakers set out as lines: vox-pop dashes and transcript turns, not datelines."""

from __future__ import annotations

from spacy.language import Language

from onrecord.article import extract_text

from .conftest import by_cue, content_of, source_of


def test_name_dash_after_the_quote(nlp: Language) -> None:
    text = "“He represents everything the country is not.” ― Karen Bobadilla.\n\nNext paragraph."
    attribution = by_cue(text, extract_text(text, nlp), "―")
    assert source_of(text, attribution) == "Karen Bobadilla"
    assert content_of(text, attribution) == ["“He represents everything the country is not.”"]
    assert attribution.kind == "direct"


def test_transcript_turn(nlp: Language) -> None:
    text = "WALLACE: But, Governor, I have to ask you about the polls.\n\nPENCE: Well, look."
    attributions = extract_text(text, nlp)
    wallace = [a for a in attributions if source_of(text, a) == "WALLACE"]
    assert wallace and content_of(text, wallace[0]) == [
        "But, Governor, I have to ask you about the polls."
    ]


def test_capitalised_dateline_is_not_a_speaker(nlp: Language) -> None:
    text = "NEW YORK: At the recent General Assembly, the United States confirmed its dedication."
    assert all(source_of(text, a) != "NEW YORK" for a in extract_text(text, nlp))
