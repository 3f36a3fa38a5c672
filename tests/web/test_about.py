"""What statements are about, through the API and the pages, on the seed corpus (the five
example articles, by the real pipeline)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from onrecord.about import ACTS
from onrecord.api.deps import ActName
from onrecord.api.schemas import StatementOut, TargetOut
from onrecord.store.about_groups import OTHERS, PER_GROUP
from onrecord.store.about_rows import target_key
from onrecord.web.render import environment
from tests.web.conftest import error_of, person_id


def _statements(client: TestClient, **params: str) -> list[dict[str, Any]]:
    body = client.get("/api/statements", params={**params, "limit": "500"})
    assert body.status_code == 200, body.text
    items: list[dict[str, Any]] = body.json()["items"]
    return items


def _keys(report: dict[str, Any]) -> set[str]:
    return {target_key(t["text"]) for t in report["targets"]}


def test_statements_say_what_they_are_about(reader: TestClient) -> None:
    every = _statements(reader)
    assert all({"act", "stance", "stance_confidence", "targets", "topics"} <= set(s) for s in every)
    first = every[0]
    report = first["reports"][0]
    assert (first["act"], first["targets"], first["topics"]) == (
        report["act"],
        report["targets"],
        report["topics"],
    )
    target = first["targets"][0]
    assert set(target) == {"text", "span", "type", "id"} and len(target["span"]) == 2
    attribution = reader.get(f"/api/attributions/{report['attribution_id']}").json()
    assert attribution["act"] == report["act"] and attribution["targets"] == report["targets"]


@pytest.mark.parametrize(
    ("params", "test"),
    [
        ({"act": "concern"}, lambda r: r["act"] == "concern"),
        ({"about": "Pakistan"}, lambda r: "pakistan" in _keys(r)),
        ({"topic": "elections"}, lambda r: "elections" in r["topics"]),
        (
            {"about": "pakistan", "act": "urge"},
            lambda r: r["act"] == "urge" and "pakistan" in _keys(r),
        ),
    ],
    ids=repr,
)
def test_filters_find_statements_with_a_matching_report(
    reader: TestClient, params: dict[str, str], test: Any
) -> None:
    every = _statements(reader)
    expected = {s["id"] for s in every if any(test(r) for r in s["reports"])}
    assert expected and len(expected) < len(every)
    assert {s["id"] for s in _statements(reader, **params)} == expected
    search = reader.get("/api/search", params={**params, "limit": "1"}).json()
    assert search["total"] == len(expected)
    entries = reader.get("/api/timeline", params=params).json()["entries"]
    assert entries and all(test(e) for e in entries)


def test_bad_about_values_are_a_422_in_the_one_error_shape(reader: TestClient) -> None:
    for path in (
        "/api/statements",
        "/api/search",
        "/api/timeline",
        "/api/export/statements/search",
    ):
        error = error_of(reader.get(path, params={"act": "shout"}), 422)
        assert "act" in error["message"] and "concern" in error["message"]
    assert (
        "stance"
        in error_of(reader.get("/api/statements", params={"stance": "angry"}), 422)["message"]
    )
    error = error_of(reader.get("/api/statements", params={"topic": "gardening"}), 422)
    assert "elections" in error["detail"]["known_topics"]
    page = reader.get("/search", params={"act": "shout"})
    assert page.status_code == 422 and "Unknown act" in page.text


def test_the_api_lists_the_acts_the_about_stage_knows() -> None:
    assert get_args(ActName) == ACTS


def test_search_export_carries_and_filters_by_what_it_is_about(reader: TestClient) -> None:
    found = reader.get(
        "/api/export/statements/search", params={"act": "concern", "format": "csv"}
    ).text
    rows = list(csv.DictReader(io.StringIO(found)))
    assert rows and {"act", "stance", "stance_confidence", "targets", "topics"} <= set(rows[0])
    listed = {s["id"]: s for s in _statements(reader, act="concern")}
    assert {r["id"] for r in rows} == set(listed)
    for row in rows:  # in a CSV cell, the targets' words joined by ";"
        assert row["targets"] == ";".join(t["text"] for t in listed[row["id"]]["targets"])
        assert row["topics"] == ";".join(listed[row["id"]]["topics"])
    table = reader.get("/api/export/attributions", params={"format": "jsonl"}).text
    assert '"targets": [{"text": ' in table


def test_a_person_is_grouped_by_what_they_spoke_about(reader: TestClient) -> None:
    miller = person_id(reader, "Matthew Miller")
    about = reader.get(f"/api/people/{miller}/about").json()
    groups = about["groups"]
    assert groups[0]["target"] == "Pakistan" and groups[0]["count"] >= 2
    counts = [g["count"] for g in groups if g["target"]]
    assert counts == sorted(counts, reverse=True)
    assert sum(g["count"] for g in groups) == about["statements"]
    for g in groups:
        assert len(g["statements"]) == min(g["count"], PER_GROUP if g["target"] else OTHERS)
    for s in groups[0]["statements"]:
        assert target_key(s["targets"][0]["text"]) == "pakistan"
    error_of(reader.get("/api/people/Pnope/about"), 404)
    page = reader.get(f"/people/{miller}").text
    assert "What Matthew Miller said about Pakistan" in page
    assert "said in 2 articles" in page


def test_chips_link_to_the_filtered_search(reader: TestClient) -> None:
    page = reader.get("/search", params={"about": "Pakistan"}).text
    hrefs = set(re.findall(r'class="chip chip-[\w -]+" href="([^"]+)"', page))
    assert "/search?about=Pakistan" in hrefs
    assert any(h.startswith("/search?act=") for h in hrefs)
    assert any(h.startswith("/search?topic=") for h in hrefs)
    assert 'name="about" value="Pakistan"' in page  # the form keeps the filter


def test_a_chip_says_the_stance_as_a_word_and_escapes_everything() -> None:
    chips = environment().get_template("macros.html").module.about_chips  # type: ignore[attr-defined]
    evil = "<script>alert(1)</script>"
    statement = StatementOut(
        id="S1", speaker="x", speaker_id="P1", speaker_kind="person", words="w",
        first_published=None, first_outlet=None, first_article_id="a", report_count=1,
        outlet_count=1, reports=[], act="concern", stance=-1, stance_confidence=0.934,
        targets=[TargetOut(text=evil, span=(0, 5), type="person", id=None),
                 TargetOut(text="the need", span=(6, 9), type="issue", id=None)],
        topics=['"><img src=x onerror=alert(2)>'],
    )  # fmt: skip
    html = str(chips(statement))
    assert "against <span" in html and "(0.93)" in html and "stance=negative" in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "the need" not in html  # only the main target and named ones are chips
    assert str(chips(statement.model_copy(update={"act": None, "stance": None, "targets": [],
                                                  "topics": []}))).strip() == ""  # fmt: skip
