"""Helpers for the fault tests: run the real CLI, read back what the store holds."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from onrecord.cli import app
from onrecord.store import open_corpus
from onrecord.store.engine import read_transaction
from onrecord.store.schema import articles, inputs, problems
from tests.ingest.ingest_builders import Record, news_page, warc_bytes

GOOD_TEXT = (
    "WASHINGTON - The transport minister said on Monday that the new rail line would "
    "open next spring.\n\n"
    '"We are on schedule and on budget," she told reporters at the station.\n\n'
    "Critics said the project had already cost twice the original estimate.\n"
)


def good_text(n: int) -> str:
    """A distinct good article (its own words, so its own article id)."""
    return GOOD_TEXT.replace("Monday", f"Monday the {n + 1}th").replace(
        "rail line", f"rail line number {n}"
    )


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def cli(*args: str, stdin: bytes | None = None) -> Run:
    """The real ``onrecord`` command, in this process."""
    result = CliRunner().invoke(
        app, list(args), input=stdin,
        env={"COLUMNS": "300"},
    )  # fmt: skip
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def jsonl(records: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def stored_texts(url: str) -> list[str]:
    with open_corpus(url) as corpus, read_transaction(corpus.engine) as conn:
        return list(conn.execute(select(articles.c.text).order_by(articles.c.pk)).scalars())


def stored_origins(url: str) -> list[str]:
    with open_corpus(url) as corpus, read_transaction(corpus.engine) as conn:
        return list(conn.execute(select(inputs.c.input_id).order_by(inputs.c.input_id)).scalars())


def stored_problems(url: str) -> list[tuple[str, str]]:
    with open_corpus(url) as corpus, read_transaction(corpus.engine) as conn:
        rows = conn.execute(select(problems.c.input_id, problems.c.reason).order_by(problems.c.pk))
        return [(where, reason) for where, reason in rows]


def three_record_warc(gzip: bool = False) -> tuple[bytes, list[bytes]]:
    """A WARC file of three HTML responses (no other records), and their payloads."""
    pages = [
        news_page(f"Story {n}", [good_text(n).replace("\n\n", " ")]).encode() for n in range(3)
    ]
    records = [Record(f"https://news.example.com/{n}", page) for n, page in enumerate(pages)]
    return warc_bytes(records, gzip=gzip, requests=False), pages


def write_good(folder: Path, *names: str) -> list[Path]:
    """Good plain-text articles under these names."""
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        path.write_text(good_text(100 + n + zlib.crc32(name.encode()) % 1000), encoding="utf-8")
        paths.append(path)
    return paths
