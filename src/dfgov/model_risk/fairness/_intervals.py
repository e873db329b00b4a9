"""Confidence intervals: Wilson score intervals and the confusion-cell bootstrap.

Disparities that are maxima of absolute gaps (equalized odds, between
groups) get their intervals from the signed gaps (:mod:`._maxabs`), not from
the percentile interval of the maximum, which is biased upward on small groups.

Resampling n rows with replacement gives each confusion cell of each group a
count that is jointly multinomial(n, cell shares). Drawing those counts
directly is the same distribution as the row bootstrap of every count-based
metric, at a cost of O(cells x replicates), independent of the number of
rows. With sample weights a drawn cell carries its mean weight (exact for
equal weights within a cell, an approximation otherwise).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from dfgov._stats import z_value
from dfgov._validate import check_choice, check_int, param_error
from dfgov.errors import InvalidInputError
from dfgov.model_risk.fairness import _formulas as fm
from dfgov.model_risk.fairness._maxabs import (
    MIN_REPLICATES,
    IntervalNote,
    check_confidence,
    clip_rate_gap,
    gap_to_overall_se,
    max_abs_interval,
    rate_variance,
    signed_gap,
    to_scale,
)

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._metrics import GroupMetrics

__all__ = [
    "Bootstrap",
    "IntervalNote",
    "adjusted_alphas",
    "auc_bootstrap",
    "group_wilson",
    "max_abs_interval",
    "wilson_interval",
    "z_value",
]

F64 = npt.NDArray[np.float64]


def wilson_interval(
    num: F64, den: F64, den_sq: F64, confidence: float = 0.95
) -> tuple[F64, F64]:
    """Wilson score interval of ``num / den``.

    ``den_sq`` is the sum of squared weights of the denominator rows; the
    effective sample size is Kish's ``den**2 / den_sq`` (the row count
    without weights). NaN where the denominator is zero.
    """
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.where(den_sq > 0, den * den / np.where(den_sq > 0, den_sq, 1.0), 0.0)
        p = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
        n_safe = np.where(n > 0, n, np.nan)
        denom = 1.0 + z * z / n_safe
        centre = (p + z * z / (2.0 * n_safe)) / denom
        half = z / denom * np.sqrt(p * (1.0 - p) / n_safe + z * z / (4.0 * n_safe * n_safe))
    return np.asarray(np.clip(centre - half, 0.0, 1.0)), np.asarray(np.clip(centre + half, 0, 1))


def group_wilson(gm: GroupMetrics, metric: str, confidence: float) -> pd.DataFrame:
    """:meth:`GroupMetrics.wilson`: the Wilson interval of a rate per group."""
    if not gm.binary or metric not in fm.RATE_CELLS:
        raise param_error("GroupMetrics.wilson", "metric",
                          f"must be one of {list(fm.RATE_CELLS)}", got=metric)
    num, den = fm.RATE_CELLS[metric]
    counts = gm.cell_counts
    lo, hi = wilson_interval(fm._cells(counts, num), fm._cells(counts, den),
                             fm._cells(gm._wsq, den), confidence)
    return pd.DataFrame({"value": gm._by[metric].ravel(), "lower": lo.ravel(),
                         "upper": hi.ravel()}, index=gm.group_sizes.index)


def percentile_interval(replicates: F64, confidence: float) -> tuple[F64, F64]:
    """Percentile interval over axis 0, ignoring NaN replicates (NaN if all are)."""
    alpha = 1.0 - check_confidence(confidence)
    flat = replicates.reshape(replicates.shape[0], -1)
    lo = np.full(flat.shape[1], np.nan)
    hi = np.full(flat.shape[1], np.nan)
    finite = ~np.isnan(flat)
    full = finite.all(axis=0)
    if full.any():
        q = np.quantile(flat[:, full], [alpha / 2.0, 1.0 - alpha / 2.0], axis=0)
        lo[full], hi[full] = q[0], q[1]
    for j in np.flatnonzero(~full & finite.any(axis=0)):  # few columns with NaN replicates
        col = flat[finite[:, j], j]
        lo[j], hi[j] = np.quantile(col, [alpha / 2.0, 1.0 - alpha / 2.0])
    shape = replicates.shape[1:]
    return lo.reshape(shape), hi.reshape(shape)


def adjusted_alphas(p_values: F64, alpha: float, method: str) -> npt.NDArray[np.bool_]:
    """Which hypotheses are rejected under a multiple-comparison adjustment.

    ``method`` is ``"none"``, ``"bonferroni"`` or ``"holm"`` (step-down).
    NaN p-values are never rejected and do not count as tests.
    """
    p = np.asarray(p_values, dtype=np.float64)
    valid = ~np.isnan(p)
    m = int(valid.sum())
    reject = np.zeros(p.shape, dtype=bool)
    if m == 0:
        return reject
    if method == "none":
        reject[valid] = p[valid] <= alpha
    elif method == "bonferroni":
        reject[valid] = p[valid] <= alpha / m
    elif method == "holm":
        idx = np.flatnonzero(valid)
        order = idx[np.argsort(p[idx], kind="stable")]
        for rank, i in enumerate(order):
            if p[i] <= alpha / (m - rank):
                reject[i] = True
            else:
                break
    else:
        raise param_error("adjusted_alphas", "method",
                          "must be one of ['none', 'bonferroni', 'holm']", got=method)
    return reject


class Bootstrap:
    """Bootstrap replicates of a :class:`GroupMetrics` (multinomial over confusion cells).

    Parameters
    ----------
    metrics : GroupMetrics
    n_boot : int
        Number of replicates.
    confidence : float
        Level of the percentile intervals.
    stratified : bool
        Hold each group's (and control level's) row count fixed.
    random_state : int, Generator or None
    """

    def __init__(
        self, metrics: GroupMetrics, *, n_boot: int = 1000, confidence: float = 0.95,
        stratified: bool = False, random_state: int | np.random.Generator | None = None,
    ) -> None:
        check_int(n_boot, caller="GroupMetrics.bootstrap", parameter="n_boot")
        self.confidence = check_confidence(confidence, "GroupMetrics.bootstrap")
        self.n_boot = n_boot
        self.stratified = stratified
        self._gm = metrics
        rng = np.random.default_rng(random_state)
        rows = metrics.cell_rows
        weighted = metrics.cell_counts
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_w = np.where(rows > 0, weighted / np.where(rows > 0, rows, 1), 0.0)
        if stratified:
            n_g = rows.sum(axis=-1)
            pvals = np.where(n_g[..., None] > 0, rows / np.maximum(n_g, 1)[..., None], 0.25)
            draws = rng.multinomial(n_g, pvals, size=(n_boot, *n_g.shape))
        else:
            total = int(rows.sum())
            flat = rows.ravel() / total
            draws = rng.multinomial(total, flat, size=n_boot).reshape(n_boot, *rows.shape)
        self._rows: F64 = np.asarray(draws, dtype=np.float64)
        self._counts: F64 = np.asarray(draws * mean_w, dtype=np.float64)
        self._cache: dict[str, F64] = {}
        self._overall_cache: dict[str, F64] = {}

    def by_group(self, metric: str) -> F64:
        """Replicates of a metric per group, shape (B, controls, groups); excluded NaN."""
        if metric not in self._cache:
            check_choice(metric, list(fm.COUNT_METRICS), caller="Bootstrap",
                         parameter="metric")
            raw = fm.COUNT_METRICS[metric](self._counts)
            self._cache[metric] = np.where(self._gm.mask, raw, np.nan)
        return self._cache[metric]

    def overall(self, metric: str) -> F64:
        """Replicates of a metric on all rows, shape (B, controls)."""
        if metric not in self._overall_cache:
            self._overall_cache[metric] = fm.COUNT_METRICS[metric](self._counts.sum(axis=2))
        return self._overall_cache[metric]

    def disparity(self, metric: str, kind: str = "difference",
                  method: str = "between_groups") -> F64:
        """Replicates of a disparity (metric or composite), shape (B, controls)."""
        if metric in fm.COMPOSITES:
            parts = fm.COMPOSITES[metric]
            by = {m: self.by_group(m) for m in parts}
            ov = {m: self.overall(m) for m in parts}
            return fm.composite(by, ov, metric, kind, method)
        return fm.disparity(self.by_group(metric), self.overall(metric), kind, method)

    def interval(self, replicates: F64) -> tuple[F64, F64]:
        """Percentile interval of replicates at this bootstrap's confidence."""
        return percentile_interval(replicates, self.confidence)

    def components(self, metric: str, kind: str = "difference",
                   method: str = "between_groups") -> tuple[F64, F64, F64 | None, F64 | None]:
        """Signed components of a disparity, their replicates and standard errors.

        The disparity is ``max_k |d_k|`` over these components (ratios on the
        log scale: ``ratio = exp(-max_k |d_k|)``): every pair of groups
        (``between_groups``) or every group against the overall value
        (``to_overall``), for each metric of a composite.

        Returns
        -------
        point : ndarray, shape (controls, K)
        replicates : ndarray, shape (B, controls, K)
        se, se_replicates : ndarray or None
            Smoothed standard errors on the data and in each replicate
            (:func:`rate_variance`); None unless every metric is a proportion.
        """
        parts = fm.COMPOSITES.get(metric, (metric,))
        gm = self._gm
        out: list[tuple[F64, F64]] = []
        ses: list[tuple[F64, F64]] | None = []
        for m in parts:
            v = gm.values(m)
            r = self.by_group(m)
            var_p = rate_variance(gm.cell_counts, gm.cell_rows.astype(np.float64), m, kind)
            var_r = rate_variance(self._counts, self._rows, m, kind)
            if method == "between_groups":
                i, j = np.triu_indices(v.shape[-1], 1)
                out.append((signed_gap(v[..., i], v[..., j], kind),
                            signed_gap(r[..., i], r[..., j], kind)))
                if ses is not None and var_p is not None and var_r is not None:
                    ses.append((np.sqrt(var_p[0][..., i] + var_p[0][..., j]),
                                np.sqrt(var_r[0][..., i] + var_r[0][..., j])))
                else:
                    ses = None
            else:
                out.append((signed_gap(v, gm.overall_values(m)[..., None], kind),
                            signed_gap(r, self.overall(m)[..., None], kind)))
                ov_p = rate_variance(gm.cell_counts.sum(axis=-2),
                                     gm.cell_rows.sum(axis=-2).astype(np.float64), m, kind)
                ov_r = rate_variance(self._counts.sum(axis=-2), self._rows.sum(axis=-2), m,
                                     kind)
                if (ses is not None and var_p is not None and var_r is not None
                        and ov_p is not None and ov_r is not None):
                    ses.append((gap_to_overall_se(var_p, ov_p, kind),
                                gap_to_overall_se(var_r, ov_r, kind)))
                else:
                    ses = None
        point = np.concatenate([o[0] for o in out], axis=-1)
        reps = np.concatenate([o[1] for o in out], axis=-1)
        if not ses:
            return point, reps, None, None
        return (point, reps, np.concatenate([x[0] for x in ses], axis=-1),
                np.concatenate([x[1] for x in ses], axis=-1))

    def disparity_interval(
        self, metric: str, kind: str = "difference", method: str = "between_groups",
    ) -> tuple[F64, F64, list[IntervalNote | None]]:
        """Interval of a disparity from its signed components (see :func:`max_abs_interval`).

        Returns ``(lower, upper, notes)`` per control level; ``notes`` says
        why an interval is missing or deserves a caveat (:data:`IntervalNote`).
        """
        point, reps, se, se_reps = self.components(metric, kind, method)
        res = max_abs_interval(point, reps, self.confidence, se=se, se_replicates=se_reps)
        lo, hi = to_scale(res.lower, clip_rate_gap(res.upper, kind), kind)
        notes = [self._note(metric, c, point[c], res.stats[c][0].size)
                 for c in range(point.shape[0])]
        return lo, hi, notes

    def reference_interval(
        self, metric: str, kind: str, ref: int, threshold: float,
    ) -> tuple[F64, F64, F64, list[IntervalNote | None]]:
        """Per group: interval and p-value of its gap to group ``ref`` (first control level).

        The gap is the worst over a composite's metrics, as in
        :meth:`disparity`. ``threshold`` is the rule's threshold on the
        disparity's scale; the p-value tests "the gap is within it".

        Returns ``(lower, upper, p_values, notes)``, each of length groups
        (NaN for the reference group and excluded groups).
        """
        parts = fm.COMPOSITES.get(metric, (metric,))
        gm = self._gm
        v = np.stack([gm.values(m)[0] for m in parts], axis=-1)  # (S, parts)
        r = np.stack([self.by_group(m)[:, 0, :] for m in parts], axis=-1)  # (B, S, parts)
        point = signed_gap(v, v[ref][None, :], kind)
        reps = signed_gap(r, r[:, ref : ref + 1, :], kind)
        point[ref] = np.nan
        var_p = [rate_variance(gm.cell_counts[0], gm.cell_rows[0].astype(np.float64), m, kind)
                 for m in parts]
        var_r = [rate_variance(self._counts[:, 0], self._rows[:, 0], m, kind) for m in parts]
        se = se_reps = None
        if all(x is not None for x in var_p) and all(x is not None for x in var_r):
            vp = np.stack([x[0] for x in var_p if x is not None], axis=-1)  # (S, parts)
            vr = np.stack([x[0] for x in var_r if x is not None], axis=-1)  # (B, S, parts)
            se = np.sqrt(vp + vp[ref][None, :])
            se_reps = np.sqrt(vr + vr[:, ref : ref + 1, :])
        res = max_abs_interval(point, reps, self.confidence, se=se, se_replicates=se_reps)
        lo, hi = to_scale(res.lower, clip_rate_gap(res.upper, kind), kind)
        thr = threshold if kind == "difference" else (
            -float(np.log(threshold)) if threshold > 0 else np.inf)
        p = np.array([res.p_value(g, thr) for g in range(point.shape[0])])
        p[ref] = np.nan
        notes = [self._note(metric, 0, point[g], res.stats[g][0].size, groups=(g, ref))
                 for g in range(point.shape[0])]
        return lo, hi, p, notes

    def _note(self, metric: str, control: int, point: F64, n_defined: int,
              groups: tuple[int, ...] | None = None) -> IntervalNote | None:
        if np.isinf(point).any():
            return "zero_rate"
        if (~np.isnan(point)).any() and n_defined < MIN_REPLICATES:
            return "few_replicates"
        for m in fm.COMPOSITES.get(metric, (metric,)):
            if m not in fm.RATE_CELLS:
                continue
            v = self._gm.values(m)[control]
            if groups is not None:
                v = v[list(groups)]
            if ((v == 0.0) | (v == 1.0)).any():
                return "boundary_rate"
        return None

    def disparity_ci(self, metric: str, kind: str = "difference",
                     method: str = "between_groups", *,
                     interval: Literal["simultaneous", "percentile"] = "simultaneous",
                     ) -> tuple[Any, Any]:
        """Interval of a disparity (floats without control features).

        ``interval="simultaneous"`` (default) is :meth:`disparity_interval`;
        ``"percentile"`` is the plain percentile interval of the replicates of
        the maximum, which is biased upward on small groups (kept for
        comparison).
        """
        if interval == "percentile":
            lo, hi = self.interval(self.disparity(metric, kind, method))
        elif interval == "simultaneous":
            lo, hi, _ = self.disparity_interval(metric, kind, method)
        else:
            raise param_error("Bootstrap.disparity_ci", "interval",
                              "must be one of ['simultaneous', 'percentile']", got=interval)
        if self._gm.control_levels is None:
            return float(lo[0]), float(hi[0])
        return lo, hi

    def by_group_ci(self, metric: str) -> pd.DataFrame:
        """Percentile interval of a metric for every group."""
        lo, hi = self.interval(self.by_group(metric))
        index = self._gm.by_group.index
        return pd.DataFrame({"lower": lo.ravel(), "upper": hi.ravel()}, index=index)


