"""PostgreSQL knows how many reports an outlet filter keeps (migration 0008), so it plans
a search by words and outlet from the few word matches, not from every report."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pg_databases import create_pg_database, drop_pg_databases
from sqlalchemy import insert, text

from onrecord.store import Corpus, open_corpus
from onrecord.store.engine import read_transaction, write_transaction
from onrecord.store.schema import statement_reports

REPORTS = 3000
POLITICO_SHARE = 0.5


@pytest.fixture
def pg_corpus(pg_server: str) -> Iterator[Corpus]:
    """A corpus on PostgreSQL only: SQLite keeps no statistics on expressions."""
    name = create_pg_database(pg_server)
    opened = open_corpus(f"{pg_server}/{name}")
    yield opened
    opened.close()
    drop_pg_databases(pg_server, [name])


def _estimated_rows(corpus: Corpus, where: str) -> float:
    with read_transaction(corpus.engine) as conn:
        plan = conn.execute(
            text(f"EXPLAIN (FORMAT JSON) SELECT statement_id FROM statement_reports WHERE {where}")
        ).scalar_one()
    found = plan if isinstance(plan, list) else json.loads(plan)
    return float(found[0]["Plan"]["Plan Rows"])


def test_an_outlet_filter_is_estimated_from_the_reports(pg_corpus: Corpus) -> None:
    politico = int(REPORTS * POLITICO_SHARE)
    rows = [
        {
            "statement_id": f"S{n}",
            "attribution_id": f"a{n}:0",
            "article_id": f"a{n}",
            "position": 0,
            "published": "2016-05-01",
            # Half from one outlet, written as sites write it; the rest from 30 others.
            "outlet": "POLITICO" if n < politico else f"Outlet {n % 30}",
        }
        for n in range(REPORTS)
    ]
    with write_transaction(pg_corpus.engine) as conn:
        conn.execute(insert(statement_reports), rows)
        conn.execute(text("ANALYZE statement_reports"))
    with read_transaction(pg_corpus.engine) as conn:
        made = set(conn.execute(text("SELECT stxname FROM pg_statistic_ext")).scalars())
    assert {"st_statement_reports_outlet", "st_articles_outlet"} <= made
    # Without statistics on lower(outlet), PostgreSQL guessed a fraction of a percent.
    estimate = _estimated_rows(pg_corpus, "lower(outlet) LIKE '%politico%'")
    assert 0.7 * politico <= estimate <= 1.3 * politico
    assert _estimated_rows(pg_corpus, "lower(outlet) LIKE '%nowhere%'") < 0.05 * REPORTS
