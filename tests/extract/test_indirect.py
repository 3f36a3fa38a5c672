"""Indirect speech: verbs and phrases of saying, believing, intending, urging, reporting."""

from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.article import extract_text

from .conftest import by_cue, content_of, source_of

SAYING = [
    (
        "Patel said the US would keep raising the issue with Islamabad.",
        "said",
        "the US would keep raising the issue with Islamabad",
    ),
    (
        "Miller stated that the elections were marred by undue restrictions.",
        "stated",
        "that the elections were marred by undue restrictions",
    ),
    (
        "Warner noted that polls were associated with instances of violence.",
        "noted",
        "that polls were associated with instances of violence",
    ),
    (
        "Rand emphasised that the United States supports free and fair elections.",
        "emphasised",
        "that the United States supports free and fair elections",
    ),
    (
        "Rand emphasized that the United States supports free and fair elections.",
        "emphasized",
        "that the United States supports free and fair elections",
    ),
    (
        "The senator warned that Pakistan is intimidating critics living overseas.",
        "warned",
        "that Pakistan is intimidating critics living overseas",
    ),
    (
        "The minister insisted that the internet shutdown was necessary.",
        "insisted",
        "that the internet shutdown was necessary",
    ),
    (
        "The ministry denied that any journalist had been detained.",
        "denied",
        "that any journalist had been detained",
    ),
    ("Khan claimed that the vote had been rigged.", "claimed", "that the vote had been rigged"),
    (
        "Miller reiterated that Washington does not favour any party.",
        "reiterated",
        "that Washington does not favour any party",
    ),
    (
        "He assured that the US will continue to engage with elected leaders.",
        "assured",
        "that the US will continue to engage with elected leaders",
    ),
    (
        "Patel highlighted that the dialogue had been going on for months.",
        "highlighted",
        "that the dialogue had been going on for months",
    ),
    ("Warner wrote that the arrests were arbitrary.", "wrote", "that the arrests were arbitrary"),
    (
        "The spokesman told reporters that the review was under way.",
        "told",
        "that the review was under way",
    ),
    ("Blinken believes the talks can still succeed.", "believes", "the talks can still succeed"),
]


