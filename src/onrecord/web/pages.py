"""The pages for reading: home, search, timeline, people, statements, articles.

Each page shows what the matching API endpoint returns (``onrecord.api.service``), so
the two can never disagree.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from onrecord.about import ACTS
from onrecord.api import service
from onrecord.api.deps import (
    CorpusDep,
    Limit,
    Offset,
    PageFilters,
    Text,
    TopicsDep,
    clean_text,
    parse_day,
)
from onrecord.api.schemas import ArticleDetail, PersonAbout
from onrecord.store import Corpus, Filters
from onrecord.store.filters import STANCE_VALUES
from onrecord.web.chart import statements_chart
from onrecord.web.markup import article_marks, highlight, mark_article, match_pattern
from onrecord.web.render import article_name, render

UNKNOWN_OUTLET = "(unknown)"

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


# Derived from ``topic``: no form field writes it.
_UNWRITTEN = {"topic_label"}


def _filter_values(filters: Filters) -> dict[str, str]:
    """The filters as the form (and every link that keeps them) writes them."""
    values = {
        k: v for k, v in asdict(filters).items() if isinstance(v, str) and v and k not in _UNWRITTEN
    }
    if values.get("sort") == "latest":
        del values["sort"]  # the default: links stay short
    if filters.min_confidence:
        values["min_confidence"] = f"{filters.min_confidence:g}"
    if filters.stance is not None:
        values["stance"] = STANCE_VALUES[filters.stance]
    return values


def _asked(filters: Filters) -> bool:
    """Whether a timeline was asked for: someone, something it is about, or words."""
    return bool(
        filters.speaker
        or filters.affiliation
        or filters.topic_phrases
        or filters.topic_label
        or filters.q
        or filters.about
        or filters.act
        or filters.stance is not None
    )


def _home_data(corpus: Corpus) -> dict[str, Any]:
    stats = service.stats(corpus)
    rows = [(r.month, r.affiliation, r.count) for r in stats.statements_per_month]
    # "Most quoted" means most statements: ranked by the count shown, quoted people only.
    quoted = service.entities_page(corpus, "person", None, 40, 0).items
    people = sorted((p for p in quoted if p.statements), key=lambda p: (-p.statements, p.name))
    speaking = service.entities_page(corpus, "organisation", None, 40, 0).items
    organisations = sorted(
        (o for o in speaking if o.statements), key=lambda o: (-o.statements, o.name)
    )
    return {
        "stats": stats,
        "chart": statements_chart(rows),
        "latest": service.statements_page(corpus, Filters(), 8, 0, every_report=False).items,
        "people": people[:8],
        "organisations": organisations[:5],
        "known_outlets": sum(1 for name in stats.outlets if name != UNKNOWN_OUTLET),
    }


def home_data(corpus: Corpus) -> dict[str, Any]:
    """What the home page shows: the same for every visitor until the corpus changes,
    so built once per version (and in advance by ``onrecord serve``'s warmer)."""
    return corpus.cached(("home page",), lambda: _home_data(corpus))


@router.get("/")
def home(request: Request, corpus: CorpusDep) -> Response:
    return render(request, "home.html", **home_data(corpus))


SORT_LABELS = {"latest": "latest first", "earliest": "earliest first", "reports": "most reported"}


@router.get("/search")
def search(
    request: Request,
    corpus: CorpusDep,
    topics: TopicsDep,
    filters: PageFilters,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    values = _filter_values(filters)
    # Any filter, or a sort (the home page's statements card), lists statements.
    asked = bool(values) or "sort" in request.query_params
    # Cards show what each statement is about, not each report: only that is loaded.
    results = service.search(corpus, filters, limit, offset, topics, False) if asked else None
    return render(
        request,
        "search.html",
        title=f"Search: {filters.q}" if filters.q else "Search",
        values=values,
        topics=topics.names(),
        acts=ACTS,
        results=results,
        mark=match_pattern(filters.q, filters.topic_phrases),
        highlight=highlight,
        limit=limit,
        offset=offset,
        sorts=SORT_LABELS,
        sort=filters.sort,
        facet_filter=FACET_FILTER,
    )


# Which filter a facet sets when clicked (a year sets a date range).
FACET_FILTER = {
    "speaker": "speaker",
    "organisation": "affiliation",
    "outlet": "outlet",
    "kind": "kind",
    "act": "act",
    "topic": "topic",
    "year": "year",
}
TIMELINE_PAGE = 500


@router.get("/timeline")
def timeline(
    request: Request,
    corpus: CorpusDep,
    topics: TopicsDep,
    filters: PageFilters,
    offset: Offset = 0,
) -> Response:
    # The timeline shows the words, not what each report is about: that is not loaded.
    asked = _asked(filters)
    result = service.timeline(corpus, filters, TIMELINE_PAGE, offset, False) if asked else None
    chart = None
    if result is not None:
        rows = [
            (e.published[:7], e.outlet or "(unknown outlet)", 1)
            for e in result.entries
            if e.published
        ]
        chart = statements_chart(rows)
    label = (
        filters.speaker or filters.affiliation or filters.about or filters.topic or filters.q or ""
    )
    return render(
        request,
        "timeline.html",
        title=f"Timeline: {label}" if label else "Timeline",
        values=_filter_values(filters),
        topics=topics.names(),
        acts=ACTS,
        result=result,
        chart=chart,
        label=label,
        limit=TIMELINE_PAGE,
        offset=offset,
    )


@router.get("/people")
def people(
    request: Request,
    corpus: CorpusDep,
    q: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
    org_offset: Offset = 0,
) -> Response:
    wanted = clean_text(q)
    return render(
        request,
        "people.html",
        title="People and organisations",
        q=wanted or "",
        people=service.entities_page(corpus, "person", wanted, limit, offset),
        organisations=service.entities_page(corpus, "organisation", wanted, limit, org_offset),
        limit=limit,
        offset=offset,
        org_offset=org_offset,
    )


def _entity_page(request: Request, person: PersonAbout) -> Response:
    return render(request, "person.html", title=person.name, person=person)


@router.get("/people/{person_id}")
def person(request: Request, corpus: CorpusDep, person_id: str) -> Response:
    if person_id.startswith("O"):  # an organisation's id: send it to its own address
        return RedirectResponse(f"/organisations/{quote(person_id)}", status_code=308)
    return _entity_page(request, service.entity_about(corpus, person_id, "person", False))


@router.get("/organisations/{organisation_id}")
def organisation(request: Request, corpus: CorpusDep, organisation_id: str) -> Response:
    found = service.entity_about(corpus, organisation_id, "organisation", False)
    return _entity_page(request, found)


@router.get("/statements/{statement_id}")
def statement(request: Request, corpus: CorpusDep, statement_id: str) -> Response:
    found = service.statement_detail(corpus, statement_id, every_report=False)
    return render(request, "statement.html", title=f"{found.speaker}: statement", statement=found)


@router.get("/statements/{statement_id}/exchanges")
def statement_exchanges(request: Request, corpus: CorpusDep, statement_id: str) -> Response:
    """The thread on a page of its own: the statement page stays as fast as it was."""
    found = service.statement_detail(corpus, statement_id, every_report=False)
    thread = service.statement_exchanges(corpus, statement_id).items
    return render(
        request,
        "exchanges.html",
        title=f"{found.speaker}: exchanges",
        statement=found,
        exchanges=thread,
    )


@router.get("/articles")
def articles(
    request: Request,
    corpus: CorpusDep,
    q: Text = None,
    outlet: Text = None,
    since: Text = None,
    until: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    start, end = parse_day(since, "since"), parse_day(until, "until")
    page = service.articles_page(
        corpus,
        clean_text(q),
        clean_text(outlet),
        start,
        end,
        limit,
        offset,
    )
    values = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or ""}
    return render(request, "articles.html", title="Articles", page=page, values=values)


def speaker_links(article: ArticleDetail) -> dict[str, str]:
    links = {}
    for a in article.attributions:
        if a.person_id:
            links[a.id] = f"/people/{a.person_id}"
        elif a.organisation_id:
            links[a.id] = f"/organisations/{a.organisation_id}"
    return links


@router.get("/articles/{article_id}")
def article(request: Request, corpus: CorpusDep, article_id: str) -> Response:
    found = service.article_detail(corpus, article_id)
    links = speaker_links(found)
    removed = [(r.span[0], r.span[1], r.reason) for r in found.removed]
    marked = mark_article(found.text, removed, article_marks(found, links))
    return render(
        request,
        "article.html",
        title=article_name(found.title, found.id),
        article=found,
        marked=marked,
        links=links,
    )
