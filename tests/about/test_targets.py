"""Targets: most central first, typed, with implied and described people resolved."""

from __future__ import annotations

from tests.about.conftest import Describe, by_cue


def test_whom_a_cue_urges_comes_first(described: Describe) -> None:
    text = "The US State Department urged Pakistan to release the detained journalists."
    targets = by_cue(text, described(text), "urged").targets
    assert [(t.text, t.type) for t in targets[:2]] == [
        ("Pakistan", "country"),
        ("the detained journalists", "group"),
    ]
    assert targets[0].span.text(text) == "Pakistan" and targets[0].id is None


def test_implied_it_is_the_sentence_subject(described: Describe) -> None:
    text = (
        "Pakistan has faced criticism over the arrests, and its Foreign Office spokesperson "
        "said on Friday that it would review every case."
    )
    main = by_cue(text, described(text), "said").targets[0]
    assert (main.text, main.type) == ("Pakistan", "country")
    # the span is where the sentence names it, not the pronoun in the content
    assert main.span.start == 0 and main.span.text(text) == "Pakistan"


def test_a_description_is_the_person_the_article_names(described: Describe) -> None:
    text = (
        "Former prime minister Imran Khan was arrested on Tuesday. Human Rights Watch said "
        "the arrest of the former prime minister was politically motivated."
    )
    main = by_cue(text, described(text), "said").targets[0]
    assert (main.text, main.type) == ("Imran Khan", "person")
    assert main.span.text(text) == "the former prime minister"


def test_a_role_given_in_apposition_resolves_too(described: Describe) -> None:
    text = (
        'Imran Khan, the PTI founder, remains in jail. "The PTI founder must be released," '
        "Senator Ali Zafar said."
    )
    assert by_cue(text, described(text), "said").targets[0].text == "Imran Khan"


def test_the_speaker_gives_way_to_the_one_spoken_of(described: Describe) -> None:
    text = "Senator Ted Cruz said he would never vote for Hillary Clinton."
    main = by_cue(text, described(text), "said").targets[0]
    assert (main.text, main.type) == ("Hillary Clinton", "person")


def test_no_participant_means_an_event_or_issue(described: Describe) -> None:
    text = "Mayor Bill de Blasio said the explosion was an intentional act."
    main = by_cue(text, described(text), "said").targets[0]
    assert (main.span.text(text), main.type) == ("the explosion", "event")


def test_first_person_is_never_a_target(described: Describe) -> None:
    text = '"We must not overreact to campaign rhetoric," the minister told reporters.'
    targets = by_cue(text, described(text), "told").targets
    assert targets and all(t.text.lower() != "we" for t in targets)
