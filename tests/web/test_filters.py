"""Filters are built and checked in one place: the CLI and the API refuse the same values."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from onrecord.cli import app
from tests.web.conftest import error_of

BAD = [
    (["--kind", "bogus"], {"kind": "bogus"}, "bogus"),
    (["--since", "2024-02-30"], {"since": "2024-02-30"}, "2024-02-30"),
    (["--until", "yesterday"], {"until": "yesterday"}, "yesterday"),
    (["--topic", "gardening"], {"topic": "gardening"}, "gardening"),
]


@pytest.mark.parametrize(("options", "params", "shown"), BAD)
def test_the_cli_refuses_a_bad_filter(
    seed_db: Path, options: list[str], params: dict[str, str], shown: str
) -> None:
    result = CliRunner().invoke(app, ["statements", "--db", str(seed_db), *options])
    assert result.exit_code == 2, result.output
    assert shown in result.output
    assert "statement(s)" not in result.output  # refused before any search ran


@pytest.mark.parametrize(("options", "params", "shown"), BAD)
def test_the_api_and_the_pages_refuse_it_too(
    reader: TestClient, options: list[str], params: dict[str, str], shown: str
) -> None:
    (name,) = params
    for path in ("/api/statements", "/api/search", "/api/timeline"):
        message = error_of(reader.get(path, params=params), 422)["message"]
        assert f"'{name}'" in message or shown in message, message
    page = reader.get("/search", params=params)
    assert page.status_code == 422 and shown in page.text


def test_the_cli_refuses_an_unknown_sort(seed_db: Path) -> None:
    result = CliRunner().invoke(app, ["statements", "--db", str(seed_db), "--sort", "random"])
    assert result.exit_code == 2 and "random" in result.output


def test_good_filters_still_work_in_both(seed_db: Path, reader: TestClient) -> None:
    result = CliRunner().invoke(
        app, ["statements", "--db", str(seed_db), "--kind", "direct", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = reader.get("/api/statements", params={"kind": "direct", "limit": 500}).json()
    assert body["items"]
