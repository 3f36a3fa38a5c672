"""Databases of their own for tests on a real PostgreSQL server (``tests/postgres.py``)."""

from __future__ import annotations

import uuid

import psycopg


def create_pg_database(server: str) -> str:
    """The name of a new, empty database on ``server``."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_pg_databases(server: str, names: list[str]) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
