"""The CLI's one mapping from errors to exit codes and messages, for every command.

Commands raise; they do not catch. ``OnrecordGroup`` (the app's command group) turns
an ``OnrecordError`` into its message on stderr (as text, never as Rich markup, since it
may quote a file name) and the exit code below, so every command reports failures alike.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from onrecord.errors import InputError, ModelNotFound, OnrecordError, SettingError, StoreError

__all__ = ["EXIT_CODES", "OnrecordGroup", "exit_code", "fail"]

# 1: the run could not do its work (no model, no store); 2: the command was used wrongly.
EXIT_CODES: tuple[tuple[type[OnrecordError], int], ...] = (
    (SettingError, 2),
    (InputError, 1),
    (ModelNotFound, 1),
    (StoreError, 1),
    (OnrecordError, 1),
)


def exit_code(error: OnrecordError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def fail(error: OnrecordError) -> typer.Exit:
    """Print ``error`` on stderr and return the ``Exit`` to raise for it."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text(str(error), style="red"))
    return typer.Exit(exit_code(error))


class OnrecordGroup(TyperGroup):
    """The app's group: runs a command, mapping what it raises to an exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context; Any spares the import
        try:
            return super().invoke(ctx)
        except OnrecordError as error:
            raise fail(error) from error
