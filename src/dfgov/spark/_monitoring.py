"""A monitoring period's statistics from a Spark DataFrame, by aggregation.

Three Spark jobs, each returning a small table to the driver: the decisions
and the score histogram per sensitive group (one grouped aggregation each),
and the counts of every feature on the baseline's bins (the count push-down
of :mod:`dfgov.spark._stability`: one job for the numeric bins, one for the
categorical levels). The result holds the fields of a
:class:`~dfgov.monitoring.PeriodCounts`; stored through
:meth:`~dfgov.monitoring.Monitor.add_period_counts` it gives the same
statistics — and so the same trend — as :meth:`Monitor.add_period` on the
same rows in memory.

The monitor is taken by what it offers (``baseline_config()``,
``decisions``, ``add_period_counts()``), so this edge module does not import
the monitoring package.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_dataframe, require_numeric, require_pyspark
from dfgov.spark._stability import _level_counts, _numeric_counts

__all__ = ["add_period_spark", "period_counts_spark"]

_FAV, _BIN, _S = "__dfgov_favourable", "__dfgov_bin", "__dfgov_score"


def period_counts_spark(df: Any, monitor: Any, *, y_pred: str | None = None,
                        y_score: str | None = None) -> dict[str, Any]:
    """Count one period's applications on Spark with the monitor's baseline bins.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        The period's applications: the sensitive and feature columns of the
        baseline, the decisions and/or the scores.
    monitor : dfgov.monitoring.Monitor
        Gives the baseline (sensitive columns, bins, resolution) and the
        decision vocabulary.
    y_pred : str, optional
        Column of decisions (labels); default: from ``y_score`` and the
        policy's decision threshold.
    y_score : str, optional
        Column of scores (the probability of the score label); needed when
        the baseline has scores.

    Returns
    -------
    dict
        The fields of a :class:`dfgov.monitoring.PeriodCounts` (``rows``,
        ``decisions``, ``scores``, ``features``, ``score_bins``).
    """
    sql = require_pyspark()
    import pandas as pd

    F = sql.functions
    caller = "period_counts_spark"
    require_dataframe(df, "df", caller)
    config = monitor.baseline_config()
    dec = monitor.decisions
    sens = list(config["sensitive"])
    feats = [d["name"] for d in config["features"]]
    require_columns(df, [*sens, *feats], "the baseline's columns", caller)
    if y_score is None and (config.get("score") or y_pred is None):
        raise InvalidInputError(f"{caller} needs 'y_score' (the baseline has scores) or "
                                "'y_pred'.")
    cols = []
    if y_score is not None:
        require_columns(df, [y_score], "y_score", caller)
        require_numeric(df, y_score, "y_score", caller)
        s = F.col(y_score).cast("double")
        bad = df.agg(F.count_if(s.isNull() | F.isnan(s) | (s < 0) | (s > 1))).collect()[0][0]
        if bad:
            raise InvalidInputError(
                f"The 'y_score' column {y_score!r} of {caller} must hold probabilities in "
                "[0, 1] without missing values.")
        cols.append(s.alias(_S))
    if y_pred is not None:
        require_columns(df, [y_pred], "y_pred", caller)
        p = F.col(y_pred)
        expected = dec.other_label
        stray = (F.lit(False) if expected is None else
                 (p != F.lit(dec.favourable_label)) & (p != F.lit(expected)))
        others = df.agg(F.count_if(p.isNull()).alias("missing"), F.countDistinct(
            F.when(p != F.lit(dec.favourable_label), p)).alias("others"),
            F.count_if(stray).alias("stray")).collect()[0]
        if others["missing"] or others["others"] > 1 or others["stray"]:
            raise InvalidInputError(
                f"The 'y_pred' column {y_pred!r} of {caller} holds missing values or more "
                "than two labels (the favourable label of [model_risk] and one other).")
        fav = F.when(p == F.lit(dec.favourable_label), 1).otherwise(0)
    else:
        pos = F.col(y_score).cast("double") >= F.lit(float(dec.decision_threshold))
        fav = F.when(pos, 1 if dec.score_is_favourable else 0).otherwise(
            0 if dec.score_is_favourable else 1)
    keys = [F.col(c).cast("string").alias(c) for c in sens]
    frame = df.select(*keys, fav.alias(_FAV), *cols, *[F.col(c) for c in feats])
    table = frame.groupBy(*sens, _FAV).count().collect()
    decisions = pd.DataFrame([(*[r[c] for c in sens], int(r[_FAV]), int(r["count"]))
                              for r in table], columns=[*sens, "favourable", "rows"])
    scores = None
    score_bins = None
    if y_score is not None:
        res = int(config["resolution"])
        b = F.least(F.floor(F.col(_S) * res), F.lit(res - 1)).cast("int")
        rows = frame.groupBy(*sens, b.alias(_BIN)).agg(
            F.count(F.lit(1)).alias("rows"), F.sum(_S).alias("score_sum")).collect()
        scores = pd.DataFrame([(*[r[c] for c in sens], int(r[_BIN]), int(r["rows"]),
                                float(r["score_sum"])) for r in rows],
                              columns=[*sens, "bin", "rows", "score_sum"])
        if config.get("score"):
            edges = {_S: config["score"]["edges"]}
            counts = _numeric_counts(F, frame, edges)[_S][0]
            score_bins = {k: int(v) for k, v in enumerate(counts)}
    features: dict[str, dict[Any, int]] = {}
    numeric = {d["name"]: d["edges"] for d in config["features"] if d["kind"] == "numeric"}
    if numeric:
        for name, (counts, _lo, _hi) in _numeric_counts(F, frame, numeric).items():
            features[name] = {k: int(v) for k, v in enumerate(counts)}
    categorical = [d["name"] for d in config["features"] if d["kind"] == "categorical"]
    if categorical:
        features.update(_level_counts(F, frame, categorical))
    return {"rows": int(decisions["rows"].sum()), "decisions": decisions, "scores": scores,
            "features": features, "score_bins": score_bins}


def add_period_spark(monitor: Any, period: Any, df: Any, *, y_pred: str | None = None,
                     y_score: str | None = None, as_of: date | datetime | str | None = None,
                     replace: bool = False) -> int:
    """:meth:`Monitor.add_period` for a Spark DataFrame (counts on Spark, same statistics).

    Examples
    --------
    >>> add_period_spark(monitor, "2025-01", applications,  # doctest: +SKIP
    ...                  y_score="score", y_pred="decision")
    1
    """
    counts = period_counts_spark(df, monitor, y_pred=y_pred, y_score=y_score)
    if counts["rows"] == 0:
        raise InvalidInputError(f"The Spark DataFrame of period {period!r} has no rows.")
    return int(monitor.add_period_counts(period, counts, as_of=as_of, replace=replace))
