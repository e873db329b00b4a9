"""Population and characteristic stability indices (PSI of a score, CSI of each feature).

Binning
    Numeric values are cut at the reference sample's quantiles (linear
    interpolation, as :func:`numpy.quantile`): with ``bins=10`` the nine
    deciles; duplicate cut points are merged. Bin ``i`` holds
    ``edge[i-1] <= x < edge[i]``; the first and last bins are open, so values
    outside the reference range fall into them. Categorical values (strings,
    booleans, pandas categories) get one bin per level seen in either sample; levels of
    the current sample never seen in the reference are counted
    (:attr:`FeatureStability.new_categories`) and flagged by the validation check.
    Missing values (NaN, None) always have a bin of their own.

Smoothing
    ``PSI = sum((c_i - r_i) * ln(c_i / r_i))`` over bins, with ``r_i`` and
    ``c_i`` the reference and current proportions. A proportion that is 0 (a
    bin empty in one sample) is replaced by ``epsilon`` (default ``1e-4``)
    before the sum; other bins are untouched, so the index equals the
    textbook value whenever no bin is empty, and is never infinite. A bin
    empty in both samples contributes 0.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dfgov._validate import check_choice, check_int, param_error
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.report import Status

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = [
    "BANDS",
    "ConstantFeatureError",
    "FeatureStability",
    "check_psi_options",
    "population_stability_index",
    "psi_band",
    "psi_from_counts",
    "psi_status",
    "stability_table",
]

Kind = Literal["numeric", "categorical"]


class ConstantFeatureError(InvalidInputError):
    """A feature is constant in the reference sample, so its PSI is not defined."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Feature {name!r} is constant in the reference sample; its PSI is not defined."
        )
        self.feature = name


@dataclass(frozen=True)
class FeatureStability:
    """Stability of one feature (or of the score) between reference and current samples."""

    feature: str
    kind: Kind
    psi: float
    n_bins: int
    """Bins compared, including the missing-value bin."""
    smoothed: bool
    """Whether a bin was empty in one sample (its proportion replaced by ``epsilon``)."""
    reference_missing: float
    current_missing: float
    new_categories: int = 0
    """Categorical features: levels in the current sample never seen in the reference."""
    new_category_share: float = 0.0
    """Share of current rows holding one of those levels."""

    @classmethod
    def from_counts(
        cls, feature: str, kind: Kind, reference: Any, current: Any, *,
        epsilon: float = 1e-4, new_categories: int = 0, new_category_share: float = 0.0,
    ) -> FeatureStability:
        """The stability of a feature from its bin counts (the last bin: missing values).

        The one place where counts become a :class:`FeatureStability`, for
        :func:`stability_table` and for counts computed elsewhere (e.g. by
        :mod:`dfgov.spark`): the PSI with the smoothing of
        :func:`psi_from_counts`, whether a bin was smoothed, and the shares of
        missing values.

        Parameters
        ----------
        feature : str
            The feature's name.
        kind : {"numeric", "categorical"}
        reference, current : array of counts
            Counts per bin, same bins in the same order; the last bin counts
            the missing values.
        epsilon : float, default 1e-4
            Proportion used for a bin empty in one sample.
        new_categories, new_category_share
            Categorical features: levels of the current sample never seen in the
            reference, and the share of current rows holding them.

        Examples
        --------
        >>> s = FeatureStability.from_counts("x", "numeric", [40, 60, 0], [50, 45, 5])
        >>> s.n_bins, s.current_missing, s.smoothed
        (3, 0.05, True)
        """
        import numpy as np

        ref = np.asarray(reference, dtype=np.float64)
        cur = np.asarray(current, dtype=np.float64)
        psi_from_counts(ref, cur, epsilon=epsilon)  # validates the counts and epsilon
        psi, smoothed = _psi_from_counts(ref, cur, epsilon)
        return cls(feature, kind, psi, int(ref.shape[0]), smoothed,
                   float(ref[-1] / max(ref.sum(), 1)), float(cur[-1] / max(cur.sum(), 1)),
                   new_categories=new_categories, new_category_share=new_category_share)


BANDS: dict[Status, Literal["stable", "watch", "shifted"]] = {
    Status.PASS: "stable", Status.WARN: "watch", Status.FAIL: "shifted"}


def psi_band(
    psi: float, *, watch: float = 0.1, shift: float = 0.25
) -> Literal["stable", "watch", "shifted"]:
    """``stable`` below ``watch``, ``shifted`` above ``shift``, else ``watch``.

    A PSI that cannot be compared (NaN) is ``shifted``: never stable.
    """
    return BANDS[psi_status(psi, watch=watch, shift=shift)]


