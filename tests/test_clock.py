"""The injectable clock: the system clock honours SOURCE_DATE_EPOCH; components take clock=."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.clock import SYSTEM_CLOCK, FixedClock, now
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status

AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _f() -> Finding:
    return Finding(control="c", status=Status.PASS, message=LocalizedText.same("m"))


def test_system_clock_reads_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert SYSTEM_CLOCK() == now() == datetime.fromtimestamp(1700000000, tz=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InvalidInputError, match="SOURCE_DATE_EPOCH"):
        now()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    t = now()
    assert t.tzinfo is UTC and t.microsecond == 0
    assert abs((datetime.now(UTC) - t).total_seconds()) < 5


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))])))
def test_fixed_clock_reads_its_time_in_utc(at: datetime) -> None:
    clock = FixedClock(at)
    assert now(clock) == at and now(clock).utcoffset() == timedelta(0)
    clock.advance(timedelta(days=1))
    assert clock() == at + timedelta(days=1)


def test_clocks_must_be_aware() -> None:
    with pytest.raises(InvalidInputError, match="'at' argument of FixedClock"):
        FixedClock(datetime(2026, 1, 1))
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        now(lambda: datetime(2026, 1, 1))
    with pytest.raises(InvalidInputError, match=r"FixedClock\.set"):
        FixedClock(AT).set(date(2026, 1, 1))  # type: ignore[arg-type]


def test_report_build_reads_the_clock_given() -> None:
    clock = FixedClock(AT)
    a = Report.build([_f()], clock=clock)
    b = Report.build([_f()], clock=clock)
    assert a.started_at == a.finished_at == AT
    assert a.to_json() == b.to_json()


def test_report_now_is_a_deprecated_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    from dfgov import report

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with pytest.warns(DeprecationWarning, match=r"dfgov\.clock"):
        assert report.now() == now()


def test_components_read_the_clock_given(tmp_path: object) -> None:
    from dfgov.data_protection import DataSecurityAssessment
    from dfgov.monitoring import due

    clock = FixedClock(AT)
    rep = DataSecurityAssessment(clock=clock).run(
        [], {"name": "customers", "impact_assessment_at": "2026-01-01", "columns": {}})
    assert rep.finished_at == AT and rep.metadata["as_of"] == AT.isoformat()
    rep = due("sqlite://", clock=clock)
    assert rep.finished_at == AT and rep.metadata["as_of"] == "2026-03-01"
