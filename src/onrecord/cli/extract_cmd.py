"""``onrecord extract PATH...``: attributions in plain-text files, as JSONL or a table.

Each file is cleaned first, as ``onrecord ingest`` cleans it: navigation, related-story
links, share widgets and reader comments are blanked out before the parse, so no
attribution is read from them, and every offset is still an offset into the file as
read. ``--raw`` parses the whole file (for text that is already clean); ``--comments``
also reads the reader comments, reported apart from the article's own attributions.

A text longer than the pipeline's limit (spaCy's ``max_length``, a million characters)
is parsed in paragraph-aligned pieces, offsets into the whole file kept
(``onrecord.run.pieces``). Files are read and parsed a batch at a time, so memory
follows the largest file, not the whole input. The summary on stderr counts every file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from onrecord.cli.render import attribution_table, problem_line
from onrecord.errors import InputError
from onrecord.ingest import iter_text_files
from onrecord.model import Attribution, Origin, Problem, Span

if TYPE_CHECKING:
    from spacy.language import Language

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
    raw: Annotated[
        bool, typer.Option("--raw", help="Parse the whole file: no cleaning (clean text).")
    ] = False,
    comments: Annotated[
        bool, typer.Option("--comments", help="Also read reader comments, marked apart.")
    ] = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Only attributions at least this sure (0-1: the probability they are right).",
        ),
    ] = 0.0,
    precise_stance: Annotated[
        bool,
        typer.Option(
            "--precise-stance",
            help="Read each stance with the fine-tuned encoder: more accurate, ~50x slower.",
        ),
    ] = False,
) -> None:
    """Find every attribution (who said what) in plain-text files."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    counts = {"files": 0, "skipped": 0, "attributions": 0, "long": 0}
    documents = _readable(iter_text_files(paths), errors, counts)
    first = list(islice(documents, 1))
    if not first:
        errors.print("nothing to process", style="red")
        raise typer.Exit(1)
    from onrecord.nlp import load_pipeline  # spaCy: loaded when extracting, not at start-up

    nlp = load_pipeline(model)
    readings = _readings(chain(first, documents), raw, comments, errors, counts)
    results = _analysed(readings, nlp.max_length, nlp, counts, min_confidence)
    if precise_stance:
        results = _with_precise_stances(results)
    if output_format is OutputFormat.jsonl:
        for path, text, attributions, from_comments in results:
            record: dict[str, object] = {
                "doc": path.stem,
                "attributions": [a.to_json(text) for a in attributions],
            }
            if comments:
                record["comment_attributions"] = [a.to_json(text) for a in from_comments]
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    else:
        rows = []
        for path, text, attributions, from_comments in results:
            rows.append((path.stem, text, attributions))
            if from_comments:
                rows.append((f"{path.stem} (reader comments)", text, from_comments))
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


@dataclass(frozen=True, slots=True)
class _Reading:
    """One file as the parser will see it: the text as read, and the same text with all
    but the article body (or all but the reader comments) blanked out."""

    path: Path
    text: str
    body: str
    comments: str | None


def _readings(
    documents: Iterable[tuple[Path, str]],
    raw: bool,
    comments: bool,
    errors: Console,
    counts: dict[str, int],
) -> Iterator[_Reading]:
    """Each file as the extractor reads it; one with no article body in it is reported
    and skipped, and the others go on."""
    for path, text in documents:
        try:
            yield _reading(path, text, raw, comments)
        except InputError as error:
            counts["skipped"] += 1
            errors.print(problem_line(Problem(str(path), str(error))))


def _reading(path: Path, text: str, raw: bool, comments: bool) -> _Reading:
    if raw:
        return _Reading(path, text, text, None)
    # Here, not at the top: the cleaner brings trafilatura, which ``--raw`` needs not.
    from onrecord.clean.body import clean_text
    from onrecord.clean.metadata import Metadata
    from onrecord.clean.text import assemble

    # The body and the comments are all that is read here: no metadata (its language
    # model alone took 0.6 s to load).
    article = assemble(clean_text(text), Metadata(), Origin(path=str(path)))
    if article.text != text:  # line ends were normalised: offsets would not be the file's
        return _Reading(path, text, text, None)
    spans = [c.span for c in article.comments if c.span is not None]
    return _Reading(path, text, article.body_mask(), _only(text, spans) if comments else None)


def _only(text: str, spans: list[Span]) -> str:
    """``text`` with everything outside ``spans`` blanked, newlines kept."""
    keep = bytearray(len(text))
    for span in spans:
        keep[span.start : span.end] = b"\x01" * (span.end - span.start)
    return "".join(ch if keep[i] or ch == "\n" else " " for i, ch in enumerate(text))


def _analysed(
    readings: Iterable[_Reading],
    limit: int,
    nlp: Language,
    counts: dict[str, int],
    floor: float = 0.0,
) -> Iterator[tuple[Path, str, list[Attribution], list[Attribution]]]:
    source = iter(readings)
    while batch := list(islice(source, BATCH)):
        masks = [r.body for r in batch] + [r.comments for r in batch if r.comments is not None]
        from onrecord.run.pieces import analyse_texts

        analyses = iter(analyse_texts(masks, nlp, BATCH))
        bodies = [_sure(next(analyses)[0], floor) for _ in batch]
        for reading, attributions in zip(batch, bodies, strict=True):
            from_comments = _sure(next(analyses)[0], floor) if reading.comments is not None else []
            counts["files"] += 1
            counts["attributions"] += len(attributions)
            counts["long"] += len(reading.text) > limit
            yield reading.path, reading.text, attributions, from_comments


def _sure(attributions: list[Attribution], floor: float) -> list[Attribution]:
    return [a for a in attributions if a.confidence >= floor] if floor else attributions


Analysed = Iterator[tuple[Path, str, list[Attribution], list[Attribution]]]


def _with_precise_stances(results: Analysed) -> Analysed:
    from onrecord.about.attributed_stance import add_stances  # loads the model: only if asked

    for path, text, attributions, from_comments in results:
        add_stances(text, attributions + from_comments, "encoder")
        yield path, text, attributions, from_comments