@pytest.mark.parametrize(("text", "cue", "content"), SAYING)
def test_verbs_of_saying_believing_reporting(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    attribution = by_cue(text, extract_text(text, nlp), cue)
    assert content_of(text, attribution) == [content]
    assert attribution.kind == "indirect"
    assert source_of(text, attribution) == text.split(f" {cue}")[0]


def test_urging_takes_the_addressee_and_the_action(nlp: Language) -> None:
    text = "Senator Warner urged Rubio to take diplomatic steps over the abuses."
    attribution = by_cue(text, extract_text(text, nlp), "urged")
    assert content_of(text, attribution) == ["Rubio to take diplomatic steps over the abuses"]
    assert source_of(text, attribution) == "Senator Warner"


def test_intending(nlp: Language) -> None:
    text = "The administration wants Pakistan to hold a full investigation into the claims."
    attribution = by_cue(text, extract_text(text, nlp), "wants")
    assert content_of(text, attribution) == [
        "Pakistan to hold a full investigation into the claims"
    ]


def test_multi_word_cue_called_for(nlp: Language) -> None:
    text = "The senator called for diplomatic action over the alleged abuses."
    attribution = by_cue(text, extract_text(text, nlp), "called for")
    assert content_of(text, attribution) == ["diplomatic action over the alleged abuses"]


def test_multi_word_cue_expressed_concern(nlp: Language) -> None:
    text = "The State Department expressed concern over the arrests of journalists."
    attribution = by_cue(text, extract_text(text, nlp), "expressed concern")
    assert "the arrests of journalists" in content_of(text, attribution)[0]
    assert source_of(text, attribution) == "The State Department"


def test_according_to(nlp: Language) -> None:
    text = "The vote count was delayed by two days, according to election observers."
    attribution = by_cue(text, extract_text(text, nlp), "according to")
    assert content_of(text, attribution) == ["The vote count was delayed by two days"]
    assert source_of(text, attribution) == "election observers"


def test_inverted_said_name(nlp: Language) -> None:
    text = "The case is an internal matter of Pakistan, said Patel."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert source_of(text, attribution) == "Patel"
    assert content_of(text, attribution) == ["The case is an internal matter of Pakistan"]


def test_parenthetical_cue_splits_nothing_it_reports(nlp: Language) -> None:
    text = "The restrictions, the spokesman said, were necessary security measures."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert source_of(text, attribution) == "the spokesman"
    assert content_of(text, attribution) == ["The restrictions", "were necessary security measures"]


def test_passive_reported_by(nlp: Language) -> None:
    text = "It was reported by Dawn that the internet had been shut down in Balochistan."
    attribution = by_cue(text, extract_text(text, nlp), "reported")
    assert source_of(text, attribution) == "Dawn"
    assert "the internet had been shut down in Balochistan" in content_of(text, attribution)[-1]


def test_nominal_assertion_that(nlp: Language) -> None:
    text = "His assertion that the polls were free was rejected by the opposition."
    attribution = by_cue(text, extract_text(text, nlp), "assertion")
    assert source_of(text, attribution) == "His"
    assert content_of(text, attribution) == ["that the polls were free"]


def test_statement_as_source(nlp: Language) -> None:
    text = "The statement said the elections included undue restrictions on freedoms."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert source_of(text, attribution) == "The statement"


def test_documents_and_organisations_speak(nlp: Language) -> None:
    text = (
        "The letter detailed that journalists had been sentenced in absentia. "
        "The State Department said the restrictions were undue."
    )
    attributions = extract_text(text, nlp)
    assert source_of(text, by_cue(text, attributions, "detailed")) == "The letter"
    assert source_of(text, by_cue(text, attributions, "said")) == "The State Department"


def test_mixed_quote(nlp: Language) -> None:
    text = "Patel said America would “raise with our partners in Pakistan” the issue of rigging."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert attribution.kind == "mixed"
    assert "“raise with our partners in Pakistan”" in attribution.content_text(text)


def test_content_in_pieces_around_the_cue(nlp: Language) -> None:
    text = "While the numbers vary, he said, PTI supporters were detained in mass volume."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert source_of(text, attribution) == "he"
    joined = " ".join(content_of(text, attribution))
    assert "While the numbers vary" in joined and "PTI supporters were detained" in joined


def test_no_cue_no_attribution(nlp: Language) -> None:
    text = "The election was held on February 8 after a delay of several months."
    assert extract_text(text, nlp) == []


def test_participle_with_agent_reports_the_clause(nlp: Language) -> None:
    text = "The concerns, raised by the State Department, include limits on the press."
    attribution = by_cue(text, extract_text(text, nlp), "raised by")
    assert source_of(text, attribution) == "the State Department"
    assert content_of(text, attribution) == ["The concerns", "include limits on the press"]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Senator Smith acknowledged the reality of climate change, which makes him an "
            "outlier among his colleagues.",
            "acknowledged",
            "the reality of climate change",
        ),
        (
            "Jones also said the plan would hurt farmers, who have struggled for years.",
            "also said",
            "the plan would hurt farmers",
        ),
        # a modal makes the clause a claim of its own: it stays
        (
            "The Guardian reported that police are investigating attacks on dissidents "
            "living in the UK, which may have involved the state.",
            "reported",
            "that police are investigating attacks on dissidents living in the UK, which "
            "may have involved the state",
        ),
        # no comma: the relative clause says which rules, and stays
        (
            "Senator Jones criticized the rules that the agency issued last year.",
            "criticized",
            "the rules that the agency issued last year",
        ),
    ],
)
def test_relative_clause_set_off_at_the_end_is_not_content(
    nlp: Language, text: str, cue: str, content: str
) -> None:
    assert content_of(text, by_cue(text, extract_text(text, nlp), cue)) == [content]
