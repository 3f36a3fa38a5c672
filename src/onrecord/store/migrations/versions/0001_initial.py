"""0001_initial: articles, attributions, the linker's tables, inputs, problems, search.

The tables are spelled out here rather than taken from ``onrecord.store.schema``: this
revision must keep creating exactly this schema after later revisions change the
metadata. ``tests/store/test_schema.py`` checks that all revisions together match it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from onrecord.store.fts import create_sql

revision = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_ID = sa.String(40)
_ART = sa.String(80)
_ATTR = sa.String(100)
_DATE = sa.String(40)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", _ART, nullable=False, unique=True),
        sa.Column("origin_path", sa.Text),
        sa.Column("origin_url", sa.Text),
        sa.Column("origin_record_id", sa.Text),
        sa.Column("origin_line", sa.Integer),
        sa.Column("title", sa.Text),
        sa.Column("published", _DATE),
        sa.Column("dateline", sa.Text),
        sa.Column("agency", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("comments", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("duplicate_of", _ART),
        sa.Column("input_id", sa.Text),
        sa.Column("ingested_at", _DATE, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_table(
        "attributions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", _ATTR, nullable=False, unique=True),
        sa.Column(
            "article_id",
            _ART,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_start", sa.Integer),
        sa.Column("content_end", sa.Integer),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("speaker", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("person_id", _ID),
        sa.Column("organisation_id", _ID),
        sa.Column("statement_id", _ID),
    )
    for column in ("article_id", "person_id", "organisation_id", "statement_id"):
        op.create_index(f"ix_attributions_{column}", "attributions", [column])
    op.create_table(
        "people",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("affiliation", sa.Text),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("first_reported", _DATE),
        sa.Column("last_reported", _DATE),
    )
    op.create_index("ix_people_name", "people", ["name"])
    op.create_table(
        "organisations",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("first_reported", _DATE),
        sa.Column("last_reported", _DATE),
    )
    op.create_index("ix_organisations_name", "organisations", ["name"])
    op.create_table(
        "aliases",
        sa.Column("owner_id", _ID, nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.UniqueConstraint("owner_id", "alias", name="uq_aliases_owner_alias"),
    )
    op.create_index("ix_aliases_alias", "aliases", ["alias"])
    op.create_table(
        "person_roles",
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("affiliation", sa.Text, nullable=False),
        sa.Column("first_reported", _DATE),
        sa.Column("last_reported", _DATE),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.UniqueConstraint("person_id", "role", "affiliation", name="uq_person_roles"),
    )
    op.create_table(
        "statements",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("person_id", _ID),
        sa.Column("organisation_id", _ID),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("first_attribution_id", _ATTR, nullable=False),
        sa.Column("first_article_id", _ART, nullable=False),
        sa.Column("first_published", _DATE),
        sa.Column("first_outlet", sa.Text),
        sa.Column("last_published", _DATE),
        sa.Column("report_count", sa.Integer, nullable=False),
        sa.Column("outlet_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_statements_person_id", "statements", ["person_id"])
    op.create_index("ix_statements_organisation_id", "statements", ["organisation_id"])
    op.create_table(
        "statement_reports",
        sa.Column("statement_id", _ID, nullable=False),
        sa.Column("attribution_id", _ATTR, nullable=False),
        sa.Column("article_id", _ART, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("published", _DATE),
        sa.Column("outlet", sa.Text),
        sa.Column("quoted_by_id", _ID),
        sa.Column("quoted_by_name", sa.Text),
        sa.UniqueConstraint("statement_id", "attribution_id", name="uq_statement_reports"),
    )
    op.create_index("ix_statement_reports_attribution_id", "statement_reports", ["attribution_id"])
    op.create_table(
        "problems",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("input_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("seen_at", _DATE, nullable=False),
        sa.UniqueConstraint("input_id", "reason", name="uq_problems_input_reason"),
    )
    op.create_table(
        "corrections",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _DATE, nullable=False),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("argument", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("status", sa.Text),
    )
    op.create_table(
        "inputs",
        sa.Column("input_id", sa.Text, primary_key=True),
        sa.Column("article_id", _ART),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done_at", _DATE, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    for statement in create_sql(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for table in ("fts_attributions", "fts_articles"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    for table in (
        "meta",
        "inputs",
        "corrections",
        "problems",
        "statement_reports",
        "statements",
        "person_roles",
        "aliases",
        "organisations",
        "people",
        "attributions",
        "articles",
    ):
        op.drop_table(table)
