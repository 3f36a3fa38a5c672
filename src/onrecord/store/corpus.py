"""``Corpus``: one handle on a stored corpus, SQLite or PostgreSQL.

    corpus = open_corpus("news.db")          # or "postgresql://user@host/db"
    stats = corpus.add(articles, problems)   # idempotent; links people and statements
    corpus.search_statements(Filters(q="peaceful assembly", speaker="State Department"))

Writes go in batches, one transaction each; the cross-article link runs after the last
batch in its own transaction. If a run is stopped between the two, the corpus stays
consistent and knows its links are stale: the next ``add`` or ``ensure_linked`` redoes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from onrecord.errors import StoreError
from onrecord.model import Article, Problem
from onrecord.store import correcting, linkstore, migrate, people_query, query
from onrecord.store.dedupstore import StoredDuplicateIndex
from onrecord.store.engine import (
    make_engine,
    read_transaction,
    resolve_url,
    write_transaction,
)
from onrecord.store.load import load_article
from onrecord.store.reading import Reads
from onrecord.store.schema import (
    articles,
    attributions,
    corrections,
    inputs,
    organisations,
    people,
    problems,
    statement_reports,
    statements,
)
from onrecord.store.write import BatchResult, input_id_for, input_label, write_batch

if TYPE_CHECKING:
    from onrecord.about.stance import ModelName
    from onrecord.store.stances import StanceFill

T = TypeVar("T")
DEFAULT_BATCH = 200
Corrections = list[people_query.CorrectionView]


@dataclass(slots=True)
class AddStats:
    """What an ``add`` changed."""

    articles_added: int = 0
    duplicates: int = 0
    already_done: int = 0
    attributions_added: int = 0
    problems_added: int = 0
    mentions_added: int = 0
    batches: int = 0
    link: linkstore.LinkStats | None = None

    def merge(self, batch: BatchResult) -> None:
        self.articles_added += batch.articles_added
        self.duplicates += batch.duplicates
        self.already_done += batch.already_done
        self.attributions_added += batch.attributions_added
        self.problems_added += batch.problems_added
        self.mentions_added += batch.mentions_added
        self.batches += 1


@dataclass(slots=True)
class CorpusStats:
    """Counts, all read in one transaction."""

    articles: int
    attributions: int
    people: int
    organisations: int
    statements: int
    reports: int
    problems: int
    inputs_done: int
    corrections: int
    linked: bool
    size_bytes: int | None = None
    outlets: dict[str, int] = field(default_factory=dict)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class StoredInputs:
    """The inputs already in the store, looked up one at a time by their primary key, so
    resuming a job over a corpus of millions never loads them all into memory."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        with read_transaction(corpus.engine) as conn:
            self.empty = conn.execute(select(inputs.c.input_id).limit(1)).first() is None

    def __contains__(self, input_id: object) -> bool:
        if self.empty:  # a new corpus: no query per input
            return False
        with read_transaction(self.corpus.engine) as conn:
            query = select(inputs.c.input_id).where(inputs.c.input_id == input_id)
            return conn.execute(query).first() is not None


