"""Full-text search and filters, on both backends; hostile queries; topics."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from corpus_factory import (
    BLINKEN,
    HAND_ARTICLES,
    MILLER_1,
    MILLER_2,
    STATE_2024,
    STATE_2025,
    STEPHEN_MILLER,
    Quote,
    make_article,
)

from onrecord.about import load_topics
from onrecord.errors import InputError
from onrecord.model import Article
from onrecord.store import Corpus, Filters, escape_fts, query
from onrecord.store.filters import build_filters, topic_filters


@pytest.fixture
def full(corpus: Corpus) -> Corpus:
    corpus.add(HAND_ARTICLES)
    return corpus


def _articles(corpus: Corpus, filters: Filters) -> set[str]:
    """Articles of the matching reports (a statement search also shows the other reports
    of each statement found: its lineage)."""
    return {r.article_id for r in corpus.timeline(filters)}


def test_query_words(full: Corpus) -> None:
    found = full.search_statements(Filters(q="peaceful assembly"))
    assert {s.speaker for s in found} == {"Matthew Miller", "US Department of State"}
    assert full.search_statements(Filters(q="nonexistentword")) == []


def test_query_is_stemmed(full: Corpus) -> None:
    assert {s.speaker for s in full.search_statements(Filters(q="urging authority"))} == {
        "Matthew Miller"
    }


def test_speaker_filter_uses_any_alias(full: Corpus) -> None:
    by_alias = full.search_statements(Filters(speaker="State Department spokesman Matthew Miller"))
    assert {s.speaker for s in by_alias} == {"Matthew Miller"}
    assert len(by_alias) == 3
    partial = {s.speaker for s in full.search_statements(Filters(speaker="miller"))}
    assert partial == {"Matthew Miller", "Stephen Miller"}
    assert full.search_statements(Filters(speaker="Nobody At All")) == []


def test_affiliation_filter(full: Corpus) -> None:
    speakers = {s.speaker for s in full.search_statements(Filters(affiliation="White House"))}
    assert speakers == {"Stephen Miller"}
    state = {s.speaker for s in full.search_statements(Filters(affiliation="State Department"))}
    assert state == {"Matthew Miller", "US Department of State"}


def test_outlet_filter(full: Corpus) -> None:
    assert _articles(full, Filters(outlet="reuters")) == {MILLER_1.id}
    found = full.search_statements(Filters(outlet="reuters"))
    assert len(found) == 3
    lineage = next(s for s in found if s.report_count == 2)
    assert [r.outlet for r in lineage.reports] == ["Reuters", "Dawn"]


def test_kind_filter(full: Corpus) -> None:
    direct = full.search_statements(Filters(kind="direct", speaker="Blinken"))
    assert [s.words for s in direct] == ["Democracy depends on a free press"]


def test_date_range(full: Corpus) -> None:
    assert _articles(full, Filters(since="2025-01-01")) == {STATE_2025.id, STEPHEN_MILLER.id}
    assert _articles(full, Filters(until="2024-03-21")) == {MILLER_1.id}
    window = Filters(since="2024-03-21", until="2024-04-02")
    assert _articles(full, window) == {MILLER_2.id, BLINKEN.id}


def test_topic_filter(full: Corpus) -> None:
    _, phrases = load_topics().lookup("press freedom")
    found = full.search_statements(Filters(topic_phrases=phrases))
    assert {s.words for s in found} >= {"Democracy depends on a free press"}
    _, detention = load_topics().lookup("Detention")
    assert _articles(full, Filters(topic_phrases=detention)) >= {MILLER_1.id, STATE_2024.id}


def test_filters_combine(full: Corpus) -> None:
    found = full.search_statements(Filters(q="restrictions", speaker="State Department"))
    assert [s.first_article_id for s in found] == [STATE_2024.id]
    assert full.search_statements(Filters(q="restrictions", outlet="AP")) == []


HOSTILE = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(peaceful assembly",
    "-",
    "-peaceful",
    "peaceful*",
    "AND OR NOT",
    "col:value",
    "'; DROP TABLE articles; --",
    "(",
    "^",
    "%",
    "_",
    "\\",
    "peaceful\x00assembly",
]


def test_hostile_queries_neither_fail_nor_inject(full: Corpus) -> None:
    for hostile in HOSTILE:  # one corpus for all: each would otherwise build its own
        full.search_statements(Filters(q=hostile))
        full.search_articles(Filters(q=hostile))
        full.search_statements(Filters(speaker=hostile, affiliation=hostile, outlet=hostile))
        full.timeline(Filters(q=hostile, speaker=hostile))
    assert full.stats().articles == len(HAND_ARTICLES)
    # LIKE wildcards in a filter are literal characters, not "match anything"
    assert full.search_statements(Filters(outlet="%")) == []
    assert full.search_statements(Filters(speaker="_")) == []


def test_hostile_query_still_finds_its_words(full: Corpus) -> None:
    assert full.search_statements(Filters(q='"peaceful assembly'))
    assert full.search_statements(Filters(q="-peaceful"))
    assert full.search_statements(Filters(q="peaceful* assembly"))
    assert not full.search_statements(Filters(q="peaceful NOT assembly"))  # NOT is a word


def test_escape_fts() -> None:
    assert escape_fts("peaceful assembly") == '"peaceful" "assembly"'
    assert escape_fts('"peaceful assembly" rights') == '"peaceful assembly" "rights"'
    assert escape_fts('say "hi') == '"say" "hi"'
    assert escape_fts("NEAR(") == '"NEAR("'
    assert escape_fts('* - " ^') == ""


def test_article_search(full: Corpus) -> None:
    hits = full.search_articles(Filters(q="opposition leaders"))
    assert [h.id for h in hits] == [MILLER_1.id]
    assert [h.id for h in full.search_articles(Filters(q="rejected report"))] == [STATE_2024.id]
    assert full.search_articles(Filters(q="opposition", outlet="Dawn")) == []


def test_timeline_is_in_date_order(full: Corpus) -> None:
    reports = full.timeline(Filters(affiliation="State Department"))
    dates = [r.published or "" for r in reports]
    assert dates == sorted(dates) and len(dates) == 7


def test_user_topics_extend_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "topics.json"
    extra.write_text(json.dumps({"spyware": ["Paragon"], "Water": ["dam", "river water"]}))
    topics = load_topics(extra)
    assert "paragon" in [p.lower() for p in topics.lookup("Spyware")[1]]
    assert topics.tag("The River  Water treaty and a new dam") == ["Water"]
    monkeypatch.setenv("ONRECORD_TOPICS", str(extra))
    assert "Water" in load_topics().names()
    extra.write_text("[1, 2]")
    with pytest.raises(InputError):
        load_topics(extra)
    monkeypatch.delenv("ONRECORD_TOPICS")
    with pytest.raises(InputError, match="Known topics"):
        load_topics().lookup("gardening")


def test_default_topics_cover_the_brief() -> None:
    names = {n.lower() for n in load_topics().names()}
    assert names >= {"elections", "detention", "press freedom", "freedom of assembly",
                     "transnational repression", "spyware", "counter-terrorism", "kashmir",
                     "human rights"}  # fmt: skip


# -- the read path of the web app: the search, its total, facets and sorts ----------------

SEARCHES = [
    Filters(),
    Filters(q="peaceful assembly"),
    Filters(q="elections", kind="direct"),
    Filters(kind="indirect"),
    Filters(speaker="miller", kind="direct"),
    Filters(speaker="miller", q="elections"),
    Filters(since="2024-02-01", until="2024-12-31"),
    Filters(outlet="dawn", q="free"),
    Filters(affiliation="State Department", since="2024-01-01"),
    Filters(q="zzzz"),
]


ELECTIONS = build_filters(load_topics(), topic="elections")


@pytest.mark.parametrize("f", [*SEARCHES, ELECTIONS], ids=repr)
def test_a_search_finds_the_statements_of_its_matching_reports(full: Corpus, f: Filters) -> None:
    """The statement search (driven by matches or by speaker, as is cheaper) finds exactly
    the statements that have a report the timeline (one plain join) finds; its total and
    every page agree."""
    expected = {r.statement_id for r in full.timeline(f)}
    found = full.search_statements(f, limit=1000)
    assert {s.id for s in found} == expected
    summary = full.search_summary(f, topic_filters(load_topics()))
    assert summary.total == len(expected)
    pages = [s.id for o in range(0, 40, 2) for s in full.search_statements(f, 2, o)]
    assert pages == [s.id for s in found]


def test_facets_count_what_clicking_them_finds(full: Corpus) -> None:
    base = Filters(q="elections")
    summary = full.search_summary(base, topic_filters(load_topics()))
    assert summary.facets["speaker"] and summary.facets["kind"] and summary.facets["year"]
    for value in summary.facets["kind"]:
        narrowed = Filters(q="elections", kind=value.value)
        assert len(full.search_statements(narrowed, limit=1000)) == value.count
    for value in summary.facets["year"]:
        since, until = f"{value.value}-01-01", f"{value.value}-12-31"
        narrowed = Filters(q="elections", since=since, until=until)
        assert len(full.search_statements(narrowed, limit=1000)) == value.count
    for value in summary.facets["speaker"]:
        narrowed = Filters(q="elections", speaker=value.value)
        assert len(full.search_statements(narrowed, limit=1000)) >= value.count


@pytest.mark.parametrize("f", SEARCHES, ids=repr)
def test_speaker_facet_counts_the_statements_found(full: Corpus, f: Filters) -> None:
    """The speakers are counted from a list kept per corpus version, not joined to every
    matching report: the counts are still those of the statements the search finds."""
    found = full.search_statements(f, limit=1000)
    summary = full.search_summary(f, {})
    expected = Counter(s.speaker for s in found)
    top = sorted(expected.items(), key=lambda item: (-item[1], item[0].lower()))[:10]
    assert [(v.value, v.count) for v in summary.facets["speaker"]] == top


@pytest.mark.parametrize("q", ["elections", "free", "opposition leaders", "zzzz"])
def test_article_search_is_the_same_walking_the_dates(
    full: Corpus, q: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A common word walks the articles latest first instead of sorting its matches: the
    same articles in the same order either way."""
    f = Filters(q=q)
    found = {}
    for many in (10_000, 1):  # sorting every match; walking the dates
        monkeypatch.setattr(query, "MANY_ARTICLES", many)
        found[many] = [[h.id for h in full.search_articles(f, limit)] for limit in (1, 3, 100)]
    assert found[1] == found[10_000]


