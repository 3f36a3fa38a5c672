"""Fixtures: a real SQLite corpus built from the five seed articles, and apps over it.

The corpus is built once per session by the real pipeline (``onrecord.run.pipeline``
then ``onrecord.store.store_articles``); tests that write get their own copy of the file.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from onrecord.run import ingest
from onrecord.store import open_corpus, store_articles

with warnings.catch_warnings():  # starlette suggests another client; httpx is what we ship
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from onrecord.api import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
HOSTILE = Path(__file__).parent / "hostile"
TOKEN = "correct-horse-battery-staple"


def build_corpus(db: Path, *inputs: Path) -> Path:
    corpus = open_corpus(str(db))
    try:
        store_articles(corpus, ingest([str(p) for p in inputs]))
    finally:
        corpus.close()
    return db


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite corpus, even while another connection has it open."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("seed") / "seed.db", EXAMPLES)


@pytest.fixture(scope="session")
def reader(seed_db: Path) -> Iterator[TestClient]:
    """A client over the seed corpus, for tests that only read."""
    with TestClient(create_app(str(seed_db))) as client:
        yield client


@pytest.fixture
def db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_db(seed_db, tmp_path / "corpus.db")


@pytest.fixture
def writer(db: Path) -> Iterator[TestClient]:
    """A client over a private copy of the seed corpus, for tests that write."""
    with TestClient(create_app(str(db))) as client:
        yield client


@pytest.fixture
def guarded(db: Path) -> Iterator[TestClient]:
    """A client over a server with a token (writes need it)."""
    with TestClient(create_app(str(db), token=TOKEN)) as client:
        yield client


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The error body, checked against the one error shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message", "detail"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error


def person_id(client: TestClient, name: str) -> str:
    items = client.get("/api/people", params={"q": name}).json()["items"]
    return next(p["id"] for p in items if p["name"] == name)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token from a page's forms (the page also sets the browser's cookie)."""
    import re

    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, f"no form on {path}"
    return found.group(1)
