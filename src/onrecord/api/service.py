"""Every read the API and the pages share: corpus in, response models out.

Routers and pages stay thin; a page shows exactly what its API endpoint returns.
"""

from __future__ import annotations

from collections import Counter

from onrecord.api import convert, queries
from onrecord.api.corrections import reviews
from onrecord.api.errors import NotFound
from onrecord.api.schemas import (
    AffiliationMonth,
    ArticleDetail,
    ArticleHitOut,
    ArticlePage,
    ArticleSummary,
    AttributionOut,
    AttributionPage,
    MonthCount,
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
from onrecord.store.engine import read_transaction
from onrecord.store.load import load_article


def articles_page(
    corpus: Corpus,
    q: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> ArticlePage:
    with read_transaction(corpus.engine) as conn:
        terms = queries.article_conditions(conn, q, outlet, since, until)
        total, rows = queries.list_articles(conn, terms, limit, offset)
    return ArticlePage(
        items=[ArticleSummary(**row) for row in rows], limit=limit, offset=offset, total=total
    )


def article_detail(corpus: Corpus, ident: str) -> ArticleDetail:
    with read_transaction(corpus.engine) as conn:
        record = load_article(conn, ident)
        if record is None:
            raise NotFound(f"No article {ident!r}: article ids are listed at /api/articles")
        rows = queries.article_attributions(conn, ident)
        found = reviews(conn, [r["id"] for r in rows])
    return convert.article(record, rows, found)


def statements_page(corpus: Corpus, filters: Filters, limit: int, offset: int) -> StatementPage:
    # One more than asked tells whether there is a next page without counting them all.
    views = corpus.search_statements(filters, limit + 1, offset)
    with read_transaction(corpus.engine) as conn:
        found = reviews(conn, convert.report_ids(views))
    return StatementPage(
        items=[convert.statement(v, found) for v in views[:limit]],
        limit=limit,
        offset=offset,
        has_more=len(views) > limit,
    )


def statement_detail(corpus: Corpus, ident: str) -> StatementOut:
    with read_transaction(corpus.engine) as conn:
        view = queries.statement(conn, ident)
        if view is None:
            raise NotFound(f"No statement {ident!r}: statement ids are listed at /api/statements")
        found = reviews(conn, convert.report_ids([view]))
    return convert.statement(view, found)


def attributions_page(
    corpus: Corpus,
    article_id: str | None,
    statement_id: str | None,
    entity_id: str | None,
    kind: str | None,
    limit: int,
    offset: int,
) -> AttributionPage:
    with read_transaction(corpus.engine) as conn:
        total, rows = queries.attributions_page(
            conn, article_id, statement_id, entity_id, kind, limit, offset
        )
        found = reviews(conn, [r["id"] for r in rows])
    items = [convert.attribution(r, None, found.get(r["id"])) for r in rows]
    return AttributionPage(items=items, limit=limit, offset=offset, total=total)


def attribution_detail(corpus: Corpus, ident: str) -> AttributionOut:
    with read_transaction(corpus.engine) as conn:
        row = queries.attribution(conn, ident)
        if row is None:
            raise NotFound(f"No attribution {ident!r}: ids look like '<article id>:0'")
        found = reviews(conn, [ident])
    return convert.attribution(row, None, found.get(ident))


def entities_page(corpus: Corpus, kind: str, q: str | None, limit: int, offset: int) -> PersonPage:
    with read_transaction(corpus.engine) as conn:
        total, views = queries.entities_page(conn, kind, q, limit, offset)
    return PersonPage(
        items=[convert.person(v) for v in views], limit=limit, offset=offset, total=total
    )


def entity_detail(
    corpus: Corpus, ident: str, kind: str | None = None, limit: int = 100, offset: int = 0
) -> PersonDetail:
    """The person or organisation with this id and a page of their statements; ``kind``
    restricts which."""
    prefix = {"person": "P", "organisation": "O"}.get(kind or "", "")
    with read_transaction(corpus.engine) as conn:
        view = queries.entity(conn, ident) if ident.startswith(prefix or ("P", "O")) else None
        if view is None:
            where = "/api/organisations" if kind == "organisation" else "/api/people"
            raise NotFound(f"No {kind or 'person or organisation'} {ident!r}: see {where}")
        statements = queries.entity_statements(conn, ident, limit, offset)
        found = reviews(conn, convert.report_ids(statements))
        articles = queries.entity_article_count(conn, ident)
    person = convert.person(view)
    return PersonDetail(
        **person.model_dump(),
        statement_list=[convert.statement(s, found) for s in statements],
        limit=limit,
        offset=offset,
        articles=articles,
    )


def search(corpus: Corpus, filters: Filters, limit: int, offset: int) -> SearchOut:
    statements = statements_page(corpus, filters, limit, offset)
    hits: list[ArticleHitOut] = []
    if filters.q or filters.topic_phrases:  # article search knows text, dates and outlet only
        hits = [
            ArticleHitOut(
                id=h.id, title=h.title, published=h.published, outlet=h.outlet, origin=h.origin
            )
            for h in corpus.search_articles(filters, limit)
        ]
    return SearchOut(statements=statements, articles=hits)


def timeline(corpus: Corpus, filters: Filters, limit: int) -> TimelineOut:
    reports = corpus.timeline(filters, limit + 1)
    truncated = len(reports) > limit
    reports = reports[:limit]
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
            )
            for r in reports
        ],
        months=[MonthCount(month=m, count=n) for m, n in sorted(months.items())],
        undated=sum(1 for r in reports if not r.published),
        truncated=truncated,
    )


def stats(corpus: Corpus) -> StatsOut:
    counts = corpus.stats()
    with read_transaction(corpus.engine) as conn:
        monthly = queries.statements_per_month(conn)
        speakers = queries.speaker_count(conn)
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
