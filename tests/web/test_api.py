"""Every API endpoint over the seed corpus: answers, bad parameters (422), unknown ids (404)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from onrecord.link import org_key
from tests.web.conftest import error_of, person_id


def test_articles_list_and_pages(reader: TestClient) -> None:
    page = reader.get("/api/articles").json()
    assert page["total"] == 5 and len(page["items"]) == 5
    assert sorted(Path(a["path"]).name[:3] for a in page["items"]) == [
        "000", "001", "002", "003", "004"
    ]  # fmt: skip
    first, second = (
        reader.get("/api/articles", params={"limit": 2, "offset": o}).json() for o in (0, 2)
    )
    assert first["total"] == 5 and len(first["items"]) == 2 and first["limit"] == 2
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    backwards = {"since": "2024-03-01", "until": "2024-02-01"}  # an empty range, not an error
    assert reader.get("/api/articles", params=backwards).json()["total"] == 0
    beyond = reader.get("/api/articles", params={"offset": 100}).json()
    assert beyond["items"] == [] and beyond["total"] == 5


def test_articles_filters(reader: TestClient) -> None:
    dated = reader.get("/api/articles", params={"since": "2024-02-01", "until": "2024-02-29"})
    assert [a["published"] for a in dated.json()["items"]] == ["2024-02-09"]
    found = reader.get("/api/articles", params={"q": "Warner"}).json()["items"]
    assert [Path(a["path"]).name[:3] for a in found] == ["004"]


def test_each_listed_article_counts_its_own_attributions(reader: TestClient) -> None:
    listed = reader.get("/api/articles", params={"limit": 2, "offset": 1}).json()["items"]
    assert len(listed) == 2
    counts = {a["id"]: a["attributions"] for a in listed}
    for ident, count in counts.items():
        assert len(reader.get(f"/api/articles/{ident}").json()["attributions"]) == count
    assert len(set(counts.values())) == 2  # not one article's count for every row


def test_one_article_has_text_spans_comments_attributions(reader: TestClient) -> None:
    [listed] = reader.get("/api/articles", params={"since": "2024-02-09"}).json()["items"]
    article = reader.get(f"/api/articles/{listed['id']}").json()
    text = article["text"]
    assert article["body"] and all(0 <= s < e <= len(text) for s, e in article["body"])
    assert article["removed"] and article["removed"][0]["reason"]
    assert isinstance(article["comments"], list)
    assert len(article["attributions"]) == listed["attributions"] > 5
    for a in article["attributions"]:
        assert a["id"] == f"{article['id']}:{a['seq']}"
        assert a["content_text"] == " … ".join(text[s:e] for s, e in a["content"])
        if a["cue"]:
            assert a["cue_text"] == text[a["cue"][0] : a["cue"][1]]
        if a["source"]:
            assert text[a["source"][0] : a["source"][1]] == a["source_text"]
    miller = [a for a in article["attributions"] if a["entity_name"] == "Matthew Miller"]
    assert miller and all(a["person_id"] and a["statement_id"] for a in miller)


def test_statements_list_search_and_lineage(reader: TestClient) -> None:
    page = reader.get("/api/statements", params={"limit": 10}).json()
    assert len(page["items"]) == 10 and page["has_more"] is True
    found = reader.get("/api/statements", params={"q": "elections", "limit": 100}).json()["items"]
    speakers = {s["speaker"] for s in found}
    assert "US State Department" in speakers and "Matthew Miller" in speakers
    assert all(s["reports"] for s in found)
    one = reader.get(f"/api/statements/{found[0]['id']}").json()
    assert one["id"] == found[0]["id"] and one["words"] == found[0]["words"]
    dates = [r["published"] or "9999" for r in one["reports"]]
    assert dates == sorted(dates)
    assert [r["position"] for r in one["reports"]] == list(range(len(one["reports"])))
    assert one["speaker_kind"] in ("person", "organisation")


STATE = {"Matthew Miller", "Vedant Patel", "US State Department"}


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"speaker": "Matthew Miller"}, lambda s: s["speaker"] == "Matthew Miller"),
        ({"affiliation": "State Department"}, lambda s: s["speaker"] in STATE),
        ({"kind": "direct"}, lambda s: True),
        ({"topic": "elections"}, lambda s: True),
        (
            {"since": "2024-02-01", "until": "2024-02-29"},
            lambda s: s["first_published"] == "2024-02-09",
        ),
    ],
)
def test_statement_filters(
    reader: TestClient, params: dict[str, str], check: Callable[[dict[str, Any]], bool]
) -> None:
    items = reader.get("/api/statements", params={**params, "limit": 200}).json()["items"]
    assert items, params
    assert all(check(s) for s in items)


def test_search_finds_statements_and_articles(reader: TestClient) -> None:
    result = reader.get("/api/search", params={"q": "elections", "limit": 50}).json()
    assert any(s["speaker"] == "US State Department" for s in result["statements"]["items"])
    assert len(result["articles"]) >= 3
    none = reader.get("/api/search", params={"q": "zzzunheardof"}).json()
    assert none["statements"]["items"] == [] and none["articles"] == []
    for hostile in ('NEAR( * - "unbalanced', "0\x00", "\x00", "a'b"):
        assert reader.get("/api/search", params={"q": hostile}).status_code == 200, hostile
        assert reader.get("/api/timeline", params={"q": hostile}).status_code == 200, hostile


def test_attributions_list_and_one(reader: TestClient) -> None:
    page = reader.get("/api/attributions", params={"limit": 5}).json()
    assert page["total"] == reader.get("/api/stats").json()["attributions"]
    assert len(page["items"]) == 5
    direct = reader.get("/api/attributions", params={"kind": "direct", "limit": 500}).json()
    assert direct["items"] and all(a["kind"] == "direct" for a in direct["items"])
    first = page["items"][0]
    assert reader.get(f"/api/attributions/{first['id']}").json() == first
    by_article = reader.get("/api/attributions", params={"article_id": first["article_id"]})
    assert all(a["article_id"] == first["article_id"] for a in by_article.json()["items"])


def test_people_and_one_person(reader: TestClient) -> None:
    page = reader.get("/api/people").json()
    names = [p["name"] for p in page["items"]]
    assert "Matthew Miller" in names and page["total"] == len(names)
    assert all(p["kind"] == "person" for p in page["items"])
    miller = reader.get(f"/api/people/{person_id(reader, 'Matthew Miller')}").json()
    assert miller["affiliation"] == "State Department"
    assert "Matthew Miller" in miller["aliases"]
    assert {r["role"] for r in miller["roles"]} >= {"spokesman"}
    assert len(miller["statement_list"]) == miller["statements"] >= 8
    said_in = {s["first_article_id"] for s in miller["statement_list"]}
    assert len(said_in) == miller["articles"] == 2
    reported_in = {r["article_id"] for s in miller["statement_list"] for r in s["reports"]}
    assert reported_in >= said_in  # later articles may report his words again
    by_alias = reader.get("/api/people", params={"q": "miller"}).json()["items"]
    assert [p["name"] for p in by_alias] == ["Matthew Miller"]


def test_organisations(reader: TestClient) -> None:
    page = reader.get("/api/organisations").json()
    state = next(o for o in page["items"] if o["name"] == "US State Department")
    one = reader.get(f"/api/organisations/{state['id']}").json()
    assert one["kind"] == "organisation" and one["statement_list"]
    assert "United States State Department" in one["aliases"]
    error_of(reader.get(f"/api/people/{state['id']}"), 404)  # an organisation is not a person


def test_timeline(reader: TestClient) -> None:
    result = reader.get("/api/timeline", params={"speaker": "Matthew Miller"}).json()
    assert len(result["entries"]) >= 8 and not result["truncated"]
    dated = [e["published"] for e in result["entries"] if e["published"]]
    assert dated == sorted(dated)
    assert result["months"] == [{"month": "2024-02", "count": len(dated)}]
    assert result["undated"] == len(result["entries"]) - len(dated)
    by_topic = reader.get("/api/timeline", params={"topic": "elections", "limit": 3}).json()
    assert len(by_topic["entries"]) == 3 and by_topic["truncated"]
    by_affiliation = reader.get("/api/timeline", params={"affiliation": "State Department"})
    assert by_affiliation.json()["entries"]


def test_stats(reader: TestClient) -> None:
    stats = reader.get("/api/stats").json()
    assert stats["articles"] == 5 and stats["attributions"] > 50
    assert stats["statements"] > 0 and stats["speakers"] > 0 and stats["linked"]
    charted = sum(m["count"] for m in stats["statements_per_month"])
    assert charted + stats["undated_statements"] == stats["statements"]
    # One series per organisation however it is written ("US State Department" too).
    series = [(m["month"], org_key(m["affiliation"])) for m in stats["statements_per_month"]]
    assert len(series) == len(set(series))
    assert "State Department" in {m["affiliation"] for m in stats["statements_per_month"]}


@pytest.mark.parametrize("table", ["attributions", "statements", "people", "articles"])
def test_export_jsonl_and_csv(reader: TestClient, table: str) -> None:
    jsonl = reader.get(f"/api/export/{table}", params={"format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    as_csv = reader.get(f"/api/export/{table}", params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    table_rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(table_rows) == len(rows) > 0
    if table == "attributions":
        assert len(rows) == reader.get("/api/stats").json()["attributions"]
        assert {"article_id", "content", "content_text"} <= set(rows[0])


def test_openapi_describes_every_area(reader: TestClient) -> None:
    spec = reader.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/statements",
        "/api/statements/{statement_id}",
        "/api/attributions",
        "/api/attributions/{attribution_id}",
        "/api/people",
        "/api/people/{person_id}",
        "/api/organisations",
        "/api/organisations/{organisation_id}",
        "/api/search",
        "/api/timeline",
        "/api/stats",
        "/api/export/{table}",
        "/api/corrections",
    ):
        assert path in paths, path
    assert not any(p.startswith(("/search", "/people/", "/articles/")) for p in paths)


# -- bad parameters: 422 with a clear message ------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/articles?limit=0", "'limit'"),
        ("/api/articles?limit=501", "'limit'"),
        ("/api/articles?offset=-1", "'offset'"),
        ("/api/articles?limit=ten", "'limit'"),
        ("/api/articles?since=2024-02-30", "'since'"),
        ("/api/statements?kind=rumour", "'kind'"),
        ("/api/statements?topic=gardening", "Unknown topic"),
        ("/api/statements?since=yesterday", "'since'"),
        ("/api/search?q=" + "x" * 501, "'q'"),
        ("/api/search?until=2024-13-01", "'until'"),
        ("/api/timeline?limit=5001", "'limit'"),
        ("/api/attributions?kind=x", "'kind'"),
        ("/api/people?limit=1000", "'limit'"),
        ("/api/export/secrets", "'table'"),
        ("/api/export/articles?format=xml", "'format'"),
    ],
)
def test_bad_parameters_are_422(reader: TestClient, url: str, words: str) -> None:
    error = error_of(reader.get(url), 422)
    assert words in error["message"], error["message"]


def test_422_lists_every_problem(reader: TestClient) -> None:
    error = error_of(reader.get("/api/articles?limit=0&offset=-5"), 422)
    assert "(and 1 more)" in error["message"]
    assert {tuple(d["loc"]) for d in error["detail"]} == {("query", "limit"), ("query", "offset")}


def test_unknown_topic_lists_the_known_ones(reader: TestClient) -> None:
    error = error_of(reader.get("/api/search?topic=gardening"), 422)
    assert "elections" in error["detail"]["known_topics"]


# -- unknown ids: 404 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/nope",
        "/api/statements/Snope",
        "/api/attributions/nope:0",
        "/api/people/Pnope",
        "/api/people/nope",
        "/api/organisations/Onope",
        "/api/organisations/Pdfcb33e61a57",
        "/api/no-such-area",
    ],
)
def test_unknown_ids_are_404(reader: TestClient, url: str) -> None:
    error_of(reader.get(url), 404)


def test_wrong_method_has_the_error_shape(reader: TestClient) -> None:
    error_of(reader.delete("/api/articles"), 405)
