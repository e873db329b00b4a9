"""Shift test, counterfactual flips, mitigation, public API and import lightness."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.fairness import (
    FairnessCheck,
    FairnessPolicy,
    FairnessRule,
    GroupMetrics,
    counterfactual_flip_rate,
    demographic_shift,
    mitigate,
)
from dfgov.report import Status

FAV1 = DecisionVocabulary(favourable_label=1, score_direction="higher_is_favourable")


def _two_columns(n: int = 6000, seed: int = 0) -> tuple[Any, Any, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    sf = pd.DataFrame({"sex": rng.choice(["f", "m"], n), "age": rng.choice(["y", "o"], n)})
    y = rng.integers(0, 2, n)
    p = np.where(rng.random(n) < 0.8, y, 1 - y)
    hit = (sf["sex"].to_numpy() == "f") & (sf["age"].to_numpy() == "y") & (rng.random(n) < .4)
    p[hit] = 0
    return y, p, sf


def test_shift_equals_recomputing_on_reweighted_rows() -> None:
    y, p, sf = _two_columns()
    gm = GroupMetrics(y_true=y, y_pred=p, sensitive_features=sf)
    rule = FairnessRule(metric="demographic_parity", kind="difference")
    table = demographic_shift(gm, [rule], delta=0.1)
    row = table[(table.column == "age") & (table.group == "y") & (table.delta == 0.1)
                & (table.grouping == "sex")].iloc[0]
    # the same shift done by reweighting rows and recomputing from scratch
    young = sf["age"].to_numpy() == "y"
    share = young.mean()
    w = np.where(young, (share + 0.1) / share, (1 - share - 0.1) / (1 - share))
    direct = GroupMetrics(y_true=y, y_pred=p, sensitive_features=sf["sex"], sample_weight=w)
    assert row.after == pytest.approx(direct.difference("demographic_parity"), abs=1e-12)
    before = GroupMetrics(y_true=y, y_pred=p, sensitive_features=sf["sex"])
    assert row.before == pytest.approx(before.difference("demographic_parity"), abs=1e-12)
    assert row.worsening == pytest.approx(row.after - row.before)
    # rates of the shifted groups themselves do not move between those groups
    same = table[(table.grouping == "age") & (table.column == "age")]
    assert np.allclose(same.worsening, 0.0)
    with pytest.raises(InvalidInputError, match="'delta'"):
        demographic_shift(gm, [rule], delta=0.0)


def test_shift_findings_in_check() -> None:
    y, p, sf = _two_columns()
    pol = FairnessPolicy(intersectional=False, shift={"delta": 0.2, "tolerance": 0.001,
                                                      "severity": "fail"})
    report = FairnessCheck(pol, vocabulary=FAV1).run(y, p, sensitive_features=sf)
    shift = [f for f in report.findings
             if f.control.startswith("fairness.shift.")]
    assert len(shift) == len(pol.rules)
    dp = next(f for f in shift if f.control == "fairness.shift.demographic_parity_difference")
    assert dp.status is Status.FAIL and dp.value is not None and dp.value > 0.001


class _UsesSex:
    classes_ = np.array([0, 1])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return ((X["income"] > 50) & ~((X["sex"] == "f") & (X["income"] < 60))).to_numpy(int)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = self.predict(X).astype(float)
        return np.c_[1 - p, p]


class _Blind(_UsesSex):
    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (X["income"] > 50).to_numpy(int)


def test_counterfactual_flip_rate() -> None:
    X = pd.DataFrame({"income": [40, 55, 58, 70, 55, 45], "sex": ["f", "f", "m", "m", "m", "f"]})
    # rows with income in (50, 60) flip: rows 1, 2, 4
    assert counterfactual_flip_rate(_UsesSex(), X, "sex") == pytest.approx(3 / 6)
    assert counterfactual_flip_rate(_Blind(), X, "sex") == 0.0
    f = FairnessCheck(vocabulary=FAV1).counterfactual(_UsesSex(), X, "sex")
    assert f.status is Status.FAIL and f.value == pytest.approx(0.5)
    assert FairnessCheck(vocabulary=FAV1).counterfactual(_Blind(), X, "sex").status is Status.PASS
    with pytest.raises(ColumnError, match="'race'"):
        counterfactual_flip_rate(_Blind(), X, "race")


@pytest.mark.parametrize("severity", ["warn", "fail"])
def test_counterfactual_boundary_and_severity(severity: str) -> None:
    """A flip rate equal to the tolerance passes; just above it breaches at the severity."""
    X = pd.DataFrame({"income": [40, 55, 58, 70, 55, 45], "sex": ["f", "f", "m", "m", "m", "f"]})

    def status(tolerance: float) -> Status:
        pol = FairnessPolicy(counterfactual_tolerance=tolerance, counterfactual_severity=severity)
        return FairnessCheck(pol, vocabulary=FAV1).counterfactual(_UsesSex(), X, "sex").status

    assert status(0.5) is Status.PASS
    assert status(np.nextafter(0.5, 0.0)) is Status(severity)


@pytest.mark.parametrize("severity", ["warn", "fail"])
def test_shift_boundary_and_severity(severity: str) -> None:
    """A worsening equal to the tolerance passes; just below it breaches at the severity."""
    y, p, sf = _two_columns()

    def dp(tolerance: float) -> Any:
        pol = FairnessPolicy(intersectional=False, shift={
            "delta": 0.2, "tolerance": tolerance, "severity": severity})
        report = FairnessCheck(pol, vocabulary=FAV1).run(y, p, sensitive_features=sf)
        return next(f for f in report.findings
                    if f.control == "fairness.shift.demographic_parity_difference")

    worst = dp(0.001).value
    assert worst is not None and worst > 0
    assert dp(worst).status is Status.PASS
    assert dp(np.nextafter(worst, 0.0)).status is Status(severity)


@pytest.mark.parametrize("method", ["threshold", "reduction"])
def test_mitigation_wraps_fairlearn_and_reports_before_after(method: str) -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    n = 1500
    sex = rng.choice(["f", "m"], n)
    x1 = rng.normal(size=n) + (sex == "m") * 1.0
    X = pd.DataFrame({"x1": x1, "x2": rng.normal(size=n)})
    y = (x1 + rng.normal(size=n) * 0.5 > 0.5).astype(int)
    options = {"max_iter": 15} if method == "reduction" else {}
    res = mitigate(LogisticRegression(), X, y, sensitive_features=pd.Series(sex, name="sex"),
                   method=method, policy=FairnessPolicy(n_boot=200), vocabulary=FAV1,
                   **options)
    before = {f.control: f for f in res.before}
    after = {f.control: f for f in res.after}
    key = "fairness.demographic_parity_difference"
    assert before[key].status is Status.FAIL
    assert after[key].value is not None and before[key].value is not None
    assert after[key].value < before[key].value / 2
    (table,) = res.report.tables
    assert len(table.rows) == len(before)
    assert type(res.model).__module__.startswith("fairlearn.")
    with pytest.raises(InvalidInputError, match="'method'"):
        mitigate(LogisticRegression(), X, y, sensitive_features=sex, method="magic")  # type: ignore[arg-type]


