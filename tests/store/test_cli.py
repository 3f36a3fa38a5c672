"""The corpus commands, run through Typer with no subprocess."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from corpus_factory import HAND_ARTICLES
from typer.testing import CliRunner

from onrecord.cli import corpus_cmd, people_cmd
from onrecord.cli.failures import OnrecordGroup


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer(cls=OnrecordGroup)  # the app's own error mapping

    @app.callback()
    def _root() -> None:
        """onrecord."""

    corpus_cmd.register(app)
    people_cmd.register(app)
    return app


@pytest.fixture
def loaded(new_db: Callable[[], str], tmp_path: Path, app: typer.Typer) -> str:
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a.to_json()) + "\n" for a in HAND_ARTICLES))
    db = new_db()
    result = CliRunner().invoke(app, ["load", str(source), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def run(app: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_people_and_person(app: typer.Typer, loaded: str) -> None:
    people = json.loads(run(app, "people", "--db", loaded, "--json"))
    assert {"Matthew Miller", "Stephen Miller", "Antony J Blinken"} <= {p["name"] for p in people}
    assert "Matthew Miller" in run(app, "people", "--db", loaded)
    record = json.loads(run(app, "person", "Antony J Blinken", "--db", loaded, "--json"))
    assert len(record) == 1 and len(record[0]["statements"]) == 2


def test_statements_timeline_stats_export(app: typer.Typer, loaded: str, tmp_path: Path) -> None:
    found = json.loads(
        run(
            app,
            "statements",
            "--db",
            loaded,
            "--q",
            "restrictions",
            "--since",
            "2024-01-01",
            "--topic",
            "human rights",
            "--json",
        )
    )
    assert len(found) == 1 and len(found[0]["reports"]) == 2
    assert "human rights" in found[0]["topics"]
    timeline = json.loads(run(app, "timeline", "--db", loaded, "--speaker", "Miller", "--json"))
    assert [r["published"] for r in timeline] == sorted(r["published"] for r in timeline)
    assert json.loads(run(app, "stats", "--db", loaded, "--json"))["articles"] == 6
    out = tmp_path / "rows.csv"
    run(app, "export", "--db", loaded, "--format", "csv", "--out", str(out))
    assert out.read_text().startswith("article_id,")


def test_corrections_from_the_command_line(app: typer.Typer, loaded: str) -> None:
    run(app, "people", "rename", "Antony J Blinken", "Antony Blinken", "--db", loaded, "--by", "me")
    run(app, "people", "merge", "Matthew Miller", "Stephen Miller", "--db", loaded)
    run(app, "people", "split", "Matthew Miller", "--alias", "Stephen Miller", "--db", loaded)
    names = {p["name"] for p in json.loads(run(app, "people", "--db", loaded, "--json"))}
    assert {"Antony Blinken", "Matthew Miller", "Stephen Miller"} <= names
    result = CliRunner().invoke(app, ["people", "merge", "Nobody", "Else", "--db", loaded])
    assert result.exit_code == 1 and "No person or organisation is called 'Nobody'" in (
        result.output
    )
    audit = json.loads(run(app, "people", "corrections", "--db", loaded, "--json"))
    assert [c["action"] for c in audit] == ["rename", "merge", "split"]  # nothing stored


def test_refusals_list_the_candidates_and_undo_is_a_correction(
    app: typer.Typer, loaded: str
) -> None:
    people = json.loads(run(app, "people", "--db", loaded, "--json"))
    millers = sorted((p["id"], p["name"]) for p in people if "Miller" in p["aliases"])
    assert len(millers) == 2  # Matthew and Stephen are both written "Miller"
    refused = CliRunner().invoke(app, ["people", "rename", "Miller", "X", "--db", loaded])
    assert refused.exit_code == 1
    assert "'Miller' names 2 people and organisations" in refused.output
    for ident, name in millers:
        assert ident in refused.output and name in refused.output
    ident = millers[0][0]
    done = run(app, "people", "rename", ident, "Somebody Else", "--db", loaded, "--by", "me")
    assert f"#1 rename {ident!r}: applied" in done and f"subject: {millers[0][1]} ({ident})" in done
    again = CliRunner().invoke(app, ["people", "rename", ident, "Somebody Else", "--db", loaded])
    assert again.exit_code == 1 and "#1 already does this" in again.output
    run(app, "people", "undo", "1", "--db", loaded)
    audit = json.loads(run(app, "people", "corrections", "--db", loaded, "--json"))
    assert [(c["action"], c["subject"], c["status"]) for c in audit] == [
        ("rename", ident, "undone by correction 2"),
        ("undo", "1", "applied"),
    ]
    names = {p["name"] for p in json.loads(run(app, "people", "--db", loaded, "--json"))}
    assert millers[0][1] in names and "Somebody Else" not in names


def test_attribution_corrections_from_the_command_line(app: typer.Typer, loaded: str) -> None:
    def said_by(name: str) -> set[str]:
        """Attributions credited to ``name`` as their own words (not as quoting someone)."""
        records = json.loads(run(app, "person", name, "--db", loaded, "--json"))
        return {
            r["attribution_id"]
            for p in records
            for s in p["statements"]
            for r in s["reports"]
            if r["quoted_by"] is None
        }

    miller = sorted(said_by("Matthew Miller"))
    run(app, "people", "reject", miller[0], "--note", "not his", "--db", loaded, "--by", "me")
    run(app, "people", "reassign", miller[1], "Stephen Miller", "--db", loaded)
    assert not {miller[0], miller[1]} & said_by("Matthew Miller")
    assert miller[1] in said_by("Stephen Miller")
    audit = json.loads(run(app, "people", "corrections", "--db", loaded, "--json"))
    assert [(c["action"], c["subject"], c["status"]) for c in audit] == [
        ("reject", miller[0], "applied"),
        ("reassign", miller[1], "applied"),
    ]
    assert audit[0]["by"] == "me" and audit[1]["argument"] == {"speaker": "Stephen Miller"}
    result = CliRunner().invoke(app, ["people", "reject", "nope:1", "--db", loaded])
    assert result.exit_code == 1 and "No attribution 'nope:1'" in result.output
    new = ["people", "reassign", miller[2], "al-Hassan", "--db", loaded]
    unknown = CliRunner().invoke(app, new)
    assert unknown.exit_code == 1 and "create" in unknown.output
    assert "al-Hassan" in run(app, *new, "--create", "person")
    assert miller[2] in said_by("al-Hassan")


def test_scraped_text_is_not_markup(app: typer.Typer, new_db: Callable[[], str]) -> None:
    from corpus_factory import Quote, make_article

    from onrecord.store import open_corpus

    db = new_db()
    text = 'Mr [bold]Evil[/bold] Smith said "[red]we[/red] stand firm" on Monday.'
    article = make_article(
        text,
        [
            Quote(
                "[red]we[/red] stand firm",
                "Mr [bold]Evil[/bold] Smith",
                "said",
                "[bold]Evil[/bold] Smith",
            )
        ],
        "2024-01-01",
        "X",
    )
    corpus = open_corpus(db)
    corpus.add([article])
    corpus.close()
    assert "[red]we[/red] stand firm" in run(app, "statements", "--db", db)


def test_bad_input_is_explained(app: typer.Typer, loaded: str, tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "No corpus" in missing.output
    bad_date = runner.invoke(app, ["statements", "--db", loaded, "--since", "March"])
    assert bad_date.exit_code == 2 and "2024-03-31" in bad_date.output
    topic = runner.invoke(app, ["statements", "--db", loaded, "--topic", "gardening"])
    assert topic.exit_code == 2 and "Known topics" in topic.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json}\n")
    loaded_bad = runner.invoke(app, ["load", str(broken), "--db", loaded])
    assert loaded_bad.exit_code == 1 and "1 problem" in loaded_bad.output