class Corpus(Reads):
    """A stored corpus. Safe to share between threads; every call is its own transaction.
    The reads the API and the pages make are in ``Reads``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._duplicates: StoredDuplicateIndex | None = None

    @property
    def duplicates(self) -> StoredDuplicateIndex:
        """The corpus's near-duplicate index, for an ingest into it
        (``ingest(..., index=corpus.duplicates)``): the batches this handle writes
        record the canonical bodies it found, with the articles."""
        if self._duplicates is None:
            self._duplicates = StoredDuplicateIndex(self.engine)
        return self._duplicates

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def safe_url(self) -> str:
        """The store's URL without its password, for messages."""
        return _safe(self.url)

    def close(self) -> None:
        self.close_reader()
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def add(
        self,
        items: Iterable[Article],
        problems: Iterable[Problem] = (),
        *,
        batch_size: int = DEFAULT_BATCH,
        link: bool = True,
    ) -> AddStats:
        """Store articles (and the problems met reading the inputs), then link."""
        stats = AddStats()
        for batch in _batches(items, batch_size):
            for result in write_contained(self, batch, []):
                stats.merge(result)
        found = list(problems)
        if found:
            for result in write_contained(self, [], found):
                stats.merge(result)
        if link:
            stats.link = self.ensure_linked()
        return stats

    def ensure_linked(self) -> linkstore.LinkStats | None:
        """Re-link if anything changed since the last link; None when nothing had to."""
        with read_transaction(self.engine) as conn:
            if not linkstore.is_stale(conn):
                return None
        with write_transaction(self.engine) as conn:
            stats = linkstore.link_pending(conn)
        self._checkpoint()
        return stats

    def read_stances(
        self,
        model: ModelName = "small",
        every: bool = False,
        on_batch: Callable[[StanceFill], None] | None = None,
    ) -> StanceFill:
        """Read the stance of stored statements toward their main target with ``model``:
        those without one (stored before every extraction read it), or ``every`` one."""
        # The stance model's modules load only here: most commands never read a stance.
        from onrecord.store.stances import fill_stances

        return fill_stances(self.engine, model, every, on_batch)

    def link(self) -> linkstore.LinkStats:
        """Recompute people, organisations and statements from the stored attributions
        (``onrecord relink``): streaming, one group at a time, in one transaction."""
        with write_transaction(self.engine) as conn:
            stats = linkstore.relink(conn)
        self._checkpoint()
        return stats

    def _checkpoint(self) -> None:
        """Fold SQLite's write-ahead log back into the file after a big write, so the log
        does not keep the size of the largest transaction. Best effort: with readers
        still open it does what it can and the rest happens later."""
        if self.dialect != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()

    def correct(
        self,
        action: str,
        subject: str,
        argument: dict[str, str],
        by: str | None = None,
        note: str | None = None,
    ) -> Corrections:
        """Check an analyst's correction, record it and re-link; returns every correction.

        People are named by id or by a name only one entity answers to; attributions by
        id; an ``undo`` names a correction's number (``onrecord.store.correcting``). One
        that cannot be made raises ``CorrectionError`` and stores nothing."""
        analyst = by or os.environ.get("ONRECORD_ANALYST") or os.environ.get("USER") or "unknown"
        self.ensure_linked()  # names are resolved against the links as they are
        with write_transaction(self.engine) as conn:
            if linkstore.is_stale(conn):  # another writer stored something meanwhile
                linkstore.link_pending(conn)
            correcting.make(conn, action, subject, argument, analyst, note)
        with read_transaction(self.engine) as conn:
            return people_query.list_corrections(conn)

    def undo(self, pk: int, by: str | None = None, note: str | None = None) -> Corrections:
        """Withdraw correction ``pk`` (an ``undo`` correction of its own), as ``correct``."""
        return self.correct("undo", str(pk), {}, by, note)

    # -- reading ---------------------------------------------------------------------

    def stored_inputs(self) -> StoredInputs:
        """Inputs already stored, to test ids against (``id in corpus.stored_inputs()``):
        an ingest skips them before extracting."""
        return StoredInputs(self)

    def is_done(self, article: Article) -> bool:
        key = input_id_for(article)
        with read_transaction(self.engine) as conn:
            found = conn.execute(select(inputs.c.input_id).where(inputs.c.input_id == key))
            return found.first() is not None

    def article(self, article_id: str) -> Article | None:
        """The stored article, with its attributions, as the ``Article`` record."""
        with read_transaction(self.engine) as conn:
            return load_article(conn, article_id)

    def problems(self) -> list[Problem]:
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                select(problems.c.input_id, problems.c.reason).order_by(problems.c.pk)
            )
            return [Problem(where, reason) for where, reason in rows]

    def stats(self) -> CorpusStats:
        with read_transaction(self.engine) as conn:

            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            outlets: dict[str, int] = dict(
                conn.execute(
                    select(func.coalesce(articles.c.outlet, ""), func.count()).group_by(
                        articles.c.outlet
                    )
                ).all()
            )
            return CorpusStats(
                articles=count(articles),
                attributions=count(attributions),
                people=count(people),
                organisations=count(organisations),
                statements=count(statements),
                reports=count(statement_reports),
                problems=count(problems),
                inputs_done=count(inputs),
                corrections=count(corrections),
                linked=not linkstore.is_stale(conn),
                size_bytes=self._size(),
                outlets=outlets,
            )

    def _size(self) -> int | None:
        if self.dialect == "postgresql":
            with read_transaction(self.engine) as conn:
                size = conn.execute(text("SELECT pg_database_size(current_database())"))
                return int(size.scalar_one())
        if self.dialect != "sqlite":
            return None
        path = Path(self.url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())

    def search_statements(
        self, filters: query.Filters, limit: int = 50, offset: int = 0
    ) -> list[query.StatementView]:
        with read_transaction(self.engine) as conn:
            return query.search_statements(conn, filters, limit, offset)

    def search_articles(self, filters: query.Filters, limit: int = 50) -> list[query.ArticleHit]:
        with read_transaction(self.reader) as conn:  # the read pool, as every page read
            return query.search_articles(conn, filters, limit)

    def timeline(self, filters: query.Filters, limit: int = 1000) -> list[query.ReportView]:
        with read_transaction(self.engine) as conn:
            return query.timeline(conn, filters, limit)

    def people(self, include_organisations: bool = True) -> list[people_query.PersonView]:
        with read_transaction(self.engine) as conn:
            return people_query.list_people(conn, include_organisations)

    def person(self, name: str, limit: int = 200) -> list[people_query.PersonRecord]:
        with read_transaction(self.engine) as conn:
            return people_query.person_record(conn, name, limit)

    def corrections(self) -> list[people_query.CorrectionView]:
        with read_transaction(self.engine) as conn:
            return people_query.list_corrections(conn)


