"""GroupMetrics from a table of per-cell counts (no rows needed).

A count table has one row per non-empty cell ``(sensitive..., control...,
y_true, y_pred)`` with the number of rows in the cell (and, for weighted
data, the sum of weights and of squared weights). It is what a Spark
aggregation or a monitoring store holds. The table is handed to
:class:`GroupMetrics` as a tiny weighted sample — one row per cell whose
``sample_weight`` is the cell's weighted count — so every count-based
metric, disparity, Wilson interval and bootstrap runs through the in-memory
code. The two statistics a weighted sample cannot carry (rows per cell and
the sum of squared weights, used by ``count``, ``min_group_size``, Wilson's
effective sample size and the bootstrap) are then set from the table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.fairness._histogram import ScoreHistogram, set_score_metrics
from dfgov.model_risk.fairness._metrics import GroupMetrics

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["group_metrics_from_counts"]


def _names(value: str | Sequence[str] | None, arg: str) -> list[str]:
    if value is None:
        return []
    names = [value] if isinstance(value, str) else list(value)
    if not names and arg == "sensitive_features":
        raise InvalidInputError(
            f"The {arg!r} argument of group_metrics_from_counts must name at least one column."
        )
    return names


def group_metrics_from_counts(table: pd.DataFrame, **options: Any) -> GroupMetrics:
    """A :class:`GroupMetrics` from per-cell counts; equal to GroupMetrics on the rows.

    The same as :meth:`GroupMetrics.from_counts`, which documents the options.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"g": ["a", "a", "b"], "y": [1, 0, 1], "p": [1, 0, 0],
    ...                   "rows": [3, 2, 4]})
    >>> gm = group_metrics_from_counts(t, y_true="y", y_pred="p", sensitive_features="g")
    >>> gm.group_sizes.tolist()
    [5, 4]
    """
    return GroupMetrics.from_counts(table, **options)


def build(
    table: pd.DataFrame,
    keys: tuple[str | Sequence[str], str | Sequence[str] | None, str, str],
    counts: tuple[str, str | None, str | None],
    options: dict[str, Any],
    score_histogram: ScoreHistogram | None,
) -> GroupMetrics:
    """The body of :meth:`GroupMetrics.from_counts`.

    ``keys`` is ``(sensitive_features, control_features, y_true, y_pred)``,
    ``counts`` is ``(rows, weight, weight_sq)`` and ``options`` the GroupMetrics
    options (``pos_label``, ``classes``, ``missing``, ``min_group_size``, ``n_bins``).
    """
    sensitive_features, control_features, y_true, y_pred = keys
    rows, weight, weight_sq = counts
    sens = _names(sensitive_features, "sensitive_features")
    ctrl = _names(control_features, "control_features")
    if (weight is None) != (weight_sq is None):
        raise InvalidInputError(
            "The 'weight' and 'weight_sq' arguments of group_metrics_from_counts go together."
        )
    cell_keys = [*sens, *ctrl, y_true, y_pred]
    sums = [rows] + ([weight, weight_sq] if weight is not None and weight_sq else [])
    for c in [*cell_keys, *sums]:
        if c not in table.columns:
            raise ColumnError(
                f"The count table given to group_metrics_from_counts has no column {c!r}."
            )
    cells = table.groupby(cell_keys, dropna=False, sort=False, observed=True)[sums].sum()
    cells = cells.reset_index()
    cells = cells[cells[rows] > 0]
    n_rows = cells[rows].to_numpy(np.float64)
    w = n_rows if weight is None else cells[weight].to_numpy(np.float64)
    wsq = n_rows if weight_sq is None else cells[weight_sq].to_numpy(np.float64)
    gm = GroupMetrics(
        y_true=cells[y_true], y_pred=cells[y_pred],
        sensitive_features=cells[sens] if len(sens) > 1 else cells[sens[0]],
        control_features=(None if not ctrl else cells[ctrl] if len(ctrl) > 1
                          else cells[ctrl[0]]),
        sample_weight=w, **options,
    )
    restore_row_statistics(gm, n_rows, wsq)
    if score_histogram is not None:
        if not gm.binary:
            raise InvalidInputError("The 'y_score' argument needs binary 'y_true' labels.")
        groups = [*sens, *ctrl]
        missing_keys = [k for k in groups if k not in score_histogram.keys.columns]
        if missing_keys:
            raise ColumnError(
                "The score histogram given to group_metrics_from_counts has no column "
                f"{missing_keys[0]!r}."
            )
        codes = np.asarray(gm.encoded.group, dtype=np.intp)
        lookup = {_key(k): int(c) for k, c in zip(
            cells[groups].itertuples(index=False, name=None), codes, strict=True)}
        try:
            hcode = np.array([lookup[_key(k)] for k in score_histogram.keys[groups].itertuples(
                index=False, name=None)], dtype=np.intp)
        except KeyError:
            raise InvalidInputError(
                "The score histogram given to group_metrics_from_counts has a group the count "
                "table does not."
            ) from None
        set_score_metrics(gm, hcode, score_histogram)
    return gm


def _key(values: Sequence[Any]) -> tuple[Any, ...]:
    """Hashable group key with every missing value (None, NaN) the same."""
    return tuple(None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                 for v in values)


def restore_row_statistics(gm: GroupMetrics, rows: Any, weight_sq: Any) -> None:
    """Set the per-cell row counts and squared-weight sums of a one-row-per-cell GroupMetrics.

    The weighted sample has one row per cell, so GroupMetrics counted one row
    (and the square of the cell's total weight) per cell. The cells are
    placed exactly as GroupMetrics placed them (its own encoded group and
    label codes and its own pruning of unobserved levels), and the derived
    group sizes and inclusion mask are recomputed with its one rule
    (``GroupMetrics._set_cells``).
    """
    enc = gm.encoded
    n_full = gm.n_codes
    group = np.asarray(enc.group, dtype=np.intp)
    if enc.binary:
        width = 4
        code = group * 4 + np.asarray(enc.y_true, np.intp) * 2 + np.asarray(enc.y_pred, np.intp)
    else:
        width = len(enc.classes)
        code = group * width + np.asarray(enc.y_pred, np.intp)
    size = n_full * width
    rows_full = np.bincount(code, weights=rows, minlength=size).reshape(n_full, width)
    wsq = None
    if enc.binary:
        wsq = gm.prune(np.bincount(code, weights=weight_sq, minlength=size).reshape(n_full, width))
    gm._set_cells(gm.prune(rows_full), wsq)
