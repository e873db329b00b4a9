"""DataSecurityAssessment: gaps become rated, clause-tagged Findings; a bilingual Report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov import Policy
from dfgov.data_protection import DataSecurityAssessment, DatasetControls
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.report import Status
from tests.conftest import budget

ALLOWED_TAGS = {"AP-17", "JR/T 0171-2020", "JR/T 0197-2020", "JR/T 0223-2021",
                "GB/T 39786-2021", "PIPL Art.28", "PIPL Art.38", "PIPL Art.51", "PIPL Art.55"}
AS_OF = datetime(2025, 6, 1)


@dataclass(frozen=True)
class Col:
    column: str
    category: str | None
    level: int


INVENTORY = [Col("id_number", "C2", 3), Col("cvv", "C3", 4), Col("phone", "C2", 3),
             Col("opened_at", "C1", 2), Col("branch", None, 1)]


def by(report: object, subject: str) -> dict[str, object]:
    return {f.control.split(".")[1]: f for f in report.findings  # type: ignore[attr-defined]
            if f.subject == subject}


def test_gaps_ratings_and_clauses() -> None:
    controls = {
        "name": "customers",
        "impact_assessment_at": "2025-01-15",
        "columns": {
            "id_number": {"encryption": "SM4-GCM", "masked": True, "retention_days": 1825},
            "cvv": {"encryption": "AES-256-GCM", "masked": True, "retention_days": 4000},
            "phone": {"masked": False, "retention_days": 365, "cross_border": True},
        },
    }
    report = DataSecurityAssessment().run(INVENTORY, controls, as_of=AS_OF)
    assert report.status is Status.FAIL and report.exit_code == 1
    idn = by(report, "customers.id_number")
    assert list(idn) == ["column"] and idn["column"].status is Status.PASS  # type: ignore[attr-defined]
    cvv = by(report, "customers.cvv")
    assert set(cvv) == {"sm_algorithm", "retention"}
    assert cvv["sm_algorithm"].value == 8.0 and cvv["sm_algorithm"].status is Status.WARN  # type: ignore[attr-defined]
    assert "GB/T 39786-2021" in cvv["sm_algorithm"].clauses  # type: ignore[attr-defined]
    assert cvv["retention"].details["likelihood"] == 2  # type: ignore[attr-defined]
    phone = by(report, "customers.phone")
    assert set(phone) == {"encryption", "masking", "cross_border"}  # the PIA is fresh
    assert phone["encryption"].value == 12.0 and phone["encryption"].status is Status.FAIL  # type: ignore[attr-defined]
    assert phone["cross_border"].value == 15.0 and "PIPL Art.38" in phone["cross_border"].clauses  # type: ignore[attr-defined]
    opened = by(report, "customers.opened_at")
    assert set(opened) == {"retention"} and opened["retention"].status is Status.PASS  # type: ignore[attr-defined]
    assert by(report, "customers.branch")["column"].value == 1.0  # type: ignore[attr-defined]
    for f in report.findings:
        assert set(f.clauses) <= ALLOWED_TAGS and "AP-17" in f.clauses
        assert f.message.en and f.message.zh_cn and f.message.en != f.message.zh_cn
    assert report.tables[0].rows[1][:3] == ("cvv", "C3", 4)
    assert report.metadata["next_assessment_due"] == "2026-06-01"
    assert "数据安全风险评估" in report.title.zh_cn


def test_impact_assessment_freshness() -> None:
    inv = [Col("acct", "C2", 3)]
    ok = {"encryption": "SM4-GCM", "masked": True, "retention_days": 100}
    fresh = DataSecurityAssessment().run(
        inv, {"name": "d", "impact_assessment_at": date(2025, 1, 1), "columns": {"acct": ok}},
        as_of=AS_OF)
    assert [f.control for f in fresh.findings] == ["data_security.column"]
    stale = DataSecurityAssessment().run(
        inv, {"name": "d", "impact_assessment_at": date(2023, 1, 1), "columns": {"acct": ok}},
        as_of=AS_OF)
    (f,) = stale.findings
    assert f.control == "data_security.impact_assessment"
    assert set(f.clauses) == {"AP-17", "PIPL Art.28", "PIPL Art.55"}
    assert f.value == 9.0 and f.status is Status.WARN


def test_policy_thresholds() -> None:
    strict = Policy.loads("[data_security.assessment]\nwarn_score = 2\nfail_score = 4\n"
                          "[data_security.crypto]\nsm_required_from_level = 6\n")
    inv = [Col("cvv", "C3", 4)]
    ctl = DatasetControls(name="d", impact_assessment_at=date(2025, 5, 1), columns={
        "cvv": {"encryption": "AES-256-GCM", "masked": True, "retention_days": 10}})  # type: ignore[dict-item]
    r = DataSecurityAssessment(strict).run(inv, ctl, as_of=AS_OF)
    (f,) = r.findings
    assert f.control == "data_security.column" and f.value == 4.0 and f.status is Status.FAIL
    assert r.policy_hash == strict.hash


@budget.medium
@given(
    level=st.integers(1, 5),
    category=st.sampled_from(["C1", "C2", "C3", None]),
    encryption=st.sampled_from([None, "SM4-GCM", "AES-256-GCM"]),
    masked=st.booleans(),
    retention=st.none() | st.integers(0, 5000),
    cross=st.booleans(),
)
def test_scores_are_likelihood_times_level(level: int, category: str | None,
                                           encryption: str | None, masked: bool,
                                           retention: int | None, cross: bool) -> None:
    r = DataSecurityAssessment().run(
        [Col("c", category, level)],
        {"name": "d", "columns": {"c": {"encryption": encryption, "masked": masked,
                                        "retention_days": retention, "cross_border": cross}}},
        as_of=AS_OF)
    assert r.findings
    for f in r.findings:
        lk = f.details["likelihood"]
        assert f.value == lk * level and 1 <= lk <= 5
        expected = Status.FAIL if f.value >= 12 else Status.WARN if f.value >= 6 else Status.PASS
        assert f.status is expected
    # encryption below the required level is never demanded
    if level < 3:
        assert not any(f.control == "data_security.encryption" for f in r.findings)


def test_bad_input() -> None:
    with pytest.raises(ColumnError, match="'nope'"):
        DataSecurityAssessment().run(INVENTORY, {"name": "d", "columns": {"nope": {}}})
    with pytest.raises(InvalidInputError, match=r"columns\.cvv\.encryption"):
        DataSecurityAssessment().run(INVENTORY, {"name": "d",
                                                 "columns": {"cvv": {"encryption": "DES"}}})
    with pytest.raises(InvalidInputError, match="Inventory record 0"):
        DataSecurityAssessment().run([Col("x", "C9", 3)], {"name": "d"})


def test_with_the_real_scan_inventory() -> None:
    import pandas as pd

    from dfgov.data_protection import scan
    df = pd.DataFrame({"id_number": ["110101199003077777", "11010519491231002X"],
                       "phone": ["13800138000", "13912345678"], "cvv": ["123", "456"]})
    inv = scan(df)
    r = DataSecurityAssessment().run(inv, {"name": "customers", "columns": {
        "id_number": {"encryption": "SM4-GCM", "masked": True, "retention_days": 30}}},
        as_of=AS_OF)
    subjects = {f.subject for f in r.findings}
    assert subjects == {"customers.id_number", "customers.phone", "customers.cvv"}
    assert r.status is Status.FAIL
