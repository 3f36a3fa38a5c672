"""Corpus commands: statements, articles, timeline, export, stats, load.

Every command takes ``--db`` (a SQLite path or a ``postgresql://`` URL; default
``$ONRECORD_DB`` or ``./onrecord.db``). Tables are for people, ``--json`` for machines.
Scraped text is always printed as ``rich.text.Text``, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from onrecord.about import Topics, load_topics
from onrecord.cli.about_text import about_line, report_json, statement_json, topics_of
from onrecord.cli.common import DbOption, JsonOption, Limit, corpus_at, errors, fail, print_json
from onrecord.cli.output import write_to
from onrecord.errors import OnrecordError
from onrecord.store import Filters, store_articles
from onrecord.store.export import FILTERED, FORMATS, TABLES
from onrecord.store.filters import FilterError, build_filters
from onrecord.store.load import read_article_jsonl


def register(app: typer.Typer) -> None:
    app.command("statements")(statements_command)
    app.command("articles")(articles_command)
    app.command("timeline")(timeline_command)
    app.command("export")(export_command)
    app.command("stats")(stats_command)
    app.command("load")(load_command)


def make_filters(
    q: str | None = None,
    speaker: str | None = None,
    affiliation: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    topic: str | None = None,
    topics_file: Path | None = None,
    sort: str | None = None,
    min_confidence: float | None = None,
    about: str | None = None,
    act: str | None = None,
    stance: str | None = None,
) -> Filters:
    """The store's one filter builder; what it refuses is exit code 2, naming the option."""
    try:
        # The topic list is read only when a topic is asked for.
        topics = load_topics(topics_file) if topic else Topics({})
        return build_filters(
            topics,
            q=q,
            speaker=speaker,
            affiliation=affiliation,
            outlet=outlet,
            kind=kind,
            topic=topic,
            since=since,
            until=until,
            sort=sort,
            min_confidence=min_confidence,
            about=about,
            act=act,
            stance=stance,
        )
    except FilterError as exc:
        raise fail(f"--{exc.field}: {exc}", 2) from exc
    except OnrecordError as exc:  # an unreadable topics file
        raise fail(str(exc), 2) from exc


Q = Annotated[str | None, typer.Option("--q", "-q", help="Words to search for.")]
Speaker = Annotated[str | None, typer.Option(help="Person or organisation (any alias).")]
Affiliation = Annotated[str | None, typer.Option(help="Speakers affiliated with this.")]
Outlet = Annotated[str | None, typer.Option(help="Reported by this outlet.")]
Kind = Annotated[str | None, typer.Option(help="direct, indirect or mixed.")]
Since = Annotated[str | None, typer.Option(help="Reported on or after (YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Reported on or before (YYYY-MM-DD).")]
Topic = Annotated[str | None, typer.Option(help="A topic from the topic list.")]
TopicsFile = Annotated[
    Path | None, typer.Option("--topics", help="JSON file of extra topics (env ONRECORD_TOPICS).")
]
Sort = Annotated[
    str | None, typer.Option(help="latest (default) or earliest first, or reports (most).")
]
About = Annotated[
    str | None,
    typer.Option(help="About this: a target's words, or a person or organisation by any name."),
]
Act = Annotated[
    str | None, typer.Option(help="urge, concern, support, assure, deny, inform or cite.")
]
Stance = Annotated[
    str | None,
    typer.Option(help="Toward the main target: negative, neutral or positive (or -1, 0, 1)."),
]
MinConfidence = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        help="Only attributions at least this sure (0-1: the probability they are right).",
    ),
]


