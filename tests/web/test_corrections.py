"""Corrections through the API and the forms: stored, listed, applied, kept across re-ingest."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from onrecord.api import create_app
from tests.web.conftest import EXAMPLES, build_corpus, csrf_of, error_of, person_id


def _miller_attribution(client: TestClient) -> dict[str, object]:
    miller = client.get(f"/api/people/{person_id(client, 'Matthew Miller')}").json()
    first = miller["statement_list"][0]["reports"][0]
    attribution: dict[str, object] = client.get(
        f"/api/attributions/{first['attribution_id']}"
    ).json()
    return attribution


def test_rename_merge_split_through_the_api(writer: TestClient) -> None:
    made = writer.post(
        "/api/corrections",
        json={"action": "rename", "subject": "Matthew Miller", "name": "Matt Miller", "by": "ana"},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["action"] == "rename" and body["by"] == "ana" and body["status"] == "applied"
    assert body["argument"] == {"name": "Matt Miller"}
    assert "Matt Miller" in [p["name"] for p in writer.get("/api/people").json()["items"]]

    merged = writer.post(
        "/api/corrections",
        json={"action": "merge", "subject": "Matt Miller", "other": "Vedant Patel", "by": "ana"},
    )
    assert merged.status_code == 201 and merged.json()["status"] == "applied"
    people = writer.get("/api/people", params={"limit": 500}).json()["items"]
    assert "Vedant Patel" not in [p["name"] for p in people]
    joined = next(p for p in people if p["name"] == "Matt Miller")
    assert {"Matthew Miller", "Vedant Patel"} <= set(joined["aliases"])

    split = writer.post(
        "/api/corrections",
        json={"action": "split", "subject": "Matt Miller", "alias": "Vedant Patel", "by": "ana"},
    )
    assert split.status_code == 201 and split.json()["status"] == "applied"
    names = [p["name"] for p in writer.get("/api/people").json()["items"]]
    assert "Vedant Patel" in names
    listed = writer.get("/api/corrections").json()
    assert [c["action"] for c in listed] == ["rename", "merge", "split"]


def _attribution_ids(client: TestClient, name: str) -> set[str]:
    person = client.get(f"/api/people/{person_id(client, name)}").json()
    return {r["attribution_id"] for s in person["statement_list"] for r in s["reports"]}


def test_reject_and_reassign_an_attribution(writer: TestClient) -> None:
    target = _miller_attribution(writer)
    assert target["person_id"] == person_id(writer, "Matthew Miller")
    rejected = writer.post(
        "/api/corrections",
        json={"action": "reject", "subject": target["id"], "note": "not a quote", "by": "ana"},
    )
    assert rejected.status_code == 201, rejected.text
    assert rejected.json()["status"] == "applied"
    after = writer.get(f"/api/attributions/{target['id']}").json()
    review = after["review"]
    assert (
        review["action"] == "reject" and review["by"] == "ana" and review["note"] == "not a quote"
    )
    # The linker drops it: no one is credited with it and no statement holds it.
    assert after["person_id"] is None and after["statement_id"] is None
    assert target["id"] not in _attribution_ids(writer, "Matthew Miller")
    gone = writer.get(f"/api/statements/{target['statement_id']}")
    assert gone.status_code == 404 or target["id"] not in {
        r["attribution_id"] for r in gone.json()["reports"]
    }

    reassigned = writer.post(
        "/api/corrections",
        json={"action": "reassign", "subject": target["id"], "speaker": "Antony Blinken"},
    )
    assert reassigned.json()["status"] == "applied"
    after = writer.get(f"/api/attributions/{target['id']}").json()
    assert after["review"]["action"] == "reassign"
    assert after["review"]["speaker"] == "Antony Blinken"
    assert after["review"]["by"]  # someone is always named: $ONRECORD_ANALYST or "analyst"
    assert after["person_id"] == person_id(writer, "Antony Blinken")
    assert target["id"] in _attribution_ids(writer, "Antony Blinken")
    assert target["id"] not in _attribution_ids(writer, "Matthew Miller")
    statuses = [c["status"] for c in writer.get("/api/corrections").json()]
    assert statuses == [f"superseded by correction {reassigned.json()['id']}", "applied"]


def test_bad_corrections(writer: TestClient) -> None:
    error_of(
        writer.post("/api/corrections", json={"action": "merge", "subject": "Matthew Miller"}), 422
    )
    error_of(writer.post("/api/corrections", json={"action": "nuke", "subject": "x"}), 422)
    error_of(
        writer.post("/api/corrections", json={"action": "rename", "subject": " ", "name": "x"}), 422
    )
    error_of(writer.post("/api/corrections", content=b"not json"), 422)
    error_of(writer.post("/api/corrections", content=b"\xff\xfe{"), 422)
    wrong_field = {"action": "rename", "subject": "Matthew Miller", "name": "M", "other": "x"}
    error_of(writer.post("/api/corrections", json=wrong_field), 422)
    unknown = {"action": "rename", "subject": "Nobody Atall", "name": "X"}
    assert "Nobody Atall" in error_of(writer.post("/api/corrections", json=unknown), 404)["message"]
    error_of(writer.post("/api/corrections", json={"action": "reject", "subject": "nope:1"}), 404)
    same = {"action": "merge", "subject": "Matthew Miller", "other": "matthew miller"}
    error_of(writer.post("/api/corrections", json=same), 409)
    assert writer.get("/api/corrections").json() == []


def test_a_form_correction_shows_on_the_audit_page(writer: TestClient) -> None:
    target = _miller_attribution(writer)
    page = f"/articles/{target['article_id']}"
    token = csrf_of(writer, page)
    sent = writer.post(
        "/corrections",
        data={
            "csrf": token,
            "action": "reassign",
            "subject": target["id"],
            "speaker": "Antony J Blinken",
            "by": "Reviewer <b>One</b>",
            "next": page,
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    # Back to the page, at the card that was corrected.
    assert sent.headers["location"].startswith(page + "?corrected=")
    assert sent.headers["location"].endswith(f"#a-{target['id']}")
    audit = writer.get("/corrections").text
    row = re.search(r'<tr id="c-1">(.*?)</tr>', audit, re.S)
    assert row is not None
    assert "Reviewer &lt;b&gt;One&lt;/b&gt;" in row.group(1)
    assert "reassign" in row.group(1) and "Antony J Blinken" in row.group(1)
    blinken = person_id(writer, "Antony Blinken")
    assert f'Antony Blinken, <a href="/people/{blinken}"><code>{blinken}</code></a>' in row.group(1)
    # The card names whom the words are credited to now.
    assert "speaker: Antony Blinken" in writer.get(page).text


def test_a_person_form_redirects_to_the_new_person(writer: TestClient) -> None:
    page = f"/people/{person_id(writer, 'Matthew Miller')}"
    sent = writer.post(
        "/corrections",
        data={
            "csrf": csrf_of(writer, page),
            "action": "rename",
            "subject": "Matthew Miller",
            "name": "Matthew A. Miller",
            "by": "ana",
            "next": page,
        },
        follow_redirects=True,
    )
    assert sent.status_code == 200
    assert "<h1>Matthew A. Miller</h1>" in sent.text and "Correction #1 recorded" in sent.text


def test_form_errors_are_pages(writer: TestClient) -> None:
    token = csrf_of(writer, f"/people/{person_id(writer, 'Matthew Miller')}")
    missing = writer.post("/corrections", data={"csrf": token, "action": "merge", "subject": "x"})
    assert missing.status_code == 422 and "text/html" in missing.headers["content-type"]
    assert "merge.other" in missing.text and "Field required" in missing.text
    anonymous = {"csrf": token, "action": "rename", "subject": "Matthew Miller", "name": "M"}
    assert writer.post("/corrections", data=anonymous).status_code == 422


def test_corrections_survive_reingest_and_restart(db: Path) -> None:
    with TestClient(create_app(str(db))) as client:
        target = _miller_attribution(client)
        for change in (
            {"action": "rename", "subject": "Matthew Miller", "name": "Matt Miller", "by": "a"},
            {"action": "reject", "subject": target["id"], "by": "b"},
        ):
            assert client.post("/api/corrections", json=change).status_code == 201
    build_corpus(db, EXAMPLES)  # the same articles again: nothing new, everything re-linked
    with TestClient(create_app(str(db))) as client:
        assert [c["action"] for c in client.get("/api/corrections").json()] == ["rename", "reject"]
        names = [p["name"] for p in client.get("/api/people").json()["items"]]
        assert "Matt Miller" in names and "Matthew Miller" not in names
        again = client.get(f"/api/attributions/{target['id']}").json()
        assert again["review"]["action"] == "reject" and again["content"] == target["content"]


def test_an_ambiguous_name_is_409_with_the_candidates_and_the_id_works(
    writer: TestClient,
) -> None:
    miller, patel = person_id(writer, "Matthew Miller"), person_id(writer, "Vedant Patel")
    # Two people may share a name; then the name alone says neither.
    renamed = {"action": "rename", "subject": patel, "name": "Matthew Miller", "by": "ana"}
    assert writer.post("/api/corrections", json=renamed).status_code == 201
    merge = {"action": "merge", "subject": "Matthew Miller", "other": "Antony Blinken"}
    error = error_of(writer.post("/api/corrections", json=merge), 409)
    assert "'Matthew Miller' names 2" in error["message"]
    assert error["detail"]["reason"] == "ambiguous"
    candidates = error["detail"]["candidates"]
    assert {c["id"] for c in candidates} == {miller, patel}
    assert {(c["name"], c["kind"]) for c in candidates} == {("Matthew Miller", "person")}
    assert all(c["mentions"] > 0 for c in candidates)
    assert len(writer.get("/api/corrections").json()) == 1  # the refusal is not stored

    made = writer.post("/api/corrections", json={**merge, "subject": miller})
    assert made.status_code == 201, made.text
    assert made.json()["resolved"]["subject"] == {
        "id": miller,
        "kind": "person",
        "name": "Matthew Miller",
    }
    again = error_of(writer.post("/api/corrections", json={**merge, "subject": miller}), 409)
    assert "already" in again["message"]


def test_reassign_to_a_new_speaker_needs_create_and_undo_restores(writer: TestClient) -> None:
    target = _miller_attribution(writer)
    change = {"action": "reassign", "subject": target["id"], "speaker": "al-Hassan"}
    unknown = error_of(writer.post("/api/corrections", json=change), 404)
    assert unknown["detail"]["reason"] == "unknown" and "create" in unknown["message"]
    both = {**change, "speaker_id": person_id(writer, "Antony Blinken")}
    assert "once" in error_of(writer.post("/api/corrections", json=both), 409)["message"]
    neither = {"action": "reassign", "subject": target["id"]}
    assert "once" in error_of(writer.post("/api/corrections", json=neither), 409)["message"]
    assert writer.get("/api/corrections").json() == []

    made = writer.post("/api/corrections", json={**change, "create": "person"})
    assert made.status_code == 201, made.text
    assert made.json()["resolved"]["speaker"] == {
        "id": None,
        "kind": "person",
        "name": "al-Hassan",
    }
    hassan = person_id(writer, "al-Hassan")
    assert writer.get(f"/api/attributions/{target['id']}").json()["person_id"] == hassan
    assert target["id"] in _attribution_ids(writer, "al-Hassan")

    undo = writer.post("/api/corrections", json={"action": "undo", "subject": "1", "by": "bo"})
    assert undo.status_code == 201, undo.text
    assert (
        writer.get(f"/api/attributions/{target['id']}").json()["person_id"] == target["person_id"]
    )
    assert "al-Hassan" not in [p["name"] for p in writer.get("/api/people").json()["items"]]
    listed = writer.get("/api/corrections").json()
    assert [(c["action"], c["subject"], c["status"]) for c in listed] == [
        ("reassign", target["id"], "undone by correction 2"),
        ("undo", "1", "applied"),
    ]
    error_of(writer.post("/api/corrections", json={"action": "undo", "subject": "1"}), 409)
    error_of(writer.post("/api/corrections", json={"action": "undo", "subject": "x"}), 422)


def test_a_refused_form_shows_why_and_whom_to_choose(writer: TestClient) -> None:
    miller, patel = person_id(writer, "Matthew Miller"), person_id(writer, "Vedant Patel")
    renamed = {"action": "rename", "subject": patel, "name": "Matthew Miller", "by": "ana"}
    assert writer.post("/api/corrections", json=renamed).status_code == 201
    page = f"/people/{person_id(writer, 'Antony Blinken')}"
    sent = writer.post(
        "/corrections",
        data={
            "csrf": csrf_of(writer, page),
            "action": "merge",
            "subject": person_id(writer, "Antony Blinken"),
            "other": "matthew miller",
            "by": "ana",
            "next": page,
        },
    )
    assert sent.status_code == 409 and "text/html" in sent.headers["content-type"]
    assert "Correction refused" in sent.text and "names 2 people" in sent.text
    for ident in (miller, patel):
        assert f"<code>{ident}</code>" in sent.text and f'href="/people/{ident}"' in sent.text
    assert f'href="{page}">Back to the form' in sent.text
    assert len(writer.get("/api/corrections").json()) == 1


def test_a_form_reassign_can_create_the_speaker(writer: TestClient) -> None:
    target = _miller_attribution(writer)
    page = f"/articles/{target['article_id']}"
    form = {
        "csrf": csrf_of(writer, page),
        "action": "reassign",
        "subject": target["id"],
        "speaker": "Election Commission of Pakistan",
        "create": "",
        "by": "ana",
        "next": page,
    }
    refused = writer.post("/corrections", data=form)
    assert refused.status_code == 404 and f'href="{page}#a-{target["id"]}"' in refused.text
    sent = writer.post(
        "/corrections", data={**form, "create": "organisation"}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"{page}?corrected=1#a-{target['id']}"
    after = writer.get(f"/api/attributions/{target['id']}").json()
    assert after["person_id"] is None and after["organisation_id"] is not None
    organisation = writer.get(f"/api/organisations/{after['organisation_id']}").json()
    assert organisation["name"] == "Election Commission of Pakistan"


def test_the_audit_page_undoes_a_correction(writer: TestClient) -> None:
    miller = person_id(writer, "Matthew Miller")
    rename = {"action": "rename", "subject": miller, "name": "Matt Miller", "by": "ana"}
    assert writer.post("/api/corrections", json=rename).status_code == 201
    audit = writer.get("/corrections").text
    assert "Undo #1" in audit
    sent = writer.post(
        "/corrections",
        data={
            "csrf": csrf_of(writer, "/corrections"),
            "action": "undo",
            "subject": "1",
            "by": "bo",
            "next": "/corrections",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/corrections?done=2#c-2"
    names = [p["name"] for p in writer.get("/api/people", params={"limit": 500}).json()["items"]]
    assert "Matthew Miller" in names and "Matt Miller" not in names
    audit = writer.get("/corrections").text
    first = re.search(r'<tr id="c-1">(.*?)</tr>', audit, re.S)
    undo = re.search(r'<tr id="c-2">(.*?)</tr>', audit, re.S)
    assert first is not None and undo is not None
    assert "undone by correction 2" in first.group(1) and "Undo #1" not in audit
    assert 'href="#c-1"' in undo.group(1) and "Undo #2" not in undo.group(1)
