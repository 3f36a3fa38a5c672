"""What every corpus command shares: the ``--db`` and ``--json`` options, opening the
corpus, failing with a message, and printing JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from onrecord.errors import OnrecordError
from onrecord.store import Corpus, open_corpus, resolve_url

__all__ = [
    "DbOption",
    "JsonOption",
    "Limit",
    "corpus_at",
    "errors",
    "fail",
    "print_json",
    "progress_line",
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or postgresql:// URL (default: $ONRECORD_DB or ./onrecord.db)"
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON document, for machines.")]
errors = Console(stderr=True, highlight=False)


Limit = Annotated[int, typer.Option(min=1, help="At most this many results.")]


def progress_line(errors: Console) -> Progress:
    """A one-line progress report on stderr, shown only on a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(Text(message, style="red"))
    return typer.Exit(code)


@contextmanager
def corpus_at(db: str | None, must_exist: bool = True) -> Iterator[Corpus]:
    """Open the corpus, turning onrecord's errors into a message and exit code 1."""
    url = resolve_url(db)
    if must_exist and url.startswith("sqlite:///") and not Path(url[10:]).exists():
        raise fail(f"No corpus at {url[10:]}: store articles first (onrecord load/ingest --db).")
    try:
        corpus = open_corpus(db)
    except OnrecordError as exc:
        raise fail(str(exc)) from exc
    try:
        yield corpus
    finally:
        corpus.close()


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