def statements_command(
    q: Q = None,
    speaker: Speaker = None,
    affiliation: Affiliation = None,
    outlet: Outlet = None,
    kind: Kind = None,
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    topics: TopicsFile = None,
    about: About = None,
    act: Act = None,
    stance: Stance = None,
    sort: Sort = None,
    min_confidence: MinConfidence = None,
    limit: Limit = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Statements (the same words across articles), latest first, with every report."""
    filters = make_filters(
        q, speaker, affiliation, outlet, kind, since, until, topic, topics, sort,
        min_confidence, about, act, stance,
    )  # fmt: skip
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        found = corpus.search_statements(filters, limit=limit)
    tagger = load_topics(topics)
    if as_json:
        print_json([statement_json(s, tagger) for s in found])
        return
    table = Table(title=f"{len(found)} statement(s)", show_lines=True, expand=True)
    for name, ratio in (("speaker", 2), ("the words", 6), ("first reported", 2), ("reports", 3)):
        table.add_column(name, ratio=ratio)
    for s in found:
        reports = Text()
        for r in s.reports:
            line = f"{r.published or '?'} {r.outlet or '?'}"
            reports.append(line + (f" (quoted by {r.quoted_by})" if r.quoted_by else "") + "\n")
        first = Text(f"{s.first_published or '?'}\n{s.first_outlet or '?'}\n{s.first_article_id}")
        words = Text(s.words)
        about_it = about_line(s.first_report, topics_of(s, tagger))
        if about_it:
            words.append("\n").append_text(about_it)
        table.add_row(Text(s.speaker), words, first, reports)
    Console().print(table)


def articles_command(
    q: Q = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    topic: Topic = None,
    topics: TopicsFile = None,
    limit: Limit = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Articles whose title or body match, latest first."""
    filters = make_filters(q, None, None, outlet, None, since, until, topic, topics)
    with corpus_at(db) as corpus:
        found = corpus.search_articles(filters, limit=limit)
    if as_json:
        print_json([asdict(a) for a in found])
        return
    table = Table(title=f"{len(found)} article(s)", expand=True)
    for name in ("published", "outlet", "title", "id"):
        table.add_column(name)
    for a in found:
        table.add_row(Text(a.published or ""), Text(a.outlet or ""), Text(a.title or ""), a.id)
    Console().print(table)


def timeline_command(
    speaker: Speaker = None,
    affiliation: Affiliation = None,
    topic: Topic = None,
    topics: TopicsFile = None,
    about: About = None,
    act: Act = None,
    stance: Stance = None,
    since: Since = None,
    until: Until = None,
    q: Q = None,
    min_confidence: MinConfidence = None,
    limit: Limit = 1000,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every report in date order: who said what, when, and where it was reported."""
    filters = make_filters(
        q, speaker, affiliation, None, None, since, until, topic, topics, None,
        min_confidence, about, act, stance,
    )  # fmt: skip
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        reports = corpus.timeline(filters, limit=limit)
    if as_json:
        print_json([report_json(r) for r in reports])
        return
    table = Table(title=f"{len(reports)} report(s)", expand=True)
    for name, ratio in (("date", 1), ("outlet", 1), ("speaker", 2), ("the words", 6)):
        table.add_column(name, ratio=ratio)
    for r in reports:
        who = r.speaker or "?"
        if r.quoted_by:
            who += f" (quoted by {r.quoted_by})"
        words = Text(r.words)
        about_it = about_line(r, r.topics)
        if about_it:
            words.append("\n").append_text(about_it)
        table.add_row(Text(r.published or "?"), Text(r.outlet or ""), Text(who), words)
    Console().print(table)


def export_command(
    out: Annotated[str, typer.Option("--out", "-o", help="File to write (- for stdout).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = "jsonl",
    table: Annotated[
        str, typer.Option(help="attributions, statements, people, articles or mentions.")
    ] = "attributions",
    min_confidence: MinConfidence = None,
    about: About = None,
    act: Act = None,
    stance: Stance = None,
    topic: Topic = None,
    topics: TopicsFile = None,
    db: DbOption = None,
) -> None:
    """Export a table; attribution rows carry article ids and offsets into the text.

    --about, --act, --stance and --topic keep the attributions (or, with --table
    statements, the statements) about that."""
    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}", 2)
    if table not in TABLES:
        raise fail(f"--table must be one of {', '.join(TABLES)}", 2)
    filters = make_filters(
        topic=topic, topics_file=topics, min_confidence=min_confidence, about=about, act=act,
        stance=stance,
    )  # fmt: skip
    narrowed = any((about, act, stance, topic))
    if narrowed and table not in FILTERED:
        raise fail(f"--about, --act, --stance and --topic apply to {' and '.join(FILTERED)}", 2)
    with corpus_at(db) as corpus:
        corpus.ensure_linked()
        count = write_to(
            out,
            lambda path: corpus.export(
                path, fmt, table, filters.min_confidence, filters if narrowed else None
            ),
        )
    errors.print(Text(f"{count} {table} row(s) written to {'stdout' if out == '-' else out}"))


def stats_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What the corpus holds."""
    with corpus_at(db) as corpus:
        stats = corpus.stats()
    if as_json:
        print_json(asdict(stats))
        return
    table = Table(show_header=False)
    for key, value in asdict(stats).items():
        if key != "outlets":
            table.add_row(key, Text(str(value)))
    table.add_row("outlets", Text(", ".join(f"{k or '?'}: {v}" for k, v in stats.outlets.items())))
    Console().print(table)


def load_command(
    paths: Annotated[list[Path], typer.Argument(help="JSONL files of articles (onrecord ingest).")],
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 200,
    db: DbOption = None,
) -> None:
    """Store articles from JSONL (as `onrecord ingest` writes them) in the corpus."""
    with corpus_at(db, must_exist=False) as corpus:
        stats = store_articles(corpus, read_article_jsonl(paths), batch_size)
    errors.print(
        Text(
            f"{stats.articles_added} article(s) added, {stats.already_done} already stored, "
            f"{stats.duplicates} duplicate(s), {stats.problems_added} problem(s) recorded"
        )
    )
    if stats.problems_added:
        raise typer.Exit(1)
