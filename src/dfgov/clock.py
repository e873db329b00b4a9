"""The clock dfgov components read, injectable so that a test or a reproducible run pins time.

A :class:`Clock` is any callable that returns an aware datetime. Components that stamp a time
(``Report.build``, the assessments and scans, the stores of the inventory, monitoring and
review, the keyring, evidence bundles) take ``clock=``; without one they read
:data:`SYSTEM_CLOCK`, the current UTC time to the second, or ``SOURCE_DATE_EPOCH`` when that
environment variable is set (reproducible builds). Tests pass a :class:`FixedClock` instead of
writing ``os.environ``.

The audit log never reads a clock it is given: its events carry the wall-clock time, so that an
event cannot be backdated.

Examples
--------
>>> from datetime import UTC, datetime, timedelta
>>> from dfgov.clock import FixedClock, now
>>> clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
>>> now(clock).isoformat()
'2026-03-01T12:00:00+00:00'
>>> clock.advance(timedelta(days=1))
>>> clock().date().isoformat()
'2026-03-02'
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

from dfgov.errors import InvalidInputError

__all__ = ["SYSTEM_CLOCK", "Clock", "FixedClock", "SystemClock", "now"]


class Clock(Protocol):
    """Anything called without arguments that returns an aware datetime."""

    def __call__(self) -> datetime: ...


def _utc(at: datetime, what: str) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInputError(f"{what} must be a timezone-aware datetime.")
    return at.astimezone(UTC)


class SystemClock:
    """The current UTC time to the second, or ``SOURCE_DATE_EPOCH`` (seconds) when it is set."""

    def __call__(self) -> datetime:
        """The time now (or the pinned ``SOURCE_DATE_EPOCH``)."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            try:
                return datetime.fromtimestamp(int(epoch), tz=UTC)
            except (ValueError, OverflowError, OSError):
                raise InvalidInputError(
                    "The environment variable SOURCE_DATE_EPOCH must be a whole number of "
                    "seconds since 1970-01-01 UTC."
                ) from None
        return datetime.now(UTC).replace(microsecond=0)

    def __repr__(self) -> str:
        return "SystemClock()"


#: The default clock of every component.
SYSTEM_CLOCK: Final[Clock] = SystemClock()


class FixedClock:
    """A clock that reads a set time until it is moved (tests, replays, reproducible runs).

    Parameters
    ----------
    at : datetime
        The time it reads; timezone-aware (kept in UTC).
    """

    def __init__(self, at: datetime) -> None:
        self._at = _utc(at, "The 'at' argument of FixedClock")

    def __call__(self) -> datetime:
        """The set time."""
        return self._at

    def set(self, at: datetime) -> None:
        """Move the clock to ``at`` (timezone-aware)."""
        self._at = _utc(at, "The 'at' argument of FixedClock.set")

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (or back, with a negative ``delta``)."""
        self._at = self._at + delta

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()!r})"


def now(clock: Clock | None = None) -> datetime:
    """The time ``clock`` reads (default :data:`SYSTEM_CLOCK`), checked to be aware, in UTC.

    Parameters
    ----------
    clock : Clock, optional
        The clock to read.

    Returns
    -------
    datetime
        An aware UTC datetime.
    """
    if clock is None:
        return SYSTEM_CLOCK()
    return _utc(clock(), "The time a clock returns")
