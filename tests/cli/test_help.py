"""Every option's help reaches the screen whole.

The help is rendered with Rich markup, which takes ``[...]`` for a style tag and drops
it: "[default: $ONRECORD_DB or ./onrecord.db]" vanished from ``--db`` that way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from onrecord.cli import app


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every command under ``command`` (Typer's own click), with the words that run it;
    asked of the group by name, since the app's commands load when asked for."""
    yield command, path
    if hasattr(command, "list_commands"):
        context = command.make_context(
            path[-1] if path else "onrecord", ["--help"], resilient_parsing=True
        )
        for name in command.list_commands(context):
            yield from _commands(command.get_command(context, name), (*path, name))


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_every_option_help_is_shown_whole() -> None:
    root = typer.main.get_command(app)
    checked = 0
    for command, path in _commands(root):
        result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "1000"})
        assert result.exit_code == 0, (path, result.output)
        shown = _flat(result.output)
        for param in command.params:
            help_text = getattr(param, "help", None)
            if help_text:
                assert _flat(help_text) in shown, (path, param.name, help_text)
                checked += 1
    assert checked > 50
