"""The about filters from the command line, on the five example articles: ingested by
the real pipeline (stances included, re-read by the encoder with ``--precise-stance``) to
JSONL, loaded
into a corpus on each backend.

What each command should find is worked out from the ingested records themselves: a
statement matches when any of its reports' attributions does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from onrecord.cli import app as onrecord_app
from onrecord.cli import corpus_cmd
from onrecord.model import Article, Attribution
from onrecord.store.about_rows import target_key

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("about-cli") / "examples.jsonl"
    args = ["ingest", str(EXAMPLES), "--precise-stance", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(onrecord_app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def examples(ingested: Path) -> list[Article]:
    found = [Article.from_json(json.loads(line)) for line in ingested.open()]
    assert len(found) == 5
    assert any(a.stance is not None for article in found for a in article.attributions)
    return found


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """onrecord."""

    corpus_cmd.register(app)
    return app


def run(app: typer.Typer, *args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if "--json" in args else result.output


def _expected(
    everything: list[dict[str, Any]], by_id: dict[str, Attribution], test: Any
) -> set[str]:
    return {
        s["id"] for s in everything if any(test(by_id[r["attribution_id"]]) for r in s["reports"])
    }


def test_statements_by_act_target_topic_and_stance(
    examples: list[Article],
    ingested: Path,
    new_db: Callable[[], str],
    tmp_path: Path,
    app: typer.Typer,
) -> None:
    db = new_db()
    run(app, "load", str(ingested), "--db", db)
    by_id = {f"{a.id}:{seq}": t for a in examples for seq, t in enumerate(a.attributions)}
    everything = run(app, "statements", "--db", db, "--limit", "1000", "--json")

    def found(*options: str) -> set[str]:
        listed = run(app, "statements", "--db", db, "--limit", "1000", "--json", *options)
        return {s["id"] for s in listed}

    def about_pakistan(a: Attribution) -> bool:
        return "pakistan" in {target_key(t.text) for t in a.targets}

    cases: list[tuple[tuple[str, ...], Any]] = [
        (("--act", "concern"), lambda a: a.act == "concern"),
        (("--about", "Pakistan"), about_pakistan),
        (("--topic", "elections"), lambda a: "elections" in a.topics),
        (("--stance", "negative"), lambda a: a.stance == -1),
        (
            ("--about", "pakistan", "--act", "concern"),
            lambda a: a.act == "concern" and about_pakistan(a),
        ),
    ]
    for options, test in cases:
        expected = _expected(everything, by_id, test)
        assert expected and expected != {s["id"] for s in everything}, options
        assert found(*options) == expected, options
    # what the filters found is what the records say
    concern = run(app, "statements", "--db", db, "--act", "concern", "--json")
    assert {s["act"] for s in concern} >= {"concern"}
    warner = run(app, "statements", "--db", db, "--about", "Pakistan", "--act", "concern",
                 "--speaker", "Warner", "--json")  # fmt: skip
    assert warner and all(s["speaker"] == "Mark R. Warner" for s in warner)
    assert any(s["words"].startswith("serious concerns over ongoing attempts") for s in warner)
    # the same filters on the timeline and in exports
    reports = run(app, "timeline", "--db", db, "--topic", "elections", "--json")
    assert reports and all("elections" in by_id[r["attribution_id"]].topics for r in reports)
    out = tmp_path / "negative.jsonl"
    run(app, "export", "--db", db, "--stance", "negative", "--out", str(out))
    exported = [json.loads(line) for line in out.open()]
    assert exported and {row["stance"] for row in exported} == {-1}
    assert len(exported) == sum(1 for a in by_id.values() if a.stance == -1)


def test_bad_values_exit_2_naming_the_option(app: typer.Typer, tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    run(app, "load", str(tmp_path / "none.jsonl"), "--db", db, code=1)
    for option, value in (("--act", "shout"), ("--stance", "angry"), ("--topic", "gardening")):
        output = run(app, "statements", "--db", db, option, value, code=2)
        assert option in output
    output = run(app, "export", "--db", db, "--out", "-", "--table", "people", "--act", "urge",
                 code=2)  # fmt: skip
    assert "apply to" in output
