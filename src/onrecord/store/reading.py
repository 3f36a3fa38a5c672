"""The read methods of ``Corpus``: every read the API and the pages make goes through one.

Each method is one read transaction, so what it returns is one consistent state of the
corpus even while an ingest writes; nothing outside ``onrecord.store`` opens one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import astuple
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, select

from onrecord.link import looks_like_id
from onrecord.store import about_groups, browse, facets, read_indexes, review_query, subjects
from onrecord.store.changes import ChangeWatch, pinned_version
from onrecord.store.engine import make_engine, read_transaction
from onrecord.store.exchanges_query import ExchangeView, statement_exchanges
from onrecord.store.export import ROWS, Format, TableName, search_rows
from onrecord.store.export import export as export_table
from onrecord.store.load import load_article
from onrecord.store.people_query import PersonView
from onrecord.store.query import (
    Filters,
    ReportView,
    StatementView,
    count_reports,
    search_statements,
    timeline,
)
from onrecord.store.schema import meta
from onrecord.store.views import (
    ArticleRecord,
    AttributionView,
    CorrectionRecord,
    EntityAbout,
    EntityRecord,
    Page,
    ReviewView,
    StatementsResult,
)
from onrecord.store.walk import worth_walking
from onrecord.store.write import DATA_VERSION, LINKED_VERSION

T = TypeVar("T")
_ = read_indexes  # imported for its side effect: the read indexes join the schema
MEMO_SIZE = 512
MMAP_BYTES = 1 << 30
VERSION_KEYS = (DATA_VERSION, LINKED_VERSION)


def _report_ids(views: list[StatementView]) -> list[str]:
    return [r.attribution_id for s in views for r in s.reports]


class Memo:
    """Results that only change when the corpus does, kept for one corpus version."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self.version: str | None = None
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, version: str, key: Any, compute: Callable[[], T]) -> T:
        with self.lock:
            if version != self.version:  # an ingest or a correction: forget everything
                self.items.clear()
                self.version = version
            if key in self.items:
                self.items.move_to_end(key)
                found: T = self.items[key]
                return found
        value = compute()  # outside the lock: two threads may both compute, both right
        with self.lock:
            if version == self.version:
                self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        return value


