"""Words of an earlier statement quoted by a later speaker: which pairs link, which not.

The linker runs on hand-made attributions (no model, no database). Each case is an
earlier statement and a later article that may or may not quote it; the later article's
attribution is found in its text by its words.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from onrecord.link import LinkResult, StoredAttribution, link_corpus
from onrecord.link.quoting import quoted_fragments, sentence_around


@dataclass(frozen=True)
class Article:
    """One article with one attribution: ``words`` and ``source`` are in ``text``."""

    id: str
    published: str | None
    text: str
    words: str
    speaker: str | None
    source: str
    role: str | None = None
    affiliation: str | None = None

    def mention(self, ingested: int) -> StoredAttribution:
        start = self.text.index(self.words)
        at = self.text.index(self.source)
        return StoredAttribution(
            f"{self.id}:0",
            self.id,
            0,
            self.published,
            "Outlet",
            self.speaker,
            self.role,
            self.affiliation,
            self.words,
            "mixed" if '"' in self.words else "indirect",
            self.source,
            ingested=ingested,
            source_span=(at, at + len(self.source)),
            extent=(min(start, at), max(start + len(self.words), at + len(self.source))),
        )


def link(*articles: Article) -> LinkResult:
    texts = {a.id: a.text for a in articles}
    mentions = [a.mention(n) for n, a in enumerate(articles, 1)]
    return link_corpus(mentions, article_text=lambda ident: texts.get(ident, ""))


def quoted(result: LinkResult, speaker: str) -> list[tuple[str, str | None]]:
    """(article id, quoted_by) of every report someone else made of ``speaker``'s words."""
    return [
        (r.article_id, r.quoted_by_name)
        for s in result.statements
        if s.speaker == speaker
        for r in s.reports
        if r.quoted_by_name is not None
    ]


def after(words_at: str, text: str) -> str:
    """The text from ``words_at`` to the end, without the final full stop."""
    return text[text.index(words_at) :].rstrip(".")


_MILLER_TEXT = (
    "State Department spokesman Matthew Miller said the elections included undue "
    "restrictions on freedoms of expression, association, and peaceful assembly."
)
MILLER = Article(
    "miller",
    "2024-02-09",
    _MILLER_TEXT,
    after("the elections", _MILLER_TEXT),
    "Matthew Miller",
    "State Department spokesman Matthew Miller",
    "spokesman",
    "State Department",
)
_REPORT_TEXT = (
    "The US State Department's annual report said credible reports of arbitrary or "
    "unlawful killings, enforced disappearances, torture and arbitrary detention by the "
    "government were among significant human rights issues."
)
STATE_REPORT = Article(
    "state",
    "2024-04-23",
    _REPORT_TEXT,
    after("credible", _REPORT_TEXT),
    "US State Department",
    "The US State Department's annual report",
)
_TURK_TEXT = (
    "UN High Commissioner for Human Rights Volker Türk said the authorities must release "
    "everyone arbitrarily detained for peacefully exercising their rights."
)
TURK = Article(
    "turk",
    "2024-03-01",
    _TURK_TEXT,
    after("the authorities", _TURK_TEXT),
    "Volker Türk",
    "UN High Commissioner for Human Rights Volker Türk",
    "High Commissioner for Human Rights",
    "UN",
)
_CARDIN_TEXT = (
    "US Senator Ben Cardin said opposition leaders and journalists were arrested in large "
    "numbers across the country before the vote."
)
CARDIN = Article(
    "cardin",
    "2024-03-05",
    _CARDIN_TEXT,
    after("opposition", _CARDIN_TEXT),
    "Ben Cardin",
    "US Senator Ben Cardin",
    "Senator",
    "United States",
)


def later(text: str, words_at: str, speaker: str | None, source: str) -> Article:
    return Article("later", "2025-01-24", text, after(words_at, text), speaker, source)


# (earlier statement, later article, quoted_by expected or None for no link)
LINKING = {
    "a fragment citing the speaker's department, written the other way round": (
        MILLER,
        later(
            'Citing the US Department of State, Warner said the elections "included undue '
            'restrictions on freedoms of expression, association, and peaceful assembly."',
            "Citing",
            "Mark Warner",
            "Warner",
        ),
        "Mark Warner",
    ),
    "an organisation's words, inflections changed, quoted by an unresolved group": (
        STATE_REPORT,
        later(
            'The senators wrote that the State Department had documented "credible reports '
            "of arbitrary and unlawful killings, enforced disappearance, torture, and "
            'arbitrary detentions by the government."',
            "the State Department",
            None,
            "The senators",
        ),
        "The senators",
    ),
    "a person's words, reworded, with the person named in the sentence": (
        TURK,
        later(
            'As the UN human rights chief Volker Türk put it, the authorities "must release '
            'all those arbitrarily detained for peacefully exercising their rights," Senator '
            "Chris Van Hollen said.",
            "As the UN",
            "Chris Van Hollen",
            "Senator Chris Van Hollen",
        ),
        "Chris Van Hollen",
    ),
    "a surname in the sentence, the full name elsewhere in the article": (
        MILLER,
        later(
            "Matthew Miller briefed reporters in February. Months later, the senator repeated "
            "Miller's finding that the polls \"included undue restrictions on freedom of "
            'expression, association and peaceful assembly."',
            "Miller's finding",
            "Mark Warner",
            "the senator",
        ),
        "Mark Warner",
    ),
}

