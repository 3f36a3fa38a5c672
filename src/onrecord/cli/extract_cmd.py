"""``onrecord extract PATH...``: attributions in plain-text files, as JSONL or a table.

A text longer than the pipeline's limit (spaCy's ``max_length``, a million characters)
is parsed in paragraph-aligned pieces, offsets into the whole file kept
(``onrecord.run.pieces``). Files are read and parsed a batch at a time, so memory
follows the largest file, not the whole input. The summary on stderr counts every file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text
from spacy.language import Language

from onrecord.cli.render import attribution_table, problem_line
from onrecord.ingest import iter_text_files
from onrecord.model import Attribution, Problem
from onrecord.nlp import load_pipeline
from onrecord.run.pieces import analyse_texts

# Files parsed together with ``nlp.pipe``.
BATCH = 16


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
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    counts = {"files": 0, "skipped": 0, "attributions": 0, "long": 0}
    documents = _readable(iter_text_files(paths), errors, counts)
    first = list(islice(documents, 1))
    if not first:
        errors.print("nothing to process", style="red")
        raise typer.Exit(1)
    nlp = load_pipeline(model)
    results = _analysed(chain(first, documents), nlp.max_length, nlp, counts)
    if output_format is OutputFormat.jsonl:
        for path, text, attributions in results:
            record = {"doc": path.stem, "attributions": [a.to_json(text) for a in attributions]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    else:
        rows = [(path.stem, text, attributions) for path, text, attributions in results]
        Console().print(attribution_table(rows, title="Who said what"))
    summary = (
        f"{counts['files']} file(s) processed, {counts['attributions']} attribution(s) found"
        + (f" ({counts['long']} long file(s) parsed in pieces)" if counts["long"] else "")
        + (f", {counts['skipped']} skipped" if counts["skipped"] else "")
    )
    errors.print(Text(summary, style="yellow" if counts["skipped"] else "green"))


def _readable(
    items: Iterable[tuple[Path, str] | Problem], errors: Console, counts: dict[str, int]
) -> Iterator[tuple[Path, str]]:
    for item in items:
        if isinstance(item, Problem):
            counts["skipped"] += 1
            errors.print(problem_line(item))
        else:
            yield item


def _analysed(
    documents: Iterable[tuple[Path, str]], limit: int, nlp: Language, counts: dict[str, int]
) -> Iterator[tuple[Path, str, list[Attribution]]]:
    source = iter(documents)
    while batch := list(islice(source, BATCH)):
        analyses = analyse_texts([text for _, text in batch], nlp, BATCH)
        for (path, text), (attributions, _) in zip(batch, analyses, strict=True):
            counts["files"] += 1
            counts["attributions"] += len(attributions)
            counts["long"] += len(text) > limit
            yield path, text, attributions
