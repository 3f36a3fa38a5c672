"""``onrecord stance``: NewsMTSC-style lines in, the scorer's lines out, bad lines reported."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from onrecord.cli import app


def test_one_polarity_line_per_target_and_bad_lines_named(tmp_path: Path) -> None:
    sentence = "Critics condemned the minister as a corrupt liar who betrayed the country."
    start = sentence.index("the minister")
    lines = [
        {"id": "a", "sentence": sentence, "from": start, "to": start + len("the minister")},
        {"id": "b", "sentence": sentence, "from": 5, "to": 500},
        "not json",
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    result = CliRunner().invoke(app, ["stance", str(source)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "a" and record["polarity"] == -1
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_both_models_answer_and_an_unknown_model_is_refused(tmp_path: Path) -> None:
    sentence = "Voters praised the mayor as an honest, brilliant leader who saved the city."
    start = sentence.index("the mayor")
    source = tmp_path / "in.jsonl"
    line = {"id": 7, "sentence": sentence, "from": start, "to": start + len("the mayor")}
    source.write_text(json.dumps(line) + "\n")
    for model in ("small", "encoder"):
        result = CliRunner().invoke(app, ["stance", str(source), "--model", model])
        assert result.exit_code == 0, result.output
        (record,) = [json.loads(x) for x in result.stdout.splitlines()]
        assert record["id"] == 7 and record["polarity"] == 1
    refused = CliRunner().invoke(app, ["stance", str(source), "--model", "roberta"])
    assert refused.exit_code == 2
    assert "small, encoder" in refused.stderr
