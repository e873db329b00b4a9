"""Sufficient statistics: weighted confusion counts per group in one bincount pass.

Rows are processed in chunks of 262,144, so the temporary integer
codes stay small whatever the number of rows; the counts are exact sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dfgov.model_risk.fairness._inputs import Encoded

__all__ = [
    "CHUNK", "Counts", "ScoreStats", "class_counts", "confusion_counts", "group_auc",
    "score_order",
    "score_stats",
]

CHUNK = 1 << 18
"""Rows per chunk of the counting pass (keeps temporaries to a few MB)."""

F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Counts:
    """Confusion cells per group, cells ordered TN, FP, FN, TP (``2*y_true + y_pred``).

    ``weighted`` are sums of sample weights (equal to ``rows`` without
    weights), ``rows`` are row counts and ``weight_sq`` sums of squared
    weights (for Kish's effective sample size).
    """

    weighted: F64
    rows: npt.NDArray[np.int64]
    weight_sq: F64


def _chunks(n: int) -> range:
    return range(0, n, CHUNK)


def _count_small(cell: npt.NDArray[np.uint8], size: int) -> npt.NDArray[np.int64]:
    """bincount of small uint8 codes, two rows per bin (about twice as fast)."""
    half = len(cell) // 2
    pair = cell[:half].astype(np.uint16)
    pair *= np.uint16(size)
    pair += cell[half : 2 * half]
    joint = np.bincount(pair, minlength=size * size).reshape(size, size)
    out = joint.sum(axis=0) + joint.sum(axis=1)
    if len(cell) % 2:
        out[int(cell[-1])] += 1
    return np.asarray(out, dtype=np.int64)


def _cells(group: npt.NDArray[np.integer[Any]], y_true: npt.NDArray[Any],
           y_pred: npt.NDArray[Any], size: int) -> npt.NDArray[Any]:
    if size <= 256:
        cell = group.astype(np.uint8)
        cell <<= np.uint8(2)
        yy = y_true << np.uint8(1)
        yy |= y_pred
        cell |= yy
        return cell
    out = group.astype(np.intp) * 4
    out += y_true * np.uint8(2)
    out += y_pred
    return out


def confusion_counts(enc: Encoded, n_groups: int) -> Counts:
    """Weighted and unweighted confusion counts, shape ``(n_groups, 4)``."""
    size = 4 * n_groups
    rows = np.zeros(size, dtype=np.int64)
    w_sum = np.zeros(size) if enc.weight is not None else None
    w_sq = np.zeros(size) if enc.weight is not None else None
    group = enc.group
    for start in _chunks(enc.n):
        stop = start + CHUNK
        cell = _cells(group[start:stop], enc.y_true[start:stop], enc.y_pred[start:stop], size)
        if size <= 128:
            rows += _count_small(cell, size)
        else:
            rows += np.bincount(cell, minlength=size)
        if enc.weight is not None and w_sum is not None and w_sq is not None:
            w = enc.weight[start:stop]
            w_sum += np.bincount(cell, weights=w, minlength=size)
            w_sq += np.bincount(cell, weights=w * w, minlength=size)
    r = rows.reshape(n_groups, 4)
    if w_sum is None or w_sq is None:
        rf = r.astype(np.float64)
        return Counts(weighted=rf, rows=r, weight_sq=rf)
    return Counts(weighted=w_sum.reshape(n_groups, 4), rows=r, weight_sq=w_sq.reshape(n_groups, 4))


def class_counts(enc: Encoded, n_groups: int, which: str) -> F64:
    """Weighted count of each class per group, shape ``(n_groups, n_classes)``."""
    k = len(enc.classes)
    labels = enc.y_pred if which == "pred" else enc.y_true
    out = np.zeros(n_groups * k)
    for start in _chunks(enc.n):
        stop = start + CHUNK
        cell = enc.group[start:stop].astype(np.intp) * k + labels[start:stop]
        w = None if enc.weight is None else enc.weight[start:stop]
        out += np.bincount(cell, weights=w, minlength=n_groups * k)
    return out.reshape(n_groups, k)


@dataclass(frozen=True)
class ScoreStats:
    """Per-group sums for score metrics (weights applied)."""

    weight: F64
    score_sum: F64
    sq_error_sum: F64
    bin_weight: F64
    bin_score: F64
    bin_label: F64


def score_stats(enc: Encoded, n_groups: int, n_bins: int) -> ScoreStats:
    """Mean score, Brier and calibration-bin sums per group."""
    assert enc.score is not None
    size = n_groups * n_bins
    acc = {k: np.zeros(n_groups) for k in ("w", "s", "e")}
    bins = {k: np.zeros(size) for k in ("w", "s", "y")}
    for start in _chunks(enc.n):
        stop = start + CHUNK
        g = enc.group[start:stop].astype(np.intp)
        s = enc.score[start:stop]
        y = enc.y_true[start:stop].astype(np.float64)
        w = np.ones(len(s)) if enc.weight is None else enc.weight[start:stop]
        acc["w"] += np.bincount(g, weights=w, minlength=n_groups)
        acc["s"] += np.bincount(g, weights=w * s, minlength=n_groups)
        acc["e"] += np.bincount(g, weights=w * (y - s) ** 2, minlength=n_groups)
        b = np.minimum((s * n_bins).astype(np.intp), n_bins - 1) + g * n_bins
        bins["w"] += np.bincount(b, weights=w, minlength=size)
        bins["s"] += np.bincount(b, weights=w * s, minlength=size)
        bins["y"] += np.bincount(b, weights=w * y, minlength=size)
    shape = (n_groups, n_bins)
    return ScoreStats(
        weight=acc["w"], score_sum=acc["s"], sq_error_sum=acc["e"],
        bin_weight=bins["w"].reshape(shape), bin_score=bins["s"].reshape(shape),
        bin_label=bins["y"].reshape(shape),
    )


def score_order(enc: Encoded) -> npt.NDArray[np.intp]:
    """Row order by score (stable); share it between :func:`group_auc` calls."""
    assert enc.score is not None
    return np.argsort(enc.score, kind="stable")


def group_auc(
    group: npt.NDArray[np.integer[Any]], enc: Encoded, n_groups: int,
    by_score: npt.NDArray[np.intp] | None = None,
) -> F64:
    """ROC AUC per group from tie-aware ranks (weighted Mann-Whitney statistic).

    Equals :func:`sklearn.metrics.roc_auc_score` (the trapezoidal ROC area)
    on each group; NaN where a group lacks positives or negatives. Costs one
    sort of the rows by score (pass ``by_score`` from :func:`score_order` to
    share it) and a linear-time stable sort of the small integer group codes.
    """
    assert enc.score is not None
    if by_score is None:
        by_score = score_order(enc)
    codes = group[by_score]
    if n_groups <= np.iinfo(np.uint16).max:
        codes = codes.astype(np.uint16)  # numpy's stable sort is a radix sort here
    order = by_score[np.argsort(codes, kind="stable")]
    g = group[order].astype(np.intp)
    s = enc.score[order]
    y = enc.y_true[order].astype(np.float64)
    w = np.ones(len(s)) if enc.weight is None else enc.weight[order]
    new_run = np.empty(len(s), dtype=bool)
    new_run[0] = True
    new_run[1:] = (g[1:] != g[:-1]) | (s[1:] != s[:-1])
    run = np.cumsum(new_run) - 1
    n_runs = int(run[-1]) + 1
    run_group = g[new_run]
    pos = np.bincount(run, weights=w * y, minlength=n_runs)
    neg = np.bincount(run, weights=w * (1.0 - y), minlength=n_runs)
    neg_cum = np.cumsum(neg)
    group_neg_total = np.bincount(run_group, weights=neg, minlength=n_groups)
    group_start = np.cumsum(group_neg_total) - group_neg_total
    neg_below = neg_cum - neg - group_start[run_group]
    num = np.bincount(run_group, weights=pos * (neg_below + 0.5 * neg), minlength=n_groups)
    pos_total = np.bincount(run_group, weights=pos, minlength=n_groups)
    den = pos_total * group_neg_total
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return np.asarray(out, dtype=np.float64)
