"""The ``onrecord`` command line: one Typer app, one module per command.

The modules are imported when their command runs (``onrecord.cli.commands``), so that
``extract`` does not pay for the store, nor a correction for the ingest pipeline.
"""

from __future__ import annotations

import typer

from onrecord.cli.commands import Commands

app = typer.Typer(
    name="onrecord",
    cls=Commands,
    help="Who said what, about what, when, and where it was reported.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Who said what, about what, when, and where it was reported."""


def main() -> None:
    app()
