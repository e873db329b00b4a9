"""Fixtures: one database per test (SQLite, and PostgreSQL when configured), a settable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from tests.outsourcing.conftest import ListAudit, _pg_admin, db_url  # noqa: F401  (fixtures)

Clock = Callable[[date], datetime]
__all__ = ["Clock", "ListAudit"]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set dfgov's clock (``SOURCE_DATE_EPOCH``) to noon UTC of a day; returns that time."""

    def set_day(day: date) -> datetime:
        when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
        return when

    return set_day
