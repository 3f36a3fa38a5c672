"""0004_link_index: the incremental linker's index and the stored near-duplicate bands.

Spelled out here rather than taken from ``onrecord.store.schema``, like 0001. A corpus
migrated to it has empty index tables: its first link indexes every stored attribution
(once, in chunks) and relinks everything, as ``onrecord relink`` does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_link_index"
down_revision: str | None = "0003_read_indexes"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "link_items",
        sa.Column("item_id", sa.String(100), primary_key=True),
        sa.Column("kind", sa.String(1), nullable=False),
        sa.Column("block", sa.Text),
        sa.Column("text_id", sa.String(20)),
    )
    op.create_index("ix_link_items_block", "link_items", ["block"])
    op.create_index("ix_link_items_text_id", "link_items", ["text_id"])
    op.create_table(
        "link_texts",
        sa.Column("text_id", sa.String(20), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("node", sa.Integer, nullable=False),
    )
    op.create_table(
        "link_keys",
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("text_id", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("key", "text_id", name="pk_link_keys"),
    )
    op.create_table(
        "link_nodes",
        sa.Column("node", sa.Text, primary_key=True),
        sa.Column("grp", sa.Text, nullable=False),
    )
    op.create_index("ix_link_nodes_grp", "link_nodes", ["grp"])
    op.create_table(
        "link_correction_blocks",
        sa.Column("correction_pk", sa.Integer, nullable=False),
        sa.Column("block", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("correction_pk", "block", name="pk_link_correction_blocks"),
    )
    op.create_index("ix_link_correction_blocks_block", "link_correction_blocks", ["block"])
    op.create_table(
        "dedup_signatures",
        sa.Column("article_id", sa.String(80), primary_key=True),
        sa.Column("seen", sa.Integer, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "dedup_bands",
        sa.Column("band", sa.BigInteger, nullable=False),
        sa.Column("article_id", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("band", "article_id", name="pk_dedup_bands"),
    )


def downgrade() -> None:
    for table in (
        "dedup_bands",
        "dedup_signatures",
        "link_correction_blocks",
        "link_nodes",
        "link_keys",
        "link_texts",
        "link_items",
    ):
        op.drop_table(table)
