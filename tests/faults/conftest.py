"""Fixtures for the fault tests: a store on each backend, and Hypothesis profiles.

``store_url`` runs a test once on SQLite and once on a real PostgreSQL server
(``tests/postgres.py``). The fuzz tests use the ``default`` Hypothesis profile under
``make test`` and ``fuzz`` (many more examples) under ``make fuzz``
(``ONRECORD_FUZZ=1``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "0") or 0) or 600,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "0") or 0) or 20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("fuzz" if os.environ.get("ONRECORD_FUZZ") else "default")

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
