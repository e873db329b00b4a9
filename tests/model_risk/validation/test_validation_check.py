"""ValidationCheck: findings, statuses, clause tags, tables, policy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

import dfgov
from dfgov.errors import InvalidInputError, PolicyError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.validation import ValidationCheck
from dfgov.report import Status

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(0)
    n = 4000
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n),
                      "c": rng.choice(["x", "y", "z"], n)})
    y = pd.Series((X["a"] + 0.5 * X["b"] + rng.normal(size=n) > 0).astype(int))
    return X, y


def test_findings_values_and_clauses(data: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = data
    num = X[["a", "b"]]
    model = LogisticRegression().fit(num[:2000], y[:2000])
    check = ValidationCheck(dfgov.Policy.default(), vocabulary=CREDIT)
    report = check.run(model, num[2000:], y[2000:], X_reference=num[:2000])
    findings = report.findings
    by = {(f.control, f.subject): f for f in findings}
    auc = by[("validation.discrimination.auc", None)]
    assert auc.value == pytest.approx(
        roc_auc_score(y[2000:], model.predict_proba(num[2000:])[:, 1]), abs=1e-12)
    assert auc.status is Status.PASS
    assert auc.clauses == ("AP-16", "JR/T 0221-2021 §8", "SR 11-7 §V", "EU AI Act Art.15")
    assert by[("validation.stability.score", "score")].status is Status.PASS
    assert "JR/T 0221-2021 §6.5" in by[("validation.stability.feature", "a")].clauses
    assert {t.title.en for t in report.tables} == {"Calibration curve",
                                                   "Stability (PSI/CSI) per feature"}
    assert len(report.figures) == 3  # ROC, calibration, PSI/CSI
    for f in findings:
        assert f.message.en and f.message.zh_cn
    assert report.exit_code == 0 and report.title.en == "Model validation"
    with pytest.warns(DeprecationWarning, match=r"ValidationCheck\.run\(\) returns the Report"):
        old = check.report(model, num[2000:], y[2000:], X_reference=num[:2000])
    assert old.findings == report.findings and old.tables == report.tables


def test_weak_model_fails_and_shift_is_caught(data: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = data
    rng = np.random.default_rng(3)
    noise = rng.random(len(y))
    shifted = X.assign(a=X["a"] + 1.5)
    findings = ValidationCheck(vocabulary=CREDIT).run(
        X=shifted, y=y, y_score=noise, X_reference=X).findings
    by = {(f.control, f.subject): f for f in findings}
    assert by[("validation.discrimination.auc", None)].status is Status.FAIL
    assert by[("validation.stability.feature", "a")].status is Status.FAIL
    assert by[("validation.stability.feature", "b")].status is Status.PASS
    assert by[("validation.stability.feature", "c")].status is Status.PASS


def test_policy_thresholds_apply(data: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = data
    s = 1 / (1 + np.exp(-(X["a"] + 0.5 * X["b"]).to_numpy()))
    pol = dfgov.Policy.loads("[validation]\nmin_auc = 0.99\nwarn_auc = 0.995\n"
                             "min_recall = 0.99\n")
    report = ValidationCheck(pol, vocabulary=CREDIT).run(y=y, y_score=s)
    by = {f.control: f for f in report.findings}
    assert by["validation.discrimination.auc"].status is Status.FAIL
    assert by["validation.threshold.recall"].status is Status.FAIL
    assert by["validation.threshold.recall"].threshold == 0.99
    with pytest.raises(PolicyError, match=r"validation\.psi_shift"):
        dfgov.Policy.loads("[validation]\npsi_shift = -1\n")
    with pytest.raises(PolicyError, match="unknown key"):
        dfgov.Policy.loads("[validation]\nnonsense = 1\n")


def test_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="predict_proba"):
        ValidationCheck(vocabulary=CREDIT).run(object(), np.zeros((3, 1)), [0, 1, 0])
    with pytest.raises(InvalidInputError, match="'y_score'"):
        ValidationCheck(vocabulary=CREDIT).run(y=[0, 1])
    with pytest.raises(InvalidInputError, match="'policy'"):
        ValidationCheck(policy="strict", vocabulary=CREDIT).run(y=[0, 1], y_score=[0.1, 0.9])  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match=r"validation\.threshold.*decision_threshold"):
        dfgov.Policy.loads("[validation]\nthreshold = 0.3\n")
