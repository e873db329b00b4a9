"""Score-based group metrics on Spark from per-group score histograms.

One Spark aggregation groups the rows by ``(group..., y_true, score bin)``
with ``resolution`` equal-width bins on [0, 1] and sums weights, weighted
scores and weighted squared scores. From that table:

* mean score, Brier score and expected calibration error are exact (the
  sums are those of the rows; a calibration bin is a union of histogram bins
  when ``resolution`` is a multiple of ``n_bins``);
* ROC AUC treats scores in the same histogram bin as tied. The exact AUC
  differs only in the order of positive-negative pairs inside one bin, so
  ``|AUC - exact| <= 0.5 * sum_b pos_b * neg_b / (P * N)``, which is computed
  and returned per group (``roc_auc_error_bound``); it is 0 when no bin holds
  both a positive and a negative with different scores, e.g. scores on a grid
  coarser than ``1 / resolution``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_numeric, require_pyspark

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness import GroupMetrics

__all__ = ["RESOLUTION", "add_score_metrics", "score_histogram_spark"]

F64 = npt.NDArray[np.float64]
RESOLUTION = 10_000
"""Default number of score bins on [0, 1]."""
_BIN, _W, _WS, _WSS, _BAD = ("__dfgov_bin", "__dfgov_w", "__dfgov_ws", "__dfgov_wss",
                             "__dfgov_bad_score")


def score_histogram_spark(
    df: Any, *, keys: Sequence[str], y_true: str, pos_label: Any, y_score: str,
    sample_weight: str | None, resolution: int, caller: str,
) -> pd.DataFrame:
    """Per (keys, positive?, bin): sums of w, w*s, w*s^2 (one Spark job)."""
    sql = require_pyspark()
    import pandas as pd

    F = sql.functions
    require_columns(df, [y_score], "y_score", caller)
    require_numeric(df, y_score, "y_score", caller)
    if not isinstance(resolution, int) or not 1 <= resolution <= 1_000_000:
        raise InvalidInputError(
            f"The 'score_resolution' argument of {caller} must be an integer in [1, 1000000]."
        )
    s = F.col(y_score).cast("double")
    w = F.lit(1.0) if sample_weight is None else F.col(sample_weight).cast("double")
    bad = s.isNull() | F.isnan(s) | (s < 0) | (s > 1)
    b = F.least(F.floor(s * resolution), F.lit(resolution - 1)).cast("int")
    pos = (F.col(y_true) == F.lit(pos_label)).cast("int")
    rows = (df.groupBy(*[F.col(k) for k in keys], pos.alias("__dfgov_pos"), b.alias(_BIN))
            .agg(F.sum(w).alias(_W), F.sum(w * s).alias(_WS), F.sum(w * s * s).alias(_WSS),
                 F.sum(F.when(bad, 1).otherwise(0)).alias(_BAD))
            .collect())
    table = pd.DataFrame.from_records(
        [tuple(r) for r in rows], columns=[*keys, "__dfgov_pos", _BIN, _W, _WS, _WSS, _BAD])
    if int(table[_BAD].sum()) > 0:
        raise InvalidInputError(
            f"The 'y_score' column {y_score!r} of {caller} must hold probabilities in [0, 1] "
            "without missing values."
        )
    return table


def _key(values: Sequence[Any]) -> tuple[Any, ...]:
    """Hashable group key with every missing value (None, NaN) the same."""
    return tuple(None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                 for v in values)


def add_score_metrics(
    gm: GroupMetrics, cells: pd.DataFrame, keys: Sequence[str], hist: pd.DataFrame,
    resolution: int,
) -> F64:
    """Set the score metrics of ``gm`` from the histogram; return the AUC error bounds.

    ``cells`` is the weighted sample ``gm`` was built from (same row order as
    ``gm.encoded``), which gives each group key its code in ``gm``'s layout.
    """
    from dfgov.model_risk.fairness import _formulas as fm
    from dfgov.model_risk.fairness._metrics import SCORE_METRICS

    codes = np.asarray(gm.encoded.group, dtype=np.intp)
    lookup = {_key(k): int(c) for k, c in zip(
        cells[list(keys)].itertuples(index=False, name=None), codes, strict=True)}
    try:
        hcode = np.array([lookup[_key(k)] for k in hist[list(keys)].itertuples(
            index=False, name=None)], dtype=np.intp)
    except KeyError:  # pragma: no cover - both tables come from the same rows
        raise InvalidInputError("The score histogram has a group the counts do not.") from None
    n_full = int(np.prod(gm._full_shape))
    pos = hist["__dfgov_pos"].to_numpy(np.float64)
    w = hist[_W].to_numpy(np.float64)
    ws = hist[_WS].to_numpy(np.float64)
    wss = hist[_WSS].to_numpy(np.float64)
    bins = hist[_BIN].to_numpy(np.intp)

    def per_group(x: F64) -> F64:
        return gm._prune(np.bincount(hcode, weights=x, minlength=n_full))

    wsum, ssum = per_group(w), per_group(ws)
    # sum w (y - s)^2 with y in {0, 1}: w*y - 2*y*w*s + w*s^2
    esum = per_group(pos * w - 2.0 * pos * ws + wss)
    n_bins = gm.n_bins
    if resolution % n_bins:
        raise InvalidInputError(
            "The 'score_resolution' must be a multiple of the calibration 'n_bins'."
        )
    cal = hcode * n_bins + bins // (resolution // n_bins)
    size = n_full * n_bins

    def per_cal(x: F64) -> F64:
        full = np.bincount(cal, weights=x, minlength=size).reshape(n_full, n_bins)
        return gm._prune(full)

    bl, bs = per_cal(pos * w), per_cal(ws)
    auc, bound = _auc(gm, hcode, bins, pos * w, (1.0 - pos) * w, n_full, resolution)
    by = {
        "mean_score": fm._div(ssum, wsum),
        "brier_score": fm._div(esum, wsum),
        "expected_calibration_error": fm._div(np.abs(bl - bs).sum(axis=-1), wsum),
        "roc_auc": auc[0],
    }
    ov = {
        "mean_score": fm._div(ssum.sum(1), wsum.sum(1)),
        "brier_score": fm._div(esum.sum(1), wsum.sum(1)),
        "expected_calibration_error": fm._div(
            np.abs(bl.sum(1) - bs.sum(1)).sum(-1), wsum.sum(1)),
        "roc_auc": auc[1],
    }
    for name in SCORE_METRICS:
        gm._by[name] = by[name]
        gm._overall[name] = ov[name]
    return bound


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


def _auc(gm: GroupMetrics, hcode: Any, bins: Any, pw: F64, nw: F64, n_full: int,
         resolution: int) -> tuple[tuple[F64, F64], F64]:
    """Per-group and per-control AUC from (group, bin) histograms, and the group bounds."""
    if n_full * resolution > 50_000_000:
        raise InvalidInputError(
            "Groups x 'score_resolution' exceeds 50,000,000 histogram cells; lower the "
            "'score_resolution'."
        )
    idx = hcode * resolution + bins
    pos = np.bincount(idx, weights=pw, minlength=n_full * resolution).reshape(n_full, -1)
    neg = np.bincount(idx, weights=nw, minlength=n_full * resolution).reshape(n_full, -1)
    pos_p, neg_p = gm._prune(pos), gm._prune(neg)  # (controls, groups, bins)
    auc_g, bound_g = _auc_from(pos_p, neg_p)
    auc_c, _ = _auc_from(pos_p.sum(axis=1), neg_p.sum(axis=1))
    return (auc_g, auc_c), bound_g
