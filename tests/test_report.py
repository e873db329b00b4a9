from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given

from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.report import SCHEMA_VERSION, Finding, Report, Status
from tests.conftest import budget
from tests.strategies import reports


def _f(status: str) -> Finding:
    return Finding(control="c", status=Status(status), message=LocalizedText.same("m"))


@given(reports())
def test_json_round_trip(report: Report) -> None:
    text = report.to_json()
    back = Report.from_json(text)
    assert back == report
    assert back.to_json() == text


@budget.medium
@given(reports())
def test_junit_parses_and_counts(report: Report) -> None:
    root = ET.fromstring(report.to_junit(lang="zh-CN"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(report.findings)
    assert len(root.findall(".//failure")) == report.counts()["fail"]
    assert len(root.findall(".//error")) == report.counts()["error"]
    assert int(root.get("tests", "0")) == len(report.findings)


@budget.slow
@given(reports())
def test_markdown_and_html_render_every_finding(report: Report) -> None:
    for lang in ("en", "zh-CN"):
        md = report.to_markdown(lang=lang)
        html = report.to_html(lang=lang)
        assert md.count("\n| ") >= len(report.findings)
        assert html.count('<td class="control">') == len(report.findings)
        assert "http://" not in html and "https://" not in html  # self-contained


@pytest.mark.parametrize(
    ("statuses", "errors_fail", "status", "code"),
    [
        ([], True, "skipped", 0),
        (["pass", "warn"], True, "warn", 0),
        (["pass", "fail"], True, "fail", 1),
        (["pass", "error"], True, "error", 1),
        (["pass", "error"], False, "pass", 0),
        (["error"], False, "warn", 0),
        (["skipped", "pass"], True, "pass", 0),
    ],
)
def test_status_and_exit_code(statuses: list[str], errors_fail: bool, status: str,
                              code: int) -> None:
    r = Report(findings=tuple(_f(s) for s in statuses), errors_fail=errors_fail)
    assert r.status == Status(status)
    assert r.exit_code == code


def test_nan_value_becomes_none_and_json_is_strict() -> None:
    import numpy as np

    f = Finding(control="c", status=Status.PASS, message=LocalizedText.same("m"),
                value=np.float64("nan"), details={"a": np.array([1.0, np.inf])})
    assert f.value is None
    assert f.details == {"a": [1.0, None]}
    assert "NaN" not in Report(findings=(f,)).to_json()


def test_from_json_rejects_other_major_version_and_garbage() -> None:
    r = Report(findings=(_f("pass"),))
    bad = r.to_json().replace(f'"schema_version": "{SCHEMA_VERSION}"', '"schema_version": "2.0"')
    with pytest.raises(InvalidInputError, match="schema_version"):
        Report.from_json(bad)
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        Report.from_json("{nope")


def test_save_by_suffix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = Report(findings=(_f("fail"),))
    for name in ("r.json", "r.md", "r.html", "r.xml", "r.txt"):
        assert r.save(tmp_path / name).stat().st_size > 0
    with pytest.raises(InvalidInputError, match="suffix"):
        r.save(tmp_path / "r.csv")


def test_a_fixed_clock_pins_time() -> None:
    from datetime import UTC, datetime

    from dfgov.clock import FixedClock

    clock = FixedClock(datetime.fromtimestamp(1700000000, tz=UTC))
    a = Report.build([_f("pass")], clock=clock)
    b = Report.build([_f("pass")], clock=clock)
    assert a.to_json() == b.to_json()
    assert a.started_at.timestamp() == 1700000000


def test_merge_keeps_all_findings() -> None:
    a = Report(findings=(_f("pass"),))
    b = Report(findings=(_f("fail"),))
    m = a.merge(b)
    assert [f.status for f in m.findings] == [Status.PASS, Status.FAIL]
    assert m.exit_code == 1


def test_report_as_the_old_findings_list_is_deprecated_for_one_release() -> None:
    """Controls' run() returned list[Finding]; a Report still iterates, counts and indexes
    its findings for one release, each time with a DeprecationWarning naming the new way."""
    f1 = Finding(control="a", status=Status.PASS, message=LocalizedText.same("one"))
    f2 = Finding(control="b", status=Status.FAIL, message=LocalizedText.same("two"))
    report = Report.build([f1, f2])
    with pytest.warns(DeprecationWarning, match="report.findings"):
        assert list(report) == [f1, f2]
    with pytest.warns(DeprecationWarning, match="report.findings"):
        assert len(report) == 2
    with pytest.warns(DeprecationWarning, match="report.findings"):
        assert report[1] is f2
    assert Report.build([])  # always true, findings or not
    assert report.merge(report).findings == (f1, f2, f1, f2)
