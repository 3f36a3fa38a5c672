"""Which module defines each command, so that a command imports only its own module.

Importing every command's module at start cost the quick commands much of their time:
``extract`` loaded the store and SQLAlchemy (0.8 s) it never opens, a correction loaded
the ingest pipeline. ``Commands`` imports a module the first time one of its commands is
asked for. Help lists every command, in the order below, and so imports them all, as
does a mistyped command (to suggest the nearest).
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

from onrecord.cli.failures import OnrecordGroup

__all__ = ["COMMAND_MODULES", "Commands"]

COMMAND_MODULES: dict[str, str] = {
    "extract": "onrecord.cli.extract_cmd",
    "ingest": "onrecord.cli.ingest_cmd",
    "statements": "onrecord.cli.corpus_cmd",
    "articles": "onrecord.cli.corpus_cmd",
    "timeline": "onrecord.cli.corpus_cmd",
    "export": "onrecord.cli.corpus_cmd",
    "stats": "onrecord.cli.corpus_cmd",
    "load": "onrecord.cli.corpus_cmd",
    "exchanges": "onrecord.cli.exchanges_cmd",
    "person": "onrecord.cli.people_cmd",
    "relink": "onrecord.cli.relink_cmd",
    "stance": "onrecord.cli.stance_cmd",
    "serve": "onrecord.cli.serve_cmd",
    "people": "onrecord.cli.people_cmd",  # a group: Typer listed groups after commands
}


def module_commands(module_name: str) -> dict[str, Any]:
    """The commands (Typer's own click commands, by name) that ``module_name`` registers."""
    module = importlib.import_module(module_name)
    holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    module.register(holder)
    return dict(typer.main.get_group(holder).commands)


class Commands(OnrecordGroup):
    """The app's group, holding each command's module until the command is used."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMAND_MODULES, *(name for name in self.commands if name not in COMMAND_MODULES)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            wanted = [COMMAND_MODULES[cmd_name]] if cmd_name in COMMAND_MODULES else None
            for module_name in wanted or dict.fromkeys(COMMAND_MODULES.values()):
                for name, command in module_commands(module_name).items():
                    self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)
