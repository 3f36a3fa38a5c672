"""Exports: the corpus as CSV, JSONL or Parquet, every row traceable to its source text.

Attribution rows carry the article id and the character offsets of source, cue and
content in that article's original text (``articles`` rows carry the text itself), so
``text[content_start:content_end]`` — or each ``[start, end]`` of ``content`` for
discontinuous quotes — gives back the quoted words; mention rows (the people each
article names) carry the offsets of every place the name is written. Rows are in a fixed
order (date, article, position) and hold no ingest timestamps, so two exports of the same
corpus are byte-identical, however it was built. The one thing the order articles were
stored in decides is the order of undated reports within a statement: nothing else
tells which came first.

Attribution and statement rows say what each is about (a statement as its first report
does): ``act``, ``stance``, ``stance_confidence``, ``targets`` (main target first; in
JSONL and Parquet each with its text, span, type and id, in CSV their texts joined by
";") and ``topics`` (in CSV joined by ";").
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, select

from onrecord.store.about_filters import about_terms
from onrecord.store.about_rows import About, load_about
from onrecord.store.query import Filters, sort_order, statement_terms
from onrecord.store.schema import (
    aliases,
    articles,
    attributions,
    mentions,
    organisations,
    people,
    statement_reports,
    statements,
)

Format = Literal["csv", "jsonl", "parquet"]
TableName = Literal["attributions", "statements", "people", "articles", "mentions"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl", "parquet")
TABLES: tuple[TableName, ...] = ("attributions", "statements", "people", "articles", "mentions")
_JSON_COLUMNS = {"content", "reports", "aliases", "body", "origin", "variants", "spans"}


def attribution_rows(conn: Connection, f: Filters | None = None) -> list[dict[str, Any]]:
    """Every attribution, or with ``f`` those its about filters (act, stance, about,
    topic) match, each with what it is about."""
    a, art = attributions, articles
    query = (
        select(
            a.c.article_id,
            art.c.title.label("article_title"),
            art.c.published,
            art.c.outlet,
            a.c.id.label("attribution_id"),
            a.c.seq,
            a.c.kind,
            a.c.source_text,
            a.c.speaker,
            a.c.person_id,
            people.c.name.label("person"),
            a.c.organisation_id,
            organisations.c.name.label("organisation"),
            a.c.role,
            a.c.affiliation,
            a.c.statement_id,
            a.c.confidence,
            a.c.method,
            a.c.source_start,
            a.c.source_end,
            a.c.cue_start,
            a.c.cue_end,
            a.c.content,
            a.c.content_start,
            a.c.content_end,
            a.c.content_text,
            a.c.act,
            a.c.stance,
            a.c.stance_confidence,
        )
        .join(art, art.c.id == a.c.article_id)
        .outerjoin(people, people.c.id == a.c.person_id)
        .outerjoin(organisations, organisations.c.id == a.c.organisation_id)
    )
    if f is not None:
        query = query.where(*about_terms(conn, f))
    rows = [dict(r) for r in conn.execute(query).mappings()]
    about = load_about(conn, None if f is None else [r["attribution_id"] for r in rows])
    for row in rows:
        row["content"] = json.loads(row["content"])
        _add_about(row, about.get(row["attribution_id"]))
    rows.sort(key=lambda r: (r["published"] or "", r["article_id"], r["seq"]))
    return rows


def _add_about(row: dict[str, Any], about: About | None) -> None:
    """Targets (main first) and topics, in full: CSV cells shorten them (``csv_value``)."""
    row["targets"] = [t.to_json() for t in about.targets] if about else []
    row["topics"] = list(about.topics) if about else []


def _reports_of(conn: Connection, ids: list[str] | None) -> dict[str, list[dict[str, Any]]]:
    reports: dict[str, list[dict[str, Any]]] = {}
    query = select(statement_reports).order_by(
        statement_reports.c.statement_id, statement_reports.c.position
    )
    chunks = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    for chunk in chunks:
        wanted = (
            query if chunk is None else query.where(statement_reports.c.statement_id.in_(chunk))
        )
        for r in conn.execute(wanted).mappings():
            report = {k: r[k] for k in r if k != "statement_id"}
            reports.setdefault(r["statement_id"], []).append(report)
    return reports


def statement_rows(conn: Connection) -> list[dict[str, Any]]:
    reports = _reports_of(conn, None)
    rows = [dict(s) for s in conn.execute(select(statements)).mappings()]
    _statement_about(conn, rows)
    for row in rows:
        row["reports"] = reports.get(row["id"], [])
    rows.sort(key=lambda r: (r["first_published"] or "", r["first_attribution_id"]))
    return rows


def search_rows(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    """The statements a search finds, in its order, as ``statement_rows`` writes them:
    what an analyst sees, exported with the same filters."""
    query = select(statements).where(*statement_terms(conn, f)).order_by(*sort_order(f))
    rows = [dict(s) for s in conn.execute(query).mappings()]
    _statement_about(conn, rows)
    reports = _reports_of(conn, [r["id"] for r in rows])
    for row in rows:
        row["reports"] = reports.get(row["id"], [])
    return rows


def _statement_about(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """What each statement is about: as its first report's attribution has it."""
    firsts = [r["first_attribution_id"] for r in rows]
    a = attributions
    columns: dict[str, tuple[Any, ...]] = {}
    for start in range(0, len(firsts), 500):
        query = select(a.c.id, a.c.act, a.c.stance, a.c.stance_confidence).where(
            a.c.id.in_(firsts[start : start + 500])
        )
        columns.update((ident, tuple(rest)) for ident, *rest in conn.execute(query))
    about = load_about(conn, firsts)
    for row in rows:
        act, stance, sure = columns.get(row["first_attribution_id"], (None, None, None))
        row.update(act=act, stance=stance, stance_confidence=sure)
        _add_about(row, about.get(row["first_attribution_id"]))


