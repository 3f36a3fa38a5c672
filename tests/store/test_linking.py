"""People and statements across articles, on both backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from corpus_factory import (
    BLINKEN,
    HAND_ARTICLES,
    MILLER_1,
    MILLER_2,
    SENATOR_2025,
    STATE_2024,
    STATE_2025,
    STEPHEN_MILLER,
    Quote,
    make_article,
)

from onrecord.model import Article
from onrecord.store import Corpus, CorrectionError, Filters, open_corpus


def _person(corpus: Corpus, name: str) -> list[str]:
    return [p.name for p in corpus.people() if name in p.aliases or p.name == name]


def test_miller_statements_from_two_articles_list_under_one_person(corpus: Corpus) -> None:
    corpus.add([MILLER_1, MILLER_2])
    records = corpus.person("Matthew Miller")
    assert len(records) == 1
    person = records[0].person
    assert person.name == "Matthew Miller"
    assert {"Miller", "State Department spokesman Matthew Miller"} <= set(person.aliases)
    articles = {r.article_id for s in records[0].statements for r in s.reports}
    assert articles == {MILLER_1.id, MILLER_2.id}
    assert [(r.role, r.affiliation) for r in person.roles] == [("spokesman", "State Department")]
    assert (person.roles[0].first_reported, person.roles[0].last_reported) == (
        "2024-03-20",
        "2024-03-22",
    )


def test_blinken_spellings_are_one_person(corpus: Corpus) -> None:
    corpus.add([BLINKEN])
    people = [p for p in corpus.people() if p.kind == "person"]
    assert len(people) == 1
    assert set(people[0].aliases) == {"Blinken", "Antony J Blinken"}
    assert people[0].statements == 2


def test_same_surname_different_affiliations_are_two_people(corpus: Corpus) -> None:
    corpus.add([MILLER_1, MILLER_2, STEPHEN_MILLER])
    millers = {p.name: p for p in corpus.people() if "Miller" in p.aliases}
    assert set(millers) == {"Matthew Miller", "Stephen Miller"}
    # the bare "Miller" of the White House article joins Stephen, not Matthew
    stephen = corpus.person("Stephen Miller")[0]
    assert {r.article_id for s in stephen.statements for r in s.reports} == {STEPHEN_MILLER.id}
    assert stephen.person.affiliation == "White House"


def test_same_words_in_2024_and_2025_are_one_statement_with_two_reports(corpus: Corpus) -> None:
    corpus.add([STATE_2025, STATE_2024])  # ingest order must not matter
    found = corpus.search_statements(Filters(q="undue restrictions"))
    assert len(found) == 1
    statement = found[0]
    assert statement.speaker in {"US Department of State", "US State Department"}
    assert [(r.published, r.article_id) for r in statement.reports] == [
        ("2024-04-23", STATE_2024.id),
        ("2025-02-14", STATE_2025.id),
    ]
    assert statement.first_article_id == STATE_2024.id
    assert statement.report_count == 2 and statement.outlet_count == 2


def test_a_later_speaker_quoting_an_organisation_is_a_report_with_quoted_by(
    corpus: Corpus,
) -> None:
    corpus.add([STATE_2024, SENATOR_2025])
    state = corpus.search_statements(Filters(speaker="State Department"))
    assert len(state) == 1
    reports = state[0].reports
    assert [r.article_id for r in reports] == [STATE_2024.id, SENATOR_2025.id]
    assert reports[0].quoted_by is None
    assert reports[1].quoted_by == "Chris Van Hollen"
    # the senator's words are still his own statement too
    own = corpus.search_statements(Filters(speaker="Van Hollen"))
    assert len(own) == 1 and own[0].reports[0].article_id == SENATOR_2025.id


def test_organisation_spellings_are_one_organisation(corpus: Corpus) -> None:
    corpus.add([MILLER_1, STATE_2024, STATE_2025])
    orgs = [p for p in corpus.people() if p.kind == "organisation"]
    assert len(orgs) == 1
    assert {"State Department", "US State Department", "US Department of State"} == set(
        orgs[0].aliases
    )


def test_corrections_survive_reingest(corpus: Corpus, new_db: object) -> None:
    corpus.add(HAND_ARTICLES)
    corpus.correct("merge", "Matthew Miller", {"other": "Stephen Miller"}, by="analyst")
    corpus.correct("rename", "Antony J Blinken", {"name": "Antony Blinken"}, by="analyst")
    corpus.correct("split", "US Department of State", {"alias": "State Department"}, by="a")
    before = {p.name: sorted(p.aliases) for p in corpus.people()}
    assert "Stephen Miller" in before["Matthew Miller"]
    assert "Antony Blinken" in before and "Antony J Blinken" not in before
    assert before["State Department"] == ["State Department"]
    corpus.add(HAND_ARTICLES)  # nothing new
    corpus.add([SENATOR_2025])  # something new: the corpus is re-linked
    after = {p.name: sorted(p.aliases) for p in corpus.people()}
    for name in ("Matthew Miller", "Antony Blinken", "State Department"):
        assert after[name] == before[name]
    corrections = corpus.corrections()
    assert [c.action for c in corrections] == ["merge", "rename", "split"]
    assert all(c.status == "applied" and c.by and c.at for c in corrections)


def test_correction_of_unknown_person_is_refused_and_not_stored(corpus: Corpus) -> None:
    corpus.add([BLINKEN])
    with pytest.raises(CorrectionError, match="Nobody Here") as refused:
        corpus.correct("rename", "Nobody Here", {"name": "X"}, by="analyst")
    assert refused.value.kind == "unknown"
    assert corpus.corrections() == []


def _words(corpus: Corpus, name: str) -> set[str]:
    return {s.words for record in corpus.person(name) for s in record.statements}


def test_rejected_and_reassigned_attributions_change_who_said_what(corpus: Corpus) -> None:
    corpus.add([MILLER_1, MILLER_2, STEPHEN_MILLER])
    following = "Washington is following the cases closely"
    concerned = MILLER_1.attributions[0].content_text(MILLER_1.text)
    assert {following, concerned} <= _words(corpus, "Matthew Miller")
    assert concerned not in _words(corpus, "Stephen Miller")

    corpus.correct("reject", f"{MILLER_2.id}:0", {}, by="ana", note="a paraphrase of a rumour")
    corpus.correct("reassign", f"{MILLER_1.id}:0", {"speaker": "Stephen Miller"}, by="ana")
    assert following not in _words(corpus, "Matthew Miller")
    assert all(following not in s.words for s in corpus.search_statements(Filters(), limit=500))
    assert concerned not in _words(corpus, "Matthew Miller")
    assert concerned in _words(corpus, "Stephen Miller")
    assert all(c.status == "applied" for c in corpus.corrections())

    corpus.add([SENATOR_2025])  # re-linked: the corrections still hold
    assert following not in _words(corpus, "Matthew Miller")
    assert concerned in _words(corpus, "Stephen Miller")


def test_a_later_attribution_correction_supersedes_an_earlier_one(corpus: Corpus) -> None:
    corpus.add([MILLER_1, MILLER_2, STEPHEN_MILLER])
    following = "Washington is following the cases closely"
    corpus.correct("reject", f"{MILLER_2.id}:0", {}, by="ana")
    corpus.correct("reassign", f"{MILLER_2.id}:0", {"speaker": "Stephen Miller"}, by="bo")
    assert following in _words(corpus, "Stephen Miller")
    first, second = corpus.corrections()
    assert first.status == f"superseded by correction {second.pk}"
    assert second.status == "applied"
    with pytest.raises(CorrectionError, match="No attribution 'no-such-article:3'"):
        corpus.correct("reject", "no-such-article:3", {}, by="ana")
    assert len(corpus.corrections()) == 2


URGE = Quote(
    "We urge the authorities to respect the right of every citizen to peaceful assembly",
    "he",
    "said",
    "Matthew Miller",
    role="spokesman",
    affiliation="State Department",
)


def reprint(place: str) -> Article:
    """An undated article repeating Miller's words (no year in its dateline)."""
    article = make_article(
        f'{place}, Jan 24 - "{URGE.content}," he said, the spokesman for the department.',
        [URGE],
        published="",
        outlet=place.title(),
        path=f"news/{place.lower()}.txt",
    )
    article.published = None
    return article


def test_undated_reports_follow_dated_ones_in_the_order_stored(
    new_db: Callable[[], str],
) -> None:
    karachi, lahore = reprint("KARACHI"), reprint("LAHORE")
    lineages = []
    for order in ([lahore, MILLER_1, karachi], [karachi, lahore, MILLER_1]):
        corpus = open_corpus(new_db())
        for article in order:
            corpus.add([article])  # one add each: stored in this order
        [statement] = corpus.search_statements(Filters(q="every citizen"))
        undated = [a.id for a in order if a.published is None]
        assert [r.article_id for r in statement.reports] == [MILLER_1.id, *undated]
        assert [r.position for r in statement.reports] == [0, 1, 2]
        # the first report is the earliest dated one, wherever it was stored
        assert (statement.first_published, statement.first_article_id) == (
            "2024-03-20",
            MILLER_1.id,
        )
        timeline = corpus.timeline(Filters(q="every citizen"))
        assert [r.article_id for r in timeline] == [MILLER_1.id, *undated]
        lineages.append(statement.id)
        corpus.close()
    assert lineages[0] == lineages[1]  # the statement's id does not depend on ingest order
