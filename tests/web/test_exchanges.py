"""Exchanges through the API and the pages, over the seed corpus: Senator Warner's letter
cites the State Department's words (Matthew Miller's), and analysts' verdicts."""

from __future__ import annotations

import re
import warnings
from typing import Any

from tests.web.conftest import csrf_of, error_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _citing(client: TestClient) -> tuple[str, dict[str, Any]]:
    """The Warner statement that cites Miller's words, with that exchange."""
    found = client.get("/api/statements", params={"speaker": "Mark R. Warner", "limit": 200})
    for statement in found.json()["items"]:
        items = client.get(f"/api/statements/{statement['id']}/exchanges").json()["items"]
        for item in items:
            if item["relation"] == "cites":
                return statement["id"], item
    raise AssertionError("no citing statement")


def test_the_letter_cites_the_spokesmans_words(reader: TestClient) -> None:
    ident, cites = _citing(reader)
    assert (cites["later"]["id"], cites["later"]["speaker"]) == (ident, "Mark R. Warner")
    assert cites["earlier"]["speaker"] == "Matthew Miller"
    assert "undue restrictions" in cites["earlier"]["words"]
    assert {"restrictions", "assembly"} <= set(cites["evidence"]["shared_words"])
    assert cites["verdict"] is None
    # The same exchange, from the other end.
    other = reader.get(f"/api/statements/{cites['earlier']['id']}/exchanges").json()
    assert [i["later"]["id"] for i in other["items"] if i["relation"] == "cites"] == [ident]
    error = error_of(reader.get("/api/statements/S000000000000/exchanges"), 404)
    assert "No statement" in error["message"]


def test_the_thread_page_draws_the_exchange_escaped(reader: TestClient) -> None:
    ident, cites = _citing(reader)
    statement = reader.get(f"/statements/{ident}").text
    assert f'href="/statements/{ident}/exchanges"' in statement  # the way to the thread
    page = reader.get(f"/statements/{ident}/exchanges").text
    thread = page[page.index('id="exchanges"') :]
    assert 'data-relation="cites"' in thread
    assert "cited the words of" in thread and "Matthew Miller" in thread
    # Scraped words are escaped: the letter's quotation marks arrive as entities.
    assert "&#34;included undue restrictions" in thread
    assert f'href="/statements/{cites["earlier"]["id"]}/exchanges"' in thread


def test_an_analyst_removes_a_link_in_the_page_and_undoes_it(writer: TestClient) -> None:
    ident, cites = _citing(writer)
    page = f"/statements/{ident}/exchanges"
    sent = writer.post(
        "/corrections",
        data={
            "csrf": csrf_of(writer, page),
            "action": "exchange",
            "subject": ident,
            "earlier": cites["earlier"]["id"],
            "verdict": "remove",
            "by": "Desk editor",
            "next": page,
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"].startswith(page + "?corrected=")
    assert sent.headers["location"].endswith("#exchanges")
    assert writer.get(f"/api/statements/{ident}/exchanges").json()["items"] == []
    assert "No exchange found" in writer.get(page).text
    made = writer.get("/api/corrections").json()[-1]
    assert (made["action"], made["status"]) == ("exchange", "applied")
    # Stored by the statements' first reports, which outlive relinks.
    assert made["subject"] == cites["later"]["attribution_id"]
    assert made["argument"]["earlier"] == cites["earlier"]["attribution_id"]
    undo = writer.post("/api/corrections", json={"action": "undo", "subject": str(made["id"])})
    assert undo.status_code == 201, undo.text
    items = writer.get(f"/api/statements/{ident}/exchanges").json()["items"]
    assert [i["relation"] for i in items] == ["cites"]


def test_an_analyst_confirms_a_link_the_rules_do_not_find(writer: TestClient) -> None:
    _, cites = _citing(writer)
    words = writer.get("/api/statements", params={"speaker": "Ishaq Dar"}).json()["items"]
    dar = next(s["id"] for s in words if "interference" in s["words"])
    body = {
        "action": "exchange",
        "subject": dar,
        "earlier": cites["earlier"]["id"],
        "verdict": "confirm",
        "relation": "rejects",
    }
    made = writer.post("/api/corrections", json=body)
    assert made.status_code == 201, made.text
    items = writer.get(f"/api/statements/{dar}/exchanges").json()["items"]
    confirmed = [i for i in items if i["earlier"]["id"] == cites["earlier"]["id"]]
    assert [(i["relation"], i["verdict"]) for i in confirmed] == [("rejects", "confirmed")]
    assert confirmed[0]["correction_id"] == made.json()["id"]
    page = writer.get(f"/statements/{dar}/exchanges").text
    assert re.search(r"confirmed by an analyst", page)
    assert writer.get("/statements/S000000000000/exchanges").status_code == 404
    assert writer.post("/api/corrections", json=body).status_code == 409  # a repeat
    bad = writer.post("/api/corrections", json={**body, "subject": "S000000000000"})
    assert "No statement or attribution" in error_of(bad, 404)["message"]
