"""``onrecord exchanges``: who answered whom, as threads in date order; and the analyst's
verdict on one link (``--confirm`` / ``--remove``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from onrecord.cli.common import DbOption, JsonOption, Limit, corpus_at, errors, fail, print_json
from onrecord.link.exchanges import RELATIONS
from onrecord.store import Corpus, ExchangeView, Filters

PAST = {"answers": "answered", "rejects": "rejected", "cites": "cited", "repeats": "repeated"}


def register(app: typer.Typer) -> None:
    app.command("exchanges")(exchanges_command)


def exchanges_command(
    statement: Annotated[
        str | None,
        typer.Argument(help="A statement id: its thread. Without one, the statements found."),
    ] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Exchanges of this speaker's statements.")
    ] = None,
    about: Annotated[
        str | None, typer.Option("--about", help="Of statements about this target.")
    ] = None,
    relation: Annotated[
        str | None, typer.Option("--relation", help=f"Only one of: {', '.join(RELATIONS)}.")
    ] = None,
    confirm: Annotated[
        str | None,
        typer.Option("--confirm", help="Confirm STATEMENT's link to this earlier statement."),
    ] = None,
    remove: Annotated[
        str | None,
        typer.Option("--remove", help="Remove STATEMENT's link to this earlier statement."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who gives the verdict (default: $USER).")
    ] = None,
    limit: Limit = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Statements answering, rejecting, citing or repeating others, with the evidence."""
    if relation is not None and relation not in RELATIONS:
        raise fail(f"--relation is one of {', '.join(RELATIONS)}, not {relation!r}")
    if confirm and remove:
        raise fail("Give --confirm or --remove, not both")
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        if confirm or remove:
            if statement is None:
                raise fail("A verdict needs the later STATEMENT and the earlier one")
            argument = {
                "earlier": str(confirm or remove),
                "verdict": "confirm" if confirm else "remove",
            }
            if confirm and relation:
                argument["relation"] = relation
            last = corpus.correct("exchange", statement, argument, by)[-1]
            errors.print(Text(f"#{last.pk} exchange {statement!r}: {last.status}", style="green"))
            return
        found = _threads(corpus, statement, speaker, about, limit)
    if relation:
        found = [v for v in found if v.relation == relation]
    if as_json:
        print_json([{**asdict(v), "evidence": v.evidence()} for v in found])
        return
    _table(found)


def _threads(
    corpus: Corpus, statement: str | None, speaker: str | None, about: str | None, limit: int
) -> list[ExchangeView]:
    if statement is not None:
        views = corpus.exchanges(statement)
        if views is None:
            raise fail(f"No statement {statement!r}: `onrecord statements` lists them")
        return views
    seen: dict[tuple[str, str], ExchangeView] = {}
    for found in corpus.search_statements(Filters(speaker=speaker, about=about), limit=limit):
        for view in corpus.exchanges(found.id) or []:
            seen.setdefault((view.later.id, view.earlier.id), view)
    return sorted(seen.values(), key=lambda v: ((v.earlier.date or "~"), v.later.id))


def _table(found: list[ExchangeView]) -> None:
    table = Table(title=f"{len(found)} exchange(s), in date order", show_lines=True, expand=True)
    table.add_column("earlier", ratio=4)
    table.add_column("", min_width=12, no_wrap=True)
    table.add_column("later", ratio=4)
    table.add_column("evidence", ratio=3)
    for v in found:
        earlier = Text(f"{v.earlier.speaker} ({v.earlier.date or 'date unknown'})\n", style="bold")
        earlier.append(v.earlier.words, style="").append(f"\n{v.earlier.id}", style="dim")
        later = Text(f"{v.later.speaker} ({v.later.date or 'date unknown'})\n", style="bold")
        later.append(v.later.words, style="").append(f"\n{v.later.id}", style="dim")
        evidence = ", ".join(v.shared_words) or "—"
        if v.named:
            evidence += f"\nnames {v.named}"
        evidence += f"\n{v.order}" + ("\nconfirmed" if v.verdict else "")
        table.add_row(earlier, Text(f"← {PAST[v.relation]}"), later, Text(evidence))
    Console().print(table)
