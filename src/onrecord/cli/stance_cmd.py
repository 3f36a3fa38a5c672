"""``onrecord stance FILE.jsonl``: the stance of each sentence toward its marked target.

Reads NewsMTSC-style lines (``id``, ``sentence``, ``from``, ``to``: the target's
character offsets) and prints one ``{"id", "polarity", "confidence"}`` line each, which
is what the NewsMTSC scorer reads. A line that cannot be used is reported on stderr with
its number, and the rest go on. ``--model encoder`` reads them with the fine-tuned
encoder instead of the small model every extraction uses.

Without a file, it reads the stances of the corpus at ``--db`` (``Corpus.read_stances``):
those of statements stored before every extraction read one, or with ``--all`` every
one again (say, with ``--model encoder``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from onrecord.about.stance import DEFAULT_MODEL, MODEL_FILES, ModelName, stances
from onrecord.cli.common import DbOption, corpus_at, progress_line
from onrecord.cli.output import write_to
from onrecord.store.stances import StanceFill

__all__ = ["register"]

BATCH = 256


def register(app: typer.Typer) -> None:
    app.command("stance")(stance_command)


def stance_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="JSONL: id, sentence, from, to on each line (none: the corpus)."),
    ] = None,
    out: Annotated[str, typer.Option("--out", "-o", help="File to write (- for stdout).")] = "-",
    model: Annotated[
        str,
        typer.Option(
            "--model",
            help="small (what extraction uses) or encoder (more accurate, ~50x slower).",
        ),
    ] = DEFAULT_MODEL,
    db: DbOption = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="With the corpus: read every stance again, not only missing."),
    ] = False,
) -> None:
    """The stance of each sentence toward its target: -1 negative, 0 neutral, 1 positive;
    without a file, of the stored statements that have none (or --all)."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if model not in MODEL_FILES:
        errors.print(Text(f"--model must be one of {', '.join(MODEL_FILES)}", style="red"))
        raise typer.Exit(2)
    name: ModelName = "encoder" if model == "encoder" else "small"
    if path is None:
        _corpus_stances(db, name, every, errors)
        return
    items: list[tuple[Any, tuple[str, int, int]]] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                sentence, start, end = record["sentence"], int(record["from"]), int(record["to"])
                if not (isinstance(sentence, str) and 0 <= start < end <= len(sentence)):
                    raise ValueError("'from' and 'to' must mark a span of the sentence")
            except (ValueError, KeyError, TypeError) as exc:
                errors.print(Text(f"skipped {path} line {number}: {exc}", style="red"))
                continue
            items.append((record.get("id"), (sentence, start, end)))

    def write(target: Path) -> int:
        with target.open("w", encoding="utf-8") as stream:
            for offset in range(0, len(items), BATCH):
                chunk = items[offset : offset + BATCH]
                for (key, _), found in zip(
                    chunk, stances([i for _, i in chunk], name), strict=True
                ):
                    record = {"id": key, "polarity": found.polarity}
                    record["confidence"] = round(found.confidence, 3)
                    stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        return len(items)

    count = write_to(out, write)
    errors.print(Text(f"{count} stance(s) written", style="green"))


def _corpus_stances(db: str | None, model: ModelName, every: bool, errors: Console) -> None:
    with corpus_at(db) as corpus, progress_line(errors) as progress:
        task = progress.add_task("reading stances", total=None)

        def on_batch(done: StanceFill) -> None:
            progress.update(task, description=f"{done.seen} attribution(s) looked at")

        done = corpus.read_stances(model, every, on_batch)
    errors.print(
        Text(
            f"{done.seen} attribution(s) looked at, {done.read} with their main target in "
            f"their words read, {done.changed} stance(s) stored",
            style="green",
        )
    )
