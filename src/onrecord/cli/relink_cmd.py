"""``onrecord relink``: recompute every person, organisation and statement from scratch.

Linking is incremental (each ingest and correction relinks only what it touches); this
is the maintenance command for after a change to the linking rules, or to check that
the incremental links match a full recomputation. It streams the corpus, one run of
groups of the link index at a time, in one transaction: a killed relink leaves the
links as they were. With ``--scheduler`` (or ``--workers``), the groups are linked as
tasks on a Dask cluster, each in a transaction of its own (``onrecord.run.relinking``):
a killed relink then leaves some groups relinked, and running it again finishes it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.text import Text

from onrecord.cli.common import DbOption, JsonOption, corpus_at, errors, print_json


def register(app: typer.Typer) -> None:
    app.command("relink")(relink_command)


def relink_command(
    db: DbOption = None,
    as_json: JsonOption = False,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Link the groups on the Dask cluster at tcp://HOST:PORT."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Link the groups on a local Dask cluster of this many processes."),
    ] = None,
) -> None:
    """Recompute all links (people, organisations, statements) from the stored corpus."""
    with corpus_at(db) as corpus:
        if scheduler is None and workers is None:
            stats = corpus.link()
        else:
            from onrecord.run.relinking import relink_on_cluster  # Dask: only when asked

            stats = relink_on_cluster(corpus, scheduler, workers)
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
