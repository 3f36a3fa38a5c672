"""Property-based checks of the whole API against its own ``/openapi.json``.

Schemathesis generates valid (positive) and invalid (negative) requests for every
operation and calls the app in process (ASGI: no server, no network). Whatever it sends,
the API must never answer 5xx, must answer what the schema documents, and must reject
what the schema forbids. Examples are bounded so the run takes a minute or two.

Schemathesis' own pytest integration is not used: its lazy-fixture loader does not work
with the pytest this project runs, so each operation's strategy is driven by Hypothesis
directly, inside one test per generation mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode

from onrecord.api import create_app
from tests.web.conftest import copy_db

EXAMPLES_PER_OPERATION = 100


@pytest.fixture(scope="module")
def api_schema(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = copy_db(seed_db, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db)))


def _exercise(operation: Any, mode: GenerationMode, failures: list[str]) -> int:
    calls = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # the same examples every run: a failure here is reproducible
        database=None,
    )
    def run(case: Case) -> None:
        nonlocal calls
        calls += 1
        response = case.call()
        where = f"{case.method} {case.formatted_path} {case.query or ''}"
        if response.status_code >= 500:
            failures.append(f"{where} → {response.status_code}: {response.text[:200]}")
            return
        try:
            case.validate_response(response)
        except (Exception, BaseExceptionGroup) as exc:  # every failed check, with its request
            failures.append(f"{where} → {response.status_code}: {exc}"[:1500])

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid (no parameters)
        assert mode == GenerationMode.NEGATIVE, operation.label
    return calls


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_never_fails_and_keeps_its_schema(api_schema: Any, mode: GenerationMode) -> None:
    failures: list[str] = []
    calls = 0
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        calls += _exercise(operation, mode, failures)
    assert calls >= len(operations)
    assert not failures, f"{len(failures)} failing request(s):\n" + "\n".join(failures[:20])
