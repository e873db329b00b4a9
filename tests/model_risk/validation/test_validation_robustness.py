"""Robustness: perturbation, planted non-monotone model, missing/out-of-range behaviour."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import dfgov
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.validation import (
    RobustnessCheck,
    edge_case_test,
    monotonicity_test,
    perturbation_test,
)
from dfgov.report import Status

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


class PlantedModel:
    """Score rises with x0 except on [0, 1], where it falls: a planted monotonicity breach."""

    classes_ = np.array([0, 1])

    def predict_proba(self, X: Any) -> np.ndarray:
        x = np.asarray(X, dtype=float)[:, 0]
        z = np.where((x > 0) & (x < 1), -x, x)
        p = 1 / (1 + np.exp(-z))
        return np.c_[1 - p, p]


@pytest.fixture(scope="module")
def credit() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(0)
    n = 1500
    X = pd.DataFrame({
        "debt": rng.normal(size=n), "years": rng.integers(0, 30, n),
        "region": pd.Categorical(rng.choice(["n", "s", "e"], n)),
    })
    y = pd.Series(((X["debt"] - X["years"] / 15 + (X["region"] == "n") + rng.normal(size=n))
                   > 0).astype(int))
    return X, y


def test_planted_non_monotone_model_is_caught() -> None:
    X = np.random.default_rng(1).uniform(-3, 3, size=(500, 2))
    (res,) = monotonicity_test(PlantedModel(), X, {"x0": "increasing"}, random_state=0)
    assert res.violation_share == 1.0  # every row's sweep crosses (0, 1)
    assert res.max_reversal > 0.05
    findings = RobustnessCheck(vocabulary=CREDIT).run(
            PlantedModel(), X, monotone={"x0": "increasing"},
                                     edge_cases=False).findings
    mono = [f for f in findings if f.control == "robustness.monotonicity"]
    assert mono[0].status is Status.FAIL and mono[0].subject == "x0"
    assert "SR 11-7 §V" in mono[0].clauses


def test_monotone_models_pass(credit: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = credit
    hgb = HistGradientBoostingClassifier(max_iter=15, monotonic_cst={"debt": 1, "years": -1},
                                         categorical_features="from_dtype").fit(X, y)
    res = monotonicity_test(hgb, X, {"debt": "increasing", "years": "decreasing"},
                            random_state=0)
    assert [r.violation_share for r in res] == [0.0, 0.0]
    free = HistGradientBoostingClassifier(max_iter=15, categorical_features="from_dtype").fit(X, y)
    (r,) = monotonicity_test(free, X, {"debt": "increasing"}, random_state=0)
    assert r.violation_share > 0  # an unconstrained boosted model is not monotone


def test_perturbation_flip_rate_grows_with_noise(credit: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = credit
    model = HistGradientBoostingClassifier(max_iter=15, categorical_features="from_dtype").fit(X, y)
    small = perturbation_test(model, X, noise=0.01, swap_probability=0.0, random_state=0)
    large = perturbation_test(model, X, noise=1.0, swap_probability=0.3, random_state=0)
    assert 0 <= small.flip_rate < large.flip_rate <= 1
    assert small.mean_abs_score_change < large.mean_abs_score_change
    again = perturbation_test(model, X, noise=1.0, swap_probability=0.3, random_state=0)
    assert again == large  # same seed, same result
    zero = perturbation_test(model, X, noise=0.0, swap_probability=0.0)
    assert zero.flip_rate == 0.0 and zero.mean_abs_score_change == 0.0


def test_edge_cases_predicts_raises_extrapolates(credit: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = credit
    pipe = make_pipeline(
        make_column_transformer((OneHotEncoder(), ["region"]),
                                (StandardScaler(), ["debt", "years"])),
        LogisticRegression(),
    ).fit(X, y)
    by = {(e.feature, e.case): e for e in edge_case_test(pipe, X, random_state=0)}
    assert by[("debt", "missing")].outcome == "raises"
    assert by[("debt", "missing")].error == "ValueError"
    assert by[("debt", "out_of_range")].outcome == "predicts"  # silent extrapolation
    assert ("region", "out_of_range") not in by  # a category has no range: not tested
    assert ("region", "missing") in by
    hgb = HistGradientBoostingClassifier(max_iter=20, categorical_features="from_dtype").fit(X, y)
    by = {(e.feature, e.case): e for e in edge_case_test(hgb, X, random_state=0)}
    assert by[("debt", "missing")].outcome == "predicts"
    findings = RobustnessCheck(vocabulary=CREDIT).run(pipe, X).findings
    st = {(f.control, f.subject): f.status for f in findings}
    assert st[("robustness.missing", "debt")] is Status.WARN
    assert st[("robustness.out_of_range", "debt")] is Status.WARN
    assert ("robustness.out_of_range", "region") not in st
    mono = RobustnessCheck(vocabulary=CREDIT).run(pipe, X, monotone={"region": "increasing"},
                                                  edge_cases=False).findings
    (skip,) = [f for f in mono if f.control == "robustness.monotonicity"]
    assert skip.status is Status.SKIPPED and skip.details["reason"] == "categorical"
    assert "numeric" in skip.message.en and "类别型" in skip.message.zh_cn


def test_check_policy_and_findings(credit: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = credit
    model = LogisticRegression().fit(X[["debt", "years"]], y)
    pol = dfgov.Policy.loads('[robustness]\nnoise = 0.5\nmax_flip_rate = 0.0\n'
                             'monotone = {debt = "increasing", years = "decreasing"}\n')
    report = RobustnessCheck(pol, vocabulary=CREDIT).run(model, X[["debt", "years"]])
    assert report.title.en == "Model robustness" and report.policy_hash == pol.hash
    findings = report.findings
    by = {(f.control, f.subject): f for f in findings}
    assert by[("robustness.perturbation.flip_rate", None)].status is Status.FAIL
    assert by[("robustness.monotonicity", "debt")].status is Status.PASS
    assert by[("robustness.monotonicity", "years")].status is Status.PASS
    for f in findings:
        assert f.message.zh_cn and "AP-16" in f.clauses


def test_bad_input(credit: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = credit
    model = LogisticRegression().fit(X[["debt", "years"]], y)
    with pytest.raises(ColumnError, match=r"\['income'\]"):
        RobustnessCheck(vocabulary=CREDIT).run(
                model, X[["debt", "years"]], monotone={"income": "increasing"})
    with pytest.raises(ColumnError, match="'region' is not"):
        monotonicity_test(model, X, {"region": "increasing"})
    with pytest.raises(InvalidInputError, match="predict_proba"):
        RobustnessCheck(vocabulary=CREDIT).run(object(), X)
    with pytest.raises(InvalidInputError, match="'increasing' or 'decreasing'"):
        monotonicity_test(model, X, {"debt": "up"})  # type: ignore[dict-item]
    const = X[["debt", "years"]].assign(years=1)
    with pytest.raises(InvalidInputError, match=r"'years' .* constant"):
        monotonicity_test(model, const, {"years": "decreasing"})
    with pytest.raises(InvalidInputError, match="'swap_probability'"):
        perturbation_test(model, X[["debt", "years"]], swap_probability=2.0)
