"""The about filters from the command line, on the five example articles: ingested by
the real pipeline, with the stance model's stances added (ingest leaves stance to
``onrecord extract --stance``), loaded into a corpus on each backend.

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

from onrecord.about.attributed_stance import add_stances
from onrecord.cli import corpus_cmd
from onrecord.model import Article, Attribution
from onrecord.run import ingest
from onrecord.store.about_rows import target_key

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def examples() -> list[Article]:
    found = [item for item in ingest([str(EXAMPLES)]) if isinstance(item, Article)]
    assert len(found) == 5
    for article in found:
        add_stances(article.text, article.attributions)
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
    examples: list[Article], new_db: Callable[[], str], tmp_path: Path, app: typer.Typer
) -> None:
    source = tmp_path / "examples.jsonl"
    source.write_text("".join(json.dumps(a.to_json()) + "\n" for a in examples))
    db = new_db()
    run(app, "load", str(source), "--db", db)
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
