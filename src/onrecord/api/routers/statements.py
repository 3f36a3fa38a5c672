"""``/api/statements``: what was said, each with every article that reported it."""

from __future__ import annotations

from fastapi import APIRouter

from onrecord.api import service
from onrecord.api.deps import ApiFilters, CorpusDep, Limit, Offset
from onrecord.api.routers.common import ERRORS, NOT_FOUND
from onrecord.api.schemas import ExchangeList, StatementOut, StatementPage

router = APIRouter(prefix="/api/statements", tags=["statements"], responses=ERRORS)


@router.get("", response_model=StatementPage, summary="List or search statements, latest first")
def list_statements(
    corpus: CorpusDep, filters: ApiFilters, limit: Limit = 50, offset: Offset = 0
) -> StatementPage:
    return service.statements_page(corpus, filters, limit, offset)


@router.get(
    "/{statement_id}",
    response_model=StatementOut,
    responses=NOT_FOUND,
    summary="One statement with its lineage: every report in date order, with outlet",
)
def get_statement(corpus: CorpusDep, statement_id: str) -> StatementOut:
    return service.statement_detail(corpus, statement_id)


@router.get(
    "/{statement_id}/exchanges",
    response_model=ExchangeList,
    responses=NOT_FOUND,
    summary="What a statement answers, rejects, cites or repeats, and what does so to it",
)
def get_exchanges(corpus: CorpusDep, statement_id: str) -> ExchangeList:
    return service.statement_exchanges(corpus, statement_id)
