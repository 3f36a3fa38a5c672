"""Who may read and write: tokens, the login cookie, CSRF, Host checks, headers, serve flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from onrecord.api import create_app
from onrecord.api.security import CSP, loopback_hosts
from onrecord.cli import app as cli
from onrecord.web.forms import local_path
from tests.web.conftest import TOKEN, csrf_of, error_of, person_id

RENAME = {"action": "rename", "subject": "Matthew Miller", "name": "M. Miller", "by": "t"}


def test_every_response_carries_the_csp(reader: TestClient) -> None:
    for url in ("/", "/api/stats", "/static/onrecord.css", "/nope", "/api/nope", "/openapi.json"):
        headers = reader.get(url).headers
        assert headers["content-security-policy"].startswith(
            "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"
        ), url
        assert headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP


def test_with_a_token_api_writes_need_it(guarded: TestClient) -> None:
    missing = guarded.post("/api/corrections", json=RENAME)
    assert error_of(missing, 401)["message"].startswith("This needs the server's token")
    assert missing.headers["www-authenticate"] == "Bearer"
    error_of(
        guarded.post("/api/corrections", json=RENAME, headers={"Authorization": "Bearer x"}), 403
    )
    # credentials are checked before the body, so a stranger learns nothing from a 422
    error_of(guarded.post("/api/corrections", json={"action": "?"}), 401)
    made = guarded.post(
        "/api/corrections", json=RENAME, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert made.status_code == 201
    assert guarded.get("/api/stats").status_code == 200  # reads stay open without --private


def test_with_a_token_forms_need_the_login(guarded: TestClient) -> None:
    page = f"/people/{person_id(guarded, 'Matthew Miller')}"
    form = {"csrf": csrf_of(guarded, page), **RENAME, "next": page}
    anonymous = guarded.post("/corrections", data=form, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?")

    login = guarded.post(
        "/login",
        data={"csrf": csrf_of(guarded, "/login"), "token": TOKEN, "next": page},
        follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == page
    cookie = login.headers["set-cookie"]
    assert "onrecord_session=" in cookie and TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    done = guarded.post("/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert [c["by"] for c in guarded.get("/api/corrections").json()] == ["t"]


def test_a_wrong_token_does_not_log_in(guarded: TestClient) -> None:
    sent = guarded.post("/login", data={"csrf": csrf_of(guarded), "token": "guess", "next": "/"})
    assert sent.status_code == 403 and "not right" in sent.text
    assert "onrecord_session" not in sent.headers.get("set-cookie", "")


def test_forms_need_their_csrf_token(writer: TestClient) -> None:
    page = f"/people/{person_id(writer, 'Matthew Miller')}"
    token = csrf_of(writer, page)
    for csrf in ("", "forged"):
        sent = writer.post("/corrections", data={"csrf": csrf, **RENAME})
        assert sent.status_code == 403 and "text/html" in sent.headers["content-type"]
    cross_site = writer.post(
        "/corrections", data={"csrf": token, **RENAME}, headers={"Origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403
    writer.cookies.clear()  # another browser: the token is bound to this one's cookie
    assert writer.post("/corrections", data={"csrf": token, **RENAME}).status_code == 403
    assert writer.get("/api/corrections").json() == []


def test_api_writes_refuse_other_sites(writer: TestClient) -> None:
    body = b'{"action": "rename", "subject": "Matthew Miller", "name": "X"}'
    for headers in (
        {},  # no type: what a page elsewhere can send without asking first
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/json", "Origin": "https://evil.example"},
        {"Content-Type": "application/json", "Origin": "null"},
        {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
    ):
        assert writer.post("/api/corrections", content=body, headers=headers).status_code in (
            403,
            422,
        ), headers
    assert writer.get("/api/corrections").json() == []
    own = {"Content-Type": "application/json", "Origin": "http://testserver"}
    assert writer.post("/api/corrections", content=body, headers=own).status_code == 201


def test_forms_refuse_other_encodings(writer: TestClient) -> None:
    sent = writer.post("/corrections", json={"csrf": "x", **RENAME})
    assert sent.status_code == 422


def test_private_protects_reads(db: Path) -> None:
    with TestClient(create_app(str(db), token=TOKEN, private=True)) as client:
        error_of(client.get("/api/stats"), 401)
        error_of(client.get("/openapi.json"), 401)
        error_of(client.get("/api/stats", headers={"Authorization": "Bearer nope"}), 403)
        ok = client.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        page = client.get("/search?q=elections", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Fsearch%3Fq%3Delections"
        assert client.get("/static/onrecord.css").status_code == 200
        login = client.get("/login")
        assert login.status_code == 200 and 'name="token"' in login.text
        client.post("/login", data={"csrf": csrf_of(client), "token": TOKEN, "next": "/"})
        assert client.get("/search?q=elections").status_code == 200


def test_private_without_token_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="needs a token"):
        create_app(str(db), private=True)


def test_loopback_server_refuses_other_hosts(db: Path) -> None:
    app = create_app(str(db), allowed_hosts=loopback_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        assert client.get("/api/stats", headers={"Host": "[::1]:8000"}).status_code == 200
        rebound = client.get("/api/stats", headers={"Host": "attacker.example:8000"})
        assert rebound.status_code == 400


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/people/P1", "/people/P1"),
        ("/search?q=x", "/search?q=x"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_redirects_stay_on_the_site(target: str, safe: str) -> None:
    assert local_path(target) == safe


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--host", "0.0.0.0"], 2, "--token"),
        (["--host", "192.168.1.5", "--token", "short"], 2, "at least 12"),
        (["--private"], 2, "--private needs a token"),
        (["--db", "/nonexistent/x.db"], 1, "No corpus"),
    ],
)
def test_serve_refuses_unsafe_options(args: list[str], code: int, words: str) -> None:
    result = CliRunner().invoke(cli, ["serve", *args], env={"ONRECORD_TOKEN": "", "COLUMNS": "200"})
    assert result.exit_code == code, result.output
    assert words in result.output + (result.stderr or "")