def psi_status(psi: float, *, watch: float, shift: float) -> Status:
    """The status of a PSI: ``WARN`` from ``watch`` on (inclusive), ``FAIL`` above ``shift``."""
    from dfgov._judge import judge

    return judge(psi, warn=watch, fail=shift, inclusive="warn")


def _kind_of(values: Any) -> Kind:
    import numpy as np
    import pandas as pd

    dtype = getattr(values, "dtype", None)
    if dtype is None:
        dtype = np.asarray(values).dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical"
    kind = getattr(dtype, "kind", "O")
    if kind in "iuf":
        return "numeric"
    if kind in "bOSU" or pd.api.types.is_string_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        return "categorical"
    raise ColumnError(f"Unsupported dtype for stability: {dtype}.")


def _psi_from_counts(
    ref: npt.NDArray[np.float64], cur: npt.NDArray[np.float64], epsilon: float
) -> tuple[float, bool]:
    import numpy as np

    r = ref / ref.sum()
    c = cur / cur.sum() if cur.sum() > 0 else cur
    smoothed = bool(((r == 0) != (c == 0)).any())
    r = np.where(r == 0, epsilon, r)
    c = np.where(c == 0, epsilon, c)
    return float(np.sum((c - r) * np.log(c / r))), smoothed


def psi_from_counts(reference: Any, current: Any, *, epsilon: float = 1e-4) -> float:
    """PSI from bin counts of the reference and current samples (same bins, same order).

    The smoothing of empty bins is that of :func:`population_stability_index`
    (see the module docstring), so counts on that function's bins give its value.

    Examples
    --------
    >>> round(psi_from_counts([50, 50], [50, 50]), 12)
    0.0
    """
    import numpy as np

    ref = np.asarray(reference, dtype=np.float64)
    cur = np.asarray(current, dtype=np.float64)
    if ref.ndim != 1 or ref.shape != cur.shape:
        raise InvalidInputError(
            "The 'reference' and 'current' counts of psi_from_counts must be 1-d arrays of "
            "the same length."
        )
    if not (np.isfinite(ref).all() and np.isfinite(cur).all()) or (ref < 0).any() or (
            cur < 0).any():
        raise InvalidInputError("The counts of psi_from_counts must be finite and non-negative.")
    if not ref.sum() > 0:
        raise InvalidInputError("The 'reference' counts of psi_from_counts must not all be 0.")
    _check_epsilon(epsilon, "psi_from_counts")
    return _psi_from_counts(ref, cur, epsilon)[0]


def _select(a: npt.NDArray[np.float64], ks: list[int], offset: int = 0) -> None:
    """Partition ``a`` in place so that ``a[k]`` is its k-th smallest value for each k in ``ks``.

    A divide-and-conquer over the sorted target ranks: one
    :meth:`numpy.ndarray.partition` per rank on ever smaller slices, cheaper
    than a full sort (and than ``np.partition`` with many ``kth`` at once).
    """
    if not ks or a.shape[0] == 0:
        return
    mid = len(ks) // 2
    k = ks[mid] - offset
    a.partition(k)
    _select(a[:k], ks[:mid], offset)
    _select(a[k + 1 :], ks[mid + 1 :], offset + k + 1)


_BLOCK = 1 << 17


def _count_at_least(
    values: npt.NDArray[np.float64], edges: npt.NDArray[np.float64]
) -> npt.NDArray[np.int64]:
    """``#(values >= edge)`` for each edge (NaN never counts), block by block.

    Comparing a cache-sized block against every edge reads the data from
    memory once instead of once per edge (about twice as fast at 10 bins).
    """
    import numpy as np

    out = np.zeros(edges.shape[0], dtype=np.int64)
    buf = np.empty(min(_BLOCK, values.shape[0]), dtype=bool)
    for start in range(0, values.shape[0], _BLOCK):
        block = values[start : start + _BLOCK]
        mask = buf[: block.shape[0]]
        for j, edge in enumerate(edges):
            np.greater_equal(block, edge, out=mask)
            out[j] += np.count_nonzero(mask)
    return out


