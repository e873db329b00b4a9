"""Intervals of disparities that are maxima of absolute gaps (equalized odds, between groups).

The percentile bootstrap of such a maximum is biased upward when groups are
small: every replicate takes the largest of several noisy gaps, so the
interval can lie wholly above the estimate (issue 18: equalized-odds
difference 0.1154 on intersections of sex and age band, percentile interval
[0.1336, 0.5625]). Here the interval comes from the signed components:
bootstrap-t simultaneous intervals for every signed gap (one critical value
for all), then the range of the maximum over that box. It covers the
disparity at least at the stated confidence (asymptotically; measured by
simulation in ``tests/model_risk/fairness/test_fairness_max_intervals.py``)
and always contains the estimate.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np
import numpy.typing as npt

from dfgov._validate import check_range
from dfgov.model_risk.fairness import _formulas as fm

__all__ = [
    "MIN_REPLICATES",
    "IntervalNote",
    "MaxAbsInterval",
    "check_confidence",
    "clip_rate_gap",
    "gap_to_overall_se",
    "max_abs_interval",
    "rate_variance",
    "signed_gap",
    "to_scale",
]

F64 = npt.NDArray[np.float64]


def check_confidence(confidence: float, caller: str = "Bootstrap") -> float:
    """``confidence`` as a float in (0, 1), or an error naming ``caller`` and the parameter."""
    return check_range(confidence, 0.0, 1.0, caller=caller, parameter="confidence")


IntervalNote = Literal["boundary_rate", "zero_rate", "few_replicates"]
"""Why an interval deserves a caveat (or could not be given):

- ``boundary_rate``: a group's rate is exactly 0 or 1; the bootstrap cannot
  vary it, so the interval reflects only the other groups' uncertainty;
