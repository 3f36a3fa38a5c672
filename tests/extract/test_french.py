"""French attributions: quotes in guillemets with French spaces, speakers as written,
and the language dispatch ("not analysed" where no pipeline exists)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.article import analyse, analyse_in, analyse_many_in
from onrecord.extract.french import METHOD, find_french_attributions
from onrecord.extract.french_quotes import find_french_quotes
from onrecord.model import Attribution
from onrecord.nlp import pipeline_for

NB, NNB = "\u00a0", "\u202f"  # the spaces French typography puts inside guillemets

# A made-up dispatch, written for these tests.
ARTICLE = f"""Sahel : Paris appelle à la retenue après l'expulsion de son ambassadeur

PARIS, 14 mars (Le Courrier diplomatique) — Le ministère de l'Europe et des Affaires \
étrangères a vivement réagi jeudi à l'expulsion de l'ambassadeur de France à Niamey.

«{NB}Cette décision est injustifiée et contraire aux usages diplomatiques{NB}», a déclaré \
le porte-parole du ministère, Christophe Lemoine, lors de son point de presse hebdomadaire.

Il a ajouté que la France «{NB}reste disponible pour un dialogue exigeant{NB}» avec les \
autorités de transition.

«{NNB}Nous ne renoncerons pas à protéger nos ressortissants{NNB}», a-t-il souligné devant \
la presse.

Selon la députée Hélène Garnier, membre de la commission des affaires étrangères, le \
gouvernement «{NB}a sous-estimé la dégradation de la relation{NB}».

La ministre déléguée Agnès Ferrand a affirmé que l'aide humanitaire serait maintenue. \
«{NB}Les populations ne doivent pas payer le prix de cette crise{NB}», a-t-elle déclaré \
à l'antenne.

Pour le chercheur Marc Tessier, spécialiste du Sahel, c'est «{NB}un tournant durable{NB}» \
dans les relations entre les deux pays.

