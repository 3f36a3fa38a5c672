"""Alembic migrations of the corpus schema, run by ``onrecord.store.migrate``."""
