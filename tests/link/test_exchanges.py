"""The exchange rules on real-looking statements: who answered, rejected or repeated whom."""

from __future__ import annotations

from onrecord.link.exchanges import (
    Said,
    exchange_between,
    exchanges_for,
    named_in,
    next_speakers,
    sides_of,
)
from onrecord.link.records import LATE
from onrecord.link.speaker_names import fold

MILLER = Said(
    statement_id="S-miller",
    speaker_id="P-miller",
    speaker="Matthew Miller",
    date="2024-02-09",
    act="concern",
    words="the allegations of interference point to a pattern of undue restrictions on "
    "fundamental freedoms in Pakistan's elections",
    speaker_names=frozenset({"matthew miller", "miller"}),
    sides=sides_of("Matthew Miller", "State Department spokesperson", "US State Department"),
    topics=frozenset({"elections"}),
)


def _foreign_office(words: str, date: str, act: str, targets: list[str]) -> Said:
    return Said(
        statement_id=f"S-fo-{date}",
        speaker_id="O-fo",
        speaker="Foreign Office",
        date=date,
        act=act,
        words=words,
        named=named_in(words, targets, []),
        speaker_names=frozenset({"foreign office"}),
        sides=sides_of("Mumtaz Zahra Baloch", "Foreign Office spokesperson", "Pakistan"),
        topics=frozenset({"elections", "sovereignty and interference"}),
    )


REJECTION = _foreign_office(
    "the US remarks on the elections and allegations of interference in Pakistan's "
    "internal matters are unwarranted",
    "2024-02-10",
    "deny",
    ["the US remarks", "the elections", "Pakistan"],
)


def test_sides_come_from_country_names_and_unambiguous_institutions() -> None:
    assert sides_of("Matthew Miller", "State Department spokesperson", None) == {"United States"}
    assert sides_of("Ishaq Dar", "Foreign Minister", "Pakistan") == {"Pakistan"}
    # "the foreign office" speaks for no particular country.
    assert sides_of("a spokesperson", "Foreign Office spokesperson", None) == frozenset()


def test_a_rejection_naming_the_speakers_country_rejects_the_earlier_remarks() -> None:
    found = exchange_between(REJECTION, MILLER)
    assert found is not None
    assert (found.later, found.earlier, found.relation) == (
        "S-fo-2024-02-10",
        "S-miller",
        "rejects",
    )
    assert found.named == "United States"  # "the US remarks"
    assert found.order == "later"
    assert {"allegations", "interference", "elections"} <= set(found.shared_words)
    # The other way round is not an exchange: Miller spoke first and named no one.
    assert exchange_between(MILLER, REJECTION) is None


def test_an_answer_that_does_not_deny_is_an_answer() -> None:
    answer = _foreign_office(
        "Washington's concerns about restrictions on fundamental freedoms during the "
        "elections reflect a lack of understanding of Pakistan's security situation",
        "2024-02-12",
        "concern",
        ["Washington", "restrictions", "the elections"],
    )
    found = exchange_between(answer, MILLER)
    assert found is not None and found.relation == "answers"


def test_a_reply_must_come_after_and_share_what_it_is_about() -> None:
    earlier = _foreign_office(REJECTION.words, "2024-02-01", "deny", ["the US remarks"])
    assert exchange_between(earlier, MILLER) is None  # before Miller spoke
    unrelated = _foreign_office(
        "the US delegation will visit Karachi to discuss trade and textile quotas",
        "2024-03-01",
        "inform",
        ["the US delegation", "Karachi"],
    )
    unrelated = Said(**{**_fields(unrelated), "topics": frozenset({"bilateral relations"})})
    assert exchange_between(unrelated, MILLER) is None  # names the US, talks of trade


