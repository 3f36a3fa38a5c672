"""Metadata read from article text: dates, datelines, agencies, outlets, language."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.clean import clean_text, describe, guess_language
from onrecord.clean.metadata import (
    date_stamp_length,
    leading_dateline,
    outlet_from_url,
    parse_credit,
    parse_date,
    parse_dateline_line,
)
from onrecord.model import Dateline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def seed(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("date 2024-02-09", "2024-02-09"),
        ("February 9, 2024", "2024-02-09"),
        ("Feb. 9, 2024", "2024-02-09"),
        ("Published 9 February 2024, 10:30", "2024-02-09"),
        ("Friday, Sept 27, 2024", "2024-09-27"),
        ("2024-02-09T08:30:00+00:00", "2024-02-09"),
        ("2024/2/9", "2024-02-09"),
        ("on the 3rd of March 2023", "2023-03-03"),
        ("February 30, 2024", None),
        ("Jan 24", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_date_stamp_length() -> None:
    line = " date 2024-02-09 In a searing critique, the department said."
    assert line[date_stamp_length(line) :].startswith("In a searing critique")
    assert date_stamp_length("Updated: March 12, 2024 09:41 GMT") == len(
        "Updated: March 12, 2024 09:41 GMT"
    )
    assert date_stamp_length("In a searing critique on February 9, 2024") == 0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Washington, Jan 24", Dateline("Washington", "Jan 24")),
        ("NEW DELHI, January 24, 2025", Dateline("New Delhi", "January 24, 2025")),
        ("Islamabad, 24 Jan (APP)", Dateline("Islamabad", "24 Jan")),
        ("NEW YORK:", Dateline("New York")),
        ("Washington is a city", None),
        ("KEY POINTS:", None),
    ],
)
def test_parse_dateline_line(line: str, expected: Dateline | None) -> None:
    assert parse_dateline_line(line) == expected


@pytest.mark.parametrize(
    ("paragraph", "place", "date_text", "agency"),
    [
        ("NEW YORK: At the recent 79th UNGA, officials said.", "New York", None, None),
        ("LONDON (Reuters) - The minister said on Tuesday.", "London", None, "Reuters"),
        ("WASHINGTON, Jan 24 (Reuters) - Senators voted.", "Washington", "Jan 24", "Reuters"),
        ("Karachi, Feb 3 (IANS): The court ruled.", "Karachi", "Feb 3", "IANS"),
        ("WASHINGTON — The Senate voted on Tuesday.", "Washington", None, None),
    ],
)
def test_leading_dateline(paragraph: str, place: str, date_text: str | None, agency: str) -> None:
    found = leading_dateline(paragraph)
    assert found is not None
    dateline, credited = found
    assert (dateline.place, dateline.date_text, credited) == (place, date_text, agency)


def test_paragraph_without_dateline() -> None:
    assert leading_dateline("The United States has recently reiterated its support.") is None
    assert leading_dateline("UPDATE: The vote was delayed.") is None


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("- IANS", "IANS"),
        ("— AFP", "AFP"),
        ("(With inputs from PTI)", "PTI"),
        ("Source: APP", "APP"),
        ("(Reuters)", "Reuters"),
        ("AP", "AP"),
        ("The Associated Press", "AP"),
        ("IANS reported that talks had stalled.", None),
    ],
)
def test_parse_credit(line: str, agency: str | None) -> None:
    assert parse_credit(line) == agency


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.dawn.com/news/1") == "dawn.com"
    assert outlet_from_url("https://m.example.co.uk/a") == "example.co.uk"
    assert outlet_from_url(None) is None


def test_language_guess() -> None:
    english = guess_language(seed("003"))
    assert english.is_english and english.code == "en"
    french = guess_language(
        "Le ministre a déclaré mardi que la réforme des retraites serait présentée au "
        "Parlement avant la fin de l'année, malgré les manifestations dans plusieurs villes."
    )
    assert french.code == "fr" and not french.is_english
    urdu = guess_language("پاکستان کے وزیر اعظم نے کہا کہ انتخابات وقت پر ہوں گے")
    assert urdu.code == "ur" and urdu.confidence > 0.9  # a model names it, not just "und"
    assert guess_language("12 34 56").code == "und"
    assert guess_language("Hello").code == "und"  # one word: too little to say


def test_describe_seed_002_published_date() -> None:
    meta = describe(clean_text(seed("002")))
    assert meta.published == "2024-02-09"
    assert meta.title is None


def test_describe_seed_004_dateline_and_agency() -> None:
    meta = describe(clean_text(seed("004")))
    assert meta.dateline == Dateline("Washington", "Jan 24")
    assert meta.agency == "IANS"
    assert meta.title == "US Senator Warns Rubio: Pakistan's Human Rights Crisis Demands Action"
    assert meta.published is None  # "Jan 24" has no year: no guessing
    assert meta.language is not None and meta.language.is_english


def test_describe_seed_000_new_york_dateline() -> None:
    meta = describe(clean_text(seed("000")))
    assert meta.dateline == Dateline("New York")
    assert meta.agency is None


def test_describe_hints_win_and_outlet_falls_back_to_url() -> None:
    cleaned = clean_text(seed("003"))
    meta = describe(
        cleaned,
        url="https://www.example.com/x",
        hints={"title": "Given title", "published": "March 1, 2024"},
    )
    assert meta.title == "Given title"
    assert meta.published == "2024-03-01"
    assert meta.outlet == "example.com"
    assert describe(cleaned, hints={"outlet": "The Wire"}).outlet == "The Wire"
