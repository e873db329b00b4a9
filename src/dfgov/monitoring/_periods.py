"""Monitoring periods: keys (``2024-03``, ``2024-Q1``), bounds and label maturity."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Any, Literal

from dfgov.errors import InvalidInputError

__all__ = ["add_months", "consecutive", "matures_on", "period_bounds", "period_key"]

Frequency = Literal["month", "quarter"]

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month (``day`` is a 1st)."""
    idx = day.year * 12 + (day.month - 1) + months
    return date(idx // 12, idx % 12 + 1, 1)


def period_key(value: Any, frequency: Frequency) -> str:
    """The key of the period holding ``value`` (a date, or ``YYYY-MM[-DD]``/``YYYY-Qn``)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        year, month = value.year, value.month
    elif isinstance(value, str) and (m := _MONTH.match(value.strip())):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise InvalidInputError(f"The period {value!r} has no month {month}.")
    elif isinstance(value, str) and (q := _QUARTER.match(value.strip())) and \
            frequency == "quarter":
        return f"{q.group(1)}-Q{q.group(2)}"
    else:
        raise InvalidInputError(
            "A period must be a date, or text 'YYYY-MM' (monthly) or 'YYYY-Qn' (quarterly). "
            f"Got {type(value).__name__} {str(value)[:20]!r}."
        )
    if frequency == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


@functools.lru_cache(maxsize=4096)
def period_bounds(key: str) -> tuple[date, date]:
    """First day of the period and first day after it."""
    if (q := _QUARTER.match(key)) is not None:
        start = date(int(q.group(1)), 3 * (int(q.group(2)) - 1) + 1, 1)
        return start, add_months(start, 3)
    m = _MONTH.match(key)
    if m is None:
        raise InvalidInputError(f"{key!r} is not a period key.")
    start = date(int(m.group(1)), int(m.group(2)), 1)
    return start, add_months(start, 1)


def matures_on(key: str, maturity_months: int) -> date:
    """The day a period's outcome labels are mature: its end plus the maturity."""
    return add_months(period_bounds(key)[1], maturity_months)


def consecutive(a: str, b: str) -> bool:
    """Whether period ``b`` directly follows period ``a``."""
    return period_bounds(a)[1] == period_bounds(b)[0]
