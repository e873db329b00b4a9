"""Discrimination and calibration metrics equal scikit-learn's (and scipy's) values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import ks_2samp
from sklearn.calibration import calibration_curve as sk_calibration_curve
from sklearn.metrics import (
    brier_score_loss,
    precision_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)

from dfgov.errors import InvalidInputError
from dfgov.model_risk.validation import (
    brier_score,
    calibration_curve,
    expected_calibration_error,
    gini,
    hosmer_lemeshow,
    ks_statistic,
    roc_auc,
    threshold_metrics,
)
from tests.conftest import budget


@st.composite
def labelled_scores(draw: st.DrawFn, weighted: bool = False):  # type: ignore[no-untyped-def]
    n = draw(st.integers(4, 200))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    y[0], y[1] = 0, 1  # both classes
    decimals = draw(st.sampled_from([1, 2, 6]))  # few decimals -> many ties
    s = np.round(np.array(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))), decimals)
    w = None
    if weighted:
        w = np.array(draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n)))
    return y, s, w


@budget.medium
@given(labelled_scores(weighted=True))
def test_roc_auc_equals_sklearn(data) -> None:  # type: ignore[no-untyped-def]
    y, s, w = data
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-9)
    assert roc_auc(y, s, sample_weight=w) == pytest.approx(
        roc_auc_score(y, s, sample_weight=w), abs=1e-9)
    assert gini(y, s) == pytest.approx(2 * roc_auc_score(y, s) - 1, abs=1e-9)


@budget.medium
@given(labelled_scores(weighted=True))
def test_ks_equals_scipy_and_roc_curve(data) -> None:  # type: ignore[no-untyped-def]
    y, s, w = data
    # the statistic only: "asymp" skips the exact p-value, which warns on some tied samples
    ks = ks_2samp(s[y == 1], s[y == 0], method="asymp").statistic
    assert ks_statistic(y, s) == pytest.approx(ks, abs=1e-9)
    fpr, tpr, _ = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    assert ks_statistic(y, s, sample_weight=w) == pytest.approx(np.max(np.abs(tpr - fpr)),
                                                                abs=1e-9)


@budget.medium
@given(labelled_scores(weighted=True))
def test_directional_ks_equals_scipy_one_sided(data) -> None:  # type: ignore[no-untyped-def]
    from dfgov.model_risk.validation import directional_ks

    y, s, w = data
    auc, ks, ks_reverse = directional_ks(y, s)
    neg, pos = s[y == 0], s[y == 1]
    assert ks == pytest.approx(ks_2samp(neg, pos, alternative="greater").statistic, abs=1e-9)
    assert ks_reverse == pytest.approx(ks_2samp(neg, pos, alternative="less").statistic,
                                       abs=1e-9)
    assert max(ks, ks_reverse) == pytest.approx(ks_statistic(y, s), abs=1e-12)
    assert auc == pytest.approx(roc_auc_score(y, s), abs=1e-9)
    # inverting the scores swaps the two one-sided statistics
    _, ks_inv, rev_inv = directional_ks(y, 1 - s, sample_weight=w)
    _, ks_w, rev_w = directional_ks(y, s, sample_weight=w)
    assert (ks_inv, rev_inv) == pytest.approx((rev_w, ks_w), abs=1e-12)


@budget.medium
@given(labelled_scores(weighted=True), st.floats(0, 1))
def test_precision_recall_equal_sklearn(data, threshold: float) -> None:  # type: ignore[no-untyped-def]
    y, s, w = data
    tm = threshold_metrics(y, s, threshold=threshold, sample_weight=w)
    pred = (s >= threshold).astype(int)
    if pred.sum() == 0:
        assert math.isnan(tm.precision)
    else:
        assert tm.precision == pytest.approx(
            precision_score(y, pred, sample_weight=w), abs=1e-9)
    assert tm.recall == pytest.approx(recall_score(y, pred, sample_weight=w), abs=1e-9)
    assert tm.tp + tm.fp + tm.fn + tm.tn == pytest.approx(w.sum())


@budget.medium
@given(labelled_scores(weighted=True))
def test_brier_equals_sklearn(data) -> None:  # type: ignore[no-untyped-def]
    y, s, w = data
    assert brier_score(y, s) == pytest.approx(brier_score_loss(y, s), abs=1e-12)
    assert brier_score(y, s, sample_weight=w) == pytest.approx(
        brier_score_loss(y, s, sample_weight=w), abs=1e-12)


@budget.medium
@given(labelled_scores(), st.integers(2, 15), st.sampled_from(["uniform", "quantile"]))
def test_calibration_curve_equals_sklearn(data, n_bins: int, strategy: str) -> None:  # type: ignore[no-untyped-def]
    y, s, _ = data
    mine = calibration_curve(y, s, n_bins=n_bins, strategy=strategy)  # type: ignore[arg-type]
    prob_true, prob_pred = sk_calibration_curve(y, s, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(mine.prob_true, prob_true, atol=1e-12)
    np.testing.assert_allclose(mine.prob_pred, prob_pred, atol=1e-12)
    assert mine.counts.sum() == len(y)
    ece = expected_calibration_error(y, s, n_bins=n_bins, strategy=strategy)  # type: ignore[arg-type]
    assert ece == pytest.approx(
        float(np.sum(np.abs(prob_true - prob_pred) * mine.counts) / len(y)), abs=1e-12)


def test_ece_of_a_perfectly_calibrated_binning_is_zero() -> None:
    y = np.array([0, 0, 0, 1] * 10 + [1, 1, 1, 0] * 10)
    p = np.array([0.25] * 40 + [0.75] * 40)
    assert expected_calibration_error(y, p) == pytest.approx(0.0, abs=1e-15)


def test_hosmer_lemeshow_hand_computed() -> None:
    # 3 groups of 2 rows: expected 0.2, 1.0, 1.6; observed 0, 1, 2.
    p = np.array([0.1, 0.1, 0.5, 0.5, 0.8, 0.8])
    y = np.array([0, 0, 1, 0, 1, 1])
    hl = hosmer_lemeshow(y, p, n_groups=3)
    expected = 0.2**2 / (0.2 * 0.9) + 0.0 + 0.4**2 / (1.6 * 0.2)
    assert hl.statistic == pytest.approx(expected)
    assert hl.dof == 1
    from scipy.stats import chi2

    assert hl.p_value == pytest.approx(chi2.sf(expected, 1))


def test_hosmer_lemeshow_detects_miscalibration() -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(0.05, 0.95, 5000)
    y_good = (rng.random(5000) < p).astype(int)
    y_bad = (rng.random(5000) < p**3).astype(int)
    assert hosmer_lemeshow(y_good, p).p_value > 0.01
    assert hosmer_lemeshow(y_bad, p).p_value < 1e-6


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: roc_auc([1, 1, 1], [0.1, 0.2, 0.3]), "both classes"),
        (lambda: roc_auc([0, 1, 2], [0.1, 0.2, 0.3]), "only 0 and 1"),
        (lambda: roc_auc([0, 1], [0.1]), "must have 2 values"),
        (lambda: roc_auc([0, 1], [0.1, float("nan")]), "finite"),
        (lambda: brier_score([0, 1], [0.1, 1.5]), "probabilities"),
        (lambda: threshold_metrics([0, 1], [0.1, 0.5], threshold=2.0), "'threshold'"),
        (lambda: calibration_curve([0, 1], [0.1, 0.5], n_bins=1), "'n_bins'"),
        (lambda: calibration_curve([0, 1], [0.1, 0.5], strategy="x"), "'strategy'"),  # type: ignore[arg-type]
        (lambda: roc_auc([0, 1], [0.1, 0.2], sample_weight=[-1, 1]), "sample_weight"),
    ],
)
def test_bad_input_names_the_argument(call, match: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError, match=match):
        call()


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 20)), min_size=4, max_size=200))
def test_auc_and_ks_from_one_sort_equal_separate_functions(rows: list[tuple[int, int]]) -> None:
    from dfgov.model_risk.validation._metrics import auc_and_ks, ks_statistic, roc_auc

    y = np.array([r[0] for r in rows])
    s = np.array([r[1] for r in rows], dtype=float) / 20
    assume(0 < y.sum() < len(y))
    assert auc_and_ks(y, s) == (roc_auc(y, s), ks_statistic(y, s))


@given(st.floats(0, 400), st.integers(1, 60))
def test_chi2_sf_equals_scipy(x: float, dof: int) -> None:
    from scipy.stats import chi2

    from dfgov.model_risk.validation._metrics import chi2_sf

    assert chi2_sf(x, dof) == pytest.approx(chi2.sf(x, dof), rel=1e-9, abs=1e-13)