“Aucune leçon ne nous sera donnée”, estime un conseiller du général au pouvoir.
"""


@pytest.fixture(scope="module")
def fr() -> Language:
    nlp = pipeline_for("fr")
    assert nlp is not None, "fr_core_news_sm is missing: `make test` installs it"
    return nlp


@pytest.fixture(scope="module")
def found(fr: Language) -> list[Attribution]:
    return find_french_attributions(fr(ARTICLE))


EXPECTED = [
    # cue, source as written, speaker, kind, content (text)
    (
        "déclaré",
        "le porte-parole du ministère, Christophe Lemoine",
        "Christophe Lemoine",
        "direct",
        f"«{NB}Cette décision est injustifiée et contraire aux usages diplomatiques{NB}»",
    ),
    (
        "ajouté",
        "Il",
        "Christophe Lemoine",
        "mixed",
        f"que la France «{NB}reste disponible pour un dialogue exigeant{NB}» avec les "
        "autorités de transition",
    ),
    # the sentence before names no one outside its quote: the speaker stays empty
    (
        "souligné",
        "il",
        None,
        "direct",
        f"«{NNB}Nous ne renoncerons pas à protéger nos ressortissants{NNB}»",
    ),
    (
        "Selon",
        "la députée Hélène Garnier, membre de la commission des affaires étrangères",
        "Hélène Garnier",
        "mixed",
        f"le gouvernement «{NB}a sous-estimé la dégradation de la relation{NB}»",
    ),
    (
        "affirmé",
        "La ministre déléguée Agnès Ferrand",
        "Agnès Ferrand",
        "indirect",
        "que l'aide humanitaire serait maintenue",
    ),
    (
        "Pour",
        "le chercheur Marc Tessier, spécialiste du Sahel",
        "Marc Tessier",
        "mixed",
        f"c'est «{NB}un tournant durable{NB}» dans les relations entre les deux pays",
    ),
    (
        "estime",
        "un conseiller du général",
        None,
        "direct",
        "“Aucune leçon ne nous sera donnée”",
    ),
]


def test_every_statement_with_its_source_speaker_and_content(found: list[Attribution]) -> None:
    got = [
        (
            a.cue.text(ARTICLE) if a.cue else None,
            a.source.text(ARTICLE) if a.source else None,
            a.speaker,
            a.kind,
            a.content_text(ARTICLE),
        )
        for a in found
        if not (a.cue and a.cue.text(ARTICLE) == "déclaré" and a.speaker == "Agnès Ferrand")
    ]
    assert got == EXPECTED
    assert all(a.method == METHOD == "onrecord.fr.rules.v1" for a in found)


def test_inverted_pronoun_is_the_person_named_just_before(found: list[Attribution]) -> None:
    elle = [a for a in found if a.source_text == "elle"]
    assert len(elle) == 1
    [attribution] = elle
    assert attribution.speaker == "Agnès Ferrand"
    assert attribution.cue is not None and attribution.cue.text(ARTICLE) == "déclaré"
    assert attribution.content_text(ARTICLE).startswith(f"«{NB}Les populations")


def test_spans_are_offsets_into_the_original_text(found: list[Attribution]) -> None:
    first = found[0]
    start = ARTICLE.index("«")
    end = ARTICLE.index("»", start) + 1
    assert [(s.start, s.end) for s in first.content] == [(start, end)]
    assert first.source is not None
    assert ARTICLE[first.source.start : first.source.end].endswith("Christophe Lemoine")
    record = first.to_json(ARTICLE)
    assert Attribution.from_json(record) == first
    for attribution in found:
        assert attribution.source_text == (
            attribution.source.text(ARTICLE) if attribution.source else None
        )


def test_cue_words_inside_a_quote_are_not_cues(fr: Language) -> None:
    text = f"«{NB}Il a déclaré que tout allait bien, ce qui est faux{NB}», a dit Jean Morel."
    [attribution] = find_french_attributions(fr(text))
    assert attribution.speaker == "Jean Morel"
    assert attribution.kind == "direct"


def test_introduced_by_a_colon(fr: Language) -> None:
    text = f"Le président Paul Arnaud a déclaré : «{NB}La France sera au rendez-vous.{NB}»"
    [attribution] = find_french_attributions(fr(text))
    assert attribution.source_text == "Le président Paul Arnaud"
    assert attribution.speaker == "Paul Arnaud"
    assert attribution.content_text(text) == f"«{NB}La France sera au rendez-vous.{NB}»"


def test_a_quote_in_the_next_paragraph_continues_the_attribution(fr: Language) -> None:
    text = (
        f"«{NB}Nous avons fait notre part{NB}», a affirmé Sophie Lambert.\n\n"
        f"«{NB}Aux autres de faire la leur.{NB}»"
    )
    [attribution] = find_french_attributions(fr(text))
    assert attribution.speaker == "Sophie Lambert"
    assert len(attribution.content) == 2


def test_french_quote_marks() -> None:
    text = f"Il parle d'«{NB}une “ligne rouge” franchie{NB}» et de “fermeté”."
    quotes = find_french_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        f"«{NB}une “ligne rouge” franchie{NB}»",
        "“fermeté”",
    ]


def test_a_quote_over_two_paragraphs_reopened_with_guillemets() -> None:
    text = "« Premier paragraphe.\n« Second paragraphe. »\nFin."
    [quote] = find_french_quotes(text)
    assert text[quote.start : quote.end] == "« Premier paragraphe.\n« Second paragraphe. »"


def test_analyse_in_french() -> None:
    result = analyse_in(ARTICLE, "fr-FR")
    assert result.analysed and result.status == "analysed"
    assert result.language == "fr"
    assert result.pipeline is not None and result.pipeline.startswith("fr_core_news_")
    assert len(result.attributions) == len(EXPECTED) + 1


PORTUGUESE = (
    "«Não aceitaremos qualquer ingerência nos assuntos internos do país», afirmou o "
    "porta-voz do Ministério dos Negócios Estrangeiros, João Ferreira, em Lisboa."
)
GERMAN = "„Wir sind sehr besorgt“, sagte die Sprecherin des Auswärtigen Amtes am Montag."


@pytest.mark.parametrize(("text", "language"), [(PORTUGUESE, "pt"), (GERMAN, "de")])
def test_no_pipeline_means_not_analysed(text: str, language: str) -> None:
    result = analyse_in(text, language)
    assert not result.analysed
    assert result.status == f"not analysed: no pipeline for {language}"
    assert result.attributions == [] and result.mentions == [] and result.pipeline is None


def test_unknown_language_is_not_analysed() -> None:
    assert analyse_in("…", None).status == "not analysed: no pipeline for und"


def test_english_is_analysed_exactly_as_before(nlp: Language) -> None:
    text = (
        "“We urge restraint,” Patel said on Monday. He added that the talks were "
        '"constructive and useful", according to the State Department.'
    )
    result = analyse_in(text, "en")
    assert result.analysed
    assert (result.attributions, result.mentions) == analyse(text, nlp)
    [again] = list(analyse_many_in([text], "EN", nlp))
    assert again.attributions == result.attributions
