"""0005_about: what each attribution is about (stance, act, targets, topics).

Spelled out here rather than taken from ``onrecord.store.schema``, like 0001. Only new
columns, all nullable, and new tables: attributions stored before this revision keep
every value and simply have no about data (no act, no targets, no topics), which the
topic filter reads as "not analysed" (``onrecord.store.about_filters``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_about"
down_revision: str | None = "0004_link_index"
branch_labels: str | None = None
depends_on: str | None = None

_ATTR = sa.String(100)


def _attribution_fk() -> sa.Column[str]:
    return sa.Column(
        "attribution_id",
        _ATTR,
        sa.ForeignKey("attributions.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    # Plain ADD COLUMN on both databases (SQLite allows it for nullable columns), so a
    # large corpus is not copied table by table.
    op.add_column("attributions", sa.Column("stance", sa.Integer))
    op.add_column("attributions", sa.Column("stance_confidence", sa.Float))
    op.add_column("attributions", sa.Column("act", sa.String(16)))
    op.create_index("ix_attributions_act", "attributions", ["act"])
    op.create_table(
        "attribution_targets",
        _attribution_fk(),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("folded", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(40)),
        sa.PrimaryKeyConstraint("attribution_id", "rank", name="pk_attribution_targets"),
    )
    op.create_index(
        "ix_attribution_targets_folded", "attribution_targets", ["folded", "attribution_id"]
    )
    op.create_index(
        "ix_attribution_targets_entity_id", "attribution_targets", ["entity_id", "attribution_id"]
    )
    op.create_table(
        "attribution_topics",
        _attribution_fk(),
        sa.Column("topic", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("attribution_id", "topic", name="pk_attribution_topics"),
    )
    op.create_index(
        "ix_attribution_topics_topic", "attribution_topics", ["topic", "attribution_id"]
    )


def downgrade() -> None:
    op.drop_table("attribution_topics")
    op.drop_table("attribution_targets")
    op.drop_index("ix_attributions_act", table_name="attributions")
    with op.batch_alter_table("attributions") as batch:  # SQLite: a copy of the table
        for column in ("act", "stance_confidence", "stance"):
            batch.drop_column(column)
