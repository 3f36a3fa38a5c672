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


def test_transcript_turns_quoted_paragraph_by_paragraph(nlp: Language) -> None:
    text = (
        'Partial transcript as follows:\n\n"HOST: Will the minister resign over the '
        'leak?\n\n"KHAN: Well, look, nobody in this government is above the law.'
    )
    attributions = extract_text(text, nlp)
    khan = [a for a in attributions if source_of(text, a) == "KHAN"]
    assert khan and content_of(text, khan[0]) == [
        "Well, look, nobody in this government is above the law."
    ]
    host = [a for a in attributions if source_of(text, a) == "HOST"]
    assert host and content_of(text, host[0]) == ["Will the minister resign over the leak?"]


def test_headline_naming_its_speaker(nlp: Language) -> None:
    text = (
        "Senator Warner: Human Rights Crisis Demands Action\n\n"
        "The senator wrote to the secretary of state on Monday."
    )
    attribution = by_cue(text, extract_text(text, nlp), ":")
    assert source_of(text, attribution) == "Senator Warner"
    assert content_of(text, attribution) == ["Human Rights Crisis Demands Action"]


def test_headline_labels_and_later_lines_are_not_speakers(nlp: Language) -> None:
    for text in (
        "Exclusive: Election Commission Delays the Count Again\n\nBody text follows here.",
        "The Latest: Khan urges supporters to watch the polling stations\n\nBody text.",
        "Votes counted slowly.\n\nMiller Statement: The count must be fair and quick.",
    ):
        assert not [a for a in extract_text(text, nlp) if a.cue and a.cue.text(text) == ":"]
