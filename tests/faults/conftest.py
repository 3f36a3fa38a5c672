"""Fixtures for the fault tests: a store on each backend, and Hypothesis profiles.

``store_url`` runs a test once on SQLite and once on a real PostgreSQL server
(``tests/postgres.py``). The fuzz tests run the examples they name under ``make test``,
and ``ONRECORD_FUZZ_SCALE`` (default 20) times as many, new ones each run, under
``make fuzz`` (``ONRECORD_FUZZ=1``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings

FUZZ = bool(os.environ.get("ONRECORD_FUZZ"))
# ``make fuzz`` multiplies every fuzz test's examples by this (or ONRECORD_FUZZ_SCALE).
FUZZ_SCALE = int(os.environ.get("ONRECORD_FUZZ_SCALE", "0") or 0) or (20 if FUZZ else 1)


def scaled(examples: int) -> int:
    """A fuzz test's examples under this run: as written for ``make test``, many times
    more for ``make fuzz``."""
    return examples * FUZZ_SCALE


settings.register_profile(
    "faults",
    deadline=None,
    derandomize=not FUZZ,  # make test: the same examples every run; make fuzz: new ones
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.load_profile("faults")

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on the test's backend (a path, or a postgresql:// URL)."""
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    server = request.getfixturevalue("pg_server")
    name = f"f_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
