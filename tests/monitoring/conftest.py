"""Fixtures: databases on SQLite and (with DFGOV_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

from tests.outsourcing.conftest import _pg_admin, db_url

__all__ = ["_pg_admin", "db_url"]
