"""Fixtures for the whole suite: a PostgreSQL server (``tests/postgres.py``)."""

from tests.postgres import pg_server

__all__ = ["pg_server"]
