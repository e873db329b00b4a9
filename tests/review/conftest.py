"""Fixtures: one database per test (SQLite, and PostgreSQL when configured), a settable clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dfgov.clock import FixedClock
from tests.outsourcing.conftest import _pg_admin, db_url  # noqa: F401  (fixtures)

__all__ = ["DayClock"]


class DayClock(FixedClock):
    """A fixed clock a test moves from day to day (noon UTC): pass it as ``clock=``."""

    def day(self, day: date) -> datetime:
        """Move to noon UTC of ``day``; returns that time."""
        self.set(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
        return self()


@pytest.fixture
def clock() -> DayClock:
    """A :class:`DayClock`, at noon UTC of 2026-01-01 until a test moves it."""
    return DayClock(datetime(2026, 1, 1, 12, tzinfo=UTC))
