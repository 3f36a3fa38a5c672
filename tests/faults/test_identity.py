"""An input is its origin AND its content (issue 12, item 1): standard input run twice
with new content, and a file rewritten under the same name, are new inputs and stored;
the same content again is "already stored"; the same content elsewhere keeps both."""

from __future__ import annotations

from pathlib import Path

from tests.faults.helpers import cli, good_text, jsonl, stored_origins, stored_texts


def _feed(first: int) -> bytes:
    return jsonl(
        [{"text": good_text(n), "url": f"https://x.test/{n}"} for n in range(first, first + 3)]
    )


def test_second_stdin_run_with_new_content_is_stored(store_url: str) -> None:
    first = cli("ingest", "-", "--db", store_url, "--no-extract", stdin=_feed(0))
    assert first.code == 0, first.stderr
    assert "3 article(s) read" in first.stderr
    second = cli("ingest", "-", "--db", store_url, "--no-extract", stdin=_feed(10))
    assert second.code == 0, second.stderr
    assert "3 article(s) read" in second.stderr and "already stored" not in second.stderr
    assert len(stored_texts(store_url)) == 6
    again = cli("ingest", "-", "--db", store_url, "--no-extract", stdin=_feed(10))
    assert "0 article(s) read, 3 already stored" in again.stderr
    assert len(stored_texts(store_url)) == 6


def test_rotated_file_under_the_same_name_is_stored(store_url: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    before = tmp_path / "a-before.txt"
    after = tmp_path / "z-after.txt"
    before.write_text(good_text(50))
    after.write_text(good_text(51))
    feed.write_bytes(_feed(0))
    run = cli("ingest", str(before), str(feed), str(after), "--db", store_url, "--no-extract")
    assert "5 article(s) read" in run.stderr, run.stderr
    feed.write_bytes(_feed(20))  # rotated: new lines under the old name
    run = cli("ingest", str(before), str(feed), str(after), "--db", store_url, "--no-extract")
    assert "3 article(s) read" in run.stderr and "2 already stored" in run.stderr, run.stderr
    texts = stored_texts(store_url)
    assert len(texts) == 8
    assert any("rail line number 20" in t for t in texts)


def test_same_content_under_two_names_keeps_both_origins(store_url: str, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(good_text(7))
    two.write_text(good_text(7))
    cli("ingest", str(one), "--db", store_url, "--no-extract")
    run = cli("ingest", str(two), "--db", store_url, "--no-extract")
    assert "1 duplicate(s) linked" in run.stderr or "1 article(s) read" in run.stderr
    assert len(stored_texts(store_url)) == 1
    origins = stored_origins(store_url)
    assert [o.split(" @")[0] for o in origins] == [str(one), str(two)]
    assert origins[0].split(" @")[1] == origins[1].split(" @")[1]  # same content hash
