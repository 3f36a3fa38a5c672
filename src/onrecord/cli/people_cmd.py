"""People commands: ``people`` (everyone, with corrections) and ``person``.

``onrecord people merge|split|rename`` (people, by id or by a name only one of them
answers to) and ``reject|reassign`` (one attribution, by the id ``export`` and ``person
--json`` show) record analysts' corrections, with who made them and when; ``people
undo N`` withdraws one; ``people corrections`` lists them all. Every link re-applies
them, so they survive re-ingesting the corpus. A correction that cannot be made (an
ambiguous or unknown name, a repeat) is refused with exit code 1, the candidates listed,
and nothing stored. People include everyone an article names, not only those it quotes:
their mentions are counted and ``person`` lists the articles that name them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from onrecord.cli.common import (
    DbOption,
    JsonOption,
    Limit,
    corpus_at,
    errors,
    fail,
    print_json,
)


def register(app: typer.Typer) -> None:
    app.command("person")(person_command)
    app.add_typer(people_app, name="people")


def person_command(
    name: Annotated[str, typer.Argument(help="A name or alias, e.g. 'Miller'.")],
    limit: Limit = 200,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One person or organisation: aliases, roles with their dates, how often the corpus
    mentions them and where, and their statements."""
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        records = corpus.person(name, limit=limit)
    if not records:
        raise fail(f"No one called {name!r} in the corpus; `onrecord people` lists everyone.")
    if as_json:
        print_json([asdict(r) for r in records])
        return
    console = Console()
    for record in records:
        p = record.person
        console.print(Text(f"{p.name}  ({p.kind}, {p.id})", style="bold"))
        console.print(Text(f"also written: {', '.join(p.aliases)}"))
        console.print(
            Text(
                f"{p.mentions} mention(s), {p.statements} statement(s), reported "
                f"{p.first_reported or '?'} – {p.last_reported or '?'}"
            )
        )
        for role in p.roles:
            span = f"{role.first_reported or '?'} – {role.last_reported or '?'}"
            console.print(
                Text(
                    f"  {role.role or '—'}, {role.affiliation or '—'}: {span} "
                    f"({role.mentions} mention(s))"
                )
            )
        for named in record.named_in:
            where = named.title or named.article_id
            console.print(Text(f"  named {len(named.spans)}× in {named.published or '?'} {where}"))
        if not record.statements:
            continue  # named, never quoted: no empty table
        table = Table(show_lines=True, expand=True)
        table.add_column("first reported", ratio=2)
        table.add_column("the words", ratio=6)
        table.add_column("reports", ratio=1)
        for s in record.statements:
            table.add_row(
                Text(f"{s.first_published or '?'} {s.first_outlet or ''}"),
                Text(s.words),
                str(s.report_count),
            )
        console.print(table)


# -- people: list and corrections ---------------------------------------------------

people_app = typer.Typer(
    help=(
        "People and organisations across articles; merge, split and rename them, "
        "reject or reassign an attribution."
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)
By = Annotated[
    str | None,
    typer.Option("--by", help="Who makes the correction (default: $ONRECORD_ANALYST or $USER)."),
]


@people_app.callback()
def people_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="person, organisation or all.")] = "all",
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 200,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, for machines.")] = False,
) -> None:
    """Everyone who is reported saying something, most mentioned first."""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    if kind not in ("person", "organisation", "all"):
        raise fail("--kind must be person, organisation or all", 2)
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        found = [p for p in corpus.people() if kind in ("all", p.kind)][:limit]
    if as_json:
        print_json([asdict(p) for p in found])
        return
    table = Table(title=f"{len(found)} people and organisations", expand=True)
    for name, ratio in (
        ("name", 2),
        ("kind", 1),
        ("affiliation / roles", 3),
        ("also written", 3),
        ("mentions", 1),
        ("statements", 1),
        ("reported", 2),
    ):
        table.add_column(name, ratio=ratio)
    for p in found:
        roles = "; ".join(", ".join(filter(None, (r.role, r.affiliation))) for r in p.roles)
        table.add_row(
            Text(p.name),
            p.kind,
            Text(roles or p.affiliation or ""),
            Text(", ".join(a for a in p.aliases if a != p.name)),
            str(p.mentions),
            str(p.statements),
            Text(f"{p.first_reported or '?'} – {p.last_reported or '?'}"),
        )
    Console().print(table)


