"""GroupMetrics: fairlearn ``MetricFrame`` semantics, computed from counts.

One bincount pass turns groups and outcomes into weighted confusion counts;
every count-based metric and disparity derives from those counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from dfgov._validate import check_choice, param_error
from dfgov.errors import InvalidInputError
from dfgov.model_risk.fairness import _formulas as fm
from dfgov.model_risk.fairness._counts import class_counts, confusion_counts
from dfgov.model_risk.fairness._grid import GroupGrid, score_metrics
from dfgov.model_risk.fairness._inputs import Encoded, encode_inputs

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._histogram import ScoreHistogram
    from dfgov.model_risk.fairness._intervals import Bootstrap

__all__ = ["SCORE_METRICS", "GroupMetrics"]

F64 = npt.NDArray[np.float64]
Method = Literal["between_groups", "to_overall"]
#: One metric's aggregate: a float, or a Series by control level with control features.
OneMetric = float | pd.Series
#: Every metric's aggregate: a Series by metric, or a DataFrame (control levels x metrics).
AllMetrics = pd.Series | pd.DataFrame

SCORE_METRICS = ("roc_auc", "mean_score", "brier_score", "expected_calibration_error")
"""Metrics computed when ``y_score`` is given."""


class GroupMetrics:
    """Metrics per sensitive group, with fairlearn ``MetricFrame`` semantics and names.

    Parameters
    ----------
    y_true, y_pred : array-like
        True and predicted labels (binary, or multiclass for selection rates).
    sensitive_features : Series, array or DataFrame
        One column, or several (groups are their intersections; the index of
        :attr:`by_group` is the full product of observed levels, as fairlearn's).
    y_score : array-like, optional
        Probabilities in [0, 1] of the positive label: adds ROC AUC, mean
        score, Brier score and expected calibration error.
    sample_weight : array-like, optional
        Non-negative weights.
    control_features : Series, array or DataFrame, optional
        Disparities are computed within each control level.
    pos_label : label, default 1
        The positive (selected) outcome.
    classes : sequence, optional
        Declared labels; any other label in ``y_true``/``y_pred`` is an error.
    missing : {"error", "group"}
        Missing sensitive values raise, or form a ``"missing"`` group.
    min_group_size : int, default 0
        Groups with fewer rows are left out of disparities and group min/max.
    n_bins : int, default 10
        Equal-width bins of the expected calibration error.

    Notes
    -----
    Where a metric is undefined (a zero denominator, e.g. the true positive
    rate of a group with no actual positives) the value is NaN and
    :meth:`why_undefined` says why. scikit-learn and fairlearn instead return
    0 (``zero_division`` and ``nan_to_num``), which makes a group without
    positives look like a group whose positives were all missed.

    Examples
    --------
    >>> gm = GroupMetrics(y_true=[1, 0, 1, 0], y_pred=[1, 0, 0, 0],
    ...                   sensitive_features=["a", "a", "b", "b"])
    >>> float(gm.difference("selection_rate"))
    0.5
    """

    def __init__(
        self,
        *,
        y_true: Any,
        y_pred: Any,
        sensitive_features: Any,
        y_score: Any = None,
        sample_weight: Any = None,
        control_features: Any = None,
        pos_label: Any = 1,
        classes: Sequence[Any] | None = None,
        missing: Literal["error", "group"] = "error",
        min_group_size: int = 0,
        n_bins: int = 10,
    ) -> None:
        if not isinstance(min_group_size, int) or min_group_size < 0:
            raise param_error("GroupMetrics", "min_group_size", "must be a non-negative integer",
                              got=min_group_size)
        if not isinstance(n_bins, int) or n_bins < 1:
            raise param_error("GroupMetrics", "n_bins", "must be a positive integer", got=n_bins)
        enc = encode_inputs(y_true, y_pred, sensitive_features, y_score, sample_weight,
                            control_features, pos_label, classes, missing)
        if enc.score is not None and not enc.binary:
            raise InvalidInputError("The 'y_score' argument needs binary 'y_true' labels.")
        self._enc = enc
        self.min_group_size = min_group_size
        self.n_bins = n_bins
        ctrl_shape = (1,) if enc.control is None else enc.control.layout.shape
        full = int(np.prod(ctrl_shape)) * enc.sensitive.size
        if enc.binary:
            c = confusion_counts(enc, full)
            raw = {"w": c.weighted, "r": c.rows, "q": c.weight_sq}
        else:
            raw = {"w": class_counts(enc, full, "pred"), "t": class_counts(enc, full, "true"),
                   "r": class_counts(dataclasses.replace(enc, weight=None), full, "pred")}
        self._grid = grid = GroupGrid(enc, raw["r"].sum(axis=-1))
        self._sens_layout, self._ctrl_layout = grid.sens, grid.ctrl
        self._by: dict[str, F64] = {}
        self._overall: dict[str, F64] = {}
        self._auc_bound: pd.Series | None = None
        self._counts = grid.prune(raw["w"])
        self._set_cells(grid.prune(raw["r"]), grid.prune(raw["q"]) if enc.binary else None)
        if enc.binary:
            names = tuple(fm.COUNT_METRICS)
            self._by = fm.compute(self._counts, names)
            self._overall = fm.compute(self._counts.sum(axis=1), names)
        else:
            self._by, self._overall = fm.class_rates(self._counts, grid.prune(raw["t"]),
                                                     self._enc.classes)
        if enc.score is not None:
            self._set_scores(*score_metrics(enc, grid, self.n_bins, full))

    @classmethod
    def from_counts(
        cls,
        table: pd.DataFrame,
        *,
        y_true: str,
        y_pred: str,
        sensitive_features: str | Sequence[str],
        control_features: str | Sequence[str] | None = None,
        rows: str = "rows",
        weight: str | None = None,
        weight_sq: str | None = None,
        pos_label: Any = 1,
        classes: Sequence[Any] | None = None,
        missing: Literal["error", "group"] = "error",
        min_group_size: int = 0,
        n_bins: int = 10,
        score_histogram: ScoreHistogram | None = None,
    ) -> GroupMetrics:
        """GroupMetrics from a table of per-cell counts; equal to GroupMetrics on the rows.

        One row per non-empty cell ``(sensitive..., control..., y_true, y_pred)``
        with its number of rows (and, for weighted data, the sums of weights and
        of squared weights): what a Spark aggregation, a SQL ``GROUP BY`` or a
        monitoring store holds. The table may hold more key columns than are
        used: cells are summed over the others first (one table serves several
        groupings). The cells go through the in-memory code as a weighted
        sample (one row per cell), then their row counts and squared weights
        are set from the table, so group sizes, ``min_group_size``, Wilson
        intervals and the bootstrap equal those on the rows.

        Parameters
        ----------
        table : pandas.DataFrame
            Key columns plus the count columns.
        y_true, y_pred, sensitive_features, control_features : column names
        rows : str, default "rows"
            Column with the number of rows in each cell.
        weight, weight_sq : str, optional
            Columns with the sum of sample weights and of squared weights (both
            or neither; without them every row weighs 1).
        pos_label, classes, missing, min_group_size, n_bins
            As for :class:`GroupMetrics`.
        score_histogram : ScoreHistogram, optional
            Per-cell sums of a score column: adds ROC AUC, mean score, Brier
            score and expected calibration error (binary labels only). Mean,
            Brier and ECE are exact; ROC AUC treats scores in one bin as tied,
            within :attr:`roc_auc_error_bound`.

        Examples
        --------
        >>> import pandas as pd
        >>> t = pd.DataFrame({"g": ["a", "a", "b"], "y": [1, 0, 1], "p": [1, 0, 0],
        ...                   "rows": [3, 2, 4]})
        >>> GroupMetrics.from_counts(t, y_true="y", y_pred="p",
        ...                          sensitive_features="g").group_sizes.tolist()
        [5, 4]
        """
        from dfgov.model_risk.fairness._from_counts import build

        return build(table, (sensitive_features, control_features, y_true, y_pred),
                     (rows, weight, weight_sq),
                     {"pos_label": pos_label, "classes": classes, "missing": missing,
                      "min_group_size": min_group_size, "n_bins": n_bins}, score_histogram)

    def _set_cells(self, rows: F64, weight_sq: F64 | None) -> None:
        """Rows and squared weights per (control, group, cell); the group-inclusion rule.

        The one place that decides which groups take part in disparities: a
        group is included when it has at least ``max(min_group_size, 1)`` rows.
        """
        self._rows = np.asarray(rows, dtype=np.int64)
        self._wsq = self._counts if weight_sq is None else weight_sq
        sizes = self._rows.sum(axis=-1)
        self._sizes = sizes
        self._mask: npt.NDArray[np.bool_] = np.asarray(
            (sizes > 0) & (sizes >= max(self.min_group_size, 1)), dtype=bool
        )

    def _set_scores(self, by: dict[str, F64], overall: dict[str, F64],
                    auc_bound: pd.Series | None = None) -> None:
        """Set the score metrics (per group and overall) and ROC AUC's error bound."""
        for name in SCORE_METRICS:
            self._by[name] = by[name]
            self._overall[name] = overall[name]
        self._auc_bound = auc_bound

    # -- structure -------------------------------------------------------
    @property
    def metrics(self) -> tuple[str, ...]:
        """Names of the metrics computed (the columns of :attr:`by_group` after ``count``)."""
        return tuple(self._by)

    @property
    def binary(self) -> bool:
        """Whether the labels are binary (all confusion metrics available)."""
        return self._enc.binary

    @property
    def sensitive_index(self) -> pd.Index:
        """Index of the sensitive groups (full product of observed levels)."""
        if self._ctrl_layout is None:
            return self._grid.index
        return self._sens_layout.index

    @property
    def control_levels(self) -> list[str] | None:
        """Names of the control features, or None (fairlearn's ``control_levels``)."""
        return None if self._ctrl_layout is None else list(self._ctrl_layout.names)

    def _frame(self, values: dict[str, F64], count: npt.NDArray[np.int64]) -> pd.DataFrame:
        data: dict[str, Any] = {"count": count.ravel()}
        data.update({k: v.ravel() for k, v in values.items()})
        return pd.DataFrame(data, index=self._grid.index)

    @property
    def by_group(self) -> pd.DataFrame:
        """Groups x metrics (with ``count``, the number of rows)."""
        return self._frame(self._by, self._sizes)

    @property
    def overall(self) -> AllMetrics:
        """Metrics on all rows: a Series, or a DataFrame by control level."""
        data: dict[str, Any] = {"count": self._sizes.sum(axis=1)}
        data.update(self._overall)
        if self._ctrl_layout is None:
            return pd.Series({k: v[0].item() for k, v in data.items()})
        assert self._ctrl_layout is not None
        return pd.DataFrame(data, index=self._ctrl_layout.index)

    @property
    def counts(self) -> pd.DataFrame:
        """Weighted confusion counts per group (``tn``, ``fp``, ``fn``, ``tp``)."""
        if not self.binary:
            raise InvalidInputError("Confusion counts need binary labels.")
        return pd.DataFrame(self._counts.reshape(-1, 4), index=self._grid.index,
                            columns=["tn", "fp", "fn", "tp"])

    @property
    def roc_auc_error_bound(self) -> pd.Series | None:
        """Worst-case error of ``roc_auc`` per group, or None when it is exact.

        Set when the score metrics come from a :class:`ScoreHistogram` (e.g.
        :func:`dfgov.spark.group_metrics_from_spark` with ``y_score``): scores in
        one histogram bin count as tied, so ``|AUC - exact| <= 0.5 * sum_b
        pos_b * neg_b / (P * N)``; 0 when no bin mixes positives and negatives
        of different scores.
        """
        return self._auc_bound

    @property
    def spark_roc_auc_error_bound(self) -> pd.Series | None:
        """Deprecated alias of :attr:`roc_auc_error_bound` (removed in the next release)."""
        import warnings

        warnings.warn("GroupMetrics.spark_roc_auc_error_bound is deprecated; use "
                      "GroupMetrics.roc_auc_error_bound.", DeprecationWarning, stacklevel=2)
        return self._auc_bound

    @property
    def group_sizes(self) -> pd.Series:
        """Rows per group."""
        return pd.Series(self._sizes.ravel(), index=self._grid.index, name="count")

    @property
    def insufficient_groups(self) -> list[Any]:
        """Non-empty groups smaller than ``min_group_size`` (left out of disparities)."""
        bad = (self._sizes > 0) & ~self._mask
        return list(self._grid.index[bad.ravel()])

    def why_undefined(self) -> pd.DataFrame:
        """Every undefined (NaN) group metric and the reason, one row each."""
        index = self._grid.index
        rows = [(index[i], metric, reason)
                for i, metric, reason in fm.undefined(self._counts, self._by, self.binary)]
        return pd.DataFrame(rows, columns=["group", "metric", "reason"])

    # -- aggregations ----------------------------------------------------
    def _resolve(self, metric: str | None) -> list[str]:
        if metric is None:
            return ["count", *self._by]
        return [check_choice(metric, ["count", *self._by], caller="GroupMetrics",
                             parameter="metric")]

    def values(self, metric: str) -> F64:
        """Group values of ``metric``, shape (controls, groups); excluded groups NaN."""
        raw = self._sizes.astype(np.float64) if metric == "count" else self._by[metric]
        return np.where(self._mask, raw, np.nan)

    def overall_values(self, metric: str) -> F64:
        """Overall value of ``metric`` per control level."""
        if metric == "count":
            return np.asarray(self._sizes.sum(axis=1), dtype=np.float64)
        return self._overall[metric]

    def _shape_out(self, out: dict[str, F64], single: bool) -> OneMetric | AllMetrics:
        if self._ctrl_layout is None:
            if single:
                return float(next(iter(out.values()))[0])
            return pd.Series({k: float(v[0]) for k, v in out.items()})
        assert self._ctrl_layout is not None
        frame = pd.DataFrame(out, index=self._ctrl_layout.index)
        return frame.iloc[:, 0] if single else frame

    def _stacked(self, names: list[str]) -> tuple[F64, F64]:
        """Group values (metrics, controls, groups) and overall values (metrics, controls)."""
        by = np.stack([self._sizes.astype(np.float64) if m == "count" else self._by[m]
                       for m in names])
        ov = np.stack([self.overall_values(m) for m in names])
        return np.where(self._mask, by, np.nan), ov

    def _per_metric(self, names: list[str], values: F64,
                    single: bool) -> OneMetric | AllMetrics:
        return self._shape_out(dict(zip(names, values, strict=True)), single)

    @overload
    def group_min(self, metric: str) -> OneMetric: ...
    @overload
    def group_min(self, metric: None = None) -> AllMetrics: ...
    def group_min(self, metric: str | None = None) -> OneMetric | AllMetrics:
        """Smallest group value per metric (NaN-skipping); shaped as :meth:`difference`."""
        return self._extreme(metric, "min")

    @overload
    def group_max(self, metric: str) -> OneMetric: ...
    @overload
    def group_max(self, metric: None = None) -> AllMetrics: ...
    def group_max(self, metric: str | None = None) -> OneMetric | AllMetrics:
        """Largest group value per metric (NaN-skipping); shaped as :meth:`difference`."""
        return self._extreme(metric, "max")

    def _extreme(self, metric: str | None, how: Literal["min", "max"]) -> OneMetric | AllMetrics:
        names = self._resolve(metric)
        return self._per_metric(names, fm.aggregate(self._stacked(names)[0], how),
                                metric is not None)

    def _disparity(self, metric: str | None, kind: str,
                   method: Method) -> OneMetric | AllMetrics:
        check_choice(method, ("between_groups", "to_overall"), caller=f"GroupMetrics.{kind}",
                     parameter="method")
        if metric in fm.COMPOSITES:
            return self._shape_out(
                {metric: self.composite(metric, kind, method)}, True
            )
        names = self._resolve(metric)
        by, ov = self._stacked(names)
        return self._per_metric(names, fm.disparity(by, ov, kind, method), metric is not None)

    @overload
    def difference(self, metric: str, method: Method = "between_groups") -> OneMetric: ...
    @overload
    def difference(self, metric: None = None, method: Method = "between_groups") -> AllMetrics: ...
    def difference(self, metric: str | None = None,
                   method: Method = "between_groups") -> OneMetric | AllMetrics:
        """Largest absolute difference (fairlearn ``MetricFrame.difference``).

        ``metric`` may also be a composite: ``demographic_parity``,
        ``equal_opportunity``, ``equalized_odds`` or ``predictive_parity``.

        Returns
        -------
        float or Series or DataFrame
            One metric: a float, or a Series by control level with control features.
            All metrics (``metric=None``): a Series by metric, or a DataFrame (control
            levels x metrics) with control features.
        """
        return self._disparity(metric, "difference", method)

    @overload
    def ratio(self, metric: str, method: Method = "between_groups") -> OneMetric: ...
    @overload
    def ratio(self, metric: None = None, method: Method = "between_groups") -> AllMetrics: ...
    def ratio(self, metric: str | None = None,
              method: Method = "between_groups") -> OneMetric | AllMetrics:
        """Smallest ratio, folded below one (fairlearn ``MetricFrame.ratio``); shaped as
        :meth:`difference`."""
        return self._disparity(metric, "ratio", method)

    def composite(self, name: str, kind: str, method: str = "between_groups") -> F64:
        """Composite disparity per control level (fairlearn's worst-case definitions)."""
        check_choice(name, list(fm.COMPOSITES), caller="GroupMetrics.composite", parameter="name")
        if not self.binary:
            raise InvalidInputError(f"The composite {name!r} needs binary labels.")
        by = {m: self.values(m) for m in fm.COMPOSITES[name]}
        ov = {m: self._overall[m] for m in fm.COMPOSITES[name]}
        return fm.composite(by, ov, name, kind, method)

    def adverse_impact_ratios(self) -> pd.Series:
        """Each group's selection rate over the most-selected group's (the 4/5ths rule)."""
        sel = self.values("selection_rate")
        top = fm.aggregate(sel, "max")
        return pd.Series(fm._div(sel, np.broadcast_to(top[:, None], sel.shape)).ravel(),
                         index=self._grid.index, name="adverse_impact_ratio")

    # -- intervals -------------------------------------------------------
    def wilson(self, metric: str, confidence: float = 0.95) -> pd.DataFrame:
        """Wilson score interval per group for a rate (Kish effective n when weighted)."""
        from dfgov.model_risk.fairness._intervals import group_wilson

        return group_wilson(self, metric, confidence)

    def bootstrap(
        self, n_boot: int = 1000, *, confidence: float = 0.95, stratified: bool = False,
        random_state: int | np.random.Generator | None = None,
    ) -> Bootstrap:
        """Bootstrap replicates of every count-based metric (multinomial over cells)."""
        from dfgov.model_risk.fairness._intervals import Bootstrap

        if not self.binary:
            raise InvalidInputError("The bootstrap of count-based metrics needs binary labels.")
        return Bootstrap(self, n_boot=n_boot, confidence=confidence, stratified=stratified,
                         random_state=random_state)

    def auc_bootstrap(
        self, n_boot: int = 200, *, confidence: float = 0.95,
        random_state: int | np.random.Generator | None = None,
    ) -> pd.DataFrame:
        """Row-bootstrap percentile intervals of ROC AUC per group and of its difference.

        AUC is not a function of confusion counts, so rows are resampled with
        replacement and AUC recomputed from ranks: each replicate costs a
        sort of all rows (O(n log n)) — much slower than the cell bootstrap
        of count metrics. The last row (index ``"difference"``) is the
        interval of the between-groups AUC difference.
        """
        from dfgov.model_risk.fairness._intervals import auc_bootstrap

        return auc_bootstrap(self, n_boot=n_boot, confidence=confidence,
                             random_state=random_state)

    def prune(self, arr: npt.NDArray[Any]) -> F64:
        """Map per-row-code arrays (full level product, ...) to (controls, groups, ...)."""
        return self._grid.prune(arr)

    @property
    def n_codes(self) -> int:
        """Number of group codes before unobserved levels are dropped."""
        return int(np.prod(self._grid.full_shape))

    # internal accessors for intervals, checks and shift tests
    @property
    def cell_counts(self) -> F64:
        """Weighted confusion counts, shape (controls, groups, 4)."""
        return self._counts

    @property
    def cell_rows(self) -> npt.NDArray[np.int64]:
        """Row counts per confusion cell, shape (controls, groups, 4)."""
        return self._rows

    @property
    def mask(self) -> npt.NDArray[np.bool_]:
        """Groups included in disparities, shape (controls, groups)."""
        return self._mask

    @property
    def encoded(self) -> Encoded:
        """The validated, encoded inputs."""
        return self._enc
