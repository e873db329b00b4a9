"""The observed grid of (control x sensitive) groups, and the score metrics on it.

fairlearn groups the observed values of each column: a level no row has is dropped,
and the groups are the full product of the observed levels. :class:`GroupGrid` finds
those levels once and maps per-code arrays onto the grid.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from dfgov._validate import param_error
from dfgov.model_risk.fairness import _formulas as fm
from dfgov.model_risk.fairness._counts import group_auc, score_order, score_stats
from dfgov.model_risk.fairness._inputs import Encoded, Layout

__all__ = ["GroupGrid", "score_metrics"]

F64 = npt.NDArray[np.float64]


class GroupGrid:
    """Observed levels of every control and sensitive column, from the rows per code.

    Parameters
    ----------
    enc : Encoded
        The encoded inputs.
    totals : ndarray
        Rows per full group code (the product of every column's declared levels).
    """

    def __init__(self, enc: Encoded, totals: npt.NDArray[Any]) -> None:
        ctrl_shape = (1,) if enc.control is None else enc.control.layout.shape
        shape = (*ctrl_shape, *enc.sensitive.layout.shape)
        tot = totals.reshape(shape)
        keeps = []
        for ax in range(len(shape)):
            other = tuple(i for i in range(len(shape)) if i != ax)
            keeps.append(np.flatnonzero(tot.sum(axis=other) > 0))
        self.full_shape = shape
        self.keeps = keeps
        self.n_ctrl_axes = len(ctrl_shape)
        self.sens: Layout = enc.sensitive.layout.keep(keeps[len(ctrl_shape):])
        self.ctrl: Layout | None = None if enc.control is None else enc.control.layout.keep(
            keeps[: len(ctrl_shape)])
        if self.sens.size < 2:
            raise param_error("GroupMetrics", "sensitive_features",
                              "must define at least two groups",
                              got_text="a single group")
        self.shape = (1 if self.ctrl is None else self.ctrl.size, self.sens.size)
        self._index: pd.Index | None = None

    def prune(self, arr: npt.NDArray[Any]) -> F64:
        """(full groups, ...) -> (controls, groups, ...) with unobserved levels dropped."""
        rest = arr.shape[1:]
        a = arr.reshape(*self.full_shape, *rest)
        for ax, keep in enumerate(self.keeps):
            if len(keep) != self.full_shape[ax]:
                a = np.take(a, keep, axis=ax)
        return np.asarray(a.reshape(*self.shape, *rest), dtype=np.float64)

    def prune_control(self, arr: F64) -> F64:
        """(full control levels,) -> (controls,)."""
        a = arr.reshape(self.full_shape[: self.n_ctrl_axes])
        for ax, keep in enumerate(self.keeps[: self.n_ctrl_axes]):
            a = np.take(a, keep, axis=ax)
        return np.asarray(a.reshape(-1), dtype=np.float64)

    @property
    def index(self) -> pd.Index:
        """Index of (control x) sensitive groups, built once (pandas Index is immutable)."""
        if self._index is None:
            if self.ctrl is None:
                self._index = self.sens.index
            else:
                self._index = pd.MultiIndex.from_product(
                    [list(lv) for lv in (*self.ctrl.levels, *self.sens.levels)],
                    names=[*self.ctrl.names, *self.sens.names],
                )
        return self._index


def score_metrics(enc: Encoded, grid: GroupGrid, n_bins: int,
                  full: int) -> tuple[dict[str, F64], dict[str, F64]]:
    """ROC AUC, mean score, Brier score and ECE per group and overall (per control level)."""
    st = score_stats(enc, full, n_bins)
    w = grid.prune(st.weight)
    ssum = grid.prune(st.score_sum)
    esum = grid.prune(st.sq_error_sum)
    bl = grid.prune(st.bin_label)
    bs = grid.prune(st.bin_score)
    by_score = score_order(enc)  # one sort of the scores, shared by every AUC below
    by = {
        "mean_score": fm._div(ssum, w),
        "brier_score": fm._div(esum, w),
        "expected_calibration_error": fm._div(np.abs(bl - bs).sum(axis=-1), w),
        "roc_auc": grid.prune(group_auc(enc.group, enc, full, by_score)),
    }
    ov = {
        "mean_score": fm._div(ssum.sum(1), w.sum(1)),
        "brier_score": fm._div(esum.sum(1), w.sum(1)),
        "expected_calibration_error": fm._div(
            np.abs(bl.sum(1) - bs.sum(1)).sum(-1), w.sum(1)),
    }
    if enc.control is None:
        ov["roc_auc"] = group_auc(np.zeros(enc.n, np.intp), enc, 1, by_score)
    else:
        n_full_c = int(np.prod(grid.full_shape[: grid.n_ctrl_axes]))
        ov["roc_auc"] = grid.prune_control(group_auc(enc.control.codes, enc, n_full_c, by_score))
    return by, ov
