"""``onrecord ingest PATH...``: scraped inputs into the corpus store, or to JSONL.

By default articles go into the corpus store (``--db``, ``ONRECORD_DB`` or
``./onrecord.db``), one transaction per batch, then cross-article linking runs.
With ``--out FILE`` (``--out -`` for standard output) they are written as JSONL instead:
records are written one line each, as soon as each is finished, with a single write
call per line followed by a flush, so a run stopped halfway leaves only complete lines
behind. Problems go to stderr as ``skipped <where>: <reason>``, then a summary. The
exit code is non-zero only when nothing at all could be processed.

Scale (docs/scale.md): ``--workers N`` parses on N processes (default: every core;
``--workers 1`` runs in this process); ``--engine dask`` runs the per-article stages on
a Dask cluster (``--scheduler tcp://HOST:PORT``, else a local one with ``--workers``
processes), staging Parquet under ``--stage``. Whatever the engine, an input already in
the store is skipped before extraction, so a stopped job is finished by running it again.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Callable, Container, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url

from onrecord.errors import ModelNotFound
from onrecord.model import Article, Problem
from onrecord.nlp import load_pipeline, model_name
from onrecord.run import DEFAULT_BATCH, Summary, default_workers, ingest_parallel
from onrecord.store import StoreError, open_corpus, resolve_url, store_articles


class Engine(StrEnum):
    processes = "processes"
    dask = "dask"


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


class LineWriter:
    """Writes whole lines with one ``os.write`` each, so no record is ever half there."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        try:
            self.fd: int | None = stream.fileno()
        except (OSError, ValueError):  # an in-memory stream, as under a test runner
            self.fd = None

    def write(self, record: dict[str, object]) -> None:
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        self.stream.flush()
        if self.fd is None:
            self.stream.write(data)
            self.stream.flush()
            return
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]


def ingest_command(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders (text, HTML, WARC, JSONL); - for stdin.")
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="Write JSONL to this file (- for stdout) instead of a store."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Corpus store: SQLite path or postgresql:// URL "
            "(default ONRECORD_DB or ./onrecord.db)."
        ),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(help="Refuse inputs bigger than this (default 50 MB or ONRECORD_MAX_BYTES)."),
    ] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Find attributions in each body.")
    ] = True,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to use.")] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Articles parsed together before their records are written.")
    ] = DEFAULT_BATCH,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes (default: every core; 1 runs in this process)."),
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="processes: a pool on this machine; dask: a Dask cluster.")
    ] = Engine.processes,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address, tcp://HOST:PORT (implies --engine dask)."),
    ] = None,
    stage: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the Dask engine's Parquet parts (default: next to the store)."
        ),
    ] = None,
) -> None:
    """Read scraped articles (text, HTML, WARC, JSONL) into the corpus store, or to JSONL."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    summary = Summary()
    count = workers or default_workers()
    dask = engine is Engine.dask or scheduler is not None
    try:
        if extract and scheduler is None:  # a remote cluster's workers have their own
            check_model(model, load=count == 1 and not dask)
    except ModelNotFound as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc

    def run(skip: Container[str]) -> Iterator[Article | Problem]:
        if not dask:
            return ingest_parallel(
                paths,
                workers=count,
                model=model,
                extract=extract,
                batch_size=batch_size,
                max_bytes=max_bytes,
                summary=summary,
                skip=skip,
            )
        from onrecord.run import ingest_dask

        return ingest_dask(
            paths,
            stage=stage or _default_stage(db, out),
            scheduler=scheduler,
            workers=count,
            model=model,
            extract=extract,
            batch_size=batch_size,
            max_bytes=max_bytes,
            summary=summary,
            skip=skip,
        )

    if out is None:
        _into_store(run, db, batch_size, summary, errors)
        return
    items = run(frozenset())
    # closed in the finally below; a with-block would close stdout too
    handle = Path(out).open("wb") if out != "-" else sys.stdout.buffer  # noqa: SIM115
    writer = LineWriter(handle)
    progress = _progress(errors)
    try:
        with progress:
            task = progress.add_task("ingesting", total=None)
            for item in items:
                if isinstance(item, Problem):
                    errors.print(
                        f"[yellow]skipped[/yellow] {escape(item.where)}: {escape(item.reason)}"
                    )
                else:
                    writer.write(item.to_json())
                progress.update(task, description=str(summary))
    except ValueError as exc:  # a bad setting, such as ONRECORD_MAX_BYTES
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    except ModelNotFound as exc:  # raised in a worker that could not load the pipeline
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    finally:
        if out != "-":
            handle.close()
    errors.print(str(summary), style="green" if summary.read or summary.resumed else "red")
    if summary.read == 0 and summary.resumed == 0:
        errors.print("nothing could be processed", style="red")
        raise typer.Exit(1)


def check_model(model: str | None, load: bool) -> None:
    """Raise ``ModelNotFound`` now, not in every worker: load the pipeline when this
    process will use it, else only check that it is installed."""
    if load:
        load_pipeline(model)
        return
    name = model_name(model)
    if importlib.util.find_spec(name) is None and not Path(name).exists():
        raise ModelNotFound(f"spaCy pipeline {name!r} is not installed.")


def _default_stage(db: str | None, out: str | None) -> Path:
    """``<store>.stage`` beside a SQLite store; ``onrecord-stage`` here otherwise."""
    if out is None:
        try:
            url = make_url(resolve_url(db))
        except Exception:
            url = None
        if url is not None and url.get_backend_name() == "sqlite" and url.database:
            return Path(url.database + ".stage")
    return Path("onrecord-stage")


def _report(item: Article | Problem, errors: Console) -> Article | Problem:
    if isinstance(item, Problem):
        errors.print(f"[yellow]skipped[/yellow] {escape(item.where)}: {escape(item.reason)}")
    return item


def _into_store(
    run: Callable[[Container[str]], Iterable[Article | Problem]],
    db: str | None,
    batch_size: int,
    summary: Summary,
    errors: Console,
) -> None:
    """Store every article and problem, batch by batch, with a progress line."""
    try:
        corpus = open_corpus(db)
    except StoreError as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    items = run(corpus.stored_inputs())
    progress = _progress(errors)
    try:
        with progress:
            task = progress.add_task("ingesting", total=None)
            stats = store_articles(
                corpus,
                (_report(item, errors) for item in items),
                batch_size=batch_size,
                on_batch=lambda _: progress.update(task, description=str(summary)),
            )
    except ValueError as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    except ModelNotFound as exc:
        errors.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    finally:
        corpus.close()
    where = make_url(corpus.url).render_as_string(hide_password=True)
    errors.print(
        f"{summary}. Stored in {where}: {stats.articles_added} new article(s), "
        f"{stats.attributions_added} attribution(s), {stats.already_done} already there.",
        style="green" if summary.read or summary.resumed else "red",
    )
    if summary.read == 0 and summary.resumed == 0:
        errors.print("nothing could be processed", style="red")
        raise typer.Exit(1)


def _progress(errors: Console) -> Progress:
    """A one-line progress report on stderr, shown only on a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )
