"""``/api/search``, ``/api/timeline`` and ``/api/stats``: reading across the corpus."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from onrecord.api import service
from onrecord.api.deps import ApiFilters, CorpusDep, Limit, Offset, TopicsDep
from onrecord.api.routers.common import ERRORS
from onrecord.api.schemas import SearchOut, StatsOut, TimelineOut

router = APIRouter(prefix="/api", tags=["search"], responses=ERRORS)


@router.get(
    "/search",
    response_model=SearchOut,
    summary="Full-text search of statements (and articles) with filters",
)
def search(
    corpus: CorpusDep,
    topics: TopicsDep,
    filters: ApiFilters,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SearchOut:
    return service.search(corpus, filters, limit, offset, topics)


@router.get(
    "/timeline",
    response_model=TimelineOut,
    summary="Every report for a speaker, affiliation or topic, oldest first",
)
def timeline(
    corpus: CorpusDep,
    filters: ApiFilters,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many reports")] = 1000,
    offset: Offset = 0,
) -> TimelineOut:
    return service.timeline(corpus, filters, limit, offset)


@router.get("/stats", response_model=StatsOut, summary="Counts, outlets, statements per month")
def stats(corpus: CorpusDep) -> StatsOut:
    return service.stats(corpus)
