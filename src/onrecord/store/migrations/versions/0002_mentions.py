"""0002_mentions: the people each article names, with the linker's ``person_id``.

Spelled out here rather than taken from ``onrecord.store.schema``, like 0001, so this
revision keeps creating exactly this table whatever later revisions do. Articles stored
before it have no mention rows; their people still come from their attributions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_mentions"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(100), nullable=False, unique=True),
        sa.Column(
            "article_id",
            sa.String(80),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("variants", sa.Text, nullable=False),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("spans", sa.Text, nullable=False),
        sa.Column("person_id", sa.String(40)),
    )
    for column in ("article_id", "person_id"):
        op.create_index(f"ix_mentions_{column}", "mentions", [column])


def downgrade() -> None:
    for column in ("article_id", "person_id"):
        op.drop_index(f"ix_mentions_{column}", table_name="mentions")
    op.drop_table("mentions")
