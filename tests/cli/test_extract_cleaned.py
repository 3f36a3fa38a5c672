"""``onrecord extract`` reads a scraped file as the cleaner sees it: no statement from
navigation, related-story links, share widgets or reader comments, offsets into the
file as read; ``--raw`` parses everything, ``--comments`` reads the comments apart."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from onrecord.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Lines of the example files that are page furniture or reader comments: no statement
# may be read from them.
FURNITURE = {
    "000": [
        "Read more: 79th UN General Assembly: Pakistan to address Palestine",
        "Read more: France calls emergency UN Security Council meeting on Lebanon situation",
        "You May Also Like",
    ],
    "004": [
        "Share this article:",
        "It's good that a US Senator is speaking up",
        "I hope the US applies the same standard consistently everywhere",
        "we've seen this pattern for decades",
        "We welcome thoughtful discussions from our readers.",
        "Leave a Comment",
    ],
}
FULL_NAMES = {"Matthew Miller", "Vedant Patel", "Dafna Rand", "Ishaq Dar"}


def extract(*args: str) -> dict[str, dict[str, list[dict[str, object]]]]:
    result = CliRunner().invoke(app, ["extract", str(EXAMPLES), *args])
    assert result.exit_code == 0, result.output
    return {json.loads(line)["doc"][:3]: json.loads(line) for line in result.stdout.splitlines()}


def text_of(doc: str) -> str:
    (path,) = EXAMPLES.glob(f"{doc}_*.txt")
    return path.read_text(encoding="utf-8")


def line_spans(text: str, start_of_line: str) -> tuple[int, int]:
    start = text.index(start_of_line)
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def touches(attribution: dict[str, object], span: tuple[int, int]) -> bool:
    pieces = [attribution["content"], [attribution["source"]], [attribution["cue"]]]
    return any(
        piece and piece[0] < span[1] and span[0] < piece[1]
        for group in pieces
        for piece in group  # type: ignore[attr-defined]
    )


def test_no_statement_from_furniture_or_comments() -> None:
    records = extract()
    for doc, lines in FURNITURE.items():
        text = text_of(doc)
        for line in lines:
            span = line_spans(text, line)
            hits = [a for a in records[doc]["attributions"] if touches(a, span)]
            assert not hits, f"{doc}: a statement read from {line!r}"


def test_the_raw_option_reads_what_cleaning_leaves_out() -> None:
    text = text_of("004")
    span = line_spans(text, "I hope the US applies the same standard consistently everywhere")
    raw = extract("--raw")["004"]["attributions"]
    assert any(touches(a, span) for a in raw)


def test_comments_are_read_apart_when_asked() -> None:
    record = extract("--comments")["004"]
    text = text_of("004")
    comment = line_spans(text, "While the human rights abuses are terrible")
    assert any(touches(a, comment) for a in record["comment_attributions"])
    assert not any(touches(a, comment) for a in record["attributions"])
    assert "comment_attributions" not in extract()["004"]


def test_named_officials_keep_their_full_names() -> None:
    speakers = {a["speaker"] for r in extract().values() for a in r["attributions"]}
    assert speakers >= FULL_NAMES
    assert speakers & {"Mark Warner", "Mark R. Warner"}
    assert not speakers & {"Miller", "Patel", "Rand", "Dar", "Warner"}


def test_a_file_with_no_article_body_is_skipped_and_the_others_are_read(tmp_path: Path) -> None:
    (tmp_path / "a_menu.txt").write_text("Share on Facebook\nRead more\n", encoding="utf-8")
    (tmp_path / "b_symbols.txt").write_text("*** ### ***\n", encoding="utf-8")
    (tmp_path / "c_news.txt").write_text(text_of("000"), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["c_news"]
    assert records[0]["attributions"] == extract()["000"]["attributions"]
    for name in ("a_menu.txt", "b_symbols.txt"):
        assert f"skipped {tmp_path / name}: no readable text in the article body" in result.stderr
    assert "1 file(s) processed" in result.stderr and "2 skipped" in result.stderr