def test_sorts(full: Corpus) -> None:
    latest = full.search_statements(Filters(), limit=1000)
    earliest = full.search_statements(Filters(sort="earliest"), limit=1000)
    most = full.search_statements(Filters(sort="reports"), limit=1000)
    dated = [s.first_published for s in latest if s.first_published]
    assert dated == sorted(dated, reverse=True)
    assert [s.first_published for s in earliest if s.first_published] == sorted(dated)
    assert [s.report_count for s in most] == sorted((s.report_count for s in most), reverse=True)
    assert {s.id for s in latest} == {s.id for s in earliest} == {s.id for s in most}


def test_timeline_pages_and_total(full: Corpus) -> None:
    f = Filters(affiliation="State Department")
    everything, total = full.timeline_page(f, 1000)
    assert total == len(everything) == 7
    paged = [r for o in range(0, total, 3) for r in full.timeline_page(f, 3, o)[0]]
    assert [r.attribution_id for r in paged] == [r.attribution_id for r in everything]


def test_totals_follow_new_articles(full: Corpus) -> None:
    """Remembered totals are per corpus version: an ingest changes them at once."""
    from corpus_factory import small_article

    before = full.search_summary(Filters(), {}).total
    full.add([small_article(1)])
    assert full.search_summary(Filters(), {}).total > before


