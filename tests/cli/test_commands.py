"""The command table: each command's module is imported when the command runs, and
the table (``onrecord.cli.commands``) names every command of every module, where it is."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from typer.testing import CliRunner

import onrecord.cli
from onrecord.cli import app
from onrecord.cli.commands import COMMAND_MODULES, module_commands


def test_the_table_names_each_module_with_the_commands_it_registers() -> None:
    by_module: dict[str, set[str]] = defaultdict(set)
    for name, module in COMMAND_MODULES.items():
        by_module[module].add(name)
    command_modules = {
        f"onrecord.cli.{m.name}"
        for m in pkgutil.iter_modules(onrecord.cli.__path__)
        if m.name.endswith("_cmd")
    }
    assert set(by_module) == command_modules
    for module, names in by_module.items():
        assert set(module_commands(module)) == names, module


def test_help_lists_every_command_in_the_tables_order() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = [line.strip("│ ").split(" ")[0] for line in result.output.splitlines()]
    listed = [row for row in rows if row in COMMAND_MODULES]
    assert listed == list(COMMAND_MODULES)


def test_a_mistyped_command_is_refused_with_the_nearest_one() -> None:
    result = CliRunner().invoke(app, ["peple", "--help"])
    assert result.exit_code == 2
    assert "No such command 'peple'" in result.output
    assert "Did you mean 'people'?" in result.output


def _loaded_after(script: str, modules: tuple[str, ...]) -> dict[str, bool]:
    """Which of ``modules`` a fresh interpreter holds after running ``script``."""
    report = f"print(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    probe = f"{script}\nimport json, sys\n{report}"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    )
    loaded: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_extract_loads_neither_the_store_nor_the_language_model(tmp_path: Path) -> None:
    # Both took most of ``extract``'s start beyond spaCy's own: SQLAlchemy and the store
    # (0.8 s) through other commands' modules, py3langid's model (0.6 s) through metadata
    # the command never shows.
    (tmp_path / "a.txt").write_text(
        'The minister said the talks would resume. "We are ready," he said.\n', encoding="utf-8"
    )
    run = (
        "from typer.testing import CliRunner\n"
        "from onrecord.cli import app\n"
        f"result = CliRunner().invoke(app, ['extract', {str(tmp_path)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert '\"speaker\"' in result.stdout, result.output\n"
    )
    watched = ("sqlalchemy", "onrecord.store", "py3langid", "onrecord.run.entry", "spacy")
    assert _loaded_after(run, watched) == {
        "sqlalchemy": False,
        "onrecord.store": False,
        "py3langid": False,
        "onrecord.run.entry": False,
        "spacy": True,  # it did extract
    }


def test_a_correction_loads_neither_the_pipeline_nor_other_commands() -> None:
    run = (
        "from typer.testing import CliRunner\n"
        "from onrecord.cli import app\n"
        "result = CliRunner().invoke(app, ['people', 'merge', '--help'])\n"
        "assert result.exit_code == 0, result.output\n"
    )
    watched = ("onrecord.cli.people_cmd", "onrecord.cli.ingest_cmd", "onrecord.run.entry")
    assert _loaded_after(run, watched) == {
        "onrecord.cli.people_cmd": True,
        "onrecord.cli.ingest_cmd": False,
        "onrecord.run.entry": False,
    }
