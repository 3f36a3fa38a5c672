"""Shared inputs for the scale tests, and their single-process result to compare with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from onrecord.model import Article, Problem
from onrecord.run import Summary, ingest_parallel
from tests.scale.builders import counts, export, store, write_stories

STORIES = 300


@dataclass
class Baseline:
    """A folder of inputs and what ``--workers 1`` makes of them."""

    inputs: Path
    exported: dict[str, bytes]
    records: dict[str, dict[str, object]]  # input path -> the article's JSON record
    problems: list[tuple[str, str]]
    counts: tuple[int, int, int, int, int]


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    root = tmp_path_factory.mktemp("baseline")
    inputs = write_stories(root / "stories", STORIES)
    summary = Summary()
    items = list(ingest_parallel([inputs], workers=1, summary=summary, batch_size=16))
    store(root / "one.db", items)
    records = {i.origin.path or "": i.to_json() for i in items if isinstance(i, Article)}
    problems = [(i.where, i.reason) for i in items if isinstance(i, Problem)]
    return Baseline(
        inputs, export(root / "one.db", root / "export"), records, problems, counts(summary)
    )
