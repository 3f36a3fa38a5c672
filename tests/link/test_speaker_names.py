"""How a resolved speaker string is read: a person with a title, or an organisation."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from onrecord.link import parse_speaker, speaker_names
from onrecord.link.speaker_names import fold


@pytest.mark.parametrize(
    ("written", "kind", "name"),
    [
        ("Department of Commerce", "organisation", "Department of Commerce"),
        ("The Department of Justice", "organisation", "Department of Justice"),
        ("Secretary of State Antony Blinken", "person", "Antony Blinken"),
        ("Minister of Defence Khawaja Asif", "person", "Khawaja Asif"),
        ("State Department spokesman Matthew Miller", "person", "Matthew Miller"),
    ],
)
def test_a_title_of_something_is_not_a_name(written: str, kind: str, name: str) -> None:
    speaker = parse_speaker(written)
    assert speaker is not None and (speaker.kind, speaker.name) == (kind, name)


@pytest.mark.parametrize(
    "written", ["Foreign Minister of Pakistan", "President of the United States"]
)
def test_what_a_title_is_of_is_no_person(written: str) -> None:
    """Who holds the title is not written: no person named "Pakistan" or "United States"."""
    assert parse_speaker(written) is None


def test_the_folding_table_holds_every_combining_mark() -> None:
    beyond = range(speaker_names.COMBINING_PLANES_END, sys.maxunicode + 1)
    assert not [hex(c) for c in beyond if unicodedata.combining(chr(c))]
    assert fold("Ünal Çelik, José Müller’s") == "unal celik jose muller's"
