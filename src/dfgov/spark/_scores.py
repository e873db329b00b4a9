"""Score-based group metrics on Spark: one aggregation into a per-group score histogram.

One Spark aggregation groups the rows by ``(group..., positive?, score bin)``
with ``resolution`` equal-width bins on [0, 1] and sums weights, weighted
scores and weighted squared scores. The collected table becomes a
:class:`~dfgov.model_risk.fairness.ScoreHistogram`, from which
:meth:`GroupMetrics.from_counts <dfgov.model_risk.fairness.GroupMetrics.from_counts>`
computes mean score, Brier score and expected calibration error exactly and
ROC AUC within :attr:`~dfgov.model_risk.fairness.GroupMetrics.roc_auc_error_bound`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_numeric, require_pyspark

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness import ScoreHistogram

__all__ = ["RESOLUTION", "histogram_from_table", "score_histogram_spark"]

RESOLUTION = 10_000
"""Default number of score bins on [0, 1]."""
_POS, _BIN, _W, _WS, _WSS, _BAD = ("__dfgov_pos", "__dfgov_bin", "__dfgov_w", "__dfgov_ws",
                                   "__dfgov_wss", "__dfgov_bad_score")


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
    rows = (df.groupBy(*[F.col(k) for k in keys], pos.alias(_POS), b.alias(_BIN))
            .agg(F.sum(w).alias(_W), F.sum(w * s).alias(_WS), F.sum(w * s * s).alias(_WSS),
                 F.sum(F.when(bad, 1).otherwise(0)).alias(_BAD))
            .collect())
    table = pd.DataFrame.from_records(
        [tuple(r) for r in rows], columns=[*keys, _POS, _BIN, _W, _WS, _WSS, _BAD])
    if int(table[_BAD].sum()) > 0:
        raise InvalidInputError(
            f"The 'y_score' column {y_score!r} of {caller} must hold probabilities in [0, 1] "
            "without missing values."
        )
    return table


def histogram_from_table(table: pd.DataFrame, keys: Sequence[str],
                         resolution: int) -> ScoreHistogram:
    """The :class:`~dfgov.model_risk.fairness.ScoreHistogram` of a collected histogram table."""
    from dfgov.model_risk.fairness import ScoreHistogram

    return ScoreHistogram(
        keys=table[list(keys)], positive=table[_POS].to_numpy(np.float64),
        bin=table[_BIN].to_numpy(np.intp), weight=table[_W].to_numpy(np.float64),
        score_sum=table[_WS].to_numpy(np.float64), score_sq_sum=table[_WSS].to_numpy(np.float64),
        resolution=resolution,
    )
