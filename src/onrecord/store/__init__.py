"""The corpus store: SQLite by default, PostgreSQL by URL, one schema, Alembic migrations.

from onrecord.store import open_corpus, store_articles, Filters

corpus = open_corpus("news.db")                 # or "postgresql://user@host/dbname"
store_articles(corpus, items_from_ingest)       # Articles and Problems, idempotent
corpus.search_statements(Filters(q="peaceful assembly", since="2024-01-01"))
"""

from onrecord.errors import Candidate, CorrectionError, StoreError
from onrecord.store.corpus import AddStats, Corpus, CorpusStats, open_corpus, store_articles
from onrecord.store.engine import resolve_url
from onrecord.store.exchanges_query import Brief, ExchangeView
from onrecord.store.fts import escape_fts
from onrecord.store.linkstore import LinkStats
from onrecord.store.people_query import (
    CorrectionView,
    NamedIn,
    PersonRecord,
    PersonView,
    RoleView,
)
from onrecord.store.query import ArticleHit, Filters, ReportView, StatementView
from onrecord.store.write import input_id_for

__all__ = [
    "AddStats",
    "ArticleHit",
    "Brief",
    "Candidate",
    "Corpus",
    "CorpusStats",
    "CorrectionError",
    "CorrectionView",
    "ExchangeView",
    "Filters",
    "LinkStats",
    "NamedIn",
    "PersonRecord",
    "PersonView",
    "ReportView",
    "RoleView",
    "StatementView",
    "StoreError",
    "escape_fts",
    "input_id_for",
    "open_corpus",
    "resolve_url",
    "store_articles",
]
