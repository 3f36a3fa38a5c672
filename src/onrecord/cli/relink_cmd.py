"""``onrecord relink``: recompute every person, organisation and statement from scratch.

Linking is incremental (each ingest and correction relinks only what it touches); this
is the maintenance command for after a change to the linking rules, or to check that
the incremental links match a full recomputation. It streams the corpus, one group of
the link index at a time, in one transaction: a killed relink leaves the links as they
were.
"""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.text import Text

from onrecord.cli.common import DbOption, JsonOption, corpus_at, errors, print_json


def register(app: typer.Typer) -> None:
    app.command("relink")(relink_command)


def relink_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Recompute all links (people, organisations, statements) from the stored corpus."""
    with corpus_at(db) as corpus:
        stats = corpus.link()
    if as_json:
        print_json(asdict(stats))
        return
    errors.print(
        Text(
            f"{stats.people} people, {stats.organisations} organisations, "
            f"{stats.statements} statements in {stats.groups} groups; "
            f"{stats.rows_written} row(s) written in {stats.seconds:.1f} s"
        )
    )
