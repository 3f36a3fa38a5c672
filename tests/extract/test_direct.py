"""Direct quotes: marks, split quotes, long quotes, speaker before or after."""

from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.article import extract_text
from onrecord.extract.rules import _clausal_content, _sentence_candidates

from .conftest import by_cue, content_of, source_of


@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")])
def test_quote_then_cue_in_every_mark_style(nlp: Language, opening: str, closing: str) -> None:
    text = f"{opening}We will hold the government to account,{closing} Miller said on Friday."
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert content_of(text, attribution) == [
        f"{opening}We will hold the government to account,{closing}"
    ]
    assert source_of(text, attribution) == "Miller"
    assert attribution.kind == "direct"


def test_cue_then_quote_after_colon(nlp: Language) -> None:
    text = "The spokesman told reporters: “Claims of interference should be fully investigated.”"
    attribution = by_cue(text, extract_text(text, nlp), "told")
    assert content_of(text, attribution) == [
        "“Claims of interference should be fully investigated.”"
    ]
    assert source_of(text, attribution) == "The spokesman"


def test_quote_split_around_its_cue(nlp: Language) -> None:
    text = "“We urge restraint,” Patel said, “and we will keep raising it with our partners.”"
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert content_of(text, attribution) == [
        "“We urge restraint,”",
        "“and we will keep raising it with our partners.”",
    ]
    assert attribution.kind == "direct"


def test_inverted_cue_with_apposition(nlp: Language) -> None:
    text = (
        "“It was a spectacular deal for the company,” said Patrick McGinley, a law professor "
        "at West Virginia University. “It shed every liability it had.”"
    )
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert (
        source_of(text, attribution)
        == "Patrick McGinley, a law professor at West Virginia University"
    )
    assert content_of(text, attribution) == [
        "“It was a spectacular deal for the company,”",
        "“It shed every liability it had.”",
    ]


def test_quote_over_several_paragraphs(nlp: Language) -> None:
    text = (
        "Senator Warner wrote in the letter:\n\n"
        "“Among those detained are journalists and activists.\n\n"
        "“I urge a full investigation of every case.”\n\n"
        "The State Department did not comment."
    )
    attribution = by_cue(text, extract_text(text, nlp), "wrote")
    [content] = content_of(text, attribution)
    assert content.startswith("“Among those detained")
    assert content.endswith("every case.”")


def test_speaker_named_in_the_sentence_after(nlp: Language) -> None:
    text = "“The aim was to maintain law and order.” He said so at a press conference in Islamabad."
    attributions = extract_text(text, nlp)
    quote = [a for a in attributions if "“The aim" in a.content_text(text)]
    assert quote, "the quote was not attributed"
    assert source_of(text, quote[0]) == "He"


def test_quoted_words_inside_the_quote_do_not_make_a_speaker(nlp: Language) -> None:
    text = "“I think this is another case of overreach,” Tanner said."
    attributions = extract_text(text, nlp)
    assert [a.cue.text(text) for a in attributions if a.cue] == ["said"]
    assert source_of(text, attributions[0]) == "Tanner"


def test_speaker_between_quote_and_cue_is_the_source(nlp: Language) -> None:
    # The parser hangs "Ahmed, a senior party official" inside the quote, as an
    # apposition of "the president"; the words between the closing mark and the cue
    # are the speaker whatever the parse made of them.
    text = (
        "“There is a severe disconnect between this ministry and frankly the president "
        "and our diplomats,” Ahmed, a senior party official, said Thursday morning on "
        "Geo News’s “Capital Talk.”"
    )
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert source_of(text, attribution) == "Ahmed, a senior party official"
    assert not any("Ahmed" in piece for piece in content_of(text, attribution))


def test_nickname_in_quotes_inside_a_speakers_name(nlp: Language) -> None:
    text = (
        '"This is a big year for our next senator, Ali Khan!" Khan\'s sister, provincial '
        'lawmaker Sana "Sunny" Malik (PTI-Lahore), shouted to the crowd.'
    )
    attribution = by_cue(text, extract_text(text, nlp), "shouted")
    assert source_of(text, attribution) == (
        'Khan\'s sister, provincial lawmaker Sana "Sunny" Malik (PTI-Lahore)'
    )
    assert content_of(text, attribution) == ['"This is a big year for our next senator, Ali Khan!"']


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("The plan adds costs. Said Ellis: “I don’t see any interest in reform.”", "Said", "Ellis"),
        (
            "Added the foreign minister, “We will not accept these results.”",
            "Added",
            "the foreign minister",
        ),
    ],
)
def test_reporting_verb_opening_its_sentence_takes_the_speaker_after_it(
    nlp: Language, text: str, cue: str, speaker: str
) -> None:
    attribution = by_cue(text, extract_text(text, nlp), cue)
    assert source_of(text, attribution) == speaker
    assert content_of(text, attribution)[0].startswith("“")


