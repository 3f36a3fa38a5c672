"""Errors the API and the pages raise, and the one place that renders them.

ApiError                 status 500 unless a subclass says otherwise
├── BadRequest           422: a parameter or body that cannot be used
├── NotFound             404: no article, statement, person... with that id
├── Unauthorized         401: no credentials where they are required
├── Forbidden            403: wrong credentials, or a form without its CSRF token
└── Conflict             409: a request at odds with itself (merge someone with themselves)

Every error has one JSON shape, ``{"error": {"status", "message", "detail"}}``, for
paths under ``/api`` (and ``/openapi.json``); pages get the same facts as an HTML page.
FastAPI's own validation errors and Starlette's 404/405 go through the same handlers,
so there is no second shape anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

JSON_PREFIXES = ("/api/", "/api", "/openapi.json")


class ApiError(Exception):
    """An error with its HTTP status and a message saying what to do next."""

    status = 500

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadRequest(ApiError):
    status = 422


class NotFound(ApiError):
    status = 404


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class Conflict(ApiError):
    status = 409


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "detail": detail}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PREFIXES)


def _location(loc: Sequence[Any]) -> str:
    # ("query", "limit") reads better as "limit"; body fields keep their path.
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "request"


def validation_message(errors: Sequence[Any]) -> tuple[str, list[dict[str, Any]]]:
    """One readable sentence for the first problem, and every problem as plain data."""
    detail = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]
    if not detail:
        return "Invalid request", detail
    first = errors[0]
    message = f"Invalid parameter '{_location(first.get('loc', ()))}': {first.get('msg', '')}"
    if len(detail) > 1:
        message += f" (and {len(detail) - 1} more)"
    return message, detail


HtmlRenderer = Callable[[Request, int, str, Any], Response]


def install(app: FastAPI, render_html: HtmlRenderer) -> None:
    """Route every error through one renderer: JSON for the API, HTML for pages."""

    def respond(request: Request, status: int, message: str, detail: Any = None) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if wants_json(request):
            return JSONResponse(error_body(status, message, detail), status, headers=headers)
        response = render_html(request, status, message, detail)
        if headers:
            response.headers.update(headers)
        return response

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return respond(request, exc.status, exc.message, exc.detail)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        message, detail = validation_message(exc.errors())
        return respond(request, 422, message, detail)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400:  # FastAPI's "error parsing the body": bad input, like the rest
            return respond(request, 422, "The request body cannot be read: send UTF-8 JSON")
        message = {
            404: f"Nothing at {request.url.path}",
            405: f"{request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, str(exc.detail))
        return respond(request, exc.status_code, message)

    async def on_crash(request: Request, exc: Exception) -> Response:
        # Starlette logs the traceback; the client gets the usual shape, no internals.
        return respond(request, 500, "Something went wrong on the server; its log says what")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(Exception, on_crash)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
