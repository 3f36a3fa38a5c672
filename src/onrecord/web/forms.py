"""The pages that write: log in and out, make a correction, and the audit page.

Forms are posted as ``application/x-www-form-urlencoded`` and read here with the
standard library (no multipart parser is needed for a few short fields). Every form
carries the CSRF token; with a server token set, writing also needs the login session.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from onrecord.api import corrections
from onrecord.api.deps import CorpusDep, Limit, Offset, SecurityDep
from onrecord.api.errors import BadRequest, Conflict, NotFound, validation_message
from onrecord.api.schemas import AnyCorrection, CorrectionIn, CorrectionOut, RenameIn
from onrecord.api.security import CSRF_FIELD, SESSION_COOKIE
from onrecord.link import ATTRIBUTION_ACTIONS
from onrecord.web.render import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
MAX_FORM_BYTES = 64 * 1024
ANALYST_COOKIE = "onrecord_analyst"
CORRECTION: TypeAdapter[AnyCorrection] = TypeAdapter(CorrectionIn)
FIELDS = (
    "action",
    "subject",
    "other",
    "alias",
    "name",
    "speaker",
    "speaker_id",
    "create",
    "earlier",
    "verdict",
    "relation",
    "note",
    "by",
)


async def read_form(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise BadRequest("Send the form as application/x-www-form-urlencoded")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise BadRequest(f"The form is over {MAX_FORM_BYTES // 1024} KB")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("The form is not UTF-8") from exc
    return dict(parse_qsl(text, keep_blank_values=True, max_num_fields=50))


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site; never a redirect to somewhere else."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target


@router.get("/login")
def login_form(
    request: Request,
    security: SecurityDep,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    return render(request, "login.html", title="Log in", next=local_path(next), failed=False)


@router.post("/login")
async def login(request: Request, security: SecurityDep) -> Response:
    form = await read_form(request)
    security.check_csrf(request, form.get(CSRF_FIELD))
    target = local_path(form.get("next"))
    if not security.token:
        return RedirectResponse(target, status_code=303)
    if not security.token_ok(form.get("token", "")):
        return render(request, "login.html", status=403, title="Log in", next=target, failed=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        security.new_session(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
async def logout(request: Request, security: SecurityDep) -> Response:
    form = await read_form(request)
    security.check_csrf(request, form.get(CSRF_FIELD))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/corrections")
def audit(
    request: Request,
    corpus: CorpusDep,
    done: Annotated[int | None, Query(ge=0)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    # One more than shown tells whether there is an older page.
    found = corrections.list_all(corpus, newest_first=True, limit=limit + 1, offset=offset)
    has_more = len(found) > limit
    found = found[:limit]
    subjects = [c.subject for c in found if c.action in ATTRIBUTION_ACTIONS]
    labels = corpus.attribution_labels(subjects)
    return render(
        request,
        "corrections.html",
        title="Corrections",
        corrections=found,
        labels=labels,
        done=done,
        limit=limit,
        offset=offset,
        has_more=has_more,
    )


@router.post("/corrections")
async def correct(request: Request, corpus: CorpusDep, security: SecurityDep) -> Response:
    form = await read_form(request)
    security.require_form_write(request, form.get(CSRF_FIELD))
    values = {k: form[k] for k in FIELDS if form.get(k, "").strip()}
    try:
        change = CORRECTION.validate_python(values)
    except ValidationError as exc:
        message, detail = validation_message(exc.errors())
        raise BadRequest(message, detail) from exc
    if not (change.by or "").strip():
        raise BadRequest("Say who makes the correction (the 'Your name' field)")
    back = _card(change, local_path(form.get("next"), "/corrections").split("#")[0])
    try:
        made = corrections.record(corpus, change)
    except (NotFound, Conflict) as exc:  # refused: say why, with whom to choose from
        return _refused(request, exc, back)
    target, anchor = _after(corpus, change, made, back)
    joiner = "&" if "?" in target else "?"
    said = {"done" if target == "/corrections" else "corrected": made.id}  # the notice
    response = RedirectResponse(f"{target}{joiner}{urlencode(said)}{anchor}", status_code=303)
    response.set_cookie(
        ANALYST_COOKIE, (change.by or "")[:120], httponly=True, samesite="strict", path="/"
    )
    return response


def _card(change: AnyCorrection, page: str) -> str:
    """The page the form was on, at the card of the attribution it corrects."""
    if change.action in ATTRIBUTION_ACTIONS:
        return f"{page}#a-{quote(change.subject.strip(), safe=':')}"
    if change.action == "exchange":
        return f"{page}#exchanges"
    return page


def _refused(request: Request, error: NotFound | Conflict, back: str) -> Response:
    detail = error.detail if isinstance(error.detail, dict) else {}
    return render(
        request,
        "error.html",
        status=error.status,
        title="Correction refused · onrecord",
        status_code=error.status,
        heading="Correction refused: nothing was recorded",
        message=error.message,
        problems=[],
        candidates=detail.get("candidates") or [],
        back=back,
    )


def _after(
    corpus: CorpusDep, change: AnyCorrection, made: CorrectionOut, back: str
) -> tuple[str, str]:
    """Where to go next, and the anchor there: the card of the corrected attribution, or
    the corrected person's page (their id may have changed)."""
    if change.action in ATTRIBUTION_ACTIONS or change.action == "exchange":
        page, _, anchor = back.partition("#")
        return page, f"#{anchor}"
    if change.action == "undo":
        return "/corrections", f"#c-{made.id}"
    meant = made.resolved.get("subject") or {}
    ident = corpus.entity_named(str(meant.get("id") or ""))
    if ident is None:  # gone in a merge: the one now called what it was called
        name = change.name if isinstance(change, RenameIn) else meant.get("name")
        ident = corpus.entity_named(str(name or change.subject))
    if ident is None:
        return "/corrections", f"#c-{made.id}"
    return f"/{'people' if ident.startswith('P') else 'organisations'}/{ident}", ""
