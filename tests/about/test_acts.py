"""The act of a statement on real-looking sentences, one or more per act."""

from __future__ import annotations

import pytest

from tests.about.conftest import Describe, by_cue

CASES = [
    # urge: the cue, "called on", and "must" in the content
    (
        "The US State Department urged Pakistan to release the detained journalists.",
        "urged",
        "urge",
    ),
    (
        "The European Union called on the authorities to hold free and fair elections.",
        "called on",
        "urge",
    ),
    (
        '"The PTI founder must be released at once," Senator Ali Zafar said.',
        "said",
        "urge",
    ),
    # concern, criticism included
    (
        "Amnesty International said it was deeply concerned about the arrest of Imran Khan.",
        "said",
        "concern",
    ),
    (
        "The European Union condemned the military court verdicts against civilians.",
        "condemned",
        "concern",
    ),
    # support
    (
        "The ministry welcomed the decision of the Supreme Court to release the activists.",
        "welcomed",
        "support",
    ),
    # assure
    (
        "Spokesperson Matthew Miller said the United States remains committed to democracy "
        "in Pakistan.",
        "said",
        "assure",
    ),
    (
        "The prime minister assured the families that the inquiry would be impartial.",
        "assured",
        "assure",
    ),
    # deny, rejection included
    (
        "The Foreign Office spokesperson said the resolution was an internal matter of Pakistan.",
        "said",
        "deny",
    ),
    ("Pakistan's Foreign Office rejected the remarks on Monday.", "rejected", "deny"),
    # cite: the speaker passes on a document
    (
        "Miller cited the department's annual human rights report on enforced disappearances.",
        "cited",
        "cite",
    ),
    # inform: the default
    (
        "Officials said the talks between India and Pakistan will resume next month.",
        "said",
        "inform",
    ),
]


@pytest.mark.parametrize(("text", "cue", "act"), CASES)
def test_act(described: Describe, text: str, cue: str, act: str) -> None:
    assert by_cue(text, described(text), cue).act == act


def test_someone_elses_support_is_not_the_speakers(described: Describe) -> None:
    text = (
        "Donald Trump spoke first. Hillary Clinton noted that Trump also initially supported "
        "the invasion in 2003."
    )
    assert by_cue(text, described(text), "noted").act != "support"


def test_support_as_a_noun_is_no_act(described: Describe) -> None:
    text = "European leaders said the bloc aims to rely less on U.S. support."
    assert by_cue(text, described(text), "said").act == "inform"


def test_a_question_is_no_request(described: Describe) -> None:
    text = "Asked about the device that caused the explosion, O'Neill said he would not go into it."
    assert all(a.act != "urge" for a in described(text))