- ``zero_rate``: a ratio whose estimate is 0 (a group's rate is 0); no
  interval is given;
- ``few_replicates``: too few bootstrap replicates were defined.
"""

MIN_REPLICATES = 20
"""Fewest defined bootstrap replicates an interval is computed from."""


@dataclasses.dataclass(frozen=True)
class MaxAbsInterval:
    """Interval of ``max_k |d_k|`` per leading index, with the max-t statistics behind it.

    ``lower``/``upper`` have the leading shape; ``stats`` holds, per leading
    index, the bootstrap max-t statistics ``T_b`` (sorted, NaN dropped), the
    point components and their standard errors (valid components only), used
    for p-values (:meth:`p_value`).
    """

    lower: F64
    upper: F64
    stats: tuple[tuple[F64, F64, F64], ...]

    def p_value(self, index: int, threshold: float) -> float:
        """Bootstrap p-value of "``max_k |d_k| <= threshold``" (NaN when untestable).

        Inverts the simultaneous intervals: the lower bound exceeds
        ``threshold`` exactly when ``t = max_k (|d_k| - threshold) / se_k`` is
        above the critical value, so the p-value is the share of replicates
        with ``T_b >= t``.
        """
        t_sorted, point, se = self.stats[index]
        if t_sorted.size == 0 or point.size == 0:
            return float("nan")
        gap = np.abs(point) - threshold
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(se > 0, gap / np.where(se > 0, se, 1.0),
                         np.where(gap > 0, np.inf, -np.inf))
        t_obs = float(np.max(t))
        if t_obs == -np.inf:
            return 1.0
        exceed = t_sorted.size - int(np.searchsorted(t_sorted, t_obs, side="left"))
        return float(exceed / t_sorted.size)


def max_abs_interval(point: F64, replicates: F64, confidence: float, *,
                     se: F64 | None = None, se_replicates: F64 | None = None,
                     min_replicates: int = MIN_REPLICATES) -> MaxAbsInterval:
    """Interval of ``theta = max_k |d_k|`` from simultaneous intervals of the signed ``d_k``.

    Parameters
    ----------
    point : ndarray, shape (..., K)
        Signed components (e.g. every pairwise gap between groups); NaN
        components are left out.
    replicates : ndarray, shape (B, ..., K)
        Their bootstrap replicates (NaN where undefined in a replicate).
    confidence : float
        Level of the interval.
    se, se_replicates : ndarray, optional
        Standard errors of the components, estimated on the data (shape of
        ``point``) and within each replicate (shape of ``replicates``): the
        bootstrap-t. Without them every replicate is scaled by the bootstrap
        standard deviation of its component.
    min_replicates : int
        Fewest replicates with a defined statistic; fewer gives NaN.

    Returns
    -------
    MaxAbsInterval
        ``lower``, ``upper`` of shape (...): NaN where no component is
        finite, an estimate is infinite, or too few replicates are defined.

    Notes
    -----
    With ``se_k`` the standard error of ``d_k`` and ``c`` the ``confidence``
    quantile of ``T_b = max_k |d*_bk - d_k| / se*_bk``, the boxes
    ``d_k +- c se_k`` hold every ``d_k`` at once with probability about
    ``confidence``; ``theta`` then lies between the largest distance of a box
    from zero and the largest absolute value in the boxes. The interval is
    conservative when one gap dominates, is not biased by the maximum, and
    always contains the estimate ``max_k |d_k|``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> point = np.array([0.05, -0.02])
    >>> reps = point + rng.normal(0, 0.01, size=(2000, 2))
    >>> iv = max_abs_interval(point, reps, 0.95)
    >>> bool(iv.lower[()] <= 0.05 <= iv.upper[()])
    True
    """
    conf = check_confidence(confidence)
    point = np.asarray(point, dtype=np.float64)
    reps = np.asarray(replicates, dtype=np.float64)
    lead = point.shape[:-1]
    k = point.shape[-1]
    flat_p = point.reshape(-1, k)
    flat_r = reps.reshape(reps.shape[0], -1, k)
    flat_se = None if se is None else np.asarray(se, dtype=np.float64).reshape(-1, k)
    flat_ser = None if se_replicates is None else np.asarray(
        se_replicates, dtype=np.float64).reshape(reps.shape[0], -1, k)
    lower = np.full(flat_p.shape[0], np.nan)
    upper = np.full(flat_p.shape[0], np.nan)
    stats: list[tuple[F64, F64, F64]] = []
    empty = np.empty(0)
    for m in range(flat_p.shape[0]):
        valid = ~np.isnan(flat_p[m])
        p = flat_p[m, valid]
        r = flat_r[:, m, valid]
        if p.size == 0 or np.isinf(p).any():
            stats.append((empty, empty, empty))
            continue
        if flat_se is not None and flat_ser is not None:
            s_p = np.nan_to_num(flat_se[m, valid], nan=0.0)
            s_r = flat_ser[:, m, valid]
        else:
            s_p = _boot_sd(r)
            s_r = np.broadcast_to(s_p, r.shape)
        dev = np.abs(r - p)  # NaN where undefined, inf where a replicate diverges
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(s_r > 0, dev / np.where(s_r > 0, s_r, 1.0),
                         np.where(dev == 0, 0.0, np.inf))
        t = np.where(np.isnan(dev) | np.isnan(s_r), np.nan, t)
        defined: npt.NDArray[np.bool_] = np.asarray(~np.isnan(t).all(axis=1))
        t_b = np.sort(np.nanmax(np.where(defined[:, None], t, 0.0), axis=1)[defined])
        if t_b.size < min_replicates:
            stats.append((empty, p, s_p))
            continue
        stats.append((t_b, p, s_p))
        c = float(t_b[min(t_b.size - 1, int(np.ceil(conf * t_b.size)) - 1)])
        half = np.where(s_p > 0, c * s_p, 0.0) if np.isfinite(c) else np.where(
            s_p > 0, np.inf, 0.0)
        lo_k, hi_k = p - half, p + half
        lower[m] = float(np.max(np.maximum(0.0, np.maximum(lo_k, -hi_k))))
        upper[m] = float(np.max(np.maximum(np.abs(lo_k), np.abs(hi_k))))
    return MaxAbsInterval(lower.reshape(lead), upper.reshape(lead), tuple(stats))


def _boot_sd(r: F64) -> F64:
    """Standard deviation of each column over its finite replicates."""
    finite = np.isfinite(r)
    n_fin = finite.sum(axis=0)
    mean = np.where(finite, r, 0.0).sum(axis=0) / np.maximum(n_fin, 1)
    var = (np.where(finite, r - mean, 0.0) ** 2).sum(axis=0) / np.maximum(n_fin - 1, 1)
    return np.asarray(np.sqrt(var), dtype=np.float64)


def rate_variance(counts: F64, rows: F64, metric: str, kind: str) -> tuple[F64, F64, F64] | None:
    """Smoothed variance of a rate (of its log for ratios) per group, from cell counts.

    ``counts`` (weighted) and ``rows`` have shape ``(..., 4)``. The rate is
    smoothed toward 1/2 by one success and one failure (Agresti & Caffo) so
    that a rate of 0 or 1 still has a positive variance. Returns
    ``(variance, smoothed rate, rows in the denominator)``, or None for a
    metric that is not a proportion.
    """
    if metric not in fm.RATE_CELLS:
        return None
    num, den = fm.RATE_CELLS[metric]
    x = fm._cells(counts, num)
    d = fm._cells(counts, den)
    n = np.asarray(fm._cells(rows, den), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(d > 0, x / np.where(d > 0, d, 1.0), np.nan)
        pt = (p * n + 1.0) / (n + 2.0)
        var = np.where(n > 0, pt * (1.0 - pt) / np.where(n > 0, n, 1.0), np.nan)
        if kind == "ratio":
            var = var / (pt * pt)
    return np.asarray(var), np.asarray(pt), n


def signed_gap(a: F64, b: F64, kind: str) -> F64:
    """Signed component: ``a - b`` for differences, ``log a - log b`` for ratios."""
    if kind == "difference":
        return np.asarray(a - b, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log(a) - np.log(b), dtype=np.float64)


def clip_rate_gap(upper: F64, kind: str) -> F64:
    """Every count metric lies in [0, 1], so no gap between two of them exceeds 1."""
    return np.minimum(upper, 1.0) if kind == "difference" else upper


def gap_to_overall_se(group: tuple[F64, F64, F64], overall: tuple[F64, F64, F64],
                       kind: str) -> F64:
    """Standard error of a group's gap to the overall rate (the group is part of it).

    ``var(p_g - p) = var_g (1 - 2 w) + var_p`` with ``w`` the group's share of
    the denominator rows; on the log scale the covariance term carries
    ``p_g / p``.
    """
    var_g, pt_g, n_g = group
    var_o, pt_o, n_o = overall
    with np.errstate(divide="ignore", invalid="ignore"):
        w = n_g / n_o[..., None]
        factor = 1.0 if kind == "difference" else pt_g / pt_o[..., None]
        var = var_g * (1.0 - 2.0 * w * factor) + var_o[..., None]
    return np.asarray(np.sqrt(np.maximum(var, 0.0)), dtype=np.float64)


def to_scale(lower: F64, upper: F64, kind: str) -> tuple[F64, F64]:
    """Bounds of ``max |d|`` on the disparity's scale (ratios: ``exp(-max |log r|)``)."""
    if kind == "difference":
        return lower, upper
    return np.exp(-upper), np.exp(-lower)
