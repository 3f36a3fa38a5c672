"""Exports round-trip: every row's offsets slice the quoted words out of the article."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from corpus_factory import HAND_ARTICLES, SENATOR_2025

from onrecord.store import Corpus


def _read(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row["content"] = json.loads(row["content"])
            for key in ("content_start", "content_end", "cue_start", "cue_end"):
                row[key] = int(row[key]) if row[key] else None
        return rows
    return list(pq.read_table(path).to_pylist())


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_offsets_slice_back_to_the_quoted_words(corpus: Corpus, tmp_path: Path, fmt: str) -> None:
    corpus.add([*HAND_ARTICLES, SENATOR_2025])
    out = tmp_path / f"attributions.{fmt}"
    count = corpus.export(out, fmt)  # type: ignore[arg-type]
    rows = _read(out, fmt)
    assert count == len(rows) == sum(len(a.attributions) for a in [*HAND_ARTICLES, SENATOR_2025])
    texts = {a.id: a.text for a in [*HAND_ARTICLES, SENATOR_2025]}
    for row in rows:
        text = corpus.article(row["article_id"]).text  # type: ignore[union-attr]
        assert text == texts[row["article_id"]]
        words = " … ".join(text[start:end] for start, end in row["content"])
        assert words == row["content_text"]
        assert text[row["content_start"] : row["content_end"]] == row["content_text"]
        if row["cue_start"] is not None:
            assert text[row["cue_start"] : row["cue_end"]].strip()
    assert {r["statement_id"] for r in rows if r["speaker"]} != {None}
    miller = [r for r in rows if r["person"] == "Matthew Miller"]
    assert len(miller) == 4 and all(r["person_id"] == miller[0]["person_id"] for r in miller)


@pytest.mark.parametrize("table", ["statements", "people", "articles"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_other_tables_export(corpus: Corpus, tmp_path: Path, fmt: str, table: str) -> None:
    corpus.add(HAND_ARTICLES)
    out = tmp_path / f"{table}.{fmt}"
    assert corpus.export(out, fmt, table) > 0  # type: ignore[arg-type]
    if fmt == "jsonl" and table == "articles":
        for row in _read(out, fmt):
            original = next(a for a in HAND_ARTICLES if a.id == row["id"])
            assert row["text"] == original.text and row["body"] == [[0, len(original.text)]]
    if fmt == "jsonl" and table == "statements":
        lineage = [r for r in _read(out, fmt) if len(r["reports"]) == 2]
        assert lineage and all(
            r["reports"][0]["published"] <= r["reports"][1]["published"] for r in lineage
        )
