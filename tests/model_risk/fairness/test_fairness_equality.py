"""GroupMetrics equals fairlearn's MetricFrame (and scikit-learn) to 1e-9."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import fairlearn.metrics as flm
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from hypothesis import given
from sklearn.exceptions import UndefinedMetricWarning

from dfgov.model_risk.fairness import GroupMetrics
from tests.conftest import budget
from tests.model_risk.fairness.fairness_data import Case, cases

TOL = 1e-9


def _base_rate(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
    return float(flm.selection_rate(y_true, y_true, sample_weight=sample_weight))


def _one_minus(f: Callable[..., float]) -> Callable[..., float]:
    def g(y_true: Any, y_pred: Any, sample_weight: Any = None) -> float:
        return 1.0 - float(f(y_true, y_pred, sample_weight=sample_weight))

    return g


_precision = functools.partial(skm.precision_score, zero_division=np.nan)
_npv = functools.partial(skm.precision_score, pos_label=0, zero_division=np.nan)

PEERS: dict[str, Callable[..., Any]] = {
    "base_rate": _base_rate,
    "selection_rate": flm.selection_rate,
    "true_positive_rate": flm.true_positive_rate,
    "false_positive_rate": flm.false_positive_rate,
    "true_negative_rate": flm.true_negative_rate,
    "false_negative_rate": flm.false_negative_rate,
    "precision": _precision,
    "negative_predictive_value": _npv,
    "false_discovery_rate": _one_minus(_precision),
    "false_omission_rate": _one_minus(_npv),
    "accuracy": skm.accuracy_score,
    "balanced_accuracy": skm.balanced_accuracy_score,
    "f1": functools.partial(skm.f1_score, zero_division=np.nan),
}
SCORE_PEERS: dict[str, Callable[..., Any]] = {
    "roc_auc": skm.roc_auc_score,
    "mean_score": flm.mean_prediction,
    "brier_score": skm.brier_score_loss,
}


def _frame(case: Case, peers: dict[str, Callable[..., Any]], y_pred: Any,
           control: Any = None) -> flm.MetricFrame:
    params = None
    if case.weight is not None:
        params = {k: {"sample_weight": case.weight} for k in peers}
    return flm.MetricFrame(
        metrics=peers, y_true=case.y_true, y_pred=y_pred,
        sensitive_features=case.sensitive, sample_params=params, control_features=control,
    )


def _ours(case: Case, **kw: Any) -> GroupMetrics:
    return GroupMetrics(y_true=case.y_true, y_pred=case.y_pred, y_score=case.y_score,
                        sensitive_features=case.sensitive, sample_weight=case.weight, **kw)


def _close(a: Any, b: Any) -> None:
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=0, atol=TOL)


@budget.medium
@given(cases())
def test_by_group_and_overall_equal_fairlearn(case: Case) -> None:
    gm = _ours(case)
    mf = _frame(case, PEERS, case.y_pred)
    ms = _frame(case, SCORE_PEERS, case.y_score)
    ours = gm.by_group
    for name in PEERS:
        _close(ours[name].reindex(mf.by_group.index), mf.by_group[name])
        _close(gm.overall[name], mf.overall[name])
    for name in SCORE_PEERS:
        _close(ours[name].reindex(ms.by_group.index), ms.by_group[name])
        _close(gm.overall[name], ms.overall[name])
    counts = flm.MetricFrame(metrics=flm.count, y_true=case.y_true, y_pred=case.y_pred,
                             sensitive_features=case.sensitive)
    _close(ours["count"].reindex(counts.by_group.index), counts.by_group)


@budget.slow
@given(cases())
def test_disparities_equal_fairlearn(case: Case) -> None:
    gm = _ours(case)
    mf = _frame(case, PEERS, case.y_pred)
    for method in ("between_groups", "to_overall"):
        d_ours, d_peer = gm.difference(method=method), mf.difference(method=method)
        r_ours, r_peer = gm.ratio(method=method), mf.ratio(method=method)
        for name in PEERS:
            _close(d_ours[name], d_peer[name])
            _close(r_ours[name], r_peer[name])
            assert gm.difference(name, method=method) == d_ours[name]
    for name in PEERS:
        _close(gm.group_min(name), mf.group_min()[name])
        _close(gm.group_max(name), mf.group_max()[name])


@budget.slow
@given(cases())
def test_composites_equal_fairlearn(case: Case) -> None:
    gm = _ours(case)
    kw = {"sensitive_features": case.sensitive, "sample_weight": case.weight}
    yt, yp = case.y_true, case.y_pred
    for method in ("between_groups", "to_overall"):
        pairs = [
            ("demographic_parity", flm.demographic_parity_difference,
             flm.demographic_parity_ratio),
            ("equalized_odds", flm.equalized_odds_difference, flm.equalized_odds_ratio),
            ("equal_opportunity", flm.equal_opportunity_difference,
             flm.equal_opportunity_ratio),
        ]
        for name, diff, ratio in pairs:
            _close(gm.difference(name, method=method), diff(yt, yp, method=method, **kw))
            _close(gm.ratio(name, method=method), ratio(yt, yp, method=method, **kw))


@budget.slow
@given(cases(max_rows=150, n_cols=2))
def test_control_features_equal_fairlearn(case: Case) -> None:
    assert isinstance(case.sensitive, pd.DataFrame)  # always two columns to compare
    first, second = case.sensitive.columns
    sens = case.sensitive[second]
    ctrl = case.sensitive[first]
    gm = GroupMetrics(y_true=case.y_true, y_pred=case.y_pred, sensitive_features=sens,
                      control_features=ctrl, sample_weight=case.weight)
    peers = {k: PEERS[k] for k in ("selection_rate", "true_positive_rate", "accuracy")}
    params = None if case.weight is None else {k: {"sample_weight": case.weight} for k in peers}
    mf = flm.MetricFrame(metrics=peers, y_true=case.y_true, y_pred=case.y_pred,
                         sensitive_features=sens, control_features=ctrl, sample_params=params)
    for name in peers:
        _close(gm.by_group[name].reindex(mf.by_group.index), mf.by_group[name])
        _close(gm.overall[name].reindex(mf.overall.index), mf.overall[name])
        for method in ("between_groups", "to_overall"):
            _close(gm.difference(method=method)[name].reindex(mf.overall.index),
                   mf.difference(method=method)[name])
            _close(gm.ratio(method=method)[name].reindex(mf.overall.index),
                   mf.ratio(method=method)[name])


def test_undefined_is_nan_with_reason_where_fairlearn_gives_zero() -> None:
    y_true = np.array([0, 0, 0, 1, 0, 1])
    y_pred = np.array([1, 0, 0, 1, 0, 0])
    sf = np.array(["a", "a", "a", "b", "b", "b"])
    gm = GroupMetrics(y_true=y_true, y_pred=y_pred, sensitive_features=sf)
    assert np.isnan(gm.by_group.loc["a", "true_positive_rate"])
    peer = flm.MetricFrame(metrics=flm.true_positive_rate, y_true=y_true, y_pred=y_pred,
                           sensitive_features=sf).by_group
    assert peer["a"] == 0.0  # fairlearn: nan_to_num turns the undefined rate into 0
    why = gm.why_undefined()
    row = why[(why.group == "a") & (why.metric == "true_positive_rate")]
    assert row.reason.item() == "no actual positives in the group"
    # the undefined group is skipped in disparities instead of counting as 0
    assert gm.difference("true_positive_rate") == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert skm.recall_score(y_true[:3], y_pred[:3]) == 0.0
