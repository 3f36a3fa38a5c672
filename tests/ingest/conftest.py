"""Fixtures for the ingestion tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.ingest_builders import EXAMPLES


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """The five seed articles copied into a fresh folder."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder
