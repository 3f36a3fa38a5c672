"""0003_read_indexes: indexes for the web app's reads (``onrecord.store.read_indexes``).

Only indexes: no data changes, so it runs on any corpus and can be dropped again.
"""

from __future__ import annotations

from alembic import op

revision = "0003_read_indexes"
down_revision: str | None = "0002_mentions"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES = [
    ("ix_statements_first_published", "statements", ["first_published"]),
    ("ix_statements_report_count", "statements", ["report_count"]),
    ("ix_statements_person_first", "statements", ["person_id", "first_published"]),
    ("ix_statements_organisation_first", "statements", ["organisation_id", "first_published"]),
    ("ix_attributions_person_article", "attributions", ["person_id", "article_id"]),
    ("ix_attributions_organisation_article", "attributions", ["organisation_id", "article_id"]),
    ("ix_people_mentions", "people", ["mentions"]),
    ("ix_organisations_mentions", "organisations", ["mentions"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