def _repeated(times: int) -> list[Article]:
    """One statement, ``times`` articles reporting it, a day apart."""
    text = (
        'LONDON - "Every vote must be counted in full," Volker Turk said in Geneva on a day '
        "of protests."
    )
    quote = Quote("Every vote must be counted in full", "Volker Turk", "said", "Volker Turk")
    return [
        make_article(text, [quote], f"2024-02-{day + 1:02d}", "BBC", ident=f"turk-{day}")
        for day in range(times)
    ]


def test_a_list_card_holds_a_statement_s_first_reports(corpus: Corpus) -> None:
    corpus.add(_repeated(query.CARD_REPORTS + 4))
    f = Filters(q="counted")
    [whole] = corpus.statements_page(f).statements
    [card] = corpus.statements_page(f, every_report=False).statements
    assert whole.report_count == card.report_count == query.CARD_REPORTS + 4
    assert len(whole.reports) == query.CARD_REPORTS + 4
    # The card's reports are the earliest ones, in order, and its count still counts all.
    assert [r.article_id for r in card.reports] == [
        r.article_id for r in whole.reports[: query.CARD_REPORTS]
    ]
    assert card.reports[0].published == "2024-02-01"
    # The person page's cards too; a statement's own page reads every report.
    person = corpus.entity_about(whole.speaker_id, every_report=False)
    assert person is not None
    [shown] = [s for group in person.groups for s in group.statements]
    assert len(shown.reports) == query.CARD_REPORTS
    record = corpus.statement_record(whole.id, every_report=False)
    assert record is not None
    assert len(record.statements[0].reports) == query.CARD_REPORTS + 4
