"""Beyond point-in-time parity: demographic-shift and counterfactual-flip tests.

The shift test reweights the confusion counts (no rows are touched) so that
the share of one group moves by +/- delta, and recomputes each rule's
disparity. Disparities between the very groups whose shares move do not
change (group rates are invariant to group weights); what moves are
disparities to the overall value and disparities between groups of *other*
sensitive columns, whose composition changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from dfgov._validate import check_range
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.fairness import _formulas as fm
from dfgov.model_risk.fairness._judge import group_label

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._metrics import GroupMetrics
    from dfgov.model_risk.fairness._policy import FairnessRule

__all__ = ["counterfactual_flip_rate", "demographic_shift", "rule_value"]

F64 = npt.NDArray[np.float64]


def rule_value(counts: F64, mask: npt.NDArray[np.bool_], rule: FairnessRule) -> float:
    """A rule's disparity on counts of shape (groups, 4), groups outside ``mask`` skipped."""
    parts = fm.COMPOSITES.get(rule.metric, (rule.metric,))
    by = {m: np.where(mask, fm.COUNT_METRICS[m](counts), np.nan)[None, :] for m in parts}
    ov = {m: fm.COUNT_METRICS[m](counts.sum(axis=0))[None] for m in parts}
    if rule.metric in fm.COMPOSITES:
        return float(fm.composite(by, ov, rule.metric, rule.kind, rule.method)[0])
    return float(fm.disparity(by[rule.metric], ov[rule.metric], rule.kind, rule.method)[0])


def _groupings(n_cols: int) -> list[tuple[int, ...]]:
    whole = tuple(range(n_cols))
    return [whole] + ([(j,) for j in range(n_cols)] if n_cols > 1 else [])


def demographic_shift(
    gm: GroupMetrics, rules: list[FairnessRule], *, delta: float, min_group_size: int = 1
) -> pd.DataFrame:
    """How each rule's disparity moves when a group's share moves by ``+/- delta``.

    Parameters
    ----------
    gm : GroupMetrics
        Binary metrics without control features; with several sensitive
        columns each column's levels are shifted in turn and the rules are
        evaluated on the intersection and on every single column.
    rules : list of FairnessRule
    delta : float
        Absolute change of the group's share (0 < delta < 1).
    min_group_size : int
        Groups with fewer rows are skipped in the disparities.

    Returns
    -------
    DataFrame
        One row per (shifted group, direction, grouping, rule): ``before``,
        ``after`` and ``worsening`` (positive when the disparity gets worse).
    """
    check_range(delta, 0.0, 1.0, caller="demographic_shift", parameter="delta")
    if gm.control_levels is not None or not gm.binary:
        raise InvalidInputError("The shift test needs binary GroupMetrics without control "
                                "features.")
    index = gm.sensitive_index
    names = [str(n) for n in index.names]
    shape = (tuple(len(lv) for lv in index.levels) if isinstance(index, pd.MultiIndex)
             else (len(index),))
    counts = gm.cell_counts[0].reshape(*shape, 4)
    rows = gm.cell_rows[0].sum(axis=-1).reshape(shape)
    total = counts.sum()
    out: list[dict[str, Any]] = []
    groupings = _groupings(len(shape))

    def evaluate(c: F64) -> dict[tuple[tuple[int, ...], int], float]:
        res = {}
        for grouping in groupings:
            other = tuple(ax for ax in range(len(shape)) if ax not in grouping)
            cg = c.sum(axis=other).reshape(-1, 4) if other else c.reshape(-1, 4)
            rg = rows.sum(axis=other).reshape(-1) if other else rows.reshape(-1)
            mask = (rg > 0) & (rg >= max(min_group_size, 1))
            for k, rule in enumerate(rules):
                res[(grouping, k)] = rule_value(cg, mask, rule)
        return res

    before = evaluate(counts)
    for ax, name in enumerate(names):
        levels = index.levels[ax] if isinstance(index, pd.MultiIndex) else index
        share = counts.sum(axis=tuple(a for a in range(len(shape)) if a != ax)).sum(-1) / total
        for lv_pos, level in enumerate(levels):
            pi = float(share[lv_pos])
            for sign in (1.0, -1.0):
                target = pi + sign * delta
                if not (0.0 < pi < 1.0 and 0.0 < target < 1.0):
                    continue
                factor = np.full(shape[ax], (1.0 - target) / (1.0 - pi))
                factor[lv_pos] = target / pi
                bshape = [1] * len(shape) + [1]
                bshape[ax] = shape[ax]
                after = evaluate(counts * factor.reshape(bshape))
                for (grouping, k), value in after.items():
                    rule = rules[k]
                    b = before[(grouping, k)]
                    change = value - b if rule.kind == "difference" else b - value
                    out.append({
                        "column": name, "group": group_label(level), "delta": sign * delta,
                        "grouping": " & ".join(names[g] for g in grouping),
                        "rule": rule.rule_id, "before": b, "after": value,
                        "worsening": change,
                    })
    return pd.DataFrame(out, columns=["column", "group", "delta", "grouping", "rule",
                                      "before", "after", "worsening"])


def counterfactual_flip_rate(
    model: Any, X: Any, column: str, *, values: list[Any] | None = None,
    sample_weight: Any = None,
) -> float:
    """Share of decisions that change when only ``column`` changes.

    For every row the column is set to each other value in ``values``
    (default: the observed values) and the model re-predicts; a row counts
    as flipped if any of its counterfactual decisions differs. Costs one
    ``predict`` per value. ``model`` is anything with ``predict``.
    """
    if not isinstance(X, pd.DataFrame):
        raise InvalidInputError("The 'X' argument of counterfactual_flip_rate must be a "
                                "pandas DataFrame.")
    if column not in X.columns:
        raise ColumnError(f"The column {column!r} is not in 'X'.")
    if not hasattr(model, "predict"):
        raise InvalidInputError("The 'model' argument must have a 'predict' method.")
    vals = list(pd.unique(X[column].dropna())) if values is None else list(values)
    if len(vals) < 2:
        raise InvalidInputError(f"The column {column!r} needs at least two values to flip.")
    if len(vals) > 50:
        raise InvalidInputError(f"The column {column!r} has more than 50 values; pass "
                                "'values' to choose the counterfactuals.")
    base = np.asarray(model.predict(X))
    flipped = np.zeros(len(X), dtype=bool)
    for v in vals:
        changed = X[column].to_numpy() != v
        if not changed.any():
            continue
        Xv = X.copy()
        Xv[column] = pd.Series([v] * len(X), index=X.index, dtype=X[column].dtype)
        flipped |= changed & (np.asarray(model.predict(Xv)) != base)
    w = np.ones(len(X)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if len(w) != len(X):
        raise InvalidInputError("The 'sample_weight' argument must have one value per row "
                                "of 'X'.")
    return float((w * flipped).sum() / w.sum())
