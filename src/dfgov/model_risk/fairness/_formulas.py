"""Metric formulas on confusion counts, and disparity aggregations.

Every function takes counts of shape ``(..., 4)`` (cells TN, FP, FN, TP) and
returns shape ``(...)``, so the same code serves point estimates ``(C, S, 4)``
and bootstrap replicates ``(B, C, S, 4)``. Undefined values (a zero
denominator) are NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "COMPOSITES",
    "COUNT_METRICS",
    "RATE_CELLS",
    "UNDEFINED_REASON",
    "aggregate",
    "class_rates",
    "compute",
    "disparity",
    "undefined",
]

F64 = npt.NDArray[np.float64]
TN, FP, FN, TP = 0, 1, 2, 3


def _div(num: F64, den: F64) -> F64:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan))


def _cells(c: F64, cells: tuple[int, ...]) -> F64:
    out = c[..., cells[0]].copy()
    for k in cells[1:]:
        out += c[..., k]
    return out


RATE_CELLS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "base_rate": ((FN, TP), (TN, FP, FN, TP)),
    "selection_rate": ((FP, TP), (TN, FP, FN, TP)),
    "true_positive_rate": ((TP,), (FN, TP)),
    "false_positive_rate": ((FP,), (TN, FP)),
    "true_negative_rate": ((TN,), (TN, FP)),
    "false_negative_rate": ((FN,), (FN, TP)),
    "precision": ((TP,), (FP, TP)),
    "negative_predictive_value": ((TN,), (TN, FN)),
    "false_discovery_rate": ((FP,), (FP, TP)),
    "false_omission_rate": ((FN,), (TN, FN)),
    "accuracy": ((TN, TP), (TN, FP, FN, TP)),
}
"""Rates that are proportions: (numerator cells, denominator cells)."""

UNDEFINED_REASON: dict[tuple[int, ...], str] = {
    (TN, FP, FN, TP): "no rows (or zero total weight) in the group",
    (FN, TP): "no actual positives in the group",
    (TN, FP): "no actual negatives in the group",
    (FP, TP): "no predicted positives in the group",
    (TN, FN): "no predicted negatives in the group",
}


def _rate(name: str) -> Callable[[F64], F64]:
    num, den = RATE_CELLS[name]
    return lambda c: _div(_cells(c, num), _cells(c, den))


def _balanced_accuracy(c: F64) -> F64:
    return (_rate("true_positive_rate")(c) + _rate("true_negative_rate")(c)) / 2.0


def _f1(c: F64) -> F64:
    return _div(2.0 * c[..., TP], 2.0 * c[..., TP] + c[..., FP] + c[..., FN])


COUNT_METRICS: dict[str, Callable[[F64], F64]] = {
    **{name: _rate(name) for name in RATE_CELLS},
    "balanced_accuracy": _balanced_accuracy,
    "f1": _f1,
}
"""Every count-based metric, by fairlearn / scikit-learn name."""

COMPOSITES: dict[str, tuple[str, ...]] = {
    "demographic_parity": ("selection_rate",),
    "equal_opportunity": ("true_positive_rate",),
    "equalized_odds": ("true_positive_rate", "false_positive_rate"),
    "predictive_parity": ("precision",),
}
"""Composite disparities and the metrics they are built from (fairlearn definitions)."""


def compute(counts: F64, metrics: tuple[str, ...]) -> dict[str, F64]:
    """Evaluate count-based metrics on counts of shape ``(..., 4)``."""
    return {m: COUNT_METRICS[m](counts) for m in metrics}


def _masked_extreme(values: F64, axis: int, fn: str) -> F64:
    finite = ~np.isnan(values)
    fill = -np.inf if fn == "max" else np.inf
    filled = np.where(finite, values, fill)
    out = filled.max(axis=axis) if fn == "max" else filled.min(axis=axis)
    return np.asarray(np.where(finite.any(axis=axis), out, np.nan), dtype=np.float64)


def aggregate(values: F64, fn: str) -> F64:
    """NaN-skipping max or min over the last (group) axis; NaN if all NaN."""
    return _masked_extreme(values, -1, fn)


def _ratio_below_one(r: F64) -> F64:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(r > 1, 1.0 / r, r), dtype=np.float64)


def disparity(by_group: F64, overall: F64, kind: str, method: str) -> F64:
    """fairlearn's ``difference`` / ``ratio`` over the last (group) axis.

    ``between_groups``: max - min, or min / max. ``to_overall``: the largest
    absolute gap to the overall value, or the smallest group/overall ratio
    folded below one. Groups with NaN are skipped.
    """
    if kind == "difference":
        if method == "between_groups":
            return aggregate(by_group, "max") - aggregate(by_group, "min")
        return aggregate(np.abs(by_group - overall[..., None]), "max")
    if method == "between_groups":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(aggregate(by_group, "min") / aggregate(by_group, "max"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = by_group / overall[..., None]
    return aggregate(_ratio_below_one(ratios), "min")


def composite(
    by_group: dict[str, F64], overall: dict[str, F64], name: str, kind: str, method: str
) -> F64:
    """A composite disparity: worst case over its component metrics."""
    parts = [disparity(by_group[m], overall[m], kind, method) for m in COMPOSITES[name]]
    stacked = np.stack(parts, axis=0)
    return _masked_extreme(stacked, 0, "max" if kind == "difference" else "min")


def class_rates(pred: F64, true: F64,
                classes: Sequence[Any]) -> tuple[dict[str, F64], dict[str, F64]]:
    """Per-class selection and base rates, per group and overall, of multiclass counts."""
    by: dict[str, F64] = {}
    overall: dict[str, F64] = {}
    total = pred.sum(axis=-1)
    for k, label in enumerate(classes):
        for name, arr in (("selection_rate", pred), ("base_rate", true)):
            by[f"{name}_{label}"] = _div(arr[..., k], total)
            overall[f"{name}_{label}"] = _div(arr[..., k].sum(axis=1), total.sum(axis=1))
    return by, overall


def undefined(counts: F64, by: dict[str, F64], binary: bool) -> list[tuple[int, str, str]]:
    """(flat group position, metric, reason) of every undefined (NaN) group metric."""
    rows: list[tuple[int, str, str]] = []
    if binary:
        for metric, (_, den) in RATE_CELLS.items():
            denom = _cells(counts, den).ravel()
            rows.extend((int(i), metric, UNDEFINED_REASON[den])
                        for i in np.flatnonzero(~(denom > 0)))
    for metric, values in by.items():
        if metric not in RATE_CELLS:
            rows.extend((int(i), metric, "a zero denominator in the group")
                        for i in np.flatnonzero(np.isnan(values.ravel())))
    return rows
