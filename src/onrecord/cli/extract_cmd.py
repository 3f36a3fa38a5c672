"""``onrecord extract PATH...``: attributions in plain-text files, as JSONL or a table."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from onrecord.article import extract_many
from onrecord.cli.render import attribution_table
from onrecord.ingest import iter_text_files
from onrecord.model import Problem
from onrecord.nlp import load_pipeline


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


def extract_command(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of .txt files.")],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl: one line per file; table: for people."),
    ] = OutputFormat.jsonl,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline to use (default: en_core_web_sm if installed)."),
    ] = None,
) -> None:
    """Find every attribution (who said what) in plain-text files."""
    errors = Console(stderr=True, highlight=False)
    problems: list[Problem] = []
    documents: list[tuple[Path, str]] = []
    for item in iter_text_files(paths):
        if isinstance(item, Problem):
            problems.append(item)
            errors.print(
                f"[red]skipped[/red] {item.where}: {item.reason}", markup=True, soft_wrap=True
            )
        else:
            documents.append(item)
    if not documents:
        errors.print("nothing to process", style="red")
        raise typer.Exit(1)

    nlp = load_pipeline(model)
    texts = (text for _, text in documents)
    results = zip(documents, extract_many(texts, nlp=nlp), strict=True)
    if output_format is OutputFormat.jsonl:
        for (path, text), attributions in results:
            record = {"doc": path.stem, "attributions": [a.to_json(text) for a in attributions]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        rows = ((path.stem, text, attributions) for (path, text), attributions in results)
        Console().print(attribution_table(rows, title="Who said what"))
    if problems:
        errors.print(f"{len(documents)} file(s) processed, {len(problems)} skipped", style="yellow")
