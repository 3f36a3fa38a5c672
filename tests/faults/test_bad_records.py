"""One bad record never ends a run (issue 12, item 2): each is one problem line naming
its input and place, and the inputs before and after it are stored, on both backends."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

from onrecord.model import Article, Origin, Span, article_id
from onrecord.store import open_corpus
from tests.faults.helpers import (
    cli,
    good_text,
    jsonl,
    stored_problems,
    stored_texts,
    three_record_warc,
    write_good,
)


def test_warc_gz_cut_inside_a_record_header(store_url: str, tmp_path: Path) -> None:
    data, _ = three_record_warc(gzip=True)
    # one gzip member per record: cut 40 compressed bytes into the third, in its header
    starts = [i for i in range(len(data) - 1) if data[i : i + 2] == b"\x1f\x8b\x08"[:2]]
    starts = [i for i in starts if _member_starts(data, i)]
    assert len(starts) == 3
    cut = data[: starts[2] + 40]
    folder = tmp_path / "in"
    folder.mkdir()
    write_good(folder, "a-first.txt", "z-last.txt")
    (folder / "m-crawl.warc.gz").write_bytes(cut)
    run = cli("ingest", str(folder), "--db", store_url, "--no-extract")
    assert run.code == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if x.startswith("skipped")]
    assert f"{folder / 'm-crawl.warc.gz'} at byte {starts[2]}" in line
    assert "corrupt or truncated WARC record 3" in line
    texts = stored_texts(store_url)
    assert len(texts) == 4  # two files, and the two whole records before the cut
    assert sum("Story" in t for t in texts) == 2


def _member_starts(data: bytes, at: int) -> bool:
    try:
        return gzip.decompress(data[at:]).startswith(b"WARC/1.0")
    except Exception:
        return False


def test_nul_characters_are_stored_alike_on_both_backends(store_url: str, tmp_path: Path) -> None:
    bad = good_text(1).replace("new rail line", "new\x00rail line")
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(jsonl([{"text": good_text(0)}, {"text": bad}, {"text": good_text(2)}]))
    run = cli("ingest", str(feed), "--db", store_url, "--no-extract")
    assert run.code == 0, run.stderr
    assert "3 article(s) read" in run.stderr
    notes = [x for x in run.stderr.splitlines() if x.startswith("note")]
    assert len(notes) == 1 and f"{feed} line 2" in notes[0] and "NUL" in notes[0]
    texts = stored_texts(store_url)
    assert len(texts) == 3
    offset = bad.index("\x00")
    [stored] = [t for t in texts if "\ufffd" in t]
    assert stored[offset] == "\ufffd" and len(stored) == len(bad.replace("\r", ""))
    assert any("NUL" in reason for _, reason in stored_problems(store_url))  # on record


def test_lone_surrogate_in_jsonl_is_named_and_replaced(store_url: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": good_text(n)}) for n in range(3)]
    lines[1] = lines[1].replace("rail line", "rail \\ud800line")  # valid JSON, not UTF-8
    feed.write_text("\n".join(lines) + "\n")
    run = cli("ingest", str(feed), "--db", store_url, "--no-extract")
    assert run.code == 0, run.stderr
    notes = [x for x in run.stderr.splitlines() if x.startswith("note")]
    assert len(notes) == 1 and f"{feed} line 2" in notes[0] and "surrogate" in notes[0]
    assert len(stored_texts(store_url)) == 3


def _article(n: int, **changes: str) -> Article:
    text = good_text(n)
    article = Article(
        id=article_id(text), origin=Origin(path=f"batch/{n}.txt"), text=text,
        body=[Span(0, len(text))], language="en",
    )  # fmt: skip
    return dataclasses.replace(article, **changes)


def test_a_record_the_store_refuses_is_reported_and_the_rest_stored(store_url: str) -> None:
    # PostgreSQL refuses a date longer than its column (SQLite keeps it): the batch
    # fails, is written again one article at a time, and only that one is left out.
    items = [_article(0), _article(1, published="x" * 200), _article(2)]
    with open_corpus(store_url) as corpus:
        stats = corpus.add(items)
        problems = corpus.problems()
    texts = stored_texts(store_url)
    assert good_text(0) in texts and good_text(2) in texts
    if store_url.startswith("postgresql"):
        assert stats.articles_added == 2
        [problem] = problems
        assert problem.where == "batch/1.txt"
        assert problem.reason.startswith("could not be stored (DataError")
    else:
        assert stats.articles_added == 3 and problems == []
    with open_corpus(store_url) as corpus:  # later runs go on
        assert corpus.add([_article(3)]).articles_added == 1
