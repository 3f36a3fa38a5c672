"""Texts over spaCy's million-character limit (issue 12, item 3): parsed in pieces, the
offsets into the whole text kept, and the summary says so; ``ingest`` keeps such an
article with its attributions instead of calling it skipped."""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.nlp import load_pipeline
from onrecord.run.pieces import analyse_texts, split_pieces
from tests.faults.helpers import cli, good_text, stored_texts

QUOTE = '"We will not back down," Patel said on Tuesday.'
# Runs of spaces parse as one token each: a text over the limit that parses quickly.
PADDING = " " * 1_000_000


def _long_text() -> str:
    return f"{QUOTE}\n\n{PADDING}\n\n{QUOTE.replace('Patel', 'Okafor')}\n"


def test_split_pieces_keeps_every_character_in_order() -> None:
    text = "\n\n".join(f"Paragraph {n}. " + "word " * (n % 50) for n in range(2000))
    pieces = split_pieces(text, 1000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") or p.endswith(" ") for _, p in pieces[:-1])


def test_pieces_find_what_the_whole_text_finds() -> None:
    nlp = load_pipeline()
    text = "\n\n".join(good_text(n) for n in range(12))
    [(whole, _)] = analyse_texts([text], nlp, 8)
    original = nlp.max_length
    nlp.max_length = 2000  # forces pieces, as a million characters would
    try:
        [(pieced, _)] = analyse_texts([text], nlp, 8)
    finally:
        nlp.max_length = original
    assert [a.to_json(text)["content_text"] for a in pieced] == [
        a.to_json(text)["content_text"] for a in whole
    ]


def test_extract_reads_a_file_over_a_million_characters(tmp_path: Path) -> None:
    text = _long_text()
    assert len(text) > 1_000_000
    (tmp_path / "a.txt").write_text(good_text(0))
    (tmp_path / "b-long.txt").write_text(text)
    (tmp_path / "c.txt").write_text(good_text(1))
    run = cli("extract", str(tmp_path))
    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["a", "b-long", "c"]
    speakers = {a["source_text"]: a for a in records[1]["attributions"]}
    okafor = speakers["Okafor"]
    start, end = okafor["source"]
    assert start > 1_000_000 and text[start:end] == "Okafor"
    assert "3 file(s) processed" in run.stderr
    assert "1 long file(s) parsed in pieces" in run.stderr


def test_ingest_keeps_a_long_article_with_its_attributions(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(good_text(0))
    (folder / "b-long.txt").write_text(good_text(3) + _long_text())
    (folder / "c.txt").write_text(good_text(1))
    db = str(tmp_path / "c.db")
    run = cli("ingest", str(folder), "--db", db, "--workers", "1")
    assert run.code == 0, run.stderr
    assert "skipped" not in run.stderr and "E088" not in run.stderr
    assert "3 article(s) read" in run.stderr
    assert "in 3 article(s)" in run.stderr  # all three extracted, the long one too
    assert len(stored_texts(db)) == 3