class Reads:
    """Mixed into ``Corpus``: reads for browsing, each its own read transaction."""

    engine: Engine
    url: str

    @cached_property
    def memo(self) -> Memo:
        return Memo()

    @cached_property
    def reader(self) -> Engine:
        """The engine reads use: on SQLite a pool of its own whose connections cannot
        write (``query_only``) and map the file into memory, so many readers share the
        operating system's page cache instead of each copying pages."""
        if self.engine.dialect.name != "sqlite" or self.url in ("sqlite://", "sqlite:///:memory:"):
            return self.engine
        engine = make_engine(self.url)

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA query_only=ON")
            cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            cursor.execute("PRAGMA cache_size=-16000")  # 16 MB per connection
            cursor.close()

        return engine

    def close_reader(self) -> None:
        self.__dict__.pop("_watch", None)
        reader = self.__dict__.pop("reader", None)
        if reader is not None and reader is not self.engine:
            reader.dispose()

    @cached_property
    def _watch(self) -> ChangeWatch | None:
        path = self.reader.url.database
        if self.reader.dialect.name != "sqlite" or not path or path == ":memory:":
            return None
        return ChangeWatch(path, self._read_version)

    def version(self) -> str:
        """Changes whenever what a reader sees may change: an ingest bumps the data
        version, a link (after an ingest or a correction) records the linked one. On a
        SQLite file, read again only once something was committed; within a request that
        pinned it, the version it pinned (``store.changes``)."""
        fixed = pinned_version()
        if fixed is not None:
            return fixed
        watch = self._watch
        return watch.version() if watch is not None else self._read_version()

    def _read_version(self) -> str:
        wanted = select(meta.c.key, meta.c.value).where(meta.c.key.in_(VERSION_KEYS))
        with read_transaction(self.reader) as conn:  # one indexed read: it runs per request
            found = {key: value for key, value in conn.execute(wanted)}
        return f"{found.get(DATA_VERSION, '0')}.{found.get(LINKED_VERSION, '-1')}"

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the corpus changes (for aggregates that cost
        more than the pages that show them: totals, facets, the home page)."""
        return self.memo.get(self.version(), key, compute)

    def search_summary(self, filters: Filters, topics: Mapping[str, Filters]) -> facets.Summary:
        """The total and the facets of a statement search (remembered per corpus version);
        ``topics`` maps each topic's name to its filter (``filters.topic_filters``)."""

        def compute() -> facets.Summary:
            tagged, said_by = self.facet_sources(topics)
            with read_transaction(self.reader) as conn:
                return facets.summarise(conn, filters, tagged, said_by)

        return self.cached(("summary", astuple(filters)), compute)

    def facet_sources(
        self, topics: Mapping[str, Filters]
    ) -> tuple[dict[str, set[str]], facets.Speakers]:
        """What every search's facets share (remembered per corpus version): the
        statements of each topic, and each statement's speaker."""

        def topic_ids() -> dict[str, set[str]]:
            with read_transaction(self.reader) as conn:
                return {name: facets.topic_statements(conn, f) for name, f in topics.items()}

        # What each topic filter reads (not every field: this runs per request).
        key = tuple(sorted((n, f.topic_label, f.topic, f.topic_phrases) for n, f in topics.items()))
        return self.cached(("topics", key), topic_ids), self.cached(("speakers",), self._speakers)

    def _speakers(self) -> facets.Speakers:
        with read_transaction(self.reader) as conn:
            return facets.speakers(conn)

    def timeline_page(
        self, filters: Filters, limit: int = 1000, offset: int = 0, with_about: bool = True
    ) -> tuple[list[ReportView], int]:
        """A page of the timeline (oldest first) and the number of reports in all."""
        with read_transaction(self.reader) as conn:
            reports = timeline(conn, filters, limit, offset, with_about)
        total = self.cached(("reports", astuple(filters)), lambda: self._count_reports(filters))
        return reports, total

    def _count_reports(self, filters: Filters) -> int:
        with read_transaction(self.reader) as conn:
            return count_reports(conn, filters)

    def articles_page(
        self,
        q: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        with read_transaction(self.reader) as conn:
            terms = browse.article_conditions(conn, q, outlet, since, until)
            total, rows = browse.list_articles(conn, terms, limit, offset)
        return Page(rows, limit, offset, total, offset + len(rows) < total)

    def article_record(self, ident: str) -> ArticleRecord | None:
        with read_transaction(self.reader) as conn:
            # The page's attributions come with what each is about: the record's need not.
            record = load_article(conn, ident, with_about=False)
            if record is None:
                return None
            rows = browse.article_attributions(conn, ident)
            found = review_query.reviews(conn, [r.id for r in rows])
        return ArticleRecord(record, rows, found)

    def statements_page(
        self,
        filters: Filters,
        limit: int = 50,
        offset: int = 0,
        every_report: bool = True,
        matching: int | None = None,
    ) -> StatementsResult:
        """A page of a search; ``every_report=False``: as the pages' cards show them, each
        statement with its first reports only (``query.CARD_REPORTS``), the first
        carrying its targets and topics (``query.load_statements``). ``matching``: how
        many statements the search finds in all, when known (its summary), which tells
        how its page is cheapest found (``store.walk``)."""
        walk = matching is not None and worth_walking(
            filters, offset + limit + 1, matching, len(self.cached(("speakers",), self._speakers))
        )
        with read_transaction(self.reader) as conn:
            # One more than asked tells whether there is a next page.
            views = search_statements(conn, filters, limit + 1, offset, every_report, walk)
            found = review_query.reviews(conn, _report_ids(views[:limit]))
        return StatementsResult(views[:limit], found, limit, offset, len(views) > limit)

    def exchanges(self, statement_id: str) -> list[ExchangeView] | None:
        """What a statement answers, rejects, cites or repeats, and what does so to it,
        earliest first (``None``: no such statement). Computed on reading, from a few
        indexed lookups (``store.exchanges_query``)."""
        with read_transaction(self.reader) as conn:
            return statement_exchanges(conn, statement_id)

    def statement_record(self, ident: str, every_report: bool = True) -> StatementsResult | None:
        with read_transaction(self.reader) as conn:
            view = browse.statement(conn, ident, every_report)
            if view is None:
                return None
            found = review_query.reviews(conn, _report_ids([view]))
        return StatementsResult([view], found, 1, 0, False)

    def attributions_page(
        self,
        article_id: str | None = None,
        statement_id: str | None = None,
        entity_id: str | None = None,
        kind: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[Page, dict[str, ReviewView]]:
        with read_transaction(self.reader) as conn:
            total, rows = browse.attributions_page(
                conn, article_id, statement_id, entity_id, kind, limit, offset
            )
            found = review_query.reviews(conn, [r.id for r in rows])
        return Page(rows, limit, offset, total, offset + len(rows) < total), found

    def attribution(self, ident: str) -> tuple[AttributionView, ReviewView | None] | None:
        with read_transaction(self.reader) as conn:
            row = browse.attribution(conn, ident)
            if row is None:
                return None
            return row, review_query.reviews(conn, [ident]).get(ident)

    def entities_page(
        self, kind: str, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page:
        """People (``kind="person"``) or organisations, most mentioned first."""
        with read_transaction(self.reader) as conn:
            total, views = browse.entities_page(conn, kind, q, limit, offset)
        return Page(views, limit, offset, total, offset + len(views) < total)

    def entity_record(self, ident: str, limit: int = 100, offset: int = 0) -> EntityRecord | None:
        """The person (``P…``) or organisation (``O…``) and a page of their statements."""
        with read_transaction(self.reader) as conn:
            view: PersonView | None = browse.entity(conn, ident)
            if view is None:
                return None
            views = browse.entity_statements(conn, ident, limit + 1, offset)
            found = review_query.reviews(conn, _report_ids(views[:limit]))
            articles = browse.entity_article_count(conn, ident)
        page = StatementsResult(
            views[:limit], found, limit, offset, len(views) > limit, view.statements
        )
        return EntityRecord(view, page, articles)

    def entity_about(self, ident: str, every_report: bool = True) -> EntityAbout | None:
        """The person or organisation and their statements grouped by main target
        (remembered per corpus version: the grouping reads all their statements)."""
        return self.cached(
            ("entity about", ident, every_report), lambda: self._entity_about(ident, every_report)
        )

    def _entity_about(self, ident: str, every_report: bool) -> EntityAbout | None:
        with read_transaction(self.reader) as conn:
            view: PersonView | None = browse.entity(conn, ident)
            if view is None:
                return None
            groups = about_groups.about_groups(conn, ident, every_report=every_report)
            shown = [s for group in groups for s in group.statements]
            found = review_query.reviews(conn, _report_ids(shown))
            articles = browse.entity_article_count(conn, ident)
        return EntityAbout(view, groups, found, articles)

    def home_counts(self) -> tuple[browse.MonthlyCounts, int]:
        """Statements per month by affiliation, and how many speakers have statements."""
        with read_transaction(self.reader) as conn:
            return browse.statements_per_month(conn), browse.speaker_count(conn)

    def entity_named(self, name_or_id: str) -> str | None:
        """The id of the one person or organisation that has this id or answers to this
        name (``subjects``); None when none or several do."""
        with read_transaction(self.reader) as conn:
            if looks_like_id(name_or_id):
                found = subjects.entity(conn, name_or_id)
                return found.id if found else None
            named = subjects.called(conn, name_or_id)
            return named[0].id if len(named) == 1 else None

    def attribution_labels(self, ids: list[str]) -> dict[str, tuple[str | None, str]]:
        with read_transaction(self.reader) as conn:
            return browse.attribution_labels(conn, ids)

    def attribution_exists(self, ident: str) -> bool:
        with read_transaction(self.reader) as conn:
            return review_query.attribution_exists(conn, ident)

    def correction_list(
        self, newest_first: bool = False, limit: int | None = None, offset: int = 0
    ) -> list[CorrectionRecord]:
        with read_transaction(self.reader) as conn:
            return review_query.corrections_page(conn, newest_first, limit, offset)

    def correction_record(self, pk: int) -> CorrectionRecord | None:
        with read_transaction(self.reader) as conn:
            return review_query.correction(conn, pk)

    def export_search(self, filters: Filters) -> list[dict[str, Any]]:
        """Every statement a search finds, in its order, as export rows."""
        with read_transaction(self.reader) as conn:
            return search_rows(conn, filters)

    def export_rows(self, table: TableName) -> list[dict[str, Any]]:
        """A whole table's export rows, from one consistent state of the corpus."""
        with read_transaction(self.reader) as conn:
            return ROWS[table](conn)

    def export(
        self,
        out: str | Path,
        fmt: Format = "jsonl",
        table: TableName = "attributions",
        min_confidence: float | None = None,
        filters: Filters | None = None,
    ) -> int:
        """Write one table to ``out`` (csv, jsonl or parquet); the number of rows.
        ``filters`` keeps the attributions, or the statements, they find."""
        with read_transaction(self.engine) as conn:
            return export_table(conn, table, Path(out), fmt, min_confidence, filters)
