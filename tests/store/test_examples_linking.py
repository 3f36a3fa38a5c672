"""The five example articles, analysed by the real pipeline and stored on both backends:
people named but never quoted, and words quoted a year later by someone else.

Articles are prepared as ``onrecord ingest`` prepares them (``article_from_text`` over
the file, extraction over the body mask), with attributions and mentions from
``analyse_many``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.article import analyse_many
from onrecord.clean import article_from_text
from onrecord.model import Article, Origin
from onrecord.nlp import load_pipeline
from onrecord.store import Corpus, Filters, store_articles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def examples() -> list[Article]:
    nlp = load_pipeline()
    paths = sorted(EXAMPLES.glob("*.txt"))
    articles = [
        article_from_text(p.read_text(encoding="utf-8"), Origin(path=p.name)) for p in paths
    ]
    masks = [article.body_mask() for article in articles]
    for article, (attributions, mentions) in zip(
        articles, analyse_many(masks, nlp=nlp), strict=True
    ):
        article.attributions, article.mentions = attributions, mentions
    return articles


def by_file(articles: list[Article], prefix: str) -> Article:
    return next(a for a in articles if (a.origin.path or "").startswith(prefix))


def test_blinken_named_three_ways_is_one_person(corpus: Corpus, examples: list[Article]) -> None:
    store_articles(corpus, examples)
    records = corpus.person("Antony Blinken")
    assert len(records) == 1
    person = records[0].person
    assert person.name == "Antony Blinken"
    assert {"Antony Blinken", "Antony J Blinken", "Blinken"} <= set(person.aliases)
    assert "Secretary of State" in {r.role for r in person.roles}
    assert person.mentions == 3 and person.statements == 0
    named = {n.article_id for n in records[0].named_in}
    assert named == {by_file(examples, "001").id, by_file(examples, "003").id}
    assert sum(1 for p in corpus.people() if "Blinken" in p.aliases) == 1


def test_state_department_words_quoted_by_a_senator_are_one_lineage(
    corpus: Corpus, examples: list[Article]
) -> None:
    store_articles(corpus, examples)
    briefing, letter = by_file(examples, "002"), by_file(examples, "004")
    assert (briefing.published, letter.published) == ("2024-02-09", None)
    found = corpus.search_statements(Filters(q="undue restrictions"))
    [miller] = [s for s in found if s.speaker == "Matthew Miller"]
    assert [(r.article_id, r.published, r.quoted_by) for r in miller.reports] == [
        (briefing.id, "2024-02-09", None),
        (letter.id, None, "Mark R. Warner"),
    ]
    assert miller.first_published == "2024-02-09" and miller.first_article_id == briefing.id
    # the senator's words remain his own statement as well
    own = [s for s in found if s.speaker == "Mark R. Warner"]
    assert [[r.article_id for r in s.reports] for s in own] == [[letter.id]]
    # nothing else in the examples is taken for a quotation
    reports = corpus.timeline(Filters(), limit=10_000)
    assert [r.quoted_by for r in reports if r.quoted_by] == ["Mark R. Warner"]
