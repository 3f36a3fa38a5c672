"""A three-record WARC file cut at every byte offset (issue 12, item 2): no crash, every
record complete before the cut kept, and the cut reported unless it only took bytes
that carry no record data (the blank lines, or a gzip trailer, after the last payload).
A sample of the cuts goes all the way into the store, on both backends."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from onrecord.ingest import RawDocument
from onrecord.ingest.warc import read_warc
from onrecord.model import Problem
from tests.faults.helpers import cli, stored_texts, three_record_warc, write_good

LIMIT = 10**9


@pytest.mark.parametrize("gzip", [False, True], ids=["plain", "gzip"])
def test_every_cut_point(gzip: bool) -> None:
    data, pages = three_record_warc(gzip=gzip)
    crashes, checked = 0, 0
    boundaries = {0, len(data)}
    complete_at: list[int] = []  # the shortest prefix that holds each record whole
    for cut in range(len(data) + 1):
        try:
            items = list(read_warc(io.BytesIO(data[:cut]), "f.warc", LIMIT))
        except Exception:  # counted, so the message below says how many
            crashes += 1
            continue
        checked += 1
        documents = [i for i in items if isinstance(i, RawDocument)]
        problems = [i for i in items if isinstance(i, Problem)]
        # what is kept is always whole, and in order
        assert [d.content for d in documents] == pages[: len(documents)], cut
        # a record kept once stays kept for every longer prefix
        assert len(documents) >= len(complete_at), cut
        if len(documents) > len(complete_at):
            complete_at.append(cut)
        if problems:
            [problem] = problems
            assert problem.where.startswith("f.warc")
            if cut == 0:  # an empty file
                assert problem.reason.startswith("no HTML page in this WARC file")
                continue
            assert " at byte " in problem.where
            assert "corrupt or truncated WARC record" in problem.reason
        elif cut not in boundaries:
            boundaries.add(cut)  # a prefix taken as whole: it must end a record
    assert crashes == 0, f"{crashes} of {len(data) + 1} cut points crashed"
    assert checked == len(data) + 1
    assert len(complete_at) == 3
    # cuts that are not reported are only those after a record's payload is complete
    unreported = sorted(boundaries - {0, len(data)})
    for cut in unreported:
        ends_within = [c for c in complete_at if c <= cut]
        assert ends_within, f"cut at {cut} lost a record silently"
        assert cut - ends_within[-1] <= 20, f"cut at {cut} lost a record silently"
    print(f"{'gzip' if gzip else 'plain'}: {len(data) + 1} cut points, 0 crashes")


@pytest.mark.parametrize("where", ["header", "payload"])
def test_cut_warc_into_the_store(store_url: str, tmp_path: Path, where: str) -> None:
    data, _ = three_record_warc(gzip=False)
    third = data.rindex(b"WARC/1.0")
    cut = third + 30 if where == "header" else data.rindex(b"<p>") + 5
    folder = tmp_path / "in"
    folder.mkdir()
    write_good(folder, "a.txt", "z.txt")
    (folder / "m.warc").write_bytes(data[:cut])
    run = cli("ingest", str(folder), "--db", store_url, "--no-extract")
    assert run.code == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if x.startswith("skipped")]
    assert str(folder / "m.warc") in line and "at byte" in line
    assert len(stored_texts(store_url)) == 4
