"""``/api/articles``: the stored articles, and one with its text, spans and attributions."""

from __future__ import annotations

from fastapi import APIRouter

from onrecord.api import service
from onrecord.api.deps import CorpusDep, Day, Limit, Offset, Text, clean_text, parse_day
from onrecord.api.routers.common import ERRORS, NOT_FOUND
from onrecord.api.schemas import ArticleDetail, ArticlePage

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=ERRORS)


@router.get("", response_model=ArticlePage, summary="List articles, latest first")
def list_articles(
    corpus: CorpusDep,
    q: Text = None,
    outlet: Text = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ArticlePage:
    start, end = parse_day(since, "since"), parse_day(until, "until")
    return service.articles_page(
        corpus,
        clean_text(q),
        clean_text(outlet),
        start,
        end,
        limit,
        offset,
    )


@router.get(
    "/{article_id}",
    response_model=ArticleDetail,
    responses=NOT_FOUND,
    summary="One article: original text, body and removed spans, comments, attributions",
)
def get_article(corpus: CorpusDep, article_id: str) -> ArticleDetail:
    return service.article_detail(corpus, article_id)
