"""0007_read_path: a covering index from each report's attribution to its statement.

Only an index (``onrecord.store.read_indexes``): no data changes, so it runs on any
corpus and can be dropped again.
"""

from __future__ import annotations

from alembic import op

revision = "0007_read_path"
down_revision: str | None = "0006_correction_targets"
branch_labels: str | None = None
depends_on: str | None = None

INDEXES = [
    (
        "ix_statement_reports_attribution_cover",
        "statement_reports",
        ["attribution_id", "statement_id", "published", "outlet"],
    ),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
