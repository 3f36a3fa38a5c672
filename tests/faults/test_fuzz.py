"""Fuzzing the readers and the store with broken inputs (issue 12, item 2).

Each example is a folder: a good text file first, a good HTML page last, and between
them one to three inputs made from real samples (text, HTML, WARC, gzipped WARC,
JSONL) cut short, with bytes changed or inserted (NUL, stray Latin-1, lone-surrogate
escapes, gzip magic, deep nesting), or replaced by random bytes. The real ``ingest``
reads the folder; asserted: nothing raises, every input file is either stored (or
yielded) or named by a problem with a reason, and the good files are always stored.

``make test`` runs a few thousand examples (the ``default`` profile in conftest.py);
``make fuzz`` many more (``ONRECORD_FUZZ=1``; ``ONRECORD_FUZZ_EXAMPLES=N`` to choose).
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from onrecord.ingest import RawDocument, read_inputs
from onrecord.model import Article, Problem
from onrecord.run import ingest
from onrecord.store import Corpus, open_corpus, store_articles
from onrecord.store.engine import read_transaction
from onrecord.store.schema import inputs
from tests.faults.conftest import scaled
from tests.faults.helpers import good_text, jsonl, three_record_warc
from tests.ingest.ingest_builders import news_page

_WARC, _ = three_record_warc()
SAMPLES = {
    "txt": good_text(0).encode(),
    "html": news_page("Budget row", [good_text(1).replace("\n\n", " ")]).encode(),
    "warc": _WARC,
    "warc.gz": three_record_warc(gzip=True)[0],
    "jsonl": jsonl([{"text": good_text(n), "url": f"https://x.test/{n}"} for n in range(3)]),
}
NASTY = [b"\x00", b"\xff\xfe", b"\xe9", b"\\ud800", b"\\u0000", b"\r", b"\x1f\x8b\x08",
         b"WARC/1.0\r\n", b'"}\n{"text": "', b"<div>" * 300, b"\xf0\x9f", b"\n\n",
         b"]]>"]  # fmt: skip
GOOD = ("a-good.txt", "z-good.html")

positions = st.integers(0, 1 << 20)
mutation = st.one_of(
    st.tuples(st.just("cut"), positions, st.just(b"")),
    st.tuples(st.just("flip"), positions, st.binary(min_size=1, max_size=1)),
    st.tuples(st.just("insert"), positions, st.sampled_from(NASTY) | st.binary(max_size=16)),
)


@st.composite
def broken_input(draw: st.DrawFn) -> tuple[str, bytes]:
    """One input file: a real sample broken by a few mutations, or random bytes."""
    kind = draw(st.sampled_from(sorted(SAMPLES)))
    if draw(st.integers(0, 9)) == 0:
        return kind, draw(st.binary(max_size=3000))
    data = bytearray(SAMPLES[kind])
    if kind == "warc.gz" and draw(st.booleans()):  # mutate inside the compression
        data = bytearray(gzip.decompress(bytes(data)))
    for op, at, value in draw(st.lists(mutation, min_size=1, max_size=4)):
        place = at % (len(data) + 1)
        if op == "cut":
            del data[place:]
        elif op == "flip" and place < len(data):
            data[place] = value[0]
        else:
            data[place:place] = value
    return kind, bytes(data)


examples = st.lists(broken_input(), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="onrecord-fuzz-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _lay_out(folder: Path, broken: list[tuple[str, bytes]]) -> list[Path]:
    """The example's files: the good ones around the broken ones, in name order."""
    for old in folder.iterdir():
        old.unlink()
    (folder / GOOD[0]).write_bytes(SAMPLES["txt"])
    (folder / GOOD[1]).write_bytes(SAMPLES["html"])
    paths = []
    for n, (kind, data) in enumerate(broken):
        path = folder / f"m{n}-broken.{kind}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _named(items: list[Article | Problem], path: Path) -> tuple[bool, bool]:
    """Whether an article came from ``path``, and whether a problem names it."""
    name = str(path)
    article = any(isinstance(i, Article) and i.origin.path == name for i in items)
    problem = any(isinstance(i, Problem) and i.where.startswith(name) and i.reason for i in items)
    return article, problem


@settings(max_examples=scaled(2500))
@given(broken=examples)
def test_readers_never_raise_and_name_every_input(
    folder: Path, broken: list[tuple[str, bytes]]
) -> None:
    paths = _lay_out(folder, broken)
    items = list(read_inputs([folder]))
    for path in paths:
        assert any(
            (i.origin.path == str(path))
            if isinstance(i, RawDocument)
            else i.where.startswith(str(path))
            for i in items
        ), f"{path.name} neither read nor reported"


@settings(max_examples=scaled(200))
@given(broken=examples)
def test_ingest_never_raises_and_accounts_for_every_input(
    folder: Path, broken: list[tuple[str, bytes]]
) -> None:
    paths = _lay_out(folder, broken)
    items = list(ingest([folder], extract=False))
    for path in paths:
        assert any(_named(items, path)), f"{path.name} neither read nor reported"
    for name in GOOD:
        article, problem = _named(items, folder / name)
        assert article and not problem, name


def _stored_origins(corpus: Corpus) -> list[str]:
    with read_transaction(corpus.engine) as conn:
        return list(conn.execute(select(inputs.c.input_id)).scalars())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_corpus(request: pytest.FixtureRequest, folder: Path) -> Iterator[Corpus]:
    """One corpus for every example: later examples run on a store that already holds
    the earlier ones, as real runs do."""
    if request.param == "sqlite":
        url = str(folder.parent / f"{folder.name}.db")
    else:
        import psycopg

        server = request.getfixturevalue("pg_server")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "fuzz"')
            conn.execute('CREATE DATABASE "fuzz"')
        url = f"{server}/fuzz"
    corpus = open_corpus(url)
    yield corpus
    corpus.close()
    if request.param == "sqlite":
        for leftover in folder.parent.glob(f"{folder.name}.db*"):
            leftover.unlink()


@settings(max_examples=scaled(80))
@given(broken=st.lists(broken_input(), min_size=1, max_size=2))
def test_the_store_takes_or_reports_every_input(
    folder: Path, fuzz_corpus: Corpus, broken: list[tuple[str, bytes]]
) -> None:
    paths = _lay_out(folder, broken)
    items = ingest([folder], extract=False, skip=fuzz_corpus.stored_inputs())
    reported: list[Problem] = []

    def keep(item: Article | Problem) -> Article | Problem:
        if isinstance(item, Problem):
            reported.append(item)
        return item

    store_articles(fuzz_corpus, (keep(i) for i in items), batch_size=4)
    origins = _stored_origins(fuzz_corpus)
    for path in [*paths, *(folder / name for name in GOOD)]:
        stored = any(o.startswith(str(path)) for o in origins)
        named = any(p.where.startswith(str(path)) for p in reported)
        assert stored or named, f"{path.name} neither stored nor reported"
    for name in GOOD:
        assert any(o.startswith(str(folder / name)) for o in origins), name
