"""What every API router shares: the error responses it documents."""

from __future__ import annotations

from typing import Any

from onrecord.api.schemas import ErrorBody

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Credentials required"},
    403: {"model": ErrorBody, "description": "Wrong credentials"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorBody, "description": "No such id"},
}
