"""The ``onrecord`` command line: one Typer app, one module per command."""

from __future__ import annotations

import typer

from onrecord.cli import (
    corpus_cmd,
    exchanges_cmd,
    extract_cmd,
    ingest_cmd,
    people_cmd,
    relink_cmd,
    stance_cmd,
)
from onrecord.cli.failures import OnrecordGroup

app = typer.Typer(
    name="onrecord",
    cls=OnrecordGroup,
    help="Who said what, about what, when, and where it was reported.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Who said what, about what, when, and where it was reported."""


extract_cmd.register(app)
ingest_cmd.register(app)
corpus_cmd.register(app)
exchanges_cmd.register(app)
people_cmd.register(app)
relink_cmd.register(app)
stance_cmd.register(app)

try:  # the web app lives in its own module; the CLI works without it while it is built
    from onrecord.cli import serve_cmd
except ImportError:  # pragma: no cover
    serve_cmd = None  # type: ignore[assignment]
else:
    serve_cmd.register(app)


def main() -> None:
    app()
