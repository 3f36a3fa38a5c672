"""Full-text search, the one part of the store that differs by database.

SQLite: two contentless FTS5 tables, ``fts_articles`` (title and body, boilerplate and
reader comments left out) and ``fts_attributions`` (the quoted words), whose rowids are
the ``pk`` of the row they index. Contentless, because the text is already stored once.
PostgreSQL: two plain tables of the same names, ``(ref, doc tsvector)`` with GIN indexes.
The store code writes both in the same transaction as the rows they index.

User search text never reaches a query language: ``query_terms`` splits it into words
and "quoted phrases"; on SQLite ``escape_fts`` wraps each in double quotes (datasette's
``escape_fts`` idea), on PostgreSQL each goes to ``phraseto_tsquery`` as a bound
parameter. So ``"``, ``*``, ``NEAR(`` or a leading ``-`` are searched for as words, never
interpreted, and both databases read a query the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, Integer, bindparam, column, text
from sqlalchemy.sql.selectable import TextualSelect

FTS_TABLES = ("fts_articles", "fts_attributions")
PG_CONFIG = "english"
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_WORD_CHAR = re.compile(r"\w")
_NOTHING = '""'  # an empty phrase: a valid FTS5 query that matches no row


def create_sql(dialect: str) -> list[str]:
    """DDL for the search tables (run by the migrations)."""
    if dialect == "sqlite":
        return [
            "CREATE VIRTUAL TABLE fts_articles USING fts5("
            f"title, body, content='', tokenize='{_TOKENIZER}')",
            "CREATE VIRTUAL TABLE fts_attributions USING fts5("
            f"words, content='', tokenize='{_TOKENIZER}')",
        ]
    return [
        "CREATE TABLE fts_articles (ref INTEGER PRIMARY KEY, doc tsvector NOT NULL)",
        "CREATE INDEX ix_fts_articles_doc ON fts_articles USING GIN (doc)",
        "CREATE TABLE fts_attributions (ref INTEGER PRIMARY KEY, doc tsvector NOT NULL)",
        "CREATE INDEX ix_fts_attributions_doc ON fts_attributions USING GIN (doc)",
    ]


def query_terms(query: str) -> list[str]:
    """The words and "quoted phrases" of a user's query, with nothing left to interpret.

    An unbalanced quote closes at the end (as datasette's ``escape_fts`` does); terms with
    no letter or digit are dropped because they can match nothing.
    """
    # NUL ends a C string: SQLite's FTS5 and PostgreSQL both reject a query holding one
    query = query.replace("\x00", " ")
    if query.count('"') % 2:
        query += '"'
    terms = [phrase or word for phrase, word in _PHRASE_OR_WORD.findall(query)]
    return [term for term in terms if _WORD_CHAR.search(term)]


def escape_fts(query: str) -> str:
    """An FTS5 query that matches every word and "quoted phrase" of ``query`` literally:
    each is wrapped in double quotes (inner quotes doubled), so no operator survives.
    Returns "" when nothing searchable is left."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query_terms(query))


def any_phrase_fts(phrases: Sequence[str]) -> str:
    """An FTS5 query matching any of ``phrases`` (for topics)."""
    quoted = ['"' + p.replace('"', '""') + '"' for p in phrases if _WORD_CHAR.search(p)]
    return " OR ".join(quoted)


def index_articles(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Index ``(pk, title, body text)`` rows."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("INSERT INTO fts_articles (rowid, title, body) VALUES (:pk, :title, :body)"),
            [{"pk": pk, "title": title, "body": body} for pk, title, body in rows],
        )
    else:
        conn.execute(
            text(
                "INSERT INTO fts_articles (ref, doc) VALUES (:pk, "
                f"setweight(to_tsvector('{PG_CONFIG}', :title), 'A') || "
                f"to_tsvector('{PG_CONFIG}', :body))"
            ),
            [{"pk": pk, "title": title, "body": body} for pk, title, body in rows],
        )


def index_attributions_of(conn: Connection, article_ids: Sequence[str]) -> None:
    """Index the quoted words of every attribution of these (just inserted) articles."""
    if not article_ids:
        return
    if conn.dialect.name == "sqlite":
        sql = (
            "INSERT INTO fts_attributions (rowid, words) "
            "SELECT pk, content_text FROM attributions WHERE article_id IN :ids"
        )
    else:
        sql = (
            "INSERT INTO fts_attributions (ref, doc) "
            f"SELECT pk, to_tsvector('{PG_CONFIG}', content_text) "
            "FROM attributions WHERE article_id IN :ids"
        )
    conn.execute(text(sql).bindparams(bindparam("ids", expanding=True)), {"ids": list(article_ids)})


def matching(
    dialect: str,
    table: str,
    user_query: str | None,
    phrases: Sequence[str] | None,
    name: str = "fts",
) -> TextualSelect | None:
    """A ``SELECT <key>`` of the rows of ``table`` that match the user query and, when
    given, any of ``phrases``; None when there is nothing to filter on.

    The caller filters ``pk IN (…)`` with it. An all-punctuation query matches nothing.
    ``name`` prefixes its parameters: two searches in one statement need two names.
    """
    if user_query is None and not phrases:
        return None
    if dialect == "sqlite":
        parts = []
        if user_query is not None:
            parts.append(f"({escape_fts(user_query) or _NOTHING})")
        if phrases:
            parts.append(f"({any_phrase_fts(phrases) or _NOTHING})")
        clause = text(f"SELECT rowid AS ref FROM {table} WHERE {table} MATCH :{name}")
        return clause.bindparams(**{name: " AND ".join(parts)}).columns(column("ref", Integer))
    conditions = []
    params: dict[str, str] = {}
    if user_query is not None:  # the same terms as on SQLite, each a phrase, all required
        terms = query_terms(user_query)
        for i, term in enumerate(terms):
            conditions.append(f"doc @@ phraseto_tsquery('{PG_CONFIG}', :{name}_q{i})")
            params[f"{name}_q{i}"] = term
        if not terms:
            conditions.append("false")
    if phrases:
        ors = []
        for i, phrase in enumerate(phrases):
            ors.append(f"doc @@ phraseto_tsquery('{PG_CONFIG}', :{name}_p{i})")
            params[f"{name}_p{i}"] = phrase
        conditions.append("(" + " OR ".join(ors) + ")")
    clause = text(f"SELECT ref FROM {table} WHERE " + " AND ".join(conditions))
    return clause.bindparams(**params).columns(column("ref", Integer))
