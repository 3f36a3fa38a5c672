"""``analyse``: attributions exactly as ``extract`` finds them, plus the people named."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from onrecord.article import analyse, analyse_many, extract_many
from onrecord.clean import article_from_text
from onrecord.model import Article, Mention, Origin, Span

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(prefix: str) -> Article:
    path = next(EXAMPLES.glob(f"{prefix}_*.txt"))
    return article_from_text(path.read_text(encoding="utf-8"), Origin(path=path.name))


def people(text: str, mentions: list[Mention]) -> dict[str, tuple[list[str], str | None]]:
    """name → (the text of each span, role)."""
    return {m.name: ([s.text(text) for s in m.spans], m.role) for m in mentions}


def test_attributions_are_those_extract_finds(nlp: Language) -> None:
    articles = [example(p) for p in ("000", "001", "002", "003", "004")]
    masks = [a.body_mask() for a in articles]
    old = list(extract_many(masks, nlp=nlp))
    new = list(analyse_many(masks, nlp=nlp, batch_size=2))
    assert len(new) == len(articles)
    for article, before, (after, _) in zip(articles, old, new, strict=True):
        assert [a.to_json(article.text) for a in after] == [a.to_json(article.text) for a in before]


def test_people_mentioned_but_never_quoted_are_recorded(nlp: Language) -> None:
    article = example("001")
    _, mentions = analyse(article.body_mask(), nlp)
    found = people(article.text, mentions)
    # named in prose and again inside a quote ("Secretary Blinken"): one person
    assert found["Antony Blinken"] == (["Antony Blinken", "Blinken"], "Secretary of State")
    assert found["Donald Blome"][0] == ["Donald Blome", "Blome"]
    blinken = next(m for m in mentions if m.name == "Antony Blinken")
    assert blinken.variants == ["Antony Blinken", "Blinken"]
    # the speaker is a mention too, under the name his attributions carry
    assert "Vedant Patel" in found
    assert [m.spans[0] for m in mentions] == sorted(m.spans[0] for m in mentions)


def test_a_word_inside_someone_elses_title_is_no_person(nlp: Language) -> None:
    text = (
        "The envoy met Chief Election Commissioner Sikander Sultan Raja and Chief of Army "
        "Staff General Asim Munir on Monday."
    )
    _, mentions = analyse(text, nlp)
    names = [m.name for m in mentions]
    assert "Sikander Sultan Raja" in names and "Asim Munir" in names
    assert "Election" not in names and "Staff" not in names


def test_offsets_point_into_the_original_text(nlp: Language) -> None:
    article = example("003")
    _, mentions = analyse(article.body_mask(), nlp)
    found = people(article.text, mentions)
    assert found["Antony J Blinken"] == (["Antony J Blinken"], "Secretary of State")
    for mention in mentions:
        assert {s.text(article.text) for s in mention.spans} == set(mention.variants)


def test_article_json_keeps_its_keys_and_adds_mentions() -> None:
    mention = Mention(
        "Antony Blinken", ["Antony Blinken"], "Secretary of State", None, [Span(0, 14)]
    )
    article = Article("a1", Origin(path="x.txt"), "Antony Blinken spoke.", mentions=[mention])
    record = json.loads(json.dumps(article.to_json()))
    assert list(record)[-2:] == ["attributions", "mentions"]
    assert record["mentions"] == [
        {
            "name": "Antony Blinken",
            "variants": ["Antony Blinken"],
            "role": "Secretary of State",
            "affiliation": None,
            "spans": [[0, 14]],
        }
    ]
    assert Article.from_json(record).mentions == [mention]
    del record["mentions"]  # JSONL written before mentions existed still reads
    assert Article.from_json(record).mentions == []
