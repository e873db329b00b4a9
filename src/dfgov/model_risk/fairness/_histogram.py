"""Score metrics from a per-group score histogram (no rows needed).

A :class:`ScoreHistogram` holds, per ``(group cell, outcome, score bin)``
with ``resolution`` equal-width bins on [0, 1], the sums of the weights, of
the weighted scores and of the weighted squared scores. From it:

* mean score, Brier score and expected calibration error are exact (the
  sums are those of the rows; a calibration bin is a union of histogram bins
  when ``resolution`` is a multiple of ``n_bins``);
* ROC AUC treats scores in the same histogram bin as tied. The exact AUC
  differs only in the order of positive-negative pairs inside one bin, so
  ``|AUC - exact| <= 0.5 * sum_b pos_b * neg_b / (P * N)``, computed per
  group (:attr:`GroupMetrics.roc_auc_error_bound`); it is 0 when no bin holds
  both a positive and a negative with different scores, e.g. scores on a grid
  coarser than ``1 / resolution``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dfgov._validate import param_error
from dfgov.errors import InvalidInputError
from dfgov.model_risk.fairness import _formulas as fm

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness._metrics import GroupMetrics

__all__ = ["MAX_HISTOGRAM_CELLS", "ScoreHistogram", "set_score_metrics"]

F64 = npt.NDArray[np.float64]
MAX_HISTOGRAM_CELLS = 50_000_000
"""Cap on groups x ``resolution`` (the dense AUC histogram lives in memory)."""


@dataclass(frozen=True)
class ScoreHistogram:
    """Sums of a score column per (group cell, outcome, score bin): one row per cell.

    Attributes
    ----------
    keys : pandas.DataFrame
        The sensitive (then control) key columns, named as in the count table.
    positive : array of bool or 0/1
        Whether the cell's rows have the positive label.
    bin : array of int
        Score bin in ``[0, resolution)``: ``min(floor(score * resolution), resolution - 1)``.
    weight, score_sum, score_sq_sum : array of float
        Sums of ``w``, ``w * score`` and ``w * score**2`` over the cell's rows
        (``w`` = 1 without sample weights).
    resolution : int
        Number of equal-width score bins on [0, 1].
    """

    keys: pd.DataFrame
    positive: Any
    bin: Any
    weight: Any
    score_sum: Any
    score_sq_sum: Any
    resolution: int


def set_score_metrics(gm: GroupMetrics, codes: npt.NDArray[np.intp], hist: ScoreHistogram) -> None:
    """Set the score metrics of ``gm`` from ``hist`` (``codes``: each row's group code)."""
    res = hist.resolution
    if isinstance(res, bool) or not isinstance(res, int) or not 1 <= res <= 1_000_000:
        raise param_error("ScoreHistogram", "resolution", "must be an integer in [1, 1000000]",
                          got=res)
    n_bins = gm.n_bins
    if res % n_bins:
        raise InvalidInputError(
            "The 'score_resolution' must be a multiple of the calibration 'n_bins'."
        )
    n_full = gm.n_codes
    if n_full * res > MAX_HISTOGRAM_CELLS:
        raise InvalidInputError(
            "Groups x 'score_resolution' exceeds 50,000,000 histogram cells; lower the "
            "'score_resolution'."
        )
    pos = np.asarray(hist.positive, dtype=np.float64)
    w = np.asarray(hist.weight, dtype=np.float64)
    ws = np.asarray(hist.score_sum, dtype=np.float64)
    wss = np.asarray(hist.score_sq_sum, dtype=np.float64)
    bins = np.asarray(hist.bin, dtype=np.intp)

    def per_group(x: F64) -> F64:
        return gm.prune(np.bincount(codes, weights=x, minlength=n_full))

    wsum, ssum = per_group(w), per_group(ws)
    # sum w (y - s)^2 with y in {0, 1}: w*y - 2*y*w*s + w*s^2
    esum = per_group(pos * w - 2.0 * pos * ws + wss)
    cal = codes * n_bins + bins // (res // n_bins)

    def per_cal(x: F64) -> F64:
        return gm.prune(np.bincount(cal, weights=x, minlength=n_full * n_bins)
                        .reshape(n_full, n_bins))

    bl, bs = per_cal(pos * w), per_cal(ws)
    idx = codes * res + bins
    pos_h = gm.prune(np.bincount(idx, weights=pos * w, minlength=n_full * res)
                     .reshape(n_full, res))  # (controls, groups, bins)
    neg_h = gm.prune(np.bincount(idx, weights=(1.0 - pos) * w, minlength=n_full * res)
                     .reshape(n_full, res))
    auc_g, bound_g = _auc_from(pos_h, neg_h)
    auc_c, _ = _auc_from(pos_h.sum(axis=1), neg_h.sum(axis=1))
    by = {
        "mean_score": fm._div(ssum, wsum),
        "brier_score": fm._div(esum, wsum),
        "expected_calibration_error": fm._div(np.abs(bl - bs).sum(axis=-1), wsum),
        "roc_auc": auc_g,
    }
    ov = {
        "mean_score": fm._div(ssum.sum(1), wsum.sum(1)),
        "brier_score": fm._div(esum.sum(1), wsum.sum(1)),
        "expected_calibration_error": fm._div(
            np.abs(bl.sum(1) - bs.sum(1)).sum(-1), wsum.sum(1)),
        "roc_auc": auc_c,
    }
    import pandas as pd

    bound = pd.Series(bound_g.ravel(), index=gm.group_sizes.index, name="roc_auc_error_bound")
    gm._set_scores(by, ov, bound)


def _auc_from(pos: F64, neg: F64) -> tuple[F64, F64]:
    """AUC and its tie bound along the last axis (bins ascending)."""
    below = np.cumsum(neg, axis=-1) - neg
    num = (pos * (below + 0.5 * neg)).sum(axis=-1)
    ties = (pos * neg).sum(axis=-1)
    den = pos.sum(axis=-1) * neg.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = den > 0
        auc = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
        bound = np.where(ok, 0.5 * ties / np.where(ok, den, 1.0), np.nan)
    return np.asarray(auc, np.float64), np.asarray(bound, np.float64)