NOT_LINKING = {
    "same topic words, a different claim": (
        MILLER,
        later(
            'Citing the State Department, Warner said the government had "lifted '
            'restrictions on freedom of assembly and expression well before polling day."',
            "Citing",
            "Mark Warner",
            "Warner",
        ),
    ),
    "the same words negated": (
        MILLER,
        later(
            'Citing the State Department, Warner said the elections "did not include undue '
            'restrictions on freedoms of expression, association, and peaceful assembly."',
            "Citing",
            "Mark Warner",
            "Warner",
        ),
    ),
    "the same words by an unrelated speaker who names no one": (
        MILLER,
        later(
            'Activist Jane Roe told a rally that protesters still faced "undue restrictions '
            'on freedoms of expression, association, and peaceful assembly."',
            "protesters",
            "Jane Roe",
            "Activist Jane Roe",
        ),
    ),
    "too few quoted words to tell": (
        MILLER,
        later(
            'Citing the State Department, Warner said restrictions on "peaceful assembly" '
            "were undue.",
            "Citing",
            "Mark Warner",
            "Warner",
        ),
    ),
    "a country is no affiliation that names the speaker": (
        CARDIN,
        later(
            'A lawmaker from the United States said last year that "opposition leaders and '
            'journalists were arrested in large numbers across the country before the vote," '
            "Rubio told reporters.",
            "A lawmaker",
            "Marco Rubio",
            "Rubio",
        ),
    ),
}


@pytest.mark.parametrize("case", list(LINKING))
def test_paraphrase_links_with_quoted_by(case: str) -> None:
    earlier, quoting, by = LINKING[case]
    result = link(earlier, quoting)
    assert quoted(result, earlier.speaker or "") == [("later", by)]
    # the later speaker's own statement stays as it was
    if quoting.speaker is not None:
        own = [s for s in result.statements if s.speaker == quoting.speaker]
        assert [[r.article_id for r in s.reports] for s in own] == [["later"]]


@pytest.mark.parametrize("case", list(NOT_LINKING))
def test_near_miss_does_not_link(case: str) -> None:
    earlier, quoting = NOT_LINKING[case]
    assert quoted(link(earlier, quoting), earlier.speaker or "") == []


def test_the_same_country_affiliated_words_link_once_the_speaker_is_named() -> None:
    _, quoting = NOT_LINKING["a country is no affiliation that names the speaker"]
    text = quoting.text.replace("A lawmaker from the United States", "Senator Ben Cardin")
    named = later(text, "Senator Ben Cardin", "Marco Rubio", "Rubio")
    assert quoted(link(CARDIN, named), "Ben Cardin") == [("later", "Marco Rubio")]


FIRST = "a fragment citing the speaker's department, written the other way round"
PLAIN = "the vote included undue restrictions on freedoms of expression and peaceful assembly"


def test_words_reported_before_the_statement_are_not_a_quote_of_it() -> None:
    quoting = LINKING[FIRST][1]
    before = Article(**{**quoting.__dict__, "published": "2023-12-01"})
    assert quoted(link(MILLER, before), "Matthew Miller") == []


def test_an_undated_quote_comes_after_every_dated_report() -> None:
    quoting = LINKING[FIRST][1]
    undated = Article(**{**quoting.__dict__, "published": None})
    # stored first, still listed after the dated report it quotes
    result = link(undated, MILLER)
    [statement] = [s for s in result.statements if s.speaker == "Matthew Miller"]
    assert [(r.article_id, r.position) for r in statement.reports] == [("miller", 0), ("later", 1)]
    assert statement.first.published == "2024-02-09"


def test_quoted_fragments_read_only_words_in_quotation_marks() -> None:
    assert len(quoted_fragments(f'he said "{PLAIN}."', "mixed")) == 1
    assert quoted_fragments(PLAIN, "indirect") == ()
    # a direct quote whose span leaves the marks outside is all quoted words
    assert len(quoted_fragments(PLAIN, "direct")) == 1
    assert quoted_fragments('restrictions on "peaceful assembly"', "mixed") == ()


def test_sentence_around_keeps_initials_and_stops_at_sentence_ends() -> None:
    text = "Earlier news. Citing the U.S. Department of State, he said the vote was flawed. Next."
    start = text.index("he said")
    assert sentence_around(text, start, start + 7) == (
        "Citing the U.S. Department of State, he said the vote was flawed."
    )
