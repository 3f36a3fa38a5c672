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

Every statement gets the speaker's stance toward its main target from the small stance
model, in the per-article stage. ``--precise-stance`` reads them again with the
fine-tuned encoder (``onrecord.about.stance``), in this process, as the records go by to
the store or the JSONL.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from onrecord.cli.common import progress_line
from onrecord.cli.output import LineWriter, close_out, open_out
from onrecord.cli.render import problem_line
from onrecord.errors import ModelNotFound
from onrecord.model import Article, Problem
from onrecord.run import DEFAULT_BATCH, IngestOptions, Summary, default_workers, ingest
from onrecord.run import Engine as RunEngine
from onrecord.store import AddStats, open_corpus, resolve_url, store_articles
from onrecord.store.preflight import check_room, check_writable


class Engine(StrEnum):
    processes = "processes"
    dask = "dask"


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


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
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Keep only attributions at least this sure (0-1: the probability they are right).",
        ),
    ] = None,
    precise_stance: Annotated[
        bool,
        typer.Option(
            "--precise-stance",
            help="Read each stance with the fine-tuned encoder: more accurate, ~50x slower "
            "(it runs in this process).",
        ),
    ] = False,
) -> None:
    """Read scraped articles (text, HTML, WARC, JSONL) into the corpus store, or to JSONL."""
    dask = engine is Engine.dask or scheduler is not None
    options = IngestOptions(
        extract=extract,
        model=model,
        batch_size=batch_size,
        max_bytes=max_bytes,
        workers=workers,
        scheduler=scheduler,
        stage=stage or (_default_stage(db, out) if dask else None),
        min_confidence=min_confidence,
    )
    if extract and scheduler is None:  # a remote cluster's workers have their own
        check_model(model, load=(workers or default_workers()) == 1 and not dask)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    summary = Summary()
    run: RunEngine = "dask" if dask else "processes"
    if out is not None:
        stream = open_out(out)
        try:
            writer = LineWriter(stream)
            with progress_line(errors) as progress:
                task = progress.add_task("ingesting", total=None)
                found = ingest(paths, options, engine=run, summary=summary)
                for item in _with_precise_stances(found) if precise_stance else found:
                    if isinstance(item, Problem):
                        errors.print(problem_line(item))
                    else:
                        writer.write(item.to_json())
                    progress.update(task, description=str(summary))
        finally:
            close_out(out, stream)
        _finish(errors, summary, str(summary))
        return
    with open_corpus(db) as corpus:
        check_writable(corpus)  # before any extraction: a read-only store fails now
        with progress_line(errors) as progress:
            task = progress.add_task("ingesting", total=None)
            items = ingest(
                paths,
                options,
                engine=run,
                summary=summary,
                skip=corpus.stored_inputs(),
                index=corpus.duplicates,  # earlier runs' articles, and nothing held per one
            )
            if precise_stance:
                items = _with_precise_stances(items)

            def on_batch(_: AddStats) -> None:
                check_room(corpus)  # a full disk stops the run between batches, not in one
                progress.update(task, description=str(summary))

            stats = store_articles(
                corpus, (_report(item, errors) for item in items), options.batch_size, on_batch
            )
        where = make_url(corpus.url).render_as_string(hide_password=True)
    _finish(
        errors,
        summary,
        f"{summary}. Stored in {where}: {stats.articles_added} new article(s), "
        f"{stats.attributions_added} attribution(s), {stats.already_done} already there.",
    )


def _finish(errors: Console, summary: Summary, line: str) -> None:
    """The summary line; exit 1 when nothing at all could be processed."""
    processed = summary.read or summary.resumed
    errors.print(line, style="green" if processed else "red", markup=False)
    if not processed:
        errors.print("nothing could be processed", style="red")
        raise typer.Exit(1)


def check_model(model: str | None, load: bool) -> None:
    """Raise ``ModelNotFound`` now, not in every worker: load the pipeline when this
    process will use it, else only check that it is installed."""
    from onrecord.nlp import load_pipeline, model_name  # spaCy: only for commands that parse

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


def _with_precise_stances(items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
    """The items, each article's stances read again by the fine-tuned encoder (as
    ``onrecord extract --precise-stance`` gives them); the model loads only when asked."""
    from onrecord.about.attributed_stance import add_stances

    for item in items:
        if isinstance(item, Article):
            add_stances(item.text, item.attributions, "encoder")
        yield item


def _report(item: Article | Problem, errors: Console) -> Article | Problem:
    if isinstance(item, Problem):
        errors.print(problem_line(item))
    return item
