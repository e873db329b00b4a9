"""Discrimination and calibration metrics of a binary score.

``y_true`` holds 0/1 labels (1 = the event, e.g. default); ``y_score`` is the
model's score for the event (for calibration metrics: its probability).
Values equal scikit-learn's where scikit-learn computes them
(``roc_auc_score``, ``brier_score_loss``, ``precision_score``,
``recall_score``, ``calibration_curve``); the tests prove it on random input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from dfgov._validate import check_choice, check_int, check_range, param_error
from dfgov.errors import InvalidInputError
from dfgov.model_risk.validation._inputs import as_binary, as_scores, as_weights

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CalibrationCurve",
    "HosmerLemeshow",
    "ThresholdMetrics",
    "auc_and_ks",
    "brier_score",
    "calibration_curve",
    "chi2_sf",
    "expected_calibration_error",
    "gini",
    "hosmer_lemeshow",
    "ks_statistic",
    "roc_auc",
    "roc_curve",
    "threshold_metrics",
]


def _prepare(
    y_true: Any, y_score: Any, sample_weight: Any, caller: str, *, probability: bool = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    import numpy as np

    y = as_binary(y_true, name="y_true", caller=caller)
    s = as_scores(y_score, name="y_score" if not probability else "y_prob", caller=caller,
                  n=y.shape[0], probability=probability)
    w = as_weights(sample_weight, n=y.shape[0], caller=caller)
    return y, s, (np.ones(y.shape[0]) if w is None else w)


def _roc_points(
    y: npt.NDArray[np.int64], s: npt.NDArray[np.float64], w: npt.NDArray[np.float64], caller: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(fpr, tpr) at every distinct threshold, starting at (0, 0)."""
    import numpy as np

    order = np.argsort(s, kind="mergesort")[::-1]
    s_sorted, y_sorted, w_sorted = s[order], y[order], w[order]
    last = np.r_[np.flatnonzero(np.diff(s_sorted)), s_sorted.shape[0] - 1]
    tps = np.cumsum(y_sorted * w_sorted)[last]
    fps = np.cumsum((1 - y_sorted) * w_sorted)[last]
    if tps[-1] <= 0 or fps[-1] <= 0:
        raise InvalidInputError(
            f"The 'y_true' argument of {caller} must contain both classes (0 and 1) with "
            "positive weight."
        )
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return fpr, tpr


