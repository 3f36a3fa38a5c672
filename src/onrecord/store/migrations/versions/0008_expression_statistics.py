"""0008_expression_statistics: PostgreSQL statistics on the outlet filters compare.

A search by outlet compares ``lower(outlet)``. PostgreSQL keeps statistics on columns,
not on such expressions, so it guessed that 13 of 127,000 reports were from "Politico"
(there were 16,115), read every report first and joined the word matches to them one by
one: 247 ms for a search that takes 30 ms from the word matches. Extended statistics on
the expression (PostgreSQL 14 and later) give the planner the real share. SQLite keeps
no such statistics, and older PostgreSQL servers cannot make them: there the migration
changes nothing.

The date filters' ``substr(published, 1, 10)`` was tried the same way and left out: with
true shares PostgreSQL read a speaker's reports in a date range by a scan of every
report (49 ms) instead of through the speaker's statements (4 ms), its cost model
taking the index reads for disk reads.

Only statistics objects: no data changes, and ``ANALYZE`` of the two tables fills them
(it reads a sample, so it costs about the same at any corpus size).
"""

from __future__ import annotations

from alembic import op

revision = "0008_expression_statistics"
down_revision: str | None = "0007_read_path"
branch_labels: str | None = None
depends_on: str | None = None

# (statistics object, table, expression): each as the read queries write it.
EXPRESSIONS = [
    ("st_statement_reports_outlet", "statement_reports", "lower(outlet)"),
    ("st_articles_outlet", "articles", "lower(outlet)"),
]
FIRST_SERVER = (14,)  # expression statistics came with PostgreSQL 14


def _applies() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    version = bind.dialect.server_version_info or (0,)
    return bool(version >= FIRST_SERVER)


def upgrade() -> None:
    if not _applies():
        return
    for name, table, expression in EXPRESSIONS:
        op.execute(f"CREATE STATISTICS IF NOT EXISTS {name} ON ({expression}) FROM {table}")
    for table in sorted({table for _, table, _ in EXPRESSIONS}):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if not _applies():
        return
    for name, _, _ in reversed(EXPRESSIONS):
        op.execute(f"DROP STATISTICS IF EXISTS {name}")
