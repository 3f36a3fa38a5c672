"""People articles name but never quote: stored, linked across articles, shown, exported.

Hand-built articles with exact spans (no model), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from alembic import command
from corpus_factory import Quote, make_article, named
from sqlalchemy import inspect
from typer.testing import CliRunner

from onrecord.cli import corpus_cmd, people_cmd
from onrecord.model import Article
from onrecord.store import Corpus, open_corpus, resolve_url
from onrecord.store.engine import make_engine, write_transaction
from onrecord.store.migrate import alembic_config, current_revisions, head_revisions


def with_mentions(article: Article, *people: tuple[str, tuple[str, ...], str | None]) -> Article:
    """The article with a mention record for each (name, written forms, role)."""
    article.mentions = [
        named(article.text, name, *written, role=role) for name, written, role in people
    ]
    return article


BRIEFING = with_mentions(
    make_article(
        "WASHINGTON - Secretary of State Antony Blinken and US Ambassador Donald Blome have "
        'raised the arrests with officials, the deputy spokesperson said. "Secretary Blinken '
        'has been clear," she added.',
        [],
        published="2024-03-12",
        outlet="AP",
    ),
    ("Antony Blinken", ("Antony Blinken", "Blinken"), "Secretary of State"),
    ("Donald Blome", ("Donald Blome",), "Ambassador"),
)
VISIT = with_mentions(
    make_article(
        "The army chief met Secretary of State Antony J Blinken and Deputy Secretary of "
        "State Victoria Nuland in Washington.",
        [],
        published="2024-05-02",
        outlet="Dawn",
    ),
    ("Antony J Blinken", ("Antony J Blinken",), "Secretary of State"),
    ("Victoria Nuland", ("Victoria Nuland",), "Deputy Secretary of State"),
)


def blinken(corpus: Corpus) -> object:
    found = [p for p in corpus.people() if "Blinken" in p.aliases]
    assert len(found) == 1, [(p.name, p.aliases) for p in corpus.people()]
    return found[0]


def test_article_with_mentions_round_trips(corpus: Corpus) -> None:
    corpus.add([BRIEFING])
    stored = corpus.article(BRIEFING.id)
    assert stored is not None
    assert stored.to_json() == BRIEFING.to_json()
    assert [m.name for m in stored.mentions] == ["Antony Blinken", "Donald Blome"]
    assert [s.text(stored.text) for s in stored.mentions[0].spans] == [
        "Antony Blinken",
        "Blinken",
    ]


def test_people_named_but_never_quoted_are_one_person_across_articles(corpus: Corpus) -> None:
    corpus.add([VISIT, BRIEFING])
    [record] = corpus.person("Antony Blinken")
    person = record.person
    assert person.kind == "person" and person.name == "Antony Blinken"
    assert set(person.aliases) == {"Antony Blinken", "Blinken", "Antony J Blinken"}
    assert person.mentions == 3 and person.statements == 0
    assert (person.first_reported, person.last_reported) == ("2024-03-12", "2024-05-02")
    assert [(r.role, r.affiliation, r.mentions) for r in person.roles] == [
        ("Secretary of State", "", 3)
    ]
    assert [(n.article_id, len(n.spans)) for n in record.named_in] == [
        (BRIEFING.id, 2),
        (VISIT.id, 1),
    ]
    assert corpus.person("Antony J Blinken")[0].person.id == person.id
    assert {p.name for p in corpus.people()} >= {"Donald Blome", "Victoria Nuland"}


SPOKESMAN_TEXT = (
    "Miller said the vote was flawed. Later, State Department spokesman Matthew Miller "
    'added: "We urge calm." Matthew Miller is expected in Islamabad next week.'
)


def spokesman(named_too: bool) -> Article:
    article = make_article(
        SPOKESMAN_TEXT,
        [
            Quote("the vote was flawed", "Miller", "said", "Miller", kind="indirect"),
            Quote(
                "We urge calm",
                "State Department spokesman Matthew Miller",
                "added",
                "Matthew Miller",
                role="spokesman",
                affiliation="State Department",
            ),
        ],
        published="2024-03-20",
        outlet="Reuters",
    )
    if named_too:  # as resolution gives it: the same person, role and affiliation
        forms = ("Matthew Miller", "Miller")
        article.mentions = [
            named(
                SPOKESMAN_TEXT,
                "Matthew Miller",
                *forms,
                role="spokesman",
                affiliation="State Department",
            )
        ]
    return article


def test_a_name_that_is_the_source_of_an_attribution_counts_once(
    new_db: Callable[[], str],
) -> None:
    plain = open_corpus(new_db())
    plain.add([spokesman(named_too=False)])
    before = {p.name: p.mentions for p in plain.people()}
    plain.close()
    rich = open_corpus(new_db())
    rich.add([spokesman(named_too=True)])
    [miller] = [p for p in rich.people() if p.name == "Matthew Miller"]
    rich.close()
    assert before["Matthew Miller"] == 2  # the two attributions
    # three names written, two of them the sources of those attributions: one more place
    assert miller.mentions == 3
    assert [(r.role, r.affiliation, r.mentions) for r in miller.roles] == [
        ("spokesman", "State Department", 2)  # the bare "Miller said" states no role
    ]


def test_each_name_mention_gets_its_person_and_is_exported(corpus: Corpus, tmp_path: Path) -> None:
    corpus.add([BRIEFING, VISIT])
    out = tmp_path / "mentions.jsonl"
    assert corpus.export(out, "jsonl", "mentions") == 4
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["name"], r["person"]) for r in rows] == [
        ("Antony Blinken", "Antony Blinken"),
        ("Donald Blome", "Donald Blome"),
        ("Antony J Blinken", "Antony Blinken"),
        ("Victoria Nuland", "Victoria Nuland"),
    ]
    first = rows[0]
    text = BRIEFING.text
    assert [text[a:b] for a, b in first["spans"]] == first["variants"]
    assert len({r["person_id"] for r in rows}) == 3


def test_a_0001_corpus_is_migrated_and_links_mentions(new_db: Callable[[], str]) -> None:
    url = new_db()
    engine = make_engine(resolve_url(url))
    config = alembic_config()
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
    assert "mentions" not in inspect(engine).get_table_names()
    engine.dispose()
    corpus = open_corpus(url)
    assert current_revisions(corpus.engine) == head_revisions()
    assert "mentions" in inspect(corpus.engine).get_table_names()
    corpus.add([BRIEFING])
    assert corpus.person("Blinken")[0].person.mentions == 2
    corpus.close()


def test_person_command_shows_mentions_and_where(corpus: Corpus) -> None:
    corpus.add([BRIEFING, VISIT])
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """onrecord."""

    corpus_cmd.register(app)
    people_cmd.register(app)
    runner = CliRunner()
    shown = runner.invoke(app, ["person", "Antony Blinken", "--db", corpus.url])
    assert shown.exit_code == 0, shown.output
    assert "3 mention(s), 0 statement(s)" in shown.output
    assert "Antony J Blinken" in shown.output
    data = json.loads(
        runner.invoke(app, ["person", "Blinken", "--db", corpus.url, "--json"]).output
    )
    assert [n["article_id"] for n in data[0]["named_in"]] == [BRIEFING.id, VISIT.id]
