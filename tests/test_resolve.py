"""In-article speaker resolution: names, titles, pronouns, descriptions, documents.

Source spans are placed by hand at the mention, as the extractor would place them, and
every test runs the real pipeline (parsed once per session).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.model import Attribution, Span
from onrecord.nlp import load_pipeline
from onrecord.resolve import resolve_speakers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def source(text: str, context: str, mention: str | None = None) -> Span:
    """The span of ``mention`` (a whole word or words) inside the first ``context``."""
    start = text.index(context)
    if mention is None:
        return Span(start, start + len(context))
    found = re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", context)
    assert found, f"{mention!r} not in {context!r}"
    return Span(start + found.start(), start + found.end())


def resolve(nlp: Language, text: str, *spans: Span) -> list[Attribution]:
    attributions = [
        Attribution(content=[], cue=None, source=span, kind="indirect") for span in spans
    ]
    return resolve_speakers(nlp(text), attributions)


Who = tuple[str | None, str | None, str | None]


def who(nlp: Language, text: str, context: str, mention: str | None = None) -> Who:
    """(speaker, role, affiliation) for one source mention."""
    [attribution] = resolve(nlp, text, source(text, context, mention))
    return attribution.speaker, attribution.role, attribution.affiliation


# --- Titles and appositions -----------------------------------------------------------


def test_title_before_name_splits_role_and_affiliation(nlp: Language) -> None:
    text = "State Department Spokesperson Matthew Miller said the vote was flawed."
    assert who(nlp, text, "State Department Spokesperson Matthew Miller") == (
        "Matthew Miller",
        "Spokesperson",
        "State Department",
    )


def test_apposition_with_organisation_after_the_role(nlp: Language) -> None:
    text = (
        "In a press briefing, Vedant Patel, the deputy spokesperson for the US State "
        "Department, said talks with Pakistani officials were continuing."
    )
    assert who(nlp, text, "Vedant Patel") == (
        "Vedant Patel",
        "deputy spokesperson",
        "US State Department",
    )


def test_apposition_keeps_an_office_with_its_own_prepositions(nlp: Language) -> None:
    text = (
        "The briefing featured Dr Dafna Rand, the US Assistant Secretary of State for "
        "Democracy, Human Rights, and Labour, alongside other officials. Rand said the "
        "United States would keep working with Pakistanis."
    )
    assert who(nlp, text, "Rand said", "Rand") == (
        "Dafna Rand",
        "Assistant Secretary of State for Democracy, Human Rights, and Labour",
        "US",
    )


def test_country_before_title_is_the_affiliation(nlp: Language) -> None:
    text = "US Senator Mark Warner wrote to the Secretary of State on Friday."
    assert who(nlp, text, "US Senator Mark Warner") == ("Mark Warner", "Senator", "US")


def test_title_of_several_words(nlp: Language) -> None:
    text = "Deputy Prime Minister Ishaq Dar told the Assembly the resolution was interference."
    assert who(nlp, text, "Ishaq Dar") == ("Ishaq Dar", "Deputy Prime Minister", None)


def test_lowercase_title_after_as(nlp: Language) -> None:
    text = "The allegations, voiced by as spokesman Matthew Miller, point to restrictions."
    assert who(nlp, text, "Matthew Miller") == ("Matthew Miller", "spokesman", None)


def test_title_and_name_in_one_source_span(nlp: Language) -> None:
    text = 'As the spokesman Matthew Miller stated, "We will continue to support Pakistan."'
    speaker, role, _ = who(nlp, text, "the spokesman Matthew Miller")
    assert (speaker, role) == ("Matthew Miller", "spokesman")


# --- Names: full forms, surnames, titles with surnames -------------------------------


def test_full_name_without_middle_initial_is_preferred(nlp: Language) -> None:
    text = (
        "US Senator Mark Warner has written to Rubio. United States Senator Mark R. Warner "
        "said the elections were marred by violence."
    )
    [first, second] = resolve(
        nlp, text, source(text, "US Senator Mark Warner"), source(text, "Mark R. Warner")
    )
    assert first.speaker == second.speaker == "Mark Warner"
    assert second.role == "Senator"


def test_full_name_with_initial_when_it_is_the_only_form(nlp: Language) -> None:
    text = "Senator Mark R. Warner wrote to Rubio. Warner said abuses were widespread."
    assert who(nlp, text, "Warner said", "Warner")[0] == "Mark R. Warner"


def test_later_form_without_initial_wins_over_earlier_one_with_it(nlp: Language) -> None:
    text = "Mark R. Warner wrote to Rubio on Friday. Mark Warner said abuses were widespread."
    assert who(nlp, text, "Mark R. Warner")[0] == "Mark Warner"


def test_surname_resolves_to_earlier_full_name(nlp: Language) -> None:
    text = (
        "Vedant Patel, the deputy spokesperson for the US State Department, spoke on "
        "Monday. Patel said Washington had raised the matter privately."
    )
    assert who(nlp, text, "Patel said", "Patel") == (
        "Vedant Patel",
        "deputy spokesperson",
        "US State Department",
    )


def test_surname_resolves_to_later_full_name(nlp: Language) -> None:
    text = (
        "Miller said the vote should be investigated. The remarks by State Department "
        "Spokesperson Matthew Miller came a day after the election."
    )
    assert who(nlp, text, "Miller said", "Miller")[0] == "Matthew Miller"


@pytest.mark.parametrize(
    ("text", "context", "mention", "speaker"),
    [
        (
            "Dr Dafna Rand spoke at the briefing. Assistant Secretary Rand said the US "
            "would keep working with Pakistan.",
            "Assistant Secretary Rand said",
            "Assistant Secretary Rand",
            "Dafna Rand",
        ),
        (
            "US Senator Mark Warner wrote to Rubio. In his letter, Senator Warner urged "
            "Rubio to act.",
            "Senator Warner urged",
            "Senator Warner",
            "Mark Warner",
        ),
        (
            "Miller addressed the visit of General Asim Munir to the US. General Munir "
            "said the two armies would cooperate.",
            "General Munir said",
            "General Munir",
            "Asim Munir",
        ),
    ],
)
def test_title_with_surname(
    nlp: Language, text: str, context: str, mention: str, speaker: str
) -> None:
    assert who(nlp, text, context, mention)[0] == speaker


def test_surname_shared_by_two_people_is_not_resolved(nlp: Language) -> None:
    text = (
        "Imran Khan was arrested in 2023. His lawyer Bilal Khan filed an appeal. "
        "Khan said the charges were political."
    )
    assert who(nlp, text, "Khan said", "Khan")[0] is None


def test_name_with_particle(nlp: Language) -> None:
    text = (
        "European Commission President Ursula von der Leyen spoke in Brussels. Von der "
        "Leyen said the bloc would respond."
    )
    assert who(nlp, text, "Von der Leyen said", "Von der Leyen")[0] == "Ursula von der Leyen"


def test_ambiguous_surname_also_blocks_the_pronoun_after_it(nlp: Language) -> None:
    text = (
        "Imran Khan was arrested in 2023. His lawyer Bilal Khan filed an appeal. "
        "Khan said the charges were political. He added that the appeal would succeed."
    )
    assert who(nlp, text, "He added", "He")[0] is None


def test_honorific_tells_namesakes_apart(nlp: Language) -> None:
    text = (
        "Hillary Clinton and Bill Clinton campaigned in Ohio on Monday. Mrs. Clinton said "
        "the economy was the issue."
    )
    assert who(nlp, text, "Mrs. Clinton")[0] == "Hillary Clinton"


def test_office_word_as_a_surname(nlp: Language) -> None:
    text = 'Larry King hosted the show for decades. "I have never been edited," Mr. King told me.'
    assert who(nlp, text, "Mr. King") == ("Larry King", None, None)


def test_suffix_is_not_the_surname(nlp: Language) -> None:
    text = "Joseph R. Biden Jr. spoke in Scranton. Mr. Biden said the janitor pays taxes."
    assert who(nlp, text, "Mr. Biden")[0] == "Joseph R. Biden Jr."


def test_several_people_in_one_source_are_not_one_speaker(nlp: Language) -> None:
    text = (
        "Charter schools are promoted by Republican presidential nominee Donald Trump and "
        "the Obama administration."
    )
    both = "Republican presidential nominee Donald Trump and the Obama administration"
    assert who(nlp, text, both)[0] is None


def test_relative_pronoun_source_is_its_antecedent(nlp: Language) -> None:
    text = "Donna Rawlings, who watched the ceremony, said the museum was overdue."
    assert who(nlp, text, "who watched", "who")[0] == "Donna Rawlings"


# --- Pronouns ------------------------------------------------------------------------


def test_pronoun_prefers_subject_of_previous_sentence(nlp: Language) -> None:
    text = (
        "Miller addressed the visit of General Asim Munir to the US. He said Pakistan "
        "was a major non-NATO ally."
    )
    assert who(nlp, text, "He said", "He")[0] == "Miller"


def test_pronoun_follows_a_chain_of_pronouns(nlp: Language) -> None:
    text = (
        "State Department Spokesperson Matthew Miller spoke on Monday. He said the US "
        "did not favour any party. He stated that General Munir had met officials. He "
        "further emphasized that Pakistan was an ally."
    )
    assert who(nlp, text, "He further", "He")[0] == "Matthew Miller"


def test_pronoun_refused_when_two_people_are_equally_plausible(nlp: Language) -> None:
    text = "Matthew Miller and Vedant Patel briefed reporters. He said talks would continue."
    assert who(nlp, text, "He said", "He")[0] is None


def test_refused_pronoun_keeps_the_next_one_open(nlp: Language) -> None:
    text = (
        "Matthew Miller and Vedant Patel briefed reporters on Monday. He said talks "
        "would continue. He added that Pakistan was a partner."
    )
    assert who(nlp, text, "He added", "He")[0] is None


def test_bare_role_noun_is_not_a_person(nlp: Language) -> None:
    text = "Matthew Miller spoke on Monday. Justice must be served, he said."
    assert who(nlp, text, "he said", "he")[0] == "Matthew Miller"


def test_pronoun_without_antecedent_is_not_resolved(nlp: Language) -> None:
    text = "He said the talks would continue next week in Islamabad."
    assert who(nlp, text, "He said", "He") == (None, None, None)


def test_pronoun_beyond_the_window_is_not_resolved(nlp: Language) -> None:
    text = (
        "Matthew Miller spoke on Monday. The vote was held in February. The count was "
        "slow. The results were delayed. The observers noted problems. He said more work "
        "was needed."
    )
    assert who(nlp, text, "He said", "He")[0] is None


def test_she_skips_a_person_already_referred_to_as_he(nlp: Language) -> None:
    text = (
        "Matthew Miller met Dafna Rand on Monday. He said the talks went well. She said "
        "more work was needed."
    )
    [he, she] = resolve(nlp, text, source(text, "He said", "He"), source(text, "She said", "She"))
    assert (he.speaker, she.speaker) == ("Matthew Miller", "Dafna Rand")


def test_honorific_gives_gender(nlp: Language) -> None:
    text = "Ms Dafna Rand met Mr Matthew Miller in New York. She said they agreed."
    assert who(nlp, text, "She said", "She")[0] == "Dafna Rand"


def test_previous_speaker_beats_a_nearer_object(nlp: Language) -> None:
    text = (
        '"We urge the government to respect rights," Patel said. The briefing also '
        'covered Imran Khan. "It is an internal matter," he added.'
    )
    [attribution] = resolve(
        nlp, text, source(text, "Patel said", "Patel"), source(text, "he added", "he")
    )[1:]
    assert attribution.speaker == "Patel"


def test_names_inside_quotations_are_not_antecedents(nlp: Language) -> None:
    text = (
        'Patel spoke on Monday. "Secretary Blinken and Ambassador Blome have urged '
        'Pakistan to respect rights," he said.'
    )
    assert who(nlp, text, "he said", "he")[0] == "Patel"


def test_first_name_rules_out_the_other_pronoun(nlp: Language) -> None:
    text = (
        "Melanie Cole cheered over and over again, until Donald Trump reached the final "
        'words of his speech. "I love you," he said.'
    )
    assert who(nlp, text, "he said", "he")[0] == "Donald Trump"


def test_possessor_of_the_subject_is_salient(nlp: Language) -> None:
    text = (
        'President Barack Obama arrived in Hawaii on Monday. "The trip matters," said '
        "Ben Rhodes, a deputy national security adviser. The president's Pacific roots also "
        "came into play. In Honolulu, he told a meeting of leaders that oceans unite."
    )
    assert who(nlp, text, "he told", "he")[0] == "Barack Obama"


def test_they_is_not_an_organisation(nlp: Language) -> None:
    text = (
        "The Associated Press interviewed more than 20 former crew members. They "
        "described crass behaviour."
    )
    assert who(nlp, text, "They described", "They") == (None, None, None)


def test_they_resolves_to_a_described_group(nlp: Language) -> None:
    text = "US officials met in Islamabad on Monday. They said talks would continue."
    assert who(nlp, text, "They said", "They") == (None, "officials", "US")


def test_it_resolves_to_a_document_and_its_author(nlp: Language) -> None:
    text = (
        "The State Department released a report on Monday. The report says turnout fell. "
        "It also notes restrictions on the press."
    )
    assert who(nlp, text, "It also", "It")[0] == "State Department"


def test_it_resolves_to_an_organisation(nlp: Language) -> None:
    text = "The State Department issued a statement on Friday. It said the vote had flaws."
    assert who(nlp, text, "It said", "It")[0] == "State Department"


# --- Descriptions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context", "mention", "speaker"),
    [
        (
            "Vedant Patel, the deputy spokesperson for the US State Department, spoke on "
            "Monday. The deputy spokesperson urged Pakistan to protect free speech.",
            "The deputy spokesperson urged",
            "The deputy spokesperson",
            "Vedant Patel",
        ),
        (
            "US Senator Mark Warner has written to Rubio. The senator points to "
            "problematic elections.",
            "The senator points",
            "The senator",
            "Mark Warner",
        ),
        (
            "US Senator Mark Warner has written to Rubio. The US Senator also reiterated "
            "serious concerns.",
            "The US Senator also",
            "The US Senator",
            "Mark Warner",
        ),
        (
            "Deputy Prime Minister Ishaq Dar spoke in parliament. The minister said the "
            "resolution was interference.",
            "The minister said",
            "The minister",
            "Ishaq Dar",
        ),
        (
            "Dr Dafna Rand, the US Assistant Secretary of State for Democracy, spoke in "
            "New York. The secretary said elections must be free.",
            "The secretary said",
            "The secretary",
            "Dafna Rand",
        ),
        (
            "The allegations were voiced by spokesman Matthew Miller. The spokesman said "
            "claims of fraud should be investigated.",
            "The spokesman said",
            "The spokesman",
            "Matthew Miller",
        ),
    ],
)
def test_role_description_resolves_to_the_person_introduced_with_it(
    nlp: Language, text: str, context: str, mention: str, speaker: str
) -> None:
    assert who(nlp, text, context, mention)[0] == speaker


def test_description_must_not_add_words_the_role_lacks(nlp: Language) -> None:
    text = (
        "State Department Spokesperson Matthew Miller spoke on Monday. The deputy "
        "spokesperson said talks would continue."
    )
    speaker, role, _ = who(nlp, text, "The deputy spokesperson said", "The deputy spokesperson")
    assert (speaker, role) == (None, "deputy spokesperson")


def test_unnamed_spokesman_keeps_role_and_affiliation_but_no_name(nlp: Language) -> None:
    text = (
        '"Claims of fraud should be fully investigated," Miller added.\n\n'
        "In response, a spokesman from Pakistan's interior ministry defended the "
        "restrictions. He asserted that they were necessary security measures.\n\n"
        "The spokesman also criticized the international community."
    )
    spans = [
        source(text, "a spokesman from Pakistan's interior ministry"),
        source(text, "He asserted", "He"),
        source(text, "The spokesman also", "The spokesman"),
    ]
    for attribution in resolve(nlp, text, *spans):
        assert attribution.speaker is None
        assert attribution.role == "spokesman"
        assert attribution.affiliation == "Pakistan's interior ministry"


def test_plural_description_is_a_group_without_a_name(nlp: Language) -> None:
    text = "US officials said the elections were marred by restrictions."
    assert who(nlp, text, "US officials") == (None, "officials", "US")


def test_description_without_antecedent_keeps_its_role(nlp: Language) -> None:
    text = "The spokesman said the restrictions were necessary."
    assert who(nlp, text, "The spokesman") == (None, "spokesman", None)


def test_description_refused_when_two_holders_are_equally_recent(nlp: Language) -> None:
    text = (
        "Senator Mark Warner and Senator Tim Kaine wrote to Rubio on Friday. The senator "
        "said the abuses were widespread."
    )
    assert who(nlp, text, "The senator said", "The senator")[0] is None


# --- Organisations and documents -----------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "speaker"),
    [
        ("the State Department", "State Department"),
        ("The US State Department", "US State Department"),
        ("The United States State Department", "United States State Department"),
    ],
)
def test_organisation_keeps_its_name_minus_the_article(
    nlp: Language, mention: str, speaker: str
) -> None:
    text = f"{mention} has raised concerns about the elections in Pakistan."
    text = text[0].upper() + text[1:]
    assert who(nlp, text, text[: len(mention)]) == (speaker, None, None)


def test_organisation_noun_resolves_to_the_named_organisation(nlp: Language) -> None:
    text = (
        "Pakistan's interior ministry defended the internet blackout. The ministry said "
        "it was needed for security."
    )
    assert who(nlp, text, "The ministry said", "The ministry")[0] == "Pakistan's interior ministry"


def test_campaign_named_after_a_person_is_an_organisation(nlp: Language) -> None:
    text = "The Clinton campaign says the ad will air in Ohio."
    assert who(nlp, text, "The Clinton campaign") == ("Clinton campaign", None, None)


def test_what_an_organisation_said_belongs_to_it(nlp: Language) -> None:
    text = (
        "As the dust settles, the US State Department's concerns highlight the challenges "
        "to democratic governance."
    )
    assert who(nlp, text, "the US State Department's concerns")[0] == "US State Department"


def test_letter_resolves_to_its_writer(nlp: Language) -> None:
    text = (
        "US Senator Mark Warner has written a serious letter to Secretary of State Marco "
        'Rubio. "Among those detained are journalists," the letter detailed.'
    )
    attribution = resolve(nlp, text, source(text, "the letter detailed", "the letter"))[0]
    assert attribution.speaker == "Mark Warner"
    assert attribution.source_text == "the letter"


def test_letter_written_in_a_prepositional_phrase(nlp: Language) -> None:
    text = (
        "In his letter, Senator Mark Warner urged Rubio to engage with Pakistan. "
        '"I urge a full investigation," the letter further added.'
    )
    assert who(nlp, text, "the letter further", "the letter")[0] == "Mark Warner"


def test_possessive_letter(nlp: Language) -> None:
    text = "Warner's letter said the elections were flawed, Senator Mark Warner's office noted."
    assert who(nlp, text, "Warner's letter")[0] == "Mark Warner"


def test_letter_of_unknown_origin_is_not_resolved(nlp: Language) -> None:
    text = (
        "Matthew Miller spoke on Monday. A letter circulated among diplomats. The letter "
        "said the vote was flawed."
    )
    assert who(nlp, text, "The letter said", "The letter")[0] is None


# --- Contract ------------------------------------------------------------------------


def test_contract_same_list_source_text_and_no_source(nlp: Language) -> None:
    text = "Matthew Miller said the vote was flawed. Observers agreed."
    doc = nlp(text)
    kept = Attribution(content=[], cue=None, source=source(text, "Matthew Miller"), kind="direct")
    kept.source_text = "as given"
    unnamed = Attribution(content=[Span(41, 58)], cue=None, source=None, kind="indirect")
    attributions = [kept, unnamed]
    assert resolve_speakers(doc, attributions) is attributions
    assert kept.source_text == "as given"
    assert kept.speaker == "Matthew Miller"
    assert (unnamed.speaker, unnamed.source_text) == (None, None)


def test_span_on_whitespace_or_past_the_end_resolves_to_nothing(nlp: Language) -> None:
    text = "Matthew Miller said the vote was flawed.   "
    doc = nlp(text)
    attributions = [
        Attribution(content=[], cue=None, source=Span(40, 42), kind="direct"),
        Attribution(content=[], cue=None, source=Span(200, 210), kind="direct"),
    ]
    resolve_speakers(doc, attributions)
    assert [a.speaker for a in attributions] == [None, None]
    assert [a.source_text for a in attributions] == ["  ", None]


def test_source_text_filled_from_the_span(nlp: Language) -> None:
    text = '"We will continue," he said, a day after Matthew Miller spoke.'
    [attribution] = resolve(nlp, text, source(text, "he said", "he"))
    assert attribution.source_text == "he"
    assert attribution.speaker is None  # the only candidate comes after the pronoun


# --- The seed articles ---------------------------------------------------------------


def seed(prefix: str) -> str:
    [path] = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


MILLER_002 = ("Matthew Miller", "spokesman", None)
MILLER_003 = ("Matthew Miller", "Spokesperson", "State Department")
PATEL = ("Vedant Patel", "deputy spokesperson", "US State Department")
RAND = (
    "Dafna Rand",
    "Assistant Secretary of State for Democracy, Human Rights, and Labour",
    "US",
)
WARNER = ("Mark Warner", "Senator", "US")
DAR = ("Ishaq Dar", "Deputy Prime Minister", None)
INTERIOR_SPOKESMAN = (None, "spokesman", "Pakistan's interior ministry")

SEED_CASES = [
    ("000", "Rand stated", "Rand", RAND),
    ("000", "Assistant Secretary Rand referenced", "Assistant Secretary Rand", RAND),
    ("000", "by the State Department", "the State Department", ("State Department", None, None)),
    ("001", "stated Patel", "Patel", PATEL),
    ("001", "commitments,” he said", "he", PATEL),
    ("001", "Patel said, highlighting", "Patel", PATEL),
    ("001", "Patel said America", "Patel", PATEL),
    ("001", "he remarked", "he", PATEL),
    ("001", "The deputy spokesperson urged", "The deputy spokesperson", PATEL),
    ("001", "Deputy Prime Minister Ishaq Dar’s", "Ishaq Dar", DAR),
    ("002", "voiced by as spokesman Matthew Miller", "Matthew Miller", MILLER_002),
    ("002", "Miller emphasized", "Miller", MILLER_002),
    ("002", "he stated", "he", MILLER_002),
    ("002", "Miller added", "Miller", MILLER_002),
    ("002", "a spokesman from Pakistan's interior ministry", None, INTERIOR_SPOKESMAN),
    ("002", "He asserted", "He", INTERIOR_SPOKESMAN),
    ("002", 'deaths," he said', "he", INTERIOR_SPOKESMAN),
    ("002", "The spokesman also criticized", "The spokesman", INTERIOR_SPOKESMAN),
    ("002", "He maintained", "He", INTERIOR_SPOKESMAN),
    ("002", "the spokesman Matthew Miller stated", "the spokesman Matthew Miller", MILLER_002),
    ("003", "State Department Spokesperson Matthew Miller", None, MILLER_003),
    ("003", "He assured", "He", MILLER_003),
    ("003", "Miller also highlighted", "Miller", MILLER_003),
    ("003", "He stated", "He", MILLER_003),
    ("003", "He further emphasized", "He", MILLER_003),
    ("004", "He calls", "He", WARNER),
    ("004", "The senator points", "The senator", WARNER),
    ("004", "He also warns", "He", WARNER),
    ("004", "Mark R. Warner wrote", "Mark R. Warner", WARNER),
    ("004", "Senator Warner urged", "Senator Warner", WARNER),
    ("004", "Warner noted", "Warner", WARNER),
    ("004", "Citing the US Department of State, he said", "he", WARNER),
    ("004", "He highlighted", "He", WARNER),
    ("004", "vary, he said", "he", WARNER),
    ("004", "the letter detailed", "the letter", WARNER),
    ("004", "a process, he said", "he", WARNER),
    ("004", "The US Senator also", "The US Senator", WARNER),
    ("004", 'He said "these', "He", WARNER),
    ("004", "the letter further added", "the letter", WARNER),
]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_speakers(nlp: Language, prefix: str) -> None:
    text = seed(prefix)
    cases = [case for case in SEED_CASES if case[0] == prefix]
    spans = [source(text, context, mention) for _, context, mention, _ in cases]
    attributions = resolve(nlp, text, *spans)
    got = [(a.speaker, a.role, a.affiliation) for a in attributions]
    expected = [case[3] for case in cases]
    assert got == expected, [c[1] for c, g, e in zip(cases, got, expected, strict=True) if g != e]
