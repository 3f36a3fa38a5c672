"""The public surface is pinned: a change to the package's names, the CLI's commands and
options, or the API's paths fails here until the snapshot beside this file is updated
on purpose (``ONRECORD_UPDATE_SURFACE=1 pytest tests/surface``) and the CHANGELOG says so."""

from __future__ import annotations

import importlib
import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import typer

import onrecord
import onrecord.store

HERE = Path(__file__).parent
UPDATE = os.environ.get("ONRECORD_UPDATE_SURFACE") == "1"


def check_snapshot(name: str, value: Any) -> None:
    path = HERE / f"{name}.json"
    rendered = json.dumps(value, indent=1, sort_keys=True) + "\n"
    if UPDATE:
        path.write_text(rendered)
    assert json.loads(rendered) == json.loads(path.read_text()), f"{name} changed"


def test_package_names() -> None:
    check_snapshot("package", {"onrecord": sorted(onrecord.__all__)})


def test_store_names() -> None:
    check_snapshot("store", {"onrecord.store": sorted(onrecord.store.__all__)})


def _commands(command: Any, prefix: str = "") -> dict[str, list[str]]:
    # Typer ships its own copy of click, so commands are told apart by shape, not class;
    # a group is asked for each command by name, as the app's load when asked for.
    found: dict[str, list[str]] = {}
    if hasattr(command, "list_commands"):
        context = command.make_context("onrecord", ["--help"], resilient_parsing=True)
        for name in sorted(command.list_commands(context)):
            found.update(_commands(command.get_command(context, name), f"{prefix}{name} "))
        return found
    found[prefix.strip()] = sorted(
        "/".join(sorted(param.opts)) if param.param_type_name == "option" else f"<{param.name}>"
        for param in command.params
    )
    return found


def test_cli_commands_and_options() -> None:
    from onrecord.cli import app

    check_snapshot("cli", _commands(typer.main.get_command(app)))


def test_api_paths(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from onrecord.api import create_app

    with TestClient(create_app(str(tmp_path / "empty.db"))) as client:
        spec = client.get("/openapi.json").json()
    paths = {path: sorted(item) for path, item in sorted(spec["paths"].items())}
    check_snapshot("api", paths)


def test_extract_is_the_package() -> None:
    import onrecord.extract

    assert onrecord.extract.__name__ == "onrecord.extract"
    assert hasattr(onrecord.extract, "find_attributions")


def test_extract_called_as_a_function_warns_and_still_works() -> None:
    with pytest.warns(DeprecationWarning, match="extract_text"):
        found = onrecord.extract("“We urge restraint,” Patel said.")  # type: ignore[operator]
    assert [a.speaker for a in found] == ["Patel"]


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("onrecord.parallel", "onrecord.run", "ingest_parallel"),
        ("onrecord.distributed", "onrecord.run", "ingest_dask"),
        ("onrecord.ingest.pipeline", "onrecord.run", "ingest"),
    ],
)
def test_old_module_paths_warn_and_lead_to_the_new_ones(old: str, new: str, name: str) -> None:
    import sys

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=new):
        moved = importlib.import_module(old)
    assert getattr(moved, name) is getattr(importlib.import_module(new), name)
    # the real module keeps its own name: worker processes find functions by it
    assert importlib.import_module(new).__name__ == new