def test_a_reply_must_name_the_speaker_or_their_country() -> None:
    anonymous = _foreign_office(
        "allegations of interference and restrictions on fundamental freedoms in the "
        "elections are baseless",
        "2024-02-10",
        "deny",
        ["allegations", "the elections"],
    )
    assert exchange_between(anonymous, MILLER) is None
    by_name = _foreign_office(
        "Miller's allegations of interference and restrictions on fundamental freedoms in "
        "the elections are baseless",
        "2024-02-10",
        "deny",
        ["Miller's allegations", "Miller"],
    )
    found = exchange_between(by_name, MILLER)
    assert found is not None and found.named == "miller"


def test_the_same_side_does_not_answer_itself() -> None:
    colleague = Said(
        **{
            **_fields(REJECTION),
            "speaker_id": "P-patel",
            "sides": sides_of("Vedant Patel", "State Department deputy spokesperson", None),
        }
    )
    assert exchange_between(colleague, MILLER) is None


def test_a_later_paraphrase_by_the_same_speaker_repeats_the_first() -> None:
    later = Said(
        **{
            **_fields(MILLER),
            "statement_id": "S-miller-2025",
            "date": "2025-02-03",
            "words": "allegations of interference in the elections showed undue restrictions "
            "on freedoms of expression and assembly",
        }
    )
    found = exchange_between(later, MILLER)
    assert found is not None and found.relation == "repeats" and found.order == "later"
    assert exchange_between(MILLER, later) is None


def test_undated_reports_are_linked_but_marked_so() -> None:
    undated = Said(**{**_fields(REJECTION), "date": LATE})
    found = exchange_between(undated, MILLER)
    assert found is not None and found.order == "undated"


def test_exchanges_for_lists_both_directions_strongest_first() -> None:
    weak = _foreign_office(
        "the US remarks on the elections are noted", "2024-02-11", "inform", ["the US remarks"]
    )
    found = exchanges_for(MILLER, [REJECTION, weak])
    assert [e.later for e in found] == ["S-fo-2024-02-10"]
    assert exchanges_for(REJECTION, [MILLER])[0].earlier == "S-miller"


def test_named_in_folds_targets_and_adds_countries() -> None:
    named = named_in("Islamabad rejects the remarks", ["the remarks"], ["P1"])
    assert {"the remarks", "P1", "Pakistan"} <= named
    assert fold("Miller's") in named_in("x", ["Miller's"], [])


def _fields(said: Said) -> dict[str, object]:
    return {name: getattr(said, name) for name in Said.__slots__}  # type: ignore[attr-defined]


def _briefing(speaker_id: str, words: str, position: int, act: str = "inform") -> Said:
    return Said(
        statement_id=f"S-{position}",
        speaker_id=speaker_id,
        speaker=speaker_id,
        date="2024-02-13",
        act=act,
        words=words,
        article_id="briefing",
        position=position,
    )


def test_a_question_is_answered_by_the_one_it_was_put_to() -> None:
    question = "Does the United States accept the result of the elections in Pakistan?"
    said = [
        ("P-reporter", question),
        ("P-patel", "we will work with whichever government is formed after the elections"),
        ("P-khan", "the elections were stolen from the people"),
    ]
    assert next_speakers(said) == ["P-patel", None, None]
    asked = Said(**{**_fields(_briefing("P-reporter", question, 10)), "answerer": "P-patel"})
    answer = _briefing("P-patel", said[1][1], 200, act="deny")
    found = exchange_between(answer, asked)
    # Answers a question whatever its act, without naming who asked.
    assert found is not None and (found.relation, found.named) == ("answers", None)
    assert "elections" in found.shared_words
    assert exchange_between(_briefing("P-khan", said[2][1], 400), asked) is None  # not asked
    assert exchange_between(answer, Said(**{**_fields(asked), "answerer": None})) is None


def test_in_one_article_a_reply_comes_after_what_it_replies_to() -> None:
    remarks = Said(**{**_fields(MILLER), "date": "2024-02-10", "article_id": "a", "position": 500})
    reply = Said(**{**_fields(REJECTION), "article_id": "a", "position": 900})
    assert exchange_between(reply, remarks) is not None
    printed_first = Said(**{**_fields(reply), "position": 100})
    assert exchange_between(printed_first, remarks) is None
