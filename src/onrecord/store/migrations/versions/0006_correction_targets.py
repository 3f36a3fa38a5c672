"""0006_correction_targets: what each correction's names resolved to, and its undoing.

``corrections.resolved`` (JSON text) keeps the entity each name of a correction meant
when it was made (id, kind, name), beside what the analyst typed; ``undone_by`` is the
``undo`` correction that withdrew it. Both are empty on older corrections, which are
re-applied by name as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_correction_targets"
down_revision: str | None = "0005_about"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("corrections", sa.Column("resolved", sa.Text))
    op.add_column("corrections", sa.Column("undone_by", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("corrections") as batch:
        batch.drop_column("undone_by")
        batch.drop_column("resolved")
