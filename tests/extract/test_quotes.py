"""Quotation spans in every mark style, not fooled by apostrophes."""

from __future__ import annotations

import pytest

from onrecord.extract import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win” today.", ["“we will win”"]),
        ('He said "we will win" today.', ['"we will win"']),
        ("He said ‘we will win’ today.", ["‘we will win’"]),
        ("Il a dit «nous gagnerons» hier.", ["«nous gagnerons»"]),
        ("He said 'we will win' today.", ["'we will win'"]),
    ],
)
def test_every_mark_style(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_apostrophes_are_not_quotes() -> None:
    text = "The voters’ anger in the ’90s didn’t fade, and rock ’n’ roll’s heyday ended."
    assert quoted(text) == []


def test_plural_possessive_inside_single_quote() -> None:
    text = "He called it ‘a win for voters’ rights and freedoms’ on Monday."
    assert quoted(text) == ["‘a win for voters’ rights and freedoms’"]


def test_nested_single_inside_double_belongs_to_the_outer_quote() -> None:
    text = "“The panel said Khan’s detention ‘had no legal basis’,” the letter detailed."
    assert quoted(text) == ["“The panel said Khan’s detention ‘had no legal basis’,”"]


def test_quote_running_over_several_paragraphs() -> None:
    text = (
        "Miller said: “The first paragraph has no closing mark.\n\n"
        "“The second paragraph ends the quote.”\n\nThen the report went on."
    )
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end].endswith("ends the quote.”")
    assert quote.start == text.index("“The first")
    assert quote.closed


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nA new paragraph without marks."
    [quote] = find_quotes(text)
    assert text[quote.start : quote.end] == "“this never closes"
    assert not quote.closed


def test_straight_quotes_pair_by_context() -> None:
    text = '"A," he said, "B and C."'
    assert quoted(text) == ['"A,"', '"B and C."']
