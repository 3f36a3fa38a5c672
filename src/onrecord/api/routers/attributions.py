"""``/api/attributions``: every extracted attribution, with its spans and linked speaker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from onrecord.api import service
from onrecord.api.deps import CorpusDep, KindName, Limit, Offset
from onrecord.api.routers.common import ERRORS, NOT_FOUND
from onrecord.api.schemas import AttributionOut, AttributionPage

router = APIRouter(prefix="/api/attributions", tags=["attributions"], responses=ERRORS)
Id = Annotated[str | None, Query(max_length=200)]


@router.get("", response_model=AttributionPage, summary="List attributions in stored order")
def list_attributions(
    corpus: CorpusDep,
    article_id: Id = None,
    statement_id: Id = None,
    speaker_id: Annotated[str | None, Query(max_length=200, description="A P… or O… id")] = None,
    kind: KindName | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> AttributionPage:
    return service.attributions_page(
        corpus, article_id, statement_id, speaker_id, kind, limit, offset
    )


@router.get(
    "/{attribution_id}",
    response_model=AttributionOut,
    responses=NOT_FOUND,
    summary="One attribution (ids look like '<article id>:<n>')",
)
def get_attribution(corpus: CorpusDep, attribution_id: str) -> AttributionOut:
    return service.attribution_detail(corpus, attribution_id)
