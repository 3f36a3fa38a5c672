"""WARC input: every HTML response is an article; bad records are reported, not fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from onrecord.ingest import RawDocument, read_inputs
from onrecord.model import Article, Problem
from onrecord.run import CapturedArticle, Summary, ingest
from tests.ingest.ingest_builders import PARAGRAPHS, Record, news_page, warc_bytes

TITLES = ("Minister defends budget cuts", "Storm closes schools", "Court blocks new law")


def _pages() -> list[Record]:
    records = []
    for number, title in enumerate(TITLES):
        paragraphs = [f"{p} (Report {number} on {title.lower()}.)" for p in PARAGRAPHS]
        records.append(
            Record(
                f"https://news.example.com/{number}",
                news_page(title, paragraphs).encode("utf-8"),
                date=f"2024-03-0{number + 1}T10:00:00Z",
            )
        )
    return records


def _truncated_record() -> bytes:
    """A complete response record cut off halfway through its payload."""
    payload = news_page("Truncated page", [os.urandom(16).hex() * 40]).encode()
    whole = warc_bytes([Record("https://news.example.com/cut", payload)])
    return whole[: len(whole) - len(payload) // 2]


@pytest.mark.parametrize("compressed", [False, True])
def test_every_html_page_in_a_warc_becomes_an_article(tmp_path: Path, compressed: bool) -> None:
    records = _pages()
    records.insert(1, Record("https://news.example.com/logo.png", os.urandom(300), "image/png"))
    data = warc_bytes(records, gzip=compressed)
    if not compressed:
        data += _truncated_record()
    name = "crawl.warc.gz" if compressed else "crawl.warc"
    (tmp_path / name).write_bytes(data)

    summary = Summary()
    items = list(ingest([tmp_path / name], extract=False, summary=summary))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]

    assert [a.title for a in articles] == list(TITLES)
    assert [a.origin.url for a in articles] == [f"https://news.example.com/{n}" for n in range(3)]
    assert all(isinstance(a, CapturedArticle) for a in articles)
    assert [a.captured for a in articles if isinstance(a, CapturedArticle)] == [
        "2024-03-01T10:00:00Z",
        "2024-03-02T10:00:00Z",
        "2024-03-03T10:00:00Z",
    ]
    for article in articles:
        assert article.origin.record_id and article.origin.record_id.startswith("<urn:uuid:")
        assert article.origin.path == str(tmp_path / name)
        assert article.to_json()["captured"] == getattr(article, "captured", None)
        assert article.published == "2024-03-05"
        assert "Read more" not in "\n".join(s.text(article.text) for s in article.body)
    if compressed:
        assert problems == []
    else:
        (problem,) = problems
        assert "truncated" in problem.reason
        assert "https://news.example.com/cut" in problem.where
    assert summary.read == 3


def test_corrupt_record_is_reported_and_earlier_records_kept(tmp_path: Path) -> None:
    good = warc_bytes(_pages()[:2])
    later = warc_bytes(_pages()[2:])
    path = tmp_path / "broken.warc"
    path.write_bytes(good + b"THIS IS NOT A WARC RECORD\r\n\r\n" + later)
    items = list(read_inputs([path]))
    documents = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [d.url for d in documents] == [
        "https://news.example.com/0",
        "https://news.example.com/1",
    ]
    (problem,) = problems
    assert "corrupt or truncated WARC record" in problem.reason
    assert problem.where.startswith(str(path))


def test_error_status_and_over_limit_records_are_reported(tmp_path: Path) -> None:
    page = news_page().encode()
    records = [
        Record("https://news.example.com/missing", page, status="404 Not Found"),
        Record("https://news.example.com/ok", page),
    ]
    path = tmp_path / "mixed.warc"
    path.write_bytes(warc_bytes(records))
    items = list(read_inputs([path]))
    assert isinstance(items[0], Problem) and "404" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].url == "https://news.example.com/ok"
    limited = list(read_inputs([path], max_bytes=len(page) // 2))
    assert all(isinstance(i, Problem) for i in limited) and len(limited) == 2
    assert "size limit" in limited[1].reason


def test_warc_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "download.bin.txt"
    path.write_bytes(warc_bytes(_pages()[:1]))
    (document,) = list(read_inputs([path]))
    assert isinstance(document, RawDocument) and document.media_type == "text/html"
