"""``/api/corrections``: the audit list, and recording a correction (needs the token)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from onrecord.api import corrections
from onrecord.api.deps import CorpusDep, SecurityDep
from onrecord.api.routers.common import ERRORS, NOT_FOUND
from onrecord.api.schemas import CorrectionIn, CorrectionOut, ErrorBody

router = APIRouter(prefix="/api/corrections", tags=["corrections"], responses=ERRORS)


def _writer(request: Request, security: SecurityDep) -> None:
    # A dependency, so the credentials are checked before the body is validated.
    security.require_api_write(request)


@router.get("", response_model=list[CorrectionOut], summary="Every correction, oldest first")
def list_corrections(corpus: CorpusDep) -> list[CorrectionOut]:
    return corrections.list_all(corpus)


@router.post(
    "",
    response_model=CorrectionOut,
    status_code=201,
    responses={
        **NOT_FOUND,
        409: {
            "model": ErrorBody,
            "description": "Refused, nothing stored: an ambiguous name (the candidates are in "
            "the error's detail), a repeat, or a request at odds with itself",
        },
    },
    dependencies=[Depends(_writer)],
    summary=(
        "Record a correction: merge, split, rename people; reject or reassign an "
        "attribution; undo a correction"
    ),
)
def add_correction(corpus: CorpusDep, change: CorrectionIn) -> CorrectionOut:
    return corrections.record(corpus, change)
