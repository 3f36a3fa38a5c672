"""What each statement is about, in the store: written, read back, exported, filtered;
on both backends, with hand-built articles (exact spans, no model)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from corpus_factory import Quote, make_article, named
from sqlalchemy import delete, func, insert, inspect, select

from onrecord.about import load_topics
from onrecord.model import Article, Span, Target
from onrecord.store import Corpus, Filters, open_corpus, query
from onrecord.store.engine import make_engine, read_transaction, resolve_url, write_transaction
from onrecord.store.filters import FilterError, build_filters, topic_filters
from onrecord.store.migrate import alembic_config, current_revisions, head_revisions
from onrecord.store.schema import articles, attribution_targets, attribution_topics
from onrecord.store.walk import worth_walking
from onrecord.store.write import article_row, attribution_rows, utc_now

TOPICS = load_topics()

DETAINED = make_article(
    "ISLAMABAD, March 20 (Reuters) - The United States is concerned about the detention of "
    "Imran Khan, State Department spokesman Matthew Miller said. "
    '"Pakistan must hold free and fair elections," Miller said. '
    "Imran Khan said from prison that the vote was rigged.",
    [
        Quote(
            "The United States is concerned about the detention of Imran Khan",
            "State Department spokesman Matthew Miller",
            "said",
            "Matthew Miller",
            role="spokesman",
            affiliation="State Department",
            kind="indirect",
        ),
        Quote("Pakistan must hold free and fair elections", "Miller", "said", "Matthew Miller"),
        Quote("the vote was rigged", "Imran Khan", "said", "Imran Khan", kind="indirect"),
    ],
    published="2024-03-20",
    outlet="Reuters",
    title="US concerned over detention",
)

HELD = make_article(
    "LAHORE (AP) - Former prime minister Imran Khan remains in jail. Khan is being held on "
    "political charges, Senator Mark Warner said. "
    '"We welcome the release of journalists," Warner said.',
    [
        Quote(
            "Khan is being held on political charges",
            "Senator Mark Warner",
            "said",
            "Mark Warner",
            role="Senator",
            kind="indirect",
        ),
        Quote("We welcome the release of journalists", "Warner", "said", "Mark Warner"),
    ],
    published="2024-04-02",
    outlet="AP",
    title="Senator on Khan",
)

# Stored as from a run before the about stage: no act, no targets, no topics.
OLDER = make_article(
    "KARACHI (Dawn) - Reporters were detained outside the court, a lawyer, Ali Raza, said.",
    [Quote("Reporters were detained outside the court", "Ali Raza", "said", "Ali Raza")],
    published="2024-05-01",
    outlet="Dawn",
    title="Reporters detained",
)


def _target(article: Article, text: str, kind: str, after: int = 0) -> Target:
    start = article.text.index(text, after)
    return Target(text, Span(start, start + len(text)), kind)  # type: ignore[arg-type]


def _about(article: Article, seq: int, act: str, stance: int, targets: list[Target],
           topics: list[str]) -> None:  # fmt: skip
    a = article.attributions[seq]
    a.act, a.stance, a.stance_confidence = act, stance, 0.8 + seq / 100
    a.targets, a.topics = targets, topics


_about(DETAINED, 0, "concern", -1,
       [_target(DETAINED, "Imran Khan", "person"),
        _target(DETAINED, "The United States", "country")],
       ["detention and arrests"])  # fmt: skip
_about(DETAINED, 1, "urge", 0, [_target(DETAINED, "Pakistan", "country")], ["elections"])
_about(DETAINED, 2, "concern", -1, [_target(DETAINED, "the vote", "event")], ["elections"])
_about(HELD, 0, "concern", -1, [_target(HELD, "Khan", "person", 60)], ["detention and arrests"])
_about(HELD, 1, "support", 1, [_target(HELD, "journalists", "group")],
       ["freedom of expression and the press"])  # fmt: skip
DETAINED.mentions = [named(DETAINED.text, "Imran Khan")]
HELD.mentions = [named(HELD.text, "Imran Khan", "Imran Khan", "Khan")]
ARTICLES = [DETAINED, HELD, OLDER]


@pytest.fixture
def about(corpus: Corpus) -> Corpus:
    corpus.add(ARTICLES)
    return corpus


def _words(corpus: Corpus, f: Filters) -> set[str]:
    return {s.words for s in corpus.search_statements(f, limit=1000)}


def _f(**values: str) -> Filters:
    return build_filters(TOPICS, **values)


def test_about_fields_round_trip(about: Corpus) -> None:
    for article in ARTICLES:
        stored = about.article(article.id)
        assert stored is not None
        for mine, back in zip(article.attributions, stored.attributions, strict=True):
            assert back.targets == mine.targets
            assert back.topics == mine.topics
            assert (back.act, back.stance) == (mine.act, mine.stance)
            assert back.stance_confidence == pytest.approx(mine.stance_confidence)
    assert about.article(OLDER.id).attributions[0].act is None  # type: ignore[union-attr]


def test_exports_carry_what_each_is_about(about: Corpus, tmp_path: Path) -> None:
    about.export(tmp_path / "a.jsonl", "jsonl")
    rows = {r["attribution_id"]: r for r in map(json.loads, (tmp_path / "a.jsonl").open())}
    first = rows[f"{DETAINED.id}:0"]
    assert first["act"] == "concern" and first["stance"] == -1
    assert first["stance_confidence"] == pytest.approx(0.8)
    assert [t["text"] for t in first["targets"]] == ["Imran Khan", "The United States"]
    assert first["targets"][0]["span"] == list(DETAINED.attributions[0].targets[0].span.to_json())
    assert first["topics"] == ["detention and arrests"]
    older = rows[f"{OLDER.id}:0"]
    assert (older["act"], older["targets"], older["topics"]) == (None, [], [])
    about.export(tmp_path / "a.csv", "csv")
    table = {r["attribution_id"]: r for r in csv.DictReader((tmp_path / "a.csv").open())}
    assert table[f"{DETAINED.id}:0"]["targets"] == "Imran Khan;The United States"
    assert table[f"{DETAINED.id}:0"]["topics"] == "detention and arrests"
    assert table[f"{OLDER.id}:0"]["act"] == ""
    about.export(tmp_path / "s.jsonl", "jsonl", "statements")
    said = {r["words"]: r for r in map(json.loads, (tmp_path / "s.jsonl").open())}
    assert said["Pakistan must hold free and fair elections"]["act"] == "urge"
    about.export(tmp_path / "a.parquet", "parquet")  # targets empty in some rows: one type


def test_csv_cells_of_targets_are_neutralised(corpus: Corpus, tmp_path: Path) -> None:
    text = 'The minister said "=HYPERLINK(1) is fine" today.'
    article = make_article(text, [Quote("=HYPERLINK(1) is fine", "The minister", "said",
                                        "minister")], "2024-01-01", "X")  # fmt: skip
    start = text.index("=HYPERLINK(1)")
    article.attributions[0].targets = [Target("=HYPERLINK(1)", Span(start, start + 13), "issue")]
    article.attributions[0].topics = ["@topic"]
    corpus.add([article])
    corpus.export(tmp_path / "a.csv", "csv")
    [row] = list(csv.DictReader((tmp_path / "a.csv").open()))
    assert row["targets"] == "'=HYPERLINK(1)" and row["topics"] == "'@topic"


def test_deleting_an_article_deletes_what_its_attributions_are_about(about: Corpus) -> None:
    with write_transaction(about.engine) as conn:
        conn.execute(delete(articles).where(articles.c.id == DETAINED.id))
    with read_transaction(about.engine) as conn:
        for table in (attribution_targets, attribution_topics):
            left = conn.execute(
                select(func.count())
                .select_from(table)
                .where(table.c.attribution_id.like(f"{DETAINED.id}:%"))
            ).scalar_one()
            assert left == 0


def test_act_stance_and_about_filters(about: Corpus) -> None:
    assert _words(about, _f(act="concern")) == {
        "The United States is concerned about the detention of Imran Khan",
        "the vote was rigged",
        "Khan is being held on political charges",
    }
    assert _words(about, _f(stance="positive")) == {"We welcome the release of journalists"}
    assert _words(about, _f(stance="-1")) == _words(about, _f(act="concern"))
    assert _words(about, _f(about="pakistan")) == {"Pakistan must hold free and fair elections"}
    # "the United States" is about the United States; punctuation and case do not count
    assert _words(about, _f(about="United States.")) == {
        "The United States is concerned about the detention of Imran Khan"
    }
    # "Khan" is one of Imran Khan's names, so both targets are about him, asked either way
    khan = {
        "The United States is concerned about the detention of Imran Khan",
        "Khan is being held on political charges",
    }
    assert _words(about, _f(about="Imran Khan")) == khan
    assert _words(about, _f(about="khan")) == khan
    assert _words(about, _f(about="Imran Khan", act="concern", speaker="Warner")) == {
        "Khan is being held on political charges"
    }
    assert _words(about, _f(about="Nobody")) == set()


def test_topic_filter_reads_the_stored_labels(about: Corpus) -> None:
    assert _words(about, _f(topic="elections")) == {
        "Pakistan must hold free and fair elections",
        "the vote was rigged",
    }
    # Labelled, whatever the words: "held" is no detention phrase. And the attribution
    # stored without labels is found by its words, as before labels were stored.
    assert _words(about, _f(topic="Detention and arrests")) == {
        "The United States is concerned about the detention of Imran Khan",
        "Khan is being held on political charges",
        "Reporters were detained outside the court",
    }
    # A narrower topic: its broader label, and its own words
    assert _words(about, _f(topic="detention")) == {
        "The United States is concerned about the detention of Imran Khan",
        "Reporters were detained outside the court",
    }
    assert _words(about, _f(topic="press freedom")) == {
        "We welcome the release of journalists",
        "Reporters were detained outside the court",  # "reporters", among its words
    }
    # the old way, phrases with no label, still searches the words alone
    _, phrases = TOPICS.lookup("detention and arrests")
    assert _words(about, Filters(topic_phrases=phrases)) == {
        "The United States is concerned about the detention of Imran Khan",
        "Reporters were detained outside the court",
    }


def test_bad_values_are_refused_naming_the_field() -> None:
    for field, value in (("act", "shout"), ("stance", "angry"), ("topic", "gardening")):
        with pytest.raises(FilterError) as caught:
            build_filters(TOPICS, **{field: value})
        assert caught.value.field == field
    assert build_filters(TOPICS, act=" Urge ", stance="neutral").act == "urge"
    assert build_filters(TOPICS, stance="0").stance == 0
    assert build_filters(TOPICS, topic="spyware").topic_label == "human rights"


SEARCHES = [
    {"act": "concern"},
    {"stance": "negative", "since": "2024-04-01"},
    {"about": "Imran Khan"},
    {"about": "khan", "q": "held"},
    {"topic": "elections"},
    {"topic": "elections", "about": "Pakistan"},
    {"topic": "detention", "speaker": "Matthew Miller"},
    {"topic": "detention and arrests", "act": "concern", "outlet": "AP"},
]


@pytest.mark.parametrize("values", SEARCHES, ids=repr)
def test_search_total_timeline_and_facets_agree(about: Corpus, values: dict[str, str]) -> None:
    f = _f(**values)
    expected = {r.statement_id for r in about.timeline(f)}
    assert expected
    assert {s.id for s in about.search_statements(f, limit=1000)} == expected
    summary = about.search_summary(f, topic_filters(TOPICS))
    assert summary.total == len(expected)
    for value in summary.facets["act"]:
        narrowed = _f(**{**values, "act": value.value})
        assert len(about.search_statements(narrowed, limit=1000)) == value.count
    for value in summary.facets["topic"]:
        narrowed = _f(**{**values, "topic": value.value})
        assert len(about.search_statements(narrowed, limit=1000)) == value.count


WALKED = [
    {"about": "Imran Khan"},
    {"about": "khan", "sort": "reports"},
    {"about": "Nobody"},
    {"topic": "elections"},
    {"topic": "elections", "about": "Pakistan"},
    {"topic": "detention and arrests"},
    {"topic": "spyware"},  # narrower: its phrases are no single look-up, not walked
]


@pytest.mark.parametrize("values", WALKED, ids=repr)
def test_walking_a_common_target_finds_the_same_page(about: Corpus, values: dict[str, str]) -> None:
    """A search by target or topic alone that matches many statements walks them in page
    order (``store.walk``): the same statements, in the same order, on every page."""
    f = _f(**values)
    with read_transaction(about.reader) as conn:
        for offset in range(4):
            read = [s.id for s in query.search_statements(conn, f, 2, offset, walk=False)]
            walked = [s.id for s in query.search_statements(conn, f, 2, offset, walk=True)]
            assert walked == read


def test_walking_is_chosen_when_it_reads_less() -> None:
    common = _f(topic="elections")
    assert worth_walking(common, 21, 2000, 10_000)
    assert not worth_walking(common, 21, 100, 10_000)  # a rare one: its matches are few
    assert not worth_walking(_f(topic="elections", sort="earliest"), 21, 2000, 10_000)
    assert not worth_walking(_f(topic="elections", q="vote"), 21, 2000, 10_000)
    assert not worth_walking(Filters(), 21, 10_000, 10_000)


def test_reports_carry_what_they_are_about(about: Corpus) -> None:
    [statement] = about.search_statements(_f(about="Pakistan"))
    report = statement.reports[0]
    assert (report.act, report.stance, report.topics) == ("urge", 0, ["elections"])
    assert [t.text for t in report.targets] == ["Pakistan"]
    [entry] = about.timeline(_f(about="Pakistan"))
    assert entry.targets == report.targets


def test_filtered_exports(about: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "concern.jsonl"
    count = about.export(out, "jsonl", "attributions", filters=_f(act="concern"))
    assert count == 3 and {json.loads(line)["act"] for line in out.open()} == {"concern"}
    out = tmp_path / "khan.jsonl"
    assert about.export(out, "jsonl", "statements", filters=_f(about="Imran Khan")) == 2
    with pytest.raises(ValueError, match="Filters apply"):
        about.export(out, "jsonl", "people", filters=_f(act="urge"))


def test_a_corpus_of_the_previous_schema_is_upgraded(new_db: Callable[[], str]) -> None:
    """A corpus written at 0004 opens at the head revision; its rows keep every value and
    have no about data; new articles are stored with theirs, and the topic filter finds
    both (the old ones by their words)."""
    url = resolve_url(new_db())
    engine = make_engine(url)
    config = alembic_config()
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004_link_index")
    with write_transaction(engine) as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("attributions")}
        assert "act" not in columns
        old = make_article(OLDER.text, [Quote("Reporters were detained outside the court",
                           "Ali Raza", "said", "Ali Raza")], "2024-05-01", "Dawn")  # fmt: skip
        conn.execute(insert(articles), [article_row(old, "old-input", utc_now())])
        rows, _ = attribution_rows(old)
        conn.execute(
            insert(articles.metadata.tables["attributions"]),
            [{k: v for k, v in row.items() if k in columns} for row in rows],
        )
        from onrecord.store import fts

        fts.index_articles(conn, [(1, old.title or "", old.text)])
        fts.index_attributions_of(conn, [old.id])
    engine.dispose()
    corpus = open_corpus(url)
    try:
        assert current_revisions(corpus.engine) == head_revisions()
        back = corpus.article(old.id)
        assert back is not None and back.attributions[0].content == old.attributions[0].content
        assert (back.attributions[0].act, back.attributions[0].targets) == (None, [])
        corpus.add([DETAINED])
        assert _words(corpus, _f(topic="detention")) == {
            "The United States is concerned about the detention of Imran Khan",
            "Reporters were detained outside the court",
        }
        assert _words(corpus, _f(act="concern")) == {
            "The United States is concerned about the detention of Imran Khan",
            "the vote was rigged",
        }
    finally:
        corpus.close()


def test_about_values_of_the_wrong_kind_are_a_problem_not_a_crash(corpus: Corpus) -> None:
    """A record from another tool with an act that is no word, a stance of 5 or a topic
    that is no text: its article is reported and the others are stored."""
    bad = []
    for n, (field, value) in enumerate((("act", 123), ("stance", 5), ("topics", [["x"]]))):
        text = f"Official {n} said the talks would go on in city {n}."
        article = make_article(text, [Quote("the talks would go on", f"Official {n}", "said",
                                            f"Official {n}", kind="indirect")], "2024-01-01",
                               "X", path=f"bad-{n}.txt")  # fmt: skip
        setattr(article.attributions[0], field, value)
        bad.append(article)
    stats = corpus.add([*bad, DETAINED])
    assert stats.articles_added == 1 and stats.problems_added == 3
    reasons = [p.reason for p in corpus.problems()]
    assert all("could not be stored (ValueError" in r for r in reasons)
    assert any("stance 5" in r for r in reasons) and any("act 123" in r for r in reasons)


def test_a_speakers_statements_grouped_by_main_target(about: Corpus) -> None:
    """Two names of one person are one group, named as the corpus names him; a pronoun
    the about stage left unresolved is no group."""
    text = (
        "Ann Lee said Imran Khan should be freed. Ann Lee said Khan was a prisoner of "
        "conscience. Ann Lee said he had been wronged."
    )
    quotes = [
        Quote(words, "Ann Lee", "said", "Ann Lee", kind="indirect")
        for words in ("Imran Khan should be freed", "Khan was a prisoner of conscience",
                      "he had been wronged")
    ]  # fmt: skip
    article = make_article(text, quotes, "2024-06-01", "X")
    for a, target in zip(article.attributions, ("Imran Khan", "Khan", "he"), strict=True):
        start = text.index(target, a.content[0].start)
        a.act, a.targets = "inform", [Target(target, Span(start, start + len(target)), "person")]
    about.add([article])
    [lee] = [p for p in about.people() if p.name == "Ann Lee"]
    found = about.entity_about(lee.id)
    assert found is not None
    [khan, other] = found.groups
    assert (khan.target, khan.count, other.target, other.count) == ("Imran Khan", 2, None, 1)
    assert khan.entity_id is not None and khan.entity_id.startswith("P")
    assert {s.words for s in other.statements} == {"he had been wronged"}
