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

from onrecord.errors import (
    CorrectionError,
    InputError,
    ModelNotFound,
    OnrecordError,
    SettingError,
    StoreError,
)

__all__ = ["EXIT_CODES", "OnrecordGroup", "exit_code", "fail"]

# 1: the run could not do its work (no model, no store); 2: the command was used wrongly.
EXIT_CODES: tuple[tuple[type[OnrecordError], int], ...] = (
    (SettingError, 2),
    (InputError, 1),
    (ModelNotFound, 1),
    (StoreError, 1),
    (CorrectionError, 1),  # refused, nothing stored
    (OnrecordError, 1),
)


def exit_code(error: OnrecordError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def fail(error: OnrecordError) -> typer.Exit:
    """Print ``error`` on stderr (a refused correction with the entities to choose
    from) and return the ``Exit`` to raise for it."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(Text(str(error), style="red"))
    if isinstance(error, CorrectionError) and error.candidates:
        console.print("Did you mean:" if error.kind == "unknown" else "Candidates:")
        for c in error.candidates:
            console.print(Text(f"  {c.id}  {c.name}  ({c.kind}, {c.mentions} mention(s))"))
    return typer.Exit(exit_code(error))


class OnrecordGroup(TyperGroup):
    """The app's group: runs a command, mapping what it raises to an exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context; Any spares the import
        try:
            return super().invoke(ctx)
        except OnrecordError as error:
            raise fail(error) from error
