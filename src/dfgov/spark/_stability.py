"""PSI and CSI between two Spark DataFrames: quantile bins, counts by aggregation.

Binning and smoothing are those of :mod:`dfgov.model_risk.validation`
(bin ``i`` holds ``edge[i-1] <= x < edge[i]``, open outer bins, a bin of its
own for missing values, empty bins replaced by ``epsilon``); the index is
computed from the counts by the same function. What differs is where the
cut points come from: Spark's ``approxQuantile`` (Greenwald-Khanna) on the
reference, whose returned value for probability ``p`` has a rank within
``relative_error * N`` of ``p * N`` (``relative_error=0`` computes exact
quantiles, at the cost of a full sort's memory). In memory, cut points are
:func:`numpy.quantile` with linear interpolation. With the same cut points
(``edges=``) the index is identical to the in-memory one.

Spark jobs: one ``approxQuantile`` over all numeric columns, then one
aggregation per side for the numeric bins and one per side for the levels
of categorical columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.spark._common import column_type, require_columns, require_dataframe, require_pyspark

if TYPE_CHECKING:
    from dfgov.model_risk.validation import FeatureStability

__all__ = ["population_stability_index_spark", "stability_table_spark"]

Kind = Literal["numeric", "categorical"]
_NUMERIC = ("ByteType", "ShortType", "IntegerType", "LongType", "FloatType", "DoubleType",
            "DecimalType")
_CATEGORICAL = ("StringType", "BooleanType", "VarcharType", "CharType")


def _kind(df: Any, column: str) -> Kind:
    t = column_type(df, column)
    if t in _NUMERIC:
        return "numeric"
    if t in _CATEGORICAL:
        return "categorical"
    raise ColumnError(f"Column {column!r} has a dtype that is neither numeric nor categorical.")


def _value(F: Any, df: Any, column: str) -> Any:
    """The column as double with NaN turned into null (missing, as in memory)."""
    c = F.col(column).cast("double")
    if column_type(df, column) in ("FloatType", "DoubleType"):
        c = F.when(F.isnan(c), F.lit(None)).otherwise(c)
    return c


def _edges(
    F: Any, reference: Any, numeric: list[str], bins: int, relative_error: float,
    given: Mapping[str, Sequence[float]],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c, e in given.items():
        arr = np.unique(np.asarray(e, dtype=np.float64))
        if arr.shape[0] < 1 or not np.isfinite(arr).all():
            raise InvalidInputError(
                f"The 'edges' of column {c!r} must be finite cut points (at least one)."
            )
        out[c] = arr
    todo = [c for c in numeric if c not in out]
    if todo:
        probs = (np.arange(1, bins) / bins).tolist()
        frame = reference.select(*[_value(F, reference, c).alias(f"c{i}")
                                   for i, c in enumerate(todo)])
        qs = frame.approxQuantile([f"c{i}" for i in range(len(todo))], probs, relative_error)
        for c, q in zip(todo, qs, strict=True):
            if not q:
                raise InvalidInputError(f"Feature {c!r} is missing in every reference row.")
            out[c] = np.unique(np.asarray(q, dtype=np.float64))
    return out


def _numeric_counts(F: Any, df: Any, edges: dict[str, Any]) -> dict[str, Any]:
    """Per column: counts of the bins (the last bin holds missing values), and min/max."""
    aggs: list[Any] = []
    for i, (c, e) in enumerate(edges.items()):
        v = _value(F, df, c)
        b = sum((F.when(v >= float(x), 1).otherwise(0) for x in e), F.lit(0))
        b = F.when(v.isNull(), len(e) + 1).otherwise(b)
        aggs.extend(F.count_if(b == k).alias(f"n{i}_{k}") for k in range(len(e) + 2))
        aggs += [F.min(v).alias(f"lo{i}"), F.max(v).alias(f"hi{i}")]
    row = df.agg(*aggs).collect()[0].asDict()
    out: dict[str, Any] = {}
    for i, (c, e) in enumerate(edges.items()):
        counts = np.array([row[f"n{i}_{k}"] for k in range(len(e) + 2)], dtype=np.float64)
        out[c] = (counts, row[f"lo{i}"], row[f"hi{i}"])
    return out


def _level_counts(F: Any, df: Any, columns: list[str]) -> dict[str, dict[Any, int]]:
    """Per categorical column: count of each value (None for missing), in one job."""
    pairs = F.explode(F.array(*[
        F.struct(F.lit(i).alias("k"), F.col(c).cast("string").alias("v"))
        for i, c in enumerate(columns)
    ])).alias("kv")
    rows = df.select(pairs).groupBy("kv.k", "kv.v").count().collect()
    out: dict[str, dict[Any, int]] = {c: {} for c in columns}
    for r in rows:
        out[columns[r["k"]]][r["v"]] = int(r["count"])
    return out


def stability_table_spark(
    reference: Any,
    current: Any,
    *,
    columns: Sequence[str] | None = None,
    bins: int = 10,
    epsilon: float = 1e-4,
    relative_error: float = 1e-4,
    edges: Mapping[str, Sequence[float]] | None = None,
    constant: Literal["raise", "skip"] = "raise",
) -> list[FeatureStability]:
    """CSI of every column (or of ``columns``) between two Spark DataFrames.

    Parameters
    ----------
    reference, current : pyspark.sql.DataFrame
        Same columns (numeric with numeric, string/boolean with string/boolean).
    columns : list of str, optional
        Only these columns.
    bins : int, default 10
        Quantile bins of numeric columns.
    epsilon : float, default 1e-4
        Proportion used for a bin empty in one sample.
    relative_error : float, default 1e-4
        ``approxQuantile``'s relative rank error for the reference cut points
        (0 for exact quantiles).
    edges : mapping, optional
        Cut points per numeric column (e.g. a monitoring baseline's); these
        columns need no quantile job.
    constant : {"raise", "skip"}
        What to do with a column constant in the reference sample.

    Returns
    -------
    list of FeatureStability
        As :func:`dfgov.model_risk.validation.stability_table`.
    """
    sql = require_pyspark()
    from dfgov.model_risk.validation import FeatureStability, check_psi_options

    F = sql.functions
    caller = "stability_table_spark"
    require_dataframe(reference, "reference", caller)
    require_dataframe(current, "current", caller)
    check_psi_options(bins, epsilon, caller)
    if not isinstance(relative_error, float | int) or not 0 <= relative_error < 1:
        raise InvalidInputError(
            f"The 'relative_error' parameter of {caller} must be a float in [0, 1)."
        )
    if constant not in ("raise", "skip"):
        raise InvalidInputError(
            f"The 'constant' parameter of {caller} must be 'raise' or 'skip'. "
            f"Got {constant!r} instead."
        )
    only = set(map(str, reference.columns)) ^ set(map(str, current.columns))
    if only:
        raise ColumnError(
            "The reference and current samples must have the same columns; these are in only "
            f"one of them: {sorted(only)}."
        )
    names = list(reference.columns) if columns is None else list(columns)
    require_columns(reference, names, "columns", caller)
    kinds: dict[str, Kind] = {}
    for c in names:
        kr, kc = _kind(reference, c), _kind(current, c)
        if kr != kc:
            raise ColumnError(
                f"Column {c!r} is {kr} in the reference sample but {kc} in the current sample."
            )
        kinds[c] = kr
    given = dict(edges or {})
    for c in given:
        if kinds.get(c) != "numeric":
            raise ColumnError(f"The 'edges' of {caller} name {c!r}, not a numeric column.")
    numeric = [c for c in names if kinds[c] == "numeric"]
    categorical = [c for c in names if kinds[c] == "categorical"]
    results: dict[str, FeatureStability | None] = {}

    def fail(exc: InvalidInputError) -> None:
        if not (constant == "skip" and "constant" in str(exc)):
            raise exc

    if numeric:
        cuts = _edges(F, reference, numeric, bins, float(relative_error), given)
        ref_counts = _numeric_counts(F, reference, cuts)
        cur_counts = _numeric_counts(F, current, cuts)
        for c in numeric:
            rc, lo, hi = ref_counts[c]
            cc = cur_counts[c][0]
            try:
                if rc[:-1].sum() == 0:
                    raise InvalidInputError(f"Feature {c!r} is missing in every reference row.")
                if np.isinf(lo) or np.isinf(hi):
                    raise InvalidInputError(f"Feature {c!r} holds infinite values.")
                if lo == hi:
                    raise InvalidInputError(
                        f"Feature {c!r} is constant in the reference sample; its PSI is not "
                        "defined.")
                if cc.sum() == 0:
                    raise InvalidInputError(f"The current sample of feature {c!r} is empty.")
            except InvalidInputError as exc:
                fail(exc)
                results[c] = None
                continue
            results[c] = FeatureStability.from_counts(c, "numeric", rc, cc, epsilon=epsilon)
    if categorical:
        ref_levels = _level_counts(F, reference, categorical)
        cur_levels = _level_counts(F, current, categorical)
        for c in categorical:
            r, k = ref_levels[c], cur_levels[c]
            levels = sorted((set(r) | set(k)) - {None})
            try:
                if sum(k.values()) == 0:
                    raise InvalidInputError(f"The current sample of feature {c!r} is empty.")
                if len([v for v in r if v is not None]) < 2:
                    raise InvalidInputError(
                        f"Feature {c!r} is constant in the reference sample; its PSI is not "
                        "defined.")
            except InvalidInputError as exc:
                fail(exc)
                results[c] = None
                continue
            rc = np.array([r.get(v, 0) for v in levels] + [r.get(None, 0)], dtype=np.float64)
            cc = np.array([k.get(v, 0) for v in levels] + [k.get(None, 0)], dtype=np.float64)
            new = [v for v in k if v is not None and v not in r]
            results[c] = FeatureStability.from_counts(
                c, "categorical", rc, cc, epsilon=epsilon, new_categories=len(new),
                new_category_share=float(sum(k[v] for v in new) / max(cc.sum(), 1)))
    return [s for c in names if (s := results[c]) is not None]


def population_stability_index_spark(
    reference: Any,
    current: Any,
    column: str,
    *,
    bins: int = 10,
    epsilon: float = 1e-4,
    relative_error: float = 1e-4,
    edges: Sequence[float] | None = None,
) -> float:
    """PSI of one column (a score or feature) between two Spark DataFrames.

    See :func:`stability_table_spark` for the parameters.
    """
    caller = "population_stability_index_spark"
    require_dataframe(reference, "reference", caller)
    require_dataframe(current, "current", caller)
    require_columns(reference, [column], "column", caller)
    require_columns(current, [column], "column", caller)
    out = stability_table_spark(
        reference.select(column), current.select(column), bins=bins, epsilon=epsilon,
        relative_error=relative_error, edges=None if edges is None else {column: edges},
    )
    return out[0].psi