def roc_auc(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> float:
    """Area under the ROC curve (equals ``sklearn.metrics.roc_auc_score``).

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    import numpy as np

    y, s, w = _prepare(y_true, y_score, sample_weight, "roc_auc")
    fpr, tpr = _roc_points(y, s, w, "roc_auc")
    return float(np.trapezoid(tpr, fpr))


def roc_curve(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> tuple[Any, Any]:
    """ROC curve ``(fpr, tpr)``, one point per distinct score, starting at (0, 0).

    Equals the points of ``sklearn.metrics.roc_curve(..., drop_intermediate=False)``
    after its first (infinite-threshold) point.

    Examples
    --------
    >>> fpr, tpr = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> [float(x) for x in fpr], [float(x) for x in tpr]
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    y, s, w = _prepare(y_true, y_score, sample_weight, "roc_curve")
    return _roc_points(y, s, w, "roc_curve")


def gini(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> float:
    """Gini coefficient (accuracy ratio), ``2 * AUC - 1``."""
    return 2.0 * roc_auc(y_true, y_score, sample_weight=sample_weight) - 1.0


def ks_statistic(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> float:
    """Kolmogorov–Smirnov statistic: the largest gap between the classes' score CDFs.

    Equals ``max |TPR - FPR|`` over thresholds and, unweighted, the statistic
    of ``scipy.stats.ks_2samp`` between the two classes' scores.
    """
    import numpy as np

    y, s, w = _prepare(y_true, y_score, sample_weight, "ks_statistic")
    fpr, tpr = _roc_points(y, s, w, "ks_statistic")
    return float(np.max(np.abs(tpr - fpr)))


def auc_and_ks(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> tuple[float, float]:
    """ROC AUC and KS from one sort of the scores (equal to roc_auc and ks_statistic)."""
    import numpy as np

    y, s, w = _prepare(y_true, y_score, sample_weight, "auc_and_ks")
    fpr, tpr = _roc_points(y, s, w, "auc_and_ks")
    return float(np.trapezoid(tpr, fpr)), float(np.max(np.abs(tpr - fpr)))


def directional_ks(
    y_true: Any, y_score: Any, *, sample_weight: Any = None
) -> tuple[float, float, float]:
    """ROC AUC and the two one-sided KS statistics, from one sort of the scores.

    Returns ``(auc, ks, ks_reverse)``: ``ks = max(TPR - FPR)`` is the largest
    gap with scores higher for ``y_true = 1`` (the declared direction) and
    ``ks_reverse = max(FPR - TPR)`` the largest gap the other way. Unweighted,
    they equal the statistics of ``scipy.stats.ks_2samp(scores of y=0, scores of
    y=1, alternative="greater")`` and ``alternative="less"``. A model whose
    scores point the wrong way has ``ks_reverse > ks``.
    """
    import numpy as np

    y, s, w = _prepare(y_true, y_score, sample_weight, "directional_ks")
    fpr, tpr = _roc_points(y, s, w, "directional_ks")
    gap = tpr - fpr  # starts at (0, 0): both maxima are >= 0
    return (float(np.trapezoid(tpr, fpr)), float(max(0.0, np.max(gap))),
            float(max(0.0, np.max(-gap))))


@dataclass(frozen=True)
class ThresholdMetrics:
    """Confusion counts and rates at one operating threshold (``score >= threshold`` is 1).

    ``precision`` is NaN when nothing is predicted positive; ``recall`` is NaN
    when there are no positives (undefined, never replaced by 0).
    """

    threshold: float
    precision: float
    recall: float
    positive_rate: float
    tp: float
    fp: float
    fn: float
    tn: float


def threshold_metrics(
    y_true: Any, y_score: Any, *, threshold: float = 0.5, sample_weight: Any = None
) -> ThresholdMetrics:
    """Precision, recall and predicted-positive rate at ``threshold``.

    Equal to ``precision_score``/``recall_score`` of ``y_score >= threshold``
    where those are defined.
    """
    import numpy as np

    check_range(threshold, 0.0, 1.0, caller="threshold_metrics", parameter="threshold",
                closed=True)
    y, s, w = _prepare(y_true, y_score, sample_weight, "threshold_metrics")
    pred = s >= threshold
    tp = float(w[pred & (y == 1)].sum())
    fp = float(w[pred & (y == 0)].sum())
    fn = float(w[~pred & (y == 1)].sum())
    tn = float(w[~pred & (y == 0)].sum())
    precision = tp / (tp + fp) if tp + fp > 0 else float("nan")
    recall = tp / (tp + fn) if tp + fn > 0 else float("nan")
    return ThresholdMetrics(
        threshold=float(threshold), precision=precision, recall=recall,
        positive_rate=(tp + fp) / float(np.sum(w)), tp=tp, fp=fp, fn=fn, tn=tn,
    )


def brier_score(y_true: Any, y_prob: Any, *, sample_weight: Any = None) -> float:
    """Mean squared error of the probability (equals ``sklearn.metrics.brier_score_loss``)."""
    import numpy as np

    y, p, w = _prepare(y_true, y_prob, sample_weight, "brier_score", probability=True)
    return float(np.average((p - y) ** 2, weights=w))


class CalibrationCurve(NamedTuple):
    """Observed event rate, mean predicted probability and count of each non-empty bin."""

    prob_true: npt.NDArray[np.float64]
    prob_pred: npt.NDArray[np.float64]
    counts: npt.NDArray[np.int64]


def _check_bins(n_bins: int, strategy: str, caller: str) -> None:
    check_int(n_bins, caller=caller, parameter="n_bins", minimum=2)
    check_choice(strategy, ("uniform", "quantile"), caller=caller, parameter="strategy")


def calibration_curve(
    y_true: Any, y_prob: Any, *, n_bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> CalibrationCurve:
    """Reliability diagram data (equals ``sklearn.calibration.calibration_curve``).

    Bins are of equal width on [0, 1] (``uniform``) or hold equal numbers of
    predictions (``quantile``); empty bins are dropped, as scikit-learn does.
    """
    import numpy as np

    _check_bins(n_bins, strategy, "calibration_curve")
    y, p, _ = _prepare(y_true, y_prob, None, "calibration_curve", probability=True)
    if strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], p)
    sums = np.bincount(ids, weights=p, minlength=n_bins)
    trues = np.bincount(ids, weights=y.astype(np.float64), minlength=n_bins)
    totals = np.bincount(ids, minlength=n_bins)
    nz = totals != 0
    return CalibrationCurve(trues[nz] / totals[nz], sums[nz] / totals[nz],
                            totals[nz].astype(np.int64))


def expected_calibration_error(
    y_true: Any, y_prob: Any, *, n_bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> float:
    """Expected calibration error: count-weighted mean |observed − predicted| over the bins.

    Uses the bins of :func:`calibration_curve`.
    """
    import numpy as np

    curve = calibration_curve(y_true, y_prob, n_bins=n_bins, strategy=strategy)
    gaps = np.abs(curve.prob_true - curve.prob_pred)
    return float(np.sum(gaps * curve.counts) / np.sum(curve.counts))


class HosmerLemeshow(NamedTuple):
    """Hosmer–Lemeshow goodness-of-fit: chi-squared statistic, p-value, degrees of freedom."""

    statistic: float
    p_value: float
    dof: int


def chi2_sf(x: float, dof: int) -> float:
    """Survival function of the chi-squared distribution for an integer ``dof`` >= 1.

    Closed forms (no scipy import on the gate's path): for even ``dof``,
    :math:`e^{-x/2} \\sum_{i<k/2} (x/2)^i / i!`; for odd ``dof``,
    :math:`\\operatorname{erfc}(\\sqrt{x/2}) + e^{-x/2} \\sum_{i=1}^{(k-1)/2}
    (x/2)^{i-1/2} / \\Gamma(i + 1/2)`. Equal to ``scipy.stats.chi2.sf`` to
    about 1e-12 (tested).
    """
    if dof < 1:
        raise param_error("chi2_sf", "dof", "must be >= 1", got=dof)
    if x <= 0.0:
        return 1.0
    half = x / 2.0
    if dof % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, dof // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    total = math.erfc(math.sqrt(half))
    term = math.sqrt(half) / math.gamma(1.5)  # (x/2)^(1/2) / Gamma(3/2)
    acc = 0.0
    for i in range(1, (dof - 1) // 2 + 1):
        acc += term
        term *= half / (i + 0.5)
    return min(1.0, total + math.exp(-half) * acc)


def hosmer_lemeshow(y_true: Any, y_prob: Any, *, n_groups: int = 10) -> HosmerLemeshow:
    r"""Hosmer–Lemeshow test over ``n_groups`` groups of equal size by predicted probability.

    Rows are sorted by probability (stable) and split into groups whose sizes
    differ by at most one. The statistic is
    :math:`\sum_g (O_g - E_g)^2 / (E_g (1 - E_g / n_g))` with :math:`O_g` the
    observed and :math:`E_g` the expected events of group :math:`g`; groups
    whose variance term is 0 (all probabilities 0 or 1) are left out. The
    p-value is from a chi-squared distribution with (groups used − 2) degrees
    of freedom. A small p-value is evidence of miscalibration.
    """
    import numpy as np

    check_int(n_groups, caller="hosmer_lemeshow", parameter="n_groups", minimum=3)
    y, p, _ = _prepare(y_true, y_prob, None, "hosmer_lemeshow", probability=True)
    if y.shape[0] < n_groups:
        raise InvalidInputError(
            f"The 'y_true' argument of hosmer_lemeshow needs at least n_groups={n_groups} rows. "
            f"Got {y.shape[0]}."
        )
    order = np.argsort(p, kind="mergesort")
    stat, used = 0.0, 0
    for idx in np.array_split(order, n_groups):
        n_g = idx.shape[0]
        expected = float(p[idx].sum())
        observed = float(y[idx].sum())
        var = expected * (1.0 - expected / n_g)
        if var <= 0.0:
            continue
        stat += (observed - expected) ** 2 / var
        used += 1
    dof = used - 2
    if dof < 1:
        raise InvalidInputError(
            "The 'y_prob' argument of hosmer_lemeshow leaves fewer than 3 groups with "
            "probabilities strictly between 0 and 1."
        )
    return HosmerLemeshow(float(stat), chi2_sf(stat, dof), dof)
