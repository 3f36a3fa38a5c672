"""The ``onrecord`` command line: one Typer app, one module per command."""

from __future__ import annotations

import typer

from onrecord.cli import extract_cmd

app = typer.Typer(
    name="onrecord",
    help="Who said what, about what, when, and where it was reported.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Who said what, about what, when, and where it was reported."""


extract_cmd.register(app)

try:  # ingestion lives in its own module; the CLI works without it while it is built
    from onrecord.cli import ingest_cmd
except ImportError:  # pragma: no cover
    ingest_cmd = None  # type: ignore[assignment]
else:
    ingest_cmd.register(app)


def main() -> None:
    app()
