"""Fixtures: every corpus test runs on SQLite and on a real PostgreSQL server
(``tests/postgres.py``); each test gets a database of its own."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_databases import create_pg_database, drop_pg_databases

from onrecord.store import Corpus, open_corpus

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of empty databases (URLs or paths) on the test's backend."""
    backend = getattr(request, "param", "sqlite")
    made: list[str] = []

    def make() -> str:
        if backend == "sqlite":
            return str(tmp_path / f"corpus-{uuid.uuid4().hex[:8]}.db")
        server = request.getfixturevalue("pg_server")
        name = create_pg_database(server)
        made.append(name)
        return f"{server}/{name}"

    yield make
    if made:
        drop_pg_databases(request.getfixturevalue("pg_server"), made)


@pytest.fixture
def corpus(new_db: Callable[[], str]) -> Iterator[Corpus]:
    """An empty corpus on the test's backend."""
    opened = open_corpus(new_db())
    yield opened
    opened.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses a corpus once per backend."""
    if "new_db" in metafunc.fixturenames:
        metafunc.parametrize("new_db", BACKENDS, indirect=True)
