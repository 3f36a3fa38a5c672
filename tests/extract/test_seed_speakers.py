"""On the five example articles: every statement by the named officials is found and
carries the speaker's full name; the unnamed interior-ministry spokesman keeps his role
and stays nameless."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.article import extract_text
from onrecord.model import Attribution

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# (article, words inside the statement's content, speaker's full name)
STATEMENTS = [
    ("000", "We continue to work with the Pakistani populace", "Dafna Rand"),
    ("001", "Secretary of State Antony Blinken and US Ambassador", "Vedant Patel"),
    ("001", "these discussions are part of the US’s longstanding commitment", "Vedant Patel"),
    ("001", "We have always insisted on respecting human rights", "Vedant Patel"),
    ("001", "our most senior officials", "Vedant Patel"),
    (
        "001",
        "the Pakistan government to ensure the protection of freedom of expression",
        "Vedant Patel",
    ),
    ("001", "We urge the government of Pakistan to respect human rights", "Vedant Patel"),
    ("001", "raise with our partners in Pakistan", "Vedant Patel"),
    ("001", "it remains an internal matter for Pakistan", "Vedant Patel"),
    ("001", "The case of PTI founder is an internal matter of Pakistan", "Vedant Patel"),
    ("001", "the US resolution on Pakistan’s elections was “interference”", "Ishaq Dar"),
    (
        "002",
        "The United States is prepared to work with the next Pakistani government",
        "Matthew Miller",
    ),
    ("002", "Claims of interference or fraud should be fully investigated", "Matthew Miller"),
    ("002", "the importance of democratic institutions, a free press", "Matthew Miller"),
    ("002", "We will continue to support Pakistan strengthening", "Matthew Miller"),
    ("003", "the US will continue to engage with the leaders elected", "Matthew Miller"),
    ("003", "the US is engaged with Pakistan on a bilateral basis", "Matthew Miller"),
    ("003", "General Munir had met with several senior officials", "Matthew Miller"),
    ("003", "Pakistan is a major non-NATO ally of the United States", "Matthew Miller"),
    ("004", "Rubio to take diplomatic steps", "Mark Warner"),
    ("004", "polls were associated with instances of violence", "Mark Warner"),
    ("004", "included undue restrictions on freedoms of expression", "Mark Warner"),
    ("004", "post-election crackdowns targeted supporters", "Mark Warner"),
    ("004", "PTI supporters and members were detained in mass volume", "Mark Warner"),
    ("004", "Among those detained are former Prime Minister Imran Khan", "Mark Warner"),
    ("004", "these threats and actions include arbitrary arrests", "Mark Warner"),
    ("004", "I urge all appropriate investigation and prosecution", "Mark Warner"),
]

SPOKESMAN_STATEMENTS = [
    "they were necessary security measures",
    "The aim was to maintain law and order",
    "the international community for what he perceived",
    "the government was committed to upholding democratic values",
]


@pytest.fixture(scope="module")
def extracted(nlp: Language) -> dict[str, tuple[str, list[Attribution]]]:
    result = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result[path.name[:3]] = (text, extract_text(text, nlp))
    return result


def find(
    extracted: dict[str, tuple[str, list[Attribution]]], article: str, words: str
) -> Attribution:
    text, attributions = extracted[article]
    found = [a for a in attributions if words in a.content_text(text)]
    assert found, f"statement not found in {article}: {words!r}"
    return found[0]


@pytest.mark.parametrize(("article", "words", "speaker"), STATEMENTS)
def test_statement_found_with_full_name(
    extracted: dict[str, tuple[str, list[Attribution]]], article: str, words: str, speaker: str
) -> None:
    attribution = find(extracted, article, words)
    assert attribution.speaker == speaker


@pytest.mark.parametrize("words", SPOKESMAN_STATEMENTS)
def test_unnamed_spokesman_keeps_role_and_no_invented_name(
    extracted: dict[str, tuple[str, list[Attribution]]], words: str
) -> None:
    attribution = find(extracted, "002", words)
    assert attribution.speaker is None
    assert attribution.role is not None and "spokesman" in attribution.role.lower()
    assert attribution.affiliation is not None and "interior ministry" in attribution.affiliation


def test_roles_come_from_the_article(extracted: dict[str, tuple[str, list[Attribution]]]) -> None:
    patel = find(extracted, "001", "We urge the government of Pakistan")
    assert patel.role == "deputy spokesperson"
    assert patel.affiliation is not None and "State Department" in patel.affiliation
    miller = find(extracted, "003", "Pakistan is a major non-NATO ally")
    assert miller.role is not None and miller.role.lower() == "spokesperson"
    assert miller.affiliation == "State Department"
