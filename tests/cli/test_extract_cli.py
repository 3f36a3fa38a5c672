"""``onrecord extract`` on good and bad input: one clear line per bad file, the rest goes on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from onrecord.cli import app

GOOD = "“We urge restraint,” Patel said on Tuesday.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_is_what_the_scorer_reads(tmp_path: Path) -> None:
    (tmp_path / "patel.txt").write_text(GOOD, encoding="utf-8")
    code, out, _ = run(str(tmp_path / "patel.txt"))
    assert code == 0
    [line] = out.splitlines()
    record = json.loads(line)
    assert record["doc"] == "patel"
    [attribution] = record["attributions"]
    start, end = attribution["content"][0]
    assert GOOD[start:end] == "“We urge restraint,”"
    s, e = attribution["source"]
    assert GOOD[s:e] == "Patel"
    assert attribution["kind"] == "direct"


def test_offsets_count_characters_not_bytes(tmp_path: Path) -> None:
    text = "In Zürich, Ümit Özdağ’s café stayed open.\n\n“We will stay,” Özdağ said."
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    _, out, _ = run(str(tmp_path / "u.txt"))
    [attribution] = [a for a in json.loads(out)["attributions"] if a["cue_text"] == "said"]
    start, end = attribution["content"][0]
    assert text[start:end] == "“We will stay,”"
    start, end = attribution["source"]
    assert text[start:end] == "Özdağ"


def test_table_format_names_the_words(tmp_path: Path) -> None:
    (tmp_path / "patel.txt").write_text(GOOD, encoding="utf-8")
    code, out, _ = run(str(tmp_path), "--format", "table")
    assert code == 0
    assert "We urge restraint" in out and "direct" in out and "patel" in out


def test_each_bad_input_gets_one_line_and_the_rest_is_processed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    empty_dir = tmp_path / "nothing_here"
    empty_dir.mkdir()
    (empty_dir / "notes.md").write_text("not a .txt", encoding="utf-8")
    missing = tmp_path / "missing.txt"

    code, out, err = run(
        str(tmp_path / "good.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "latin1.txt"),
        str(empty_dir),
        str(missing),
    )
    assert code == 0
    assert [json.loads(line)["doc"] for line in out.splitlines()] == ["good"]
    lines = [line for line in err.splitlines() if line.startswith("skipped")]
    assert len(lines) == 5
    reasons = "\n".join(lines)
    assert f"{tmp_path / 'empty.txt'}: empty file" in reasons
    assert f"{tmp_path / 'binary.txt'}: binary file" in reasons
    assert f"{tmp_path / 'latin1.txt'}: not valid UTF-8 (byte 0xe9 at offset 3)" in reasons
    assert f"{empty_dir}: directory holds no .txt files" in reasons
    assert f"{missing}: no such file or directory" in reasons


def test_exit_code_is_non_zero_only_when_nothing_was_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    code, out, err = run(str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert code == 1
    assert out == ""
    assert "nothing to process" in err


def test_folders_are_read_recursively_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    _, out, _ = run(str(tmp_path))
    assert [json.loads(line)["doc"] for line in out.splitlines()] == ["a", "second"]
