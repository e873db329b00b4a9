"""24 months of German credit applications: the planted drift and disparity are found on time.

Month 1 is 2024-01. A covariate drift is planted from month 13 (2025-01) and a
disparity against women from month 18 (2025-06); labels mature 6 months after
each month. The monitor runs as a bank would run it: each month the period is
added, the labels of six months earlier are added, and the trend is judged.
"""

from __future__ import annotations

from typing import Any

import pytest

from dfgov.monitoring import Monitor, Trend, simulate_history

DRIFT, DISPARITY = "2025-01", "2025-06"


def _as_of(key: str) -> str:
    year, month = int(key[:4]), int(key[5:])
    return f"{year + month // 12}-{month % 12 + 1:02d}-01"


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: Any) -> dict[str, Any]:
    h = simulate_history(24, drift_from=13, disparity_from=18, random_state=0)
    mon = Monitor(tmp_path_factory.mktemp("sim") / "governance.db", model_id="german-lr",
                  policy=h.policy)
    mon.start(h.reference, y_true="default", y_score="score", features=h.features)
    trends: dict[str, Trend] = {}
    reports: dict[str, Any] = {}
    for i, (key, frame) in enumerate(h.months, start=1):
        mon.add_period(key, frame, y_score="score", y_pred="decision",
                       as_of=f"{key}-28")
        if i > 6:
            old, labelled = h.months[i - 7]
            mon.add_labels(old, labelled, y_true="default", y_score="score",
                           y_pred="decision", as_of=_as_of(key))
        trends[key] = mon.trend(as_of=_as_of(key))
        if key in ("2024-12", DRIFT, "2025-05", DISPARITY, "2025-12"):
            reports[key] = mon.report(as_of=_as_of(key))
    mon.close()
    return {"trends": trends, "reports": reports, "keys": [k for k, _ in h.months]}


def test_drift_is_flagged_at_month_13_not_before(monthly: dict[str, Any]) -> None:
    trends = monthly["trends"]
    for key in monthly["keys"][:12]:
        assert trends[key].alarms().empty, key
    at13 = trends[DRIFT].alarms("stability")
    assert set(at13["period"]) == {DRIFT}
    assert "credit_amount" in set(at13["subject"])
    assert trends["2025-12"].first_alarm("stability") == DRIFT
    report = monthly["reports"][DRIFT]
    drift = [f for f in report.findings if f.control.startswith("monitoring.stability")
             and f.status.value == "fail"]
    assert drift and all(f.details["started"] == DRIFT for f in drift)
    assert report.exit_code == 1
    assert monthly["reports"]["2024-12"].exit_code == 0


def test_disparity_is_flagged_at_month_18_not_before(monthly: dict[str, Any]) -> None:
    trends = monthly["trends"]
    for key in monthly["keys"][:17]:
        assert trends[key].alarms("fairness").empty, key
        assert trends[key].alarms("fairness_trend").empty, key
    at18 = trends[DISPARITY].alarms("fairness")
    assert set(at18["period"]) == {DISPARITY}
    assert set(at18["grouping"]) == {"sex"}
    assert trends["2025-12"].first_alarm("fairness") == DISPARITY
    findings = [f for f in monthly["reports"][DISPARITY].findings
                if f.control == "monitoring.fairness.demographic_parity_difference"
                and f.subject and f.subject.startswith("sex")]
    assert findings[0].status.value == "fail"
    assert findings[0].details["started"] == DISPARITY
    assert findings[0].interval is not None and findings[0].interval[0] > 0.2


def test_verdicts_do_not_change_when_later_periods_arrive(monthly: dict[str, Any]) -> None:
    final = monthly["trends"]["2025-12"].table
    for key in (DRIFT, "2025-03", DISPARITY):
        earlier = monthly["trends"][key].table
        cols = ["period", "family", "metric", "grouping", "subject", "alarm"]
        decided = earlier[earlier["test"] == "decisions"][cols]
        later = final[(final["period"] <= key) & (final["test"] == "decisions")][cols]
        assert decided.reset_index(drop=True).equals(later.reset_index(drop=True))


def test_pending_periods_are_estimated_and_labelled_as_estimates(
        monthly: dict[str, Any]) -> None:
    trend = monthly["trends"]["2025-12"]
    est = trend.table[trend.table["family"] == "estimate"]
    pending = set(trend.periods.loc[trend.periods["state"] == "pending", "period"])
    assert set(est["period"]) == pending and len(pending) == 6
    assert est["estimate"].all() and (est["detail"] == "CBPE").all()
    actual = trend.table[trend.table["family"] == "discrimination"]
    assert not set(actual["period"]) & pending