def test_be_alone_is_never_a_cue(nlp: Language) -> None:
    doc = nlp("The goal is to keep every mine open, and the plan is expected to pass.")
    cues = [doc[c.cue[0]].text for s in doc.sents for c in _sentence_candidates(doc, s, 0.0)]
    assert "is" not in cues  # the goal is no speaker
    assert "expected" in cues


def test_quote_opening_with_be_continues_the_speaker_before_it(nlp: Language) -> None:
    text = (
        "“I am the one trying to change it from within,” Mr. Okafor said. "
        "“The goal is to keep every mine open.”"
    )
    attributions = extract_text(text, nlp)
    attribution = by_cue(text, attributions, "said")
    assert source_of(text, attribution) == "Mr. Okafor"
    assert content_of(text, attribution)[-1] == "“The goal is to keep every mine open.”"


@pytest.mark.parametrize(
    "text",
    [
        "Jeff Merkley, Sherrod Brown and Robert Menendez all suggested that he resign.",
        "“The goal is to keep every mine open,” Mr. Okafor said on Monday.",
        "Senators from both parties have repeatedly warned that the deal would fail.",
    ],
)
def test_a_word_is_the_speaker_or_the_cue_never_both(nlp: Language, text: str) -> None:
    attributions = extract_text(text, nlp)
    assert attributions
    for attribution in attributions:
        if attribution.cue and attribution.source:
            cue, source = attribution.cue, attribution.source
            assert cue.end <= source.start or source.end <= cue.start, (
                cue.text(text),
                source.text(text),
            )


def test_quote_of_several_sentences_before_its_cue_is_the_clause_it_reports(
    nlp: Language,
) -> None:
    # the parser hands "said" the last sentence of the quote without its opening mark,
    # and a complement inside the quote after it; the quote before the cue is what was said
    text = (
        "“We have had enough of this. Most voters do not agree with the governor,” Sanders "
        "said, including, “Governor, do you really think that billionaires need a massive "
        "tax break?”"
    )
    doc = nlp(text)
    said = next(token for token in doc if token.text == "said")
    content = _clausal_content(said)
    assert content is not None
    assert [doc[start:end].text for start, end in content] == [
        "Most voters do not agree with the governor"
    ]


def test_quote_leading_into_its_cue_beats_the_clause_after_it(nlp: Language) -> None:
    text = (
        "“You should step down. You should return the bonus you took while this went on,” "
        "Warren told Stumpf, after he admitted under questioning he had not been held "
        "accountable for the failures of his staff."
    )
    attribution = by_cue(text, extract_text(text, nlp), "told")
    assert content_of(text, attribution) == [
        "“You should step down. You should return the bonus you took while this went on,”"
    ]
    assert source_of(text, attribution) == "Warren"


def test_quote_leading_into_its_cue_claims_no_quote_far_after_it(nlp: Language) -> None:
    text = (
        "“Are we winning?” she said, but her husband was drifting off again, and as the "
        "candidate went on about “a rigged system,” and “forgotten families,” she nodded."
    )
    attributions = extract_text(text, nlp)
    assert content_of(text, by_cue(text, attributions, "said")) == ["“Are we winning?”"]
    went_on = by_cue(text, attributions, "went on about")
    assert source_of(text, went_on) == "the candidate"
    assert content_of(text, went_on) == ["“a rigged system,”", "“forgotten families,”"]


def test_a_quoted_title_before_the_speaker_is_no_quote_of_theirs(nlp: Language) -> None:
    text = (
        "On this week’s broadcast of “Fox News Sunday,” Pence said the invitation was only "
        "meant to mock the other campaign."
    )
    attribution = by_cue(text, extract_text(text, nlp), "said")
    assert content_of(text, attribution) == [
        "the invitation was only meant to mock the other campaign"
    ]
    assert attribution.kind == "indirect"