def _correct(
    ctx: typer.Context,
    db: str | None,
    action: str,
    subject: str,
    argument: dict[str, str],
    by: str | None,
    note: str | None = None,
) -> None:
    with corpus_at(db or ctx.obj) as corpus:
        made = corpus.correct(action, subject, argument, by, note)  # refusals raise
    last = made[-1]
    meant = "".join(
        f"\n  {role}: {entry['name']} ({entry['id'] or 'new ' + str(entry['kind'])})"
        for role, entry in last.resolved.items()
    )
    errors.print(Text(f"#{last.pk} {action} {subject!r}: {last.status}{meant}", style="green"))


@people_app.command("merge")
def merge_command(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The person to keep: an id, or a name only they answer to.")
    ],
    other: Annotated[str, typer.Argument(help="The person to fold into it (id or name).")],
    by: By = None,
    db: DbOption = None,
) -> None:
    """NAME and OTHER are the same person."""
    _correct(ctx, db, "merge", name, {"other": other}, by)


@people_app.command("split")
def split_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person wrongly joined (id or name).")],
    alias: Annotated[
        str, typer.Option("--alias", help="Mentions written this way are someone else.")
    ],
    by: By = None,
    db: DbOption = None,
) -> None:
    """Mentions written ALIAS are not NAME: make them a person of their own."""
    _correct(ctx, db, "split", name, {"alias": alias}, by)


@people_app.command("rename")
def rename_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The person: an id, or their name or an alias.")],
    new_name: Annotated[str, typer.Argument(help="The name to show from now on.")],
    by: By = None,
    db: DbOption = None,
) -> None:
    """Show NAME as NEW_NAME."""
    _correct(ctx, db, "rename", name, {"name": new_name}, by)


@people_app.command("reject")
def reject_command(
    ctx: typer.Context,
    attribution: Annotated[
        str, typer.Argument(help="The attribution id, '<article id>:<n>' (see export).")
    ],
    note: Annotated[str | None, typer.Option("--note", help="Why it is wrong.")] = None,
    by: By = None,
    db: DbOption = None,
) -> None:
    """ATTRIBUTION is wrong: credit no one with it and drop it from statements."""
    _correct(ctx, db, "reject", attribution, {}, by, note)


@people_app.command("reassign")
def reassign_command(
    ctx: typer.Context,
    attribution: Annotated[
        str, typer.Argument(help="The attribution id, '<article id>:<n>' (see export).")
    ],
    speaker: Annotated[
        str, typer.Argument(help="Who really said it: an id, or a name only they answer to.")
    ],
    create: Annotated[
        str | None,
        typer.Option(
            "--create",
            help="If no one answers to SPEAKER, make them: 'person' or 'organisation'. "
            "The name is taken as written.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    by: By = None,
    db: DbOption = None,
) -> None:
    """ATTRIBUTION was said by SPEAKER, not by whom the text seemed to name."""
    if create not in (None, "person", "organisation"):
        raise fail("--create must be person or organisation", 2)
    argument = {"speaker": speaker, **({"create": create} if create else {})}
    _correct(ctx, db, "reassign", attribution, argument, by, note)


@people_app.command("undo")
def undo_command(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The correction's #, as `corrections` lists.")],
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    by: By = None,
    db: DbOption = None,
) -> None:
    """Withdraw correction NUMBER; the undo is a correction of its own in the list."""
    _correct(ctx, db, "undo", str(number), {}, by, note)


@people_app.command("corrections")
def corrections_command(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, for machines.")] = False,
) -> None:
    """Every correction, oldest first: who, when, what, and whether it applies."""
    with corpus_at(db or ctx.obj) as corpus:
        corpus.ensure_linked()
        made = corpus.corrections()
    if as_json:
        print_json([asdict(c) for c in made])
        return
    table = Table(title=f"{len(made)} corrections", expand=True)
    for name in ("#", "when", "by", "action", "subject", "argument", "meant", "status"):
        table.add_column(name)
    for c in made:
        table.add_row(
            str(c.pk),
            c.at[:19],
            Text(c.by),
            c.action,
            Text(c.subject),
            Text(", ".join(f"{k}: {v}" for k, v in sorted(c.argument.items()))),
            Text(
                "; ".join(
                    f"{role}: {e['name']} ({e['id'] or 'new ' + str(e['kind'])})"
                    for role, e in c.resolved.items()
                )
            ),
            Text(c.status or "pending"),
        )
    Console().print(table)
