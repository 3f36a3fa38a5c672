"""Bring a corpus database to the current schema with Alembic, programmatically.

The migration scripts ship inside the package (``onrecord/store/migrations``); no
alembic.ini is needed. Opening a corpus checks the revision with one cheap read and runs
``upgrade head`` only when it is behind, inside a write transaction so two processes
opening a new database at once migrate it once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from onrecord.errors import StoreError
from onrecord.store.engine import read_transaction, write_transaction

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision. Checked against it, an up-to-date corpus opens without
# importing Alembic, a third of a second of every command; a test holds it to Alembic's.
HEAD = "0008_expression_statistics"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with read_transaction(engine) as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def stored_revisions(engine: Engine) -> set[str]:
    """The revisions the database says it is at, read without Alembic; none if new."""
    with read_transaction(engine) as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks (none, most of the time)."""
    if stored_revisions(engine) == {HEAD}:
        return
    heads = head_revisions()
    current = current_revisions(engine)
    if current == heads:
        return
    unknown = current - _all_revisions()
    if unknown:
        raise StoreError(
            f"The corpus has schema revision {sorted(unknown)}, which this onrecord does "
            "not know: it was written by a newer version. Upgrade onrecord to open it."
        )
    from alembic import command
    from alembic.util.exc import CommandError

    config = alembic_config()
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        except CommandError as exc:
            raise StoreError(f"Cannot migrate the corpus: {exc}") from exc


def _all_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}
