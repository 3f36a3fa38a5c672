"""Every read the API and the pages share: corpus in, response models out.

Routers and pages stay thin; a page shows exactly what its API endpoint returns.
"""

from __future__ import annotations

from collections import Counter

from onrecord.about import Topics
from onrecord.api import convert
from onrecord.api.errors import NotFound
from onrecord.api.schemas import (
    AboutGroupOut,
    AffiliationMonth,
    ArticleDetail,
    ArticleHitOut,
    ArticlePage,
    ArticleSummary,
    AttributionOut,
    AttributionPage,
    ExchangeList,
    FacetValueOut,
    MonthCount,
    PersonAbout,
    PersonDetail,
    PersonPage,
    SearchOut,
    StatementOut,
    StatementPage,
    StatsOut,
    TimelineEntry,
    TimelineOut,
)
from onrecord.store import Corpus, Filters
from onrecord.store.filters import topic_filters


def articles_page(
    corpus: Corpus,
    q: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> ArticlePage:
    page = corpus.articles_page(q, outlet, since, until, limit, offset)
    return ArticlePage(
        items=[ArticleSummary.model_validate(row, from_attributes=True) for row in page.items],
        limit=limit,
        offset=offset,
        total=page.total or 0,
    )


def article_detail(corpus: Corpus, ident: str) -> ArticleDetail:
    found = corpus.article_record(ident)
    if found is None:
        raise NotFound(f"No article {ident!r}: article ids are listed at /api/articles")
    return convert.article(found)


def statements_page(
    corpus: Corpus,
    filters: Filters,
    limit: int,
    offset: int,
    every_report: bool = True,
    matching: int | None = None,
) -> StatementPage:
    """A page of statements; ``every_report=False`` (for pages, which show what each
    statement is about, not each report): only first reports carry targets and topics.
    ``matching``: the search's total, when known (it chooses how the page is found)."""
    found = corpus.statements_page(filters, limit, offset, every_report, matching)
    return StatementPage(
        items=convert.statements(found), limit=limit, offset=offset, has_more=found.has_more
    )


def statement_detail(corpus: Corpus, ident: str, every_report: bool = True) -> StatementOut:
    found = corpus.statement_record(ident, every_report)
    if found is None:
        raise NotFound(f"No statement {ident!r}: statement ids are listed at /api/statements")
    return convert.statements(found)[0]


def statement_exchanges(corpus: Corpus, ident: str) -> ExchangeList:
    found = corpus.exchanges(ident)
    if found is None:
        raise NotFound(f"No statement {ident!r}: statement ids are listed at /api/statements")
    return ExchangeList(statement_id=ident, items=[convert.exchange(v) for v in found])


def attributions_page(
    corpus: Corpus,
    article_id: str | None,
    statement_id: str | None,
    entity_id: str | None,
    kind: str | None,
    limit: int,
    offset: int,
) -> AttributionPage:
    page, found = corpus.attributions_page(article_id, statement_id, entity_id, kind, limit, offset)
    items = [convert.attribution(r, None, found.get(r.id)) for r in page.items]
    return AttributionPage(items=items, limit=limit, offset=offset, total=page.total or 0)


def attribution_detail(corpus: Corpus, ident: str) -> AttributionOut:
    found = corpus.attribution(ident)
    if found is None:
        raise NotFound(f"No attribution {ident!r}: ids look like '<article id>:0'")
    return convert.attribution(found[0], None, found[1])


def entities_page(corpus: Corpus, kind: str, q: str | None, limit: int, offset: int) -> PersonPage:
    page = corpus.entities_page(kind, q, limit, offset)
    return PersonPage(
        items=[convert.person(v) for v in page.items],
        limit=limit,
        offset=offset,
        total=page.total or 0,
    )


def entity_detail(
    corpus: Corpus, ident: str, kind: str | None = None, limit: int = 100, offset: int = 0
) -> PersonDetail:
    """The person or organisation with this id and a page of their statements; ``kind``
    restricts which."""
    prefix = {"person": "P", "organisation": "O"}.get(kind or "", "")
    found = (
        corpus.entity_record(ident, limit, offset)
        if ident.startswith(prefix or ("P", "O"))
        else None
    )
    if found is None:
        where = "/api/organisations" if kind == "organisation" else "/api/people"
        raise NotFound(f"No {kind or 'person or organisation'} {ident!r}: see {where}")
    person = convert.person(found.entity)
    return PersonDetail(
        **person.model_dump(),
        statement_list=convert.statements(found.statements),
        limit=limit,
        offset=offset,
        articles=found.articles,
    )


def entity_about(
    corpus: Corpus, ident: str, kind: str | None = None, every_report: bool = True
) -> PersonAbout:
    """The person or organisation with this id, their statements grouped by main target."""
    prefix = {"person": "P", "organisation": "O"}.get(kind or "", "")
    found = (
        corpus.entity_about(ident, every_report) if ident.startswith(prefix or ("P", "O")) else None
    )
    if found is None:
        where = "/api/organisations" if kind == "organisation" else "/api/people"
        raise NotFound(f"No {kind or 'person or organisation'} {ident!r}: see {where}")
    return PersonAbout(
        **convert.person(found.entity).model_dump(),
        articles=found.articles,
        groups=[
            AboutGroupOut(
                target=g.target,
                entity_id=g.entity_id,
                count=g.count,
                statements=[convert.statement(s, found.reviews) for s in g.statements],
            )
            for g in found.groups
        ],
    )


def search(
    corpus: Corpus,
    filters: Filters,
    limit: int,
    offset: int,
    topics: Topics,
    every_report: bool = True,
) -> SearchOut:
    # The total first (kept per corpus version): it tells how the page is cheapest found.
    summary = corpus.search_summary(filters, topic_filters(topics))
    statements = statements_page(corpus, filters, limit, offset, every_report, summary.total)
    hits: list[ArticleHitOut] = []
    if filters.q or filters.topic_phrases:  # article search knows text, dates and outlet only
        hits = [
            ArticleHitOut(
                id=h.id, title=h.title, published=h.published, outlet=h.outlet, origin=h.origin
            )
            for h in corpus.search_articles(filters, limit)
        ]
    return SearchOut(
        statements=statements,
        articles=hits,
        total=summary.total,
        facets={
            name: [FacetValueOut(value=v.value, count=v.count) for v in values]
            for name, values in summary.facets.items()
        },
    )


def timeline(
    corpus: Corpus, filters: Filters, limit: int, offset: int = 0, with_about: bool = True
) -> TimelineOut:
    reports, total = corpus.timeline_page(filters, limit, offset, with_about)
    months = Counter(r.published[:7] for r in reports if r.published)
    return TimelineOut(
        entries=[
            TimelineEntry(
                statement_id=r.statement_id,
                attribution_id=r.attribution_id,
                article_id=r.article_id,
                published=r.published,
                outlet=r.outlet,
                title=r.title,
                speaker=r.speaker,
                words=r.words,
                quoted_by=r.quoted_by,
                **convert.about(r),
            )
            for r in reports
        ],
        months=[MonthCount(month=m, count=n) for m, n in sorted(months.items())],
        undated=sum(1 for r in reports if not r.published),
        truncated=offset + len(reports) < total,
        total=total,
        limit=limit,
        offset=offset,
    )


def stats(corpus: Corpus) -> StatsOut:
    counts = corpus.stats()
    monthly, speakers = corpus.home_counts()
    return StatsOut(
        articles=counts.articles,
        attributions=counts.attributions,
        people=counts.people,
        organisations=counts.organisations,
        statements=counts.statements,
        reports=counts.reports,
        problems=counts.problems,
        corrections=counts.corrections,
        outlets={k or "(unknown)": v for k, v in counts.outlets.items()},
        speakers=speakers,
        linked=counts.linked,
        statements_per_month=[
            AffiliationMonth(month=m, affiliation=a, count=n) for m, a, n in monthly.rows
        ],
        undated_statements=monthly.undated,
    )