def auc_bootstrap(
    gm: GroupMetrics, *, n_boot: int = 200, confidence: float = 0.95,
    random_state: int | np.random.Generator | None = None,
) -> pd.DataFrame:
    """Row bootstrap of ROC AUC per group (see :meth:`GroupMetrics.auc_bootstrap`)."""
    from dfgov.model_risk.fairness._counts import group_auc

    enc = gm.encoded
    if enc.score is None:
        raise InvalidInputError("The AUC bootstrap needs 'y_score'.")
    check_int(n_boot, caller="GroupMetrics.auc_bootstrap", parameter="n_boot")
    rng = np.random.default_rng(random_state)
    reps = np.empty((n_boot, *gm.mask.shape))
    for b in range(n_boot):  # a loop over replicates, not rows
        idx = rng.integers(0, enc.n, enc.n)
        res = dataclasses.replace(
            enc, y_true=enc.y_true[idx], y_pred=enc.y_pred[idx], score=enc.score[idx],
            weight=None if enc.weight is None else enc.weight[idx])
        reps[b] = gm.prune(group_auc(enc.group[idx], res, gm.n_codes))
    reps = np.where(gm.mask, reps, np.nan)
    point = np.where(gm.mask, gm.prune(group_auc(enc.group, enc, gm.n_codes)), np.nan)
    lo, hi = percentile_interval(reps, confidence)
    # The difference is a maximum of absolute gaps: simultaneous intervals of the
    # signed pairwise gaps, not the (upward-biased) percentile interval of the max.
    i, j = np.triu_indices(point.shape[-1], 1)
    gaps = max_abs_interval(point[..., i] - point[..., j], reps[..., i] - reps[..., j],
                            confidence)
    dlo, dhi = gaps.lower, clip_rate_gap(gaps.upper, "difference")
    index = [*gm.by_group.index, "difference"]
    return pd.DataFrame({"lower": [*lo.ravel(), *dlo.ravel()],
                         "upper": [*hi.ravel(), *dhi.ravel()]},
                        index=pd.Index(index, dtype=object))
