"""Reading inputs: formats told apart, bad inputs reported with reasons, the rest kept."""

# ruff: noqa: E501  (scraped text is kept one paragraph per line, as scraped)

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from onrecord.clean import decode_text
from onrecord.errors import InputError
from onrecord.ingest import DEFAULT_MAX_BYTES, RawDocument, max_bytes_setting, read_inputs, sniff
from onrecord.model import Article, Problem
from onrecord.run import ingest
from onrecord.run.pipeline import prepare
from tests.ingest.ingest_builders import news_page

CURLY = "The minister said: “We will not back down,” adding that the café owners’ protest — a long one — would be heard by the council next week."


def read(paths: list[Path | str], **kwargs: int) -> tuple[list[RawDocument], list[Problem]]:
    items = list(read_inputs(paths, **kwargs))
    return (
        [i for i in items if isinstance(i, RawDocument)],
        [i for i in items if isinstance(i, Problem)],
    )


def test_sniff_by_content_and_name() -> None:
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt") == "html"
    assert sniff(b"WARC/1.1\r\nWARC-Type: warcinfo", "") == "warc"
    assert sniff(b"\x1f\x8b\x08\x00", "a.warc.gz") == "gzip"
    assert sniff(b'{"text": "hello"}\n{"text": "again"}', "") == "jsonl"
    assert sniff(b"<p>Hello</p> world", "page.html") == "html"
    assert sniff(b"He said <b> was a tag.", "a.txt") == "text"
    assert sniff(b"Plain words, nothing else.", "a.html") == "text"


def test_folders_are_read_recursively_and_unknown_files_reported(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One story. " * 20)
    (tmp_path / "a" / "b" / "two.html").write_text(news_page())
    (tmp_path / "a" / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "a" / ".hidden.txt").write_text("secret")
    documents, problems = read([tmp_path / "a"])
    assert [Path(d.origin.path or "").name for d in documents] == ["two.html", "one.txt"]
    assert [d.media_type for d in documents] == ["text/html", "text/plain"]
    (problem,) = problems
    assert problem.where.endswith("photo.jpg") and "unrecognised" in problem.reason


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _, problems = read([tmp_path / "nope.txt", tmp_path / "empty"])
    assert [p.reason for p in problems] == ["no such file or directory", "folder holds no files"]


def test_empty_and_binary_files_are_refused_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text(CURLY)
    results = [prepare(d) for d in read([tmp_path])[0]]
    reasons = {Path(r.where).name: r.reason for r in results if isinstance(r, Problem)}
    assert reasons == {
        "binary.txt": "binary file (contains NUL bytes), not text",
        "empty.txt": "empty file",
    }
    assert sum(isinstance(r, Article) for r in results) == 1


def test_control_characters_mean_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_text(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 50 + b"text")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = (
        CURLY
        if encoding != "latin-1"
        else "José Martínez, the naïve café owner, said the résumé was fine."
    )
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    (document,) = read([path])[0]
    article = prepare(document)
    assert isinstance(article, Article)
    assert article.text.strip() == text


def test_line_ends_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(
        b"A headline for the story\r\n\r\nThe council met on Monday and voted to approve the plan.\r\n"
    )
    article = prepare(read([path])[0][0])
    assert isinstance(article, Article)
    assert "\r" not in article.text
    assert (
        article.body[0].text(article.text)
        == "The council met on Monday and voted to approve the plan."
    )


def test_size_limit_by_argument_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 400)
    small = tmp_path / "small.txt"
    small.write_text("A short story that fits under the limit.")
    documents, problems = read([big, small], max_bytes=1000)
    assert [Path(d.origin.path or "").name for d in documents] == ["small.txt"]
    (problem,) = problems
    assert problem.where == str(big)
    assert "2,000 bytes, over the size limit of 1,000 bytes" in problem.reason
    monkeypatch.setenv("ONRECORD_MAX_BYTES", "1500")
    assert max_bytes_setting() == 1500
    assert len(read([big])[1]) == 1
    monkeypatch.setenv("ONRECORD_MAX_BYTES", "lots")
    with pytest.raises(ValueError, match="ONRECORD_MAX_BYTES"):
        max_bytes_setting()
    monkeypatch.delenv("ONRECORD_MAX_BYTES")
    assert max_bytes_setting() == DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_malformed_html_is_a_reason_or_a_best_effort_article(tmp_path: Path) -> None:
    broken = news_page().replace("</p>", "").replace("</article>", "<div><table><tr>")
    (tmp_path / "broken.html").write_text(broken[: len(broken) - 200])
    (tmp_path / "junk.html").write_text("<html><<<>>><body></body>")
    (tmp_path / "nothing.html").write_text(
        "<html><head><title></title></head><body> </body></html>"
    )
    results = {Path(d.origin.path or "").name: prepare(d) for d in read([tmp_path])[0]}
    article = results["broken.html"]
    assert isinstance(article, Article)
    assert "defended deep cuts" in "\n".join(s.text(article.text) for s in article.body)
    for name in ("junk.html", "nothing.html"):
        problem = results[name]
        assert isinstance(problem, Problem) and "no readable text" in problem.reason


def test_gzipped_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(news_page().encode()))
    (document,) = read([path])[0]
    assert document.media_type == "text/html"
    article = prepare(document)
    assert isinstance(article, Article) and article.title == "Minister defends budget cuts"


def test_jsonl_lines_bad_lines_reported_with_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": CURLY, "url": "https://a.example.org/1", "title": "Café protest",
                    "published": "March 1, 2024", "outlet": "The Wire", "id": "r1"}),
        "{not json at all",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://a.example.org/empty"}),
        json.dumps({"html": news_page(), "url": "https://b.example.org/2"}),
    ]  # fmt: skip
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(ingest([path], extract=False))
    problems = [i for i in items if isinstance(i, Problem)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [p.where for p in problems] == [f"{path} line {n}" for n in (2, 4, 5)]
    assert problems[0].reason.startswith("line 2 is not valid JSON")
    assert "not an object" in problems[1].reason
    assert "neither a 'text' nor an 'html'" in problems[2].reason
    first, second = articles
    assert (first.title, first.published, first.outlet) == (
        "Café protest",
        "2024-03-01",
        "The Wire",
    )
    assert (first.origin.line, first.origin.record_id, first.origin.url) == (
        1, "r1", "https://a.example.org/1",
    )  # fmt: skip
    assert second.origin.line == 6 and second.title == "Minister defends budget cuts"
    assert second.outlet == "The Daily Ledger"


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    page = news_page().encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    (document,) = read(["-"])[0]
    assert document.origin.path == "<stdin>" and document.media_type == "text/html"
    stream = b"\n".join(json.dumps({"text": CURLY + f" {n}"}).encode() for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stream)))
    documents, problems = read(["-"])
    assert [d.origin.line for d in documents] == [1, 2, 3] and not problems