def open_corpus(url_or_path: str | None = None) -> Corpus:
    """Open (creating and migrating as needed) the corpus at a path or PostgreSQL URL.

    With no argument: ``$ONRECORD_DB``, else ``onrecord.db`` in the working folder.
    """
    url = resolve_url(url_or_path)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"Cannot open the corpus at {_safe(url)}: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"Cannot open the corpus at {_safe(url)}: {exc}") from exc
    return Corpus(engine, url)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def store_articles(
    corpus: Corpus,
    items: Iterable[Article | Problem],
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[AddStats], None] | None = None,
) -> AddStats:
    """Store what an ingest yields (articles and problems, in any mix), then link.

    Each batch of ``batch_size`` items is one transaction; a stopped run resumes when run
    again (inputs already stored are skipped). ``on_batch`` is called after each commit,
    with the running totals, for progress reports.
    """
    stats = AddStats()
    for batch in _batches(items, batch_size):
        found = [item for item in batch if isinstance(item, Problem)]
        stored = [item for item in batch if isinstance(item, Article)]
        for result in write_contained(corpus, stored, found):
            stats.merge(result)
        if on_batch is not None:
            on_batch(stats)
    stats.link = corpus.ensure_linked()
    return stats


# What one record can make a write fail with (a value the database refuses, text the
# driver cannot encode); anything else (OperationalError: disk full, read-only, the
# server gone) is the store's own failure, and no record is to blame.
_RECORD_FAILURES = (SQLAlchemyError, ValueError, UnicodeError)


def write_contained(
    corpus: Corpus, stored: list[Article], found: list[Problem]
) -> list[BatchResult]:
    """Write one batch in one transaction; if a record makes it fail, write the articles
    one transaction each, so the others are stored and the one that failed is recorded
    as a problem naming its input. A failure of the store itself is a ``StoreError``."""
    try:
        return [_write(corpus, stored, found)]
    except _RECORD_FAILURES:
        if not stored:
            raise StoreError(f"Cannot record problems in {corpus.safe_url}") from None
    results: list[BatchResult] = []
    left = list(found)
    for article in stored:
        try:
            results.append(_write(corpus, [article], []))
        except _RECORD_FAILURES as exc:
            first = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0][:200]
            why = f"could not be stored ({type(exc).__name__}: {first})"
            left.append(Problem(input_label(article), why))
    results.append(_write(corpus, [], left))
    return results


def _write(corpus: Corpus, stored: list[Article], found: list[Problem]) -> BatchResult:
    try:
        with write_transaction(corpus.engine) as conn:
            result = write_batch(conn, stored, found, corpus.duplicates)
    except OperationalError as exc:
        raise StoreError(
            f"Cannot write to the corpus at {corpus.safe_url}: {exc.orig}. "
            "What was committed before is kept; run the same command again to go on."
        ) from exc
    # after the commit: a batch rolled back keeps its bodies pending for the retry
    corpus.duplicates.committed(a.id for a in stored)
    return result