def people_rows(conn: Connection) -> list[dict[str, Any]]:
    names: dict[str, list[str]] = {}
    for owner, alias in conn.execute(
        select(aliases.c.owner_id, aliases.c.alias).order_by(aliases.c.owner_id, aliases.c.alias)
    ):
        names.setdefault(owner, []).append(alias)
    rows = [{**dict(r), "kind": "person"} for r in conn.execute(select(people)).mappings()]
    rows += [
        {**dict(r), "kind": "organisation", "affiliation": None}
        for r in conn.execute(select(organisations)).mappings()
    ]
    for row in rows:
        row["aliases"] = names.get(row["id"], [])
    rows.sort(key=lambda r: (r["kind"], r["name"].lower(), r["id"]))
    return rows


def article_rows(conn: Connection) -> list[dict[str, Any]]:
    query = select(*(c for c in articles.c if c.name not in {"pk", "ingested_at"}))
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["body"] = json.loads(row["body"])
        for key in ("comments", "removed", "dateline"):
            row[key] = row[key] or None
    rows.sort(key=lambda r: (r["published"] or "", r["id"]))
    return rows


def mention_rows(conn: Connection) -> list[dict[str, Any]]:
    m = mentions
    query = (
        select(
            m.c.article_id,
            articles.c.title.label("article_title"),
            articles.c.published,
            articles.c.outlet,
            m.c.id.label("mention_id"),
            m.c.seq,
            m.c.name,
            m.c.variants,
            m.c.person_id,
            people.c.name.label("person"),
            m.c.role,
            m.c.affiliation,
            m.c.spans,
        )
        .join(articles, articles.c.id == m.c.article_id)
        .outerjoin(people, people.c.id == m.c.person_id)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["variants"] = json.loads(row["variants"])
        row["spans"] = json.loads(row["spans"])
    rows.sort(key=lambda r: (r["published"] or "", r["article_id"], r["seq"]))
    return rows


FILTERED: tuple[TableName, ...] = ("attributions", "statements")
ROWS: dict[TableName, Callable[[Connection], list[dict[str, Any]]]] = {
    "attributions": attribution_rows,
    "statements": statement_rows,
    "people": people_rows,
    "articles": article_rows,
    "mentions": mention_rows,
}


def write_rows(rows: list[dict[str, Any]], out: Path, fmt: Format) -> int:
    """Write rows in ``fmt``; nested values become JSON text in CSV (``csv_value``)."""
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
    elif fmt == "csv":
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            columns = list(rows[0]) if rows else []
            writer.writerow(columns)
            for row in rows:
                writer.writerow([csv_value(k, row[k]) for k in columns])
    elif fmt == "parquet":
        _write_parquet(rows, out)
    else:
        raise ValueError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return len(rows)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's "CSV
# injection"): scraped titles and outlets can, so such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Joined with this in a CSV cell: the targets' words (main target first) and the topics.
JOINED = ";"


def csv_cell(value: Any, as_json: bool = False) -> Any:
    """One CSV cell: nested values as JSON text, None as empty, formulas neutralised."""
    if as_json or isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_value(key: str, value: Any) -> Any:
    """The CSV cell of column ``key``: targets and topics as words joined by ";" (a
    spreadsheet reads them; the JSONL keeps the spans and types), the rest as
    ``csv_cell`` writes them."""
    if key == "targets" and isinstance(value, list):
        return csv_cell(JOINED.join(t["text"] for t in value))
    if key == "topics" and isinstance(value, list):
        return csv_cell(JOINED.join(value))
    return csv_cell(value, key in _JSON_COLUMNS)


def _write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [
        {
            k: (
                json.dumps(v, ensure_ascii=False)
                if isinstance(v, dict)
                or k == "targets"  # a list of records, and empty in some rows: one type
                or (isinstance(v, list) and v and isinstance(v[0], dict))
                else v
            )
            for k, v in row.items()
        }
        for row in rows
    ]
    table = pa.Table.from_pylist(flat)
    pq.write_table(table, out)


def to_bytes(rows: list[dict[str, Any]], fmt: Format) -> bytes:
    """Rows in ``fmt`` as one file's bytes (a download)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="onrecord-export-") as folder:
        out = Path(folder) / f"rows.{fmt}"
        write_rows(rows, out, fmt)
        return out.read_bytes()


def export(
    conn: Connection,
    table: TableName,
    out: Path,
    fmt: Format,
    min_confidence: float | None = None,
    filters: Filters | None = None,
) -> int:
    """Write one table of the corpus to ``out``; returns the number of rows. A
    ``min_confidence`` keeps only the attributions at least that sure (attributions
    table only: the other tables have no confidence of their own). ``filters`` keeps the
    attributions their about filters match, or the statements the search finds; the
    other tables have nothing to filter on."""
    if table not in ROWS:
        raise ValueError(f"Unknown table {table!r}: use one of {', '.join(TABLES)}")
    if filters is not None and table not in FILTERED:
        raise ValueError(f"Filters apply to the {' and '.join(FILTERED)} tables, not {table}")
    if filters is None:
        rows = ROWS[table](conn)
    else:
        rows = (
            attribution_rows(conn, filters)
            if table == "attributions"
            else search_rows(conn, filters)
        )
    if min_confidence and table == "attributions":
        rows = [row for row in rows if row["confidence"] >= min_confidence]
    return write_rows(rows, out, fmt)
