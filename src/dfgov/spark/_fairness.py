"""Fairness on Spark: per-cell confusion counts in one aggregation, then the in-memory path.

The only Spark job groups the rows by ``(sensitive..., control..., y_true,
y_pred)`` and sums row counts, weights and squared weights. The collected
table (groups x label pairs rows, whatever the number of DataFrame rows) is
handed to :meth:`GroupMetrics.from_counts
<dfgov.model_risk.fairness.GroupMetrics.from_counts>`, so every count-based
metric, disparity, Wilson interval and bootstrap runs through the same code
(and the same group-inclusion rule) as in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov._validate import check_int
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.spark._common import (
    require_columns,
    require_dataframe,
    require_numeric,
    require_pyspark,
)

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness import FairnessCheck, GroupMetrics
    from dfgov.report import Finding

__all__ = [
    "ROWS",
    "WEIGHT",
    "WEIGHT_SQ",
    "confusion_table_spark",
    "fairness_check_spark",
    "group_metrics_from_counts",
    "group_metrics_from_spark",
]

ROWS = "__dfgov_rows"
"""Column of the cell table: number of rows in the cell."""
WEIGHT = "__dfgov_weight"
"""Column of the cell table: sum of sample weights (the row count without weights)."""
WEIGHT_SQ = "__dfgov_weight_sq"
"""Column of the cell table: sum of squared sample weights."""
_BAD = "__dfgov_bad_weight"
MAX_CELLS = 1_000_000
"""Default cap on the rows of the collected cell table (protects the driver)."""


def _names(value: str | Sequence[str] | None, arg: str, caller: str) -> list[str]:
    if value is None:
        return []
    names = [value] if isinstance(value, str) else list(value)
    if not names and arg == "sensitive_features":
        raise InvalidInputError(
            f"The {arg!r} argument of {caller} must name at least one column."
        )
    return names


def confusion_table_spark(
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str],
    sample_weight: str | None = None,
    control_features: str | Sequence[str] | None = None,
    max_cells: int = MAX_CELLS,
    caller: str = "confusion_table_spark",
) -> pd.DataFrame:
    """Rows, weights and squared weights per (group, y_true, y_pred) cell, in one Spark job.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        Scored decisions, one row each.
    y_true, y_pred : str
        Label columns (numeric or boolean).
    sensitive_features : str or list of str
        Group columns.
    sample_weight : str, optional
        Non-negative, finite numeric weight column.
    control_features : str or list of str, optional
        Further grouping columns (disparities within each level).
    max_cells : int
        More cells than this is an error (a label column that is really a
        score, or an identifier used as a group); the check needs no extra job.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty cell: the key columns, then ``ROWS``,
        ``WEIGHT`` and ``WEIGHT_SQ``.
    """
    sql = require_pyspark()
    import pandas as pd

    F = sql.functions
    require_dataframe(df, "df", caller)
    sens = _names(sensitive_features, "sensitive_features", caller)
    ctrl = _names(control_features, "control_features", caller)
    for arg, cols in (("y_true", [y_true]), ("y_pred", [y_pred]),
                      ("sensitive_features", sens), ("control_features", ctrl)):
        require_columns(df, cols, arg, caller)
    for arg, col in (("y_true", y_true), ("y_pred", y_pred)):
        require_numeric(df, col, arg, caller, allow_bool=True)
    keys = [*sens, *ctrl, y_true, y_pred]
    if len(set(keys)) != len(keys):
        raise InvalidInputError(
            f"The columns given to {caller} as 'y_true', 'y_pred', 'sensitive_features' and "
            "'control_features' must be distinct."
        )
    if any(k.startswith("__dfgov_") for k in keys):
        raise InvalidInputError(
            f"Column names starting with '__dfgov_' are reserved by {caller}."
        )
    check_int(max_cells, caller=caller, parameter="max_cells")
    aggs = [F.count(F.lit(1)).alias(ROWS)]
    if sample_weight is not None:
        require_columns(df, [sample_weight], "sample_weight", caller)
        require_numeric(df, sample_weight, "sample_weight", caller)
        w = F.col(sample_weight).cast("double")
        bad = w.isNull() | F.isnan(w) | (w < 0) | (F.abs(w) == float("inf"))
        aggs += [F.sum(w).alias(WEIGHT), F.sum(w * w).alias(WEIGHT_SQ),
                 F.sum(F.when(bad, 1).otherwise(0)).alias(_BAD)]
    rows = df.groupBy(*keys).agg(*aggs).limit(max_cells + 1).collect()
    if len(rows) > max_cells:
        raise InvalidInputError(
            f"The grouping of {caller} has more than {max_cells} cells (the 'max_cells' "
            "argument); check that 'y_pred' holds labels, not scores, and that the "
            "sensitive features are categorical."
        )
    cols = [*keys, ROWS] + ([WEIGHT, WEIGHT_SQ, _BAD] if sample_weight is not None else [])
    table = pd.DataFrame.from_records([tuple(r) for r in rows], columns=cols)
    for arg, col in (("y_true", y_true), ("y_pred", y_pred)):
        if bool(table[col].isna().any()):
            raise InvalidInputError(
                f"The {arg!r} column {col!r} of {caller} must not contain missing values."
            )
    if sample_weight is not None:
        if int(table[_BAD].sum()) > 0:
            raise InvalidInputError(
                f"The 'sample_weight' column {sample_weight!r} of {caller} must be finite and "
                "non-negative, without missing values."
            )
        table = table.drop(columns=_BAD)
        table[WEIGHT] = table[WEIGHT].astype(np.float64)
        table[WEIGHT_SQ] = table[WEIGHT_SQ].astype(np.float64)
    else:
        table[WEIGHT] = table[ROWS].astype(np.float64)
        table[WEIGHT_SQ] = table[ROWS].astype(np.float64)
    table[ROWS] = table[ROWS].astype(np.int64)
    return table


def group_metrics_from_counts(
    table: pd.DataFrame,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str],
    control_features: str | Sequence[str] | None = None,
    pos_label: Any = 1,
    classes: Sequence[Any] | None = None,
    missing: Literal["error", "group"] = "error",
    min_group_size: int = 0,
    n_bins: int = 10,
    score_histogram: pd.DataFrame | None = None,
    score_resolution: int = 10_000,
) -> GroupMetrics:
    """A :class:`GroupMetrics` from a table of per-cell counts (see `confusion_table_spark`).

    The table may hold more key columns than are used: cells are summed over
    the others first (so one Spark aggregation serves several groupings).

    Parameters
    ----------
    table : pandas.DataFrame
        Key columns plus ``ROWS``, ``WEIGHT`` and ``WEIGHT_SQ``.
    y_true, y_pred, sensitive_features, control_features : column names
    pos_label, classes, missing, min_group_size, n_bins
        As for :class:`~dfgov.model_risk.fairness.GroupMetrics`.
    score_histogram : pandas.DataFrame, optional
        Per-group score histogram (from Spark) for the score metrics.
    score_resolution : int
        Its number of bins on [0, 1].
    """
    from dfgov.model_risk.fairness import GroupMetrics

    hist = None
    if score_histogram is not None:
        from dfgov.spark._scores import histogram_from_table

        caller = "group_metrics_from_counts"
        keys = [*_names(sensitive_features, "sensitive_features", caller),
                *_names(control_features, "control_features", caller)]
        hist = histogram_from_table(score_histogram, keys, score_resolution)
    return GroupMetrics.from_counts(
        table, y_true=y_true, y_pred=y_pred, sensitive_features=sensitive_features,
        control_features=control_features, rows=ROWS, weight=WEIGHT, weight_sq=WEIGHT_SQ,
        pos_label=pos_label, classes=classes, missing=missing, min_group_size=min_group_size,
        n_bins=n_bins, score_histogram=hist,
    )


def group_metrics_from_spark(
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str],
    sample_weight: str | None = None,
    control_features: str | Sequence[str] | None = None,
    pos_label: Any = 1,
    classes: Sequence[Any] | None = None,
    missing: Literal["error", "group"] = "error",
    min_group_size: int = 0,
    max_cells: int = MAX_CELLS,
    y_score: str | None = None,
    score_resolution: int = 10_000,
    n_bins: int = 10,
) -> GroupMetrics:
    """:class:`GroupMetrics` of a Spark DataFrame of decisions, from one aggregation.

    Equal to ``GroupMetrics(...)`` on the same rows in memory: identical
    counts, group sizes and metrics (weighted sums may differ in the last
    bits, as Spark adds in another order). Bootstrap intervals
    (:meth:`GroupMetrics.bootstrap`) and Wilson intervals come from the
    collected counts without another Spark job.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    y_true, y_pred : str
        Label columns (numeric or boolean).
    sensitive_features : str or list of str
        Group columns; several make intersectional groups.
    sample_weight : str, optional
        Weight column.
    control_features : str or list of str, optional
    pos_label, classes, missing, min_group_size
        As for :class:`~dfgov.model_risk.fairness.GroupMetrics`.
    max_cells : int
        Cap on the collected table's rows.
    y_score : str, optional
        Probabilities of the positive label: adds ROC AUC, mean score, Brier
        score and expected calibration error from a second aggregation, a
        per-group histogram of ``score_resolution`` bins. Mean, Brier and ECE
        are exact; ROC AUC treats scores in one bin as tied, and its worst-case
        error per group is in :attr:`GroupMetrics.roc_auc_error_bound
        <dfgov.model_risk.fairness.GroupMetrics.roc_auc_error_bound>` (0 when no
        bin mixes positives and negatives of different scores).
    score_resolution : int, default 10,000
        Histogram bins on [0, 1] (a multiple of ``n_bins``).
    n_bins : int, default 10
        Calibration bins, as for GroupMetrics.

    Examples
    --------
    >>> gm = group_metrics_from_spark(  # doctest: +SKIP
    ...     decisions, y_true="default", y_pred="declined", sensitive_features=["sex"])
    >>> gm.difference("selection_rate")  # doctest: +SKIP
    """
    caller = "group_metrics_from_spark"
    table = confusion_table_spark(
        df, y_true=y_true, y_pred=y_pred, sensitive_features=sensitive_features,
        sample_weight=sample_weight, control_features=control_features, max_cells=max_cells,
        caller=caller,
    )
    hist = None
    if y_score is not None:
        from dfgov.spark._scores import score_histogram_spark

        keys = [*_names(sensitive_features, "sensitive_features", caller),
                *_names(control_features, "control_features", caller)]
        hist = score_histogram_spark(
            df, keys=keys, y_true=y_true, pos_label=pos_label, y_score=y_score,
            sample_weight=sample_weight, resolution=score_resolution, caller=caller)
    return group_metrics_from_counts(
        table, y_true=y_true, y_pred=y_pred, sensitive_features=sensitive_features,
        control_features=control_features, pos_label=pos_label, classes=classes,
        missing=missing, min_group_size=min_group_size, n_bins=n_bins,
        score_histogram=hist, score_resolution=score_resolution,
    )


def spark_groupings(
    check: FairnessCheck,
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str] | None = None,
    sample_weight: str | None = None,
    caller: str = "fairness_check_spark",
) -> list[GroupMetrics]:
    """The GroupMetrics of every grouping of ``check``'s policy, from one Spark aggregation."""
    from dfgov.model_risk.fairness import FairnessCheck

    if not isinstance(check, FairnessCheck):
        raise InvalidInputError(
            f"The 'check' argument of {caller} must be a FairnessCheck. "
            f"Got {type(check).__name__} instead."
        )
    sec = check.section
    names = _names(sensitive_features, "sensitive_features", caller) or list(
        sec.sensitive_features)
    if not names:
        raise InvalidInputError(
            f"{caller} needs 'sensitive_features' or the policy's "
            "'fairness.sensitive_features'."
        )
    if sec.sensitive_features:
        for c in sec.sensitive_features:
            if c not in names:
                raise ColumnError(
                    f"The sensitive feature column {c!r} named in the policy's "
                    "'fairness.sensitive_features' is not in 'sensitive_features'."
                )
        names = list(sec.sensitive_features)
    # the one mapping of labels: the check's decision vocabulary (favourable = 1)
    sql = require_pyspark()
    F = sql.functions
    require_columns(df, [y_true], "y_true", caller)
    require_columns(df, [y_pred], "y_pred", caller)
    fav = check.decisions.require_favourable({}, caller=caller)
    mapped_true, mapped_pred = "dfgov_favourable_true", "dfgov_favourable_pred"
    df = df.withColumn(mapped_true, (F.col(y_true) == F.lit(fav)).cast("int")).withColumn(
        mapped_pred, (F.col(y_pred) == F.lit(fav)).cast("int"))
    y_true, y_pred = mapped_true, mapped_pred
    table = confusion_table_spark(
        df, y_true=y_true, y_pred=y_pred, sensitive_features=names,
        sample_weight=sample_weight, caller=caller,
    )
    groupings = [names] if sec.intersectional or len(names) == 1 else [[c] for c in names]
    out: list[GroupMetrics] = []
    for cols in groupings:
        gm = group_metrics_from_counts(
            table, y_true=y_true, y_pred=y_pred, sensitive_features=cols,
            pos_label=1, classes=(0, 1), missing=sec.missing,
            min_group_size=sec.min_group_size,
        )
        if not gm.binary:
            raise InvalidInputError(
                "FairnessCheck needs binary 'y_true' and 'y_pred' labels; use "
                "GroupMetrics for selection rates of multiclass labels."
            )
        out.append(gm)
    return out


def fairness_check_spark(
    check: FairnessCheck,
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str] | None = None,
    sample_weight: str | None = None,
) -> list[Finding]:
    """Run a :class:`FairnessCheck` on a Spark DataFrame of scored decisions.

    One Spark aggregation over all sensitive columns serves every grouping
    of the policy (intersectional or one per column); the findings are the
    ones ``check.run`` gives on the same rows in memory. The demographic-shift
    test of ``[fairness.shift]`` reweights individual rows and is not run
    here (it is left out, not approximated).

    Parameters
    ----------
    check : FairnessCheck
    df : pyspark.sql.DataFrame
        Decisions already made (no model needed).
    y_true, y_pred : str
        Label columns.
    sensitive_features : str or list of str, optional
        Default: the policy's ``fairness.sensitive_features``.
    sample_weight : str, optional
    """
    gms = spark_groupings(check, df, y_true=y_true, y_pred=y_pred,
                          sensitive_features=sensitive_features, sample_weight=sample_weight)
    findings: list[Finding] = []
    for gm in gms:
        findings.extend(check.judge(gm))
    return findings