def _edges_and_counts(
    r: npt.NDArray[np.float64], bins: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Quantile cut points of ``r`` (``np.quantile``, linear) and ``#(r >= edge)`` for each.

    ``r`` (a private copy without NaN) is partially reordered in place.
    """
    import numpy as np

    n = r.shape[0]
    h = (n - 1) * (np.arange(1, bins) / bins)
    lo = np.floor(h).astype(np.intp)
    ks = sorted({int(i) for i in lo})
    _select(r, ks)
    # The (k+1)-th smallest value is the minimum of the slice up to the next selected rank.
    nxt = {k: (ks[i + 1] + 1 if i + 1 < len(ks) else n) for i, k in enumerate(ks)}
    upper = {k: (r[k + 1 : nxt[k]].min() if k + 1 < n else r[k]) for k in ks}
    r_hi = np.array([upper[int(k)] for k in lo], dtype=np.float64)
    t = h - lo
    diff = r_hi - r[lo]
    # numpy's own interpolation (numpy.lib._function_base_impl._lerp), for identical edges
    cuts = np.where(t >= 0.5, r_hi - diff * (1 - t), r[lo] + diff * t)
    edges, first = np.unique(cuts, return_index=True)
    ge = np.empty(edges.shape[0], dtype=np.int64)
    for j, (e, i) in enumerate(zip(edges, first, strict=True)):
        # r[:lo+1] <= r[lo] and r[lo+1:] >= r[hi] >= e after the selection, so when
        # r[lo] < e the count is exact without a pass over the data; ties need one.
        ge[j] = n - lo[i] - 1 if r[lo[i]] < e else np.count_nonzero(r >= e)
    return edges, ge


def _floats(values: Any) -> Any:
    """Float values; pandas nullable dtypes (Int64, Float64) give NaN for missing."""
    import numpy as np

    if hasattr(values, "to_numpy") and not isinstance(values.dtype, np.dtype):
        return values.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(values)


def _numeric(
    name: str, ref_values: Any, cur_values: Any, bins: int, epsilon: float
) -> FeatureStability:
    import numpy as np

    # Private contiguous copies: a column of a 2-d block is strided, and the
    # selection below reorders the reference in place.
    ref = np.array(_floats(ref_values), dtype=np.float64, order="C", copy=True)
    cur = np.ascontiguousarray(_floats(cur_values), dtype=np.float64)
    ref_nan = np.isnan(ref)
    n_ref_nan = int(np.count_nonzero(ref_nan))
    r = ref[~ref_nan] if n_ref_nan else ref
    if r.shape[0] == 0:
        raise InvalidInputError(f"Feature {name!r} is missing in every reference row.")
    lo_v, hi_v = r.min(), r.max()
    if np.isinf(lo_v) or np.isinf(hi_v):
        raise InvalidInputError(f"Feature {name!r} holds infinite values.")
    if lo_v == hi_v:
        raise ConstantFeatureError(name)
    edges, ref_ge = _edges_and_counts(r, bins)
    n_r = r.shape[0]
    cur_nan = int(np.count_nonzero(np.isnan(cur)))
    n_c = cur.shape[0] - cur_nan
    cur_ge = _count_at_least(cur, edges)
    ref_counts = np.r_[n_r - ref_ge[0], ref_ge[:-1] - ref_ge[1:], ref_ge[-1], n_ref_nan]
    cur_counts = np.r_[n_c - cur_ge[0], cur_ge[:-1] - cur_ge[1:], cur_ge[-1], cur_nan]
    return FeatureStability.from_counts(name, "numeric", ref_counts, cur_counts,
                                        epsilon=epsilon)


def _categorical(
    name: str, ref_values: Any, cur_values: Any, epsilon: float
) -> FeatureStability:
    import numpy as np
    import pandas as pd

    ref = pd.Series(ref_values, copy=False)
    cur = pd.Series(cur_values, copy=False)
    rc = ref.astype(object).value_counts(dropna=True)
    cc = cur.astype(object).value_counts(dropna=True)
    levels = rc.index.union(cc.index)
    if len(rc) < 2:
        raise ConstantFeatureError(name)
    r_nan, c_nan = int(ref.isna().sum()), int(cur.isna().sum())
    ref_counts = np.r_[rc.reindex(levels, fill_value=0).to_numpy(np.float64), r_nan]
    cur_counts = np.r_[cc.reindex(levels, fill_value=0).to_numpy(np.float64), c_nan]
    new = cc.index.difference(rc.index)
    return FeatureStability.from_counts(
        name, "categorical", ref_counts, cur_counts, epsilon=epsilon, new_categories=len(new),
        new_category_share=float(cc.reindex(new).sum() / max(len(cur), 1)) if len(new) else 0.0,
    )


def check_psi_options(bins: int, epsilon: float, caller: str) -> None:
    """Refuse a ``bins`` or ``epsilon`` the stability indices cannot use, naming ``caller``.

    ``bins`` must be an integer >= 2 and ``epsilon`` a float in (0, 0.01):
    the rules of :func:`stability_table`, for callers that compute counts
    elsewhere (e.g. :func:`dfgov.spark.stability_table_spark`) and check
    before doing so.

    Raises
    ------
    InvalidInputError
        Naming ``caller``, the parameter, the rule and the value received.
    """
    check_int(bins, caller=caller, parameter="bins", minimum=2)
    _check_epsilon(epsilon, caller)


def _check_epsilon(epsilon: float, caller: str) -> None:
    if not isinstance(epsilon, float) or not 0.0 < epsilon < 0.01:
        raise param_error(caller, "epsilon", "must be a float in (0, 0.01)", got=epsilon)


def _feature(
    name: str, ref: Any, cur: Any, bins: int, epsilon: float
) -> FeatureStability:
    try:
        kr, kc = _kind_of(ref), _kind_of(cur)
    except ColumnError:
        raise ColumnError(
            f"Column {name!r} has a dtype that is neither numeric nor categorical."
        ) from None
    if kr != kc:
        raise ColumnError(
            f"Column {name!r} is {kr} in the reference sample but {kc} in the current sample."
        )
    if len(cur) == 0:
        raise InvalidInputError(f"The current sample of feature {name!r} is empty.")
    if kr == "numeric":
        return _numeric(name, ref, cur, bins, epsilon)
    return _categorical(name, ref, cur, epsilon)


def population_stability_index(
    reference: Any, current: Any, bins: int = 10, *, epsilon: float = 1e-4
) -> float:
    """PSI between a reference and a current sample of one variable (a score or feature).

    See the module docstring for the binning and the smoothing of empty bins.

    Examples
    --------
    >>> ref = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    >>> round(population_stability_index(ref, ref, bins=5), 12)
    0.0
    """
    check_psi_options(bins, epsilon, "population_stability_index")
    return _feature("reference", _as_1d(reference, "reference"),
                    _as_1d(current, "current"), bins, epsilon).psi


def _as_1d(values: Any, name: str) -> Any:
    import numpy as np

    if hasattr(values, "dtype") and getattr(values, "ndim", 1) == 1:
        return values
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {name!r} argument of population_stability_index must be one-dimensional."
        )
    return arr


def _as_frame(data: Any, name: str) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data
    arr = np.asarray(data)
    if arr.ndim != 2:
        raise InvalidInputError(
            f"The {name!r} argument of stability_table must be a DataFrame or a 2-d array."
        )
    return pd.DataFrame(arr, columns=[f"x{j}" for j in range(arr.shape[1])])


def stability_table(
    reference: Any,
    current: Any,
    *,
    bins: int = 10,
    epsilon: float = 1e-4,
    columns: list[str] | None = None,
    constant: Literal["raise", "skip"] = "raise",
    n_jobs: int | None = None,
) -> list[FeatureStability]:
    """CSI of every feature (column) between a reference and a current sample.

    Parameters
    ----------
    reference, current : DataFrame or 2-d array
        Same columns with compatible dtypes (numeric with numeric,
        categorical with categorical); arrays get columns ``x0, x1, ...``.
    bins : int, default 10
        Quantile bins of numeric features.
    epsilon : float, default 1e-4
        Proportion used for a bin empty in one sample (see module docstring).
    columns : list of str, optional
        Only these columns.
    constant : {"raise", "skip"}, default "raise"
        What to do with a feature constant in the reference sample.
    n_jobs : int, optional
        Threads (numpy releases the GIL while sorting and counting);
        default ``min(4, os.cpu_count())``.

    Returns
    -------
    list of FeatureStability
        In column order (skipped constant features left out).
    """
    check_choice(constant, ("raise", "skip"), caller="stability_table", parameter="constant")
    check_psi_options(bins, epsilon, "stability_table")
    ref, cur = _as_frame(reference, "reference"), _as_frame(current, "current")
    names = [str(c) for c in ref.columns]
    ref_label = {str(c): c for c in ref.columns}
    cur_label = {str(c): c for c in cur.columns}
    missing = sorted(set(map(str, ref.columns)) ^ set(map(str, cur.columns)))
    if missing:
        raise ColumnError(
            "The reference and current samples must have the same columns; these are in only "
            f"one of them: {missing}."
        )
    if columns is not None:
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ColumnError(f"The 'columns' of stability_table are not in the data: {unknown}.")
        names = list(columns)

    def one(col: str) -> FeatureStability | None:
        try:
            return _feature(col, ref[ref_label[col]], cur[cur_label[col]], bins, epsilon)
        except ConstantFeatureError:
            if constant == "skip":
                return None
            raise

    workers = n_jobs if n_jobs is not None else min(4, os.cpu_count() or 1)
    if workers <= 1 or len(names) < 2:
        results = [one(c) for c in names]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(one, names))
    return [r for r in results if r is not None]
