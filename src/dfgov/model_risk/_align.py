"""Rows aligned by label, never by position.

pandas inputs that describe the same rows (``X``, ``y``, ``y_pred``,
``y_score``, ``sensitive_features``, ``sample_weight``) are aligned on the index
of the first pandas input: an index holding the same labels in another order is
reordered to it; an index with other labels is an error naming both objects.
Plain arrays (and polars/pyarrow objects, which have no index) are taken in
order and must have as many rows as the others.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from dfgov.errors import InvalidInputError

__all__ = ["align_rows", "has_columns", "n_rows"]


def has_columns(obj: Any) -> bool:
    """Whether ``obj`` names its columns (a pandas, polars or pyarrow frame, or a mapping),
    decided by type alone: a polars LazyFrame's schema is never resolved to find out."""
    root = type(obj).__module__.split(".")[0]
    if root in ("polars", "pyarrow"):
        return True
    return isinstance(obj, Mapping) or hasattr(obj, "columns")


def _is_pandas(obj: Any) -> bool:
    import pandas as pd

    return isinstance(obj, pd.Series | pd.DataFrame)


def n_rows(obj: Any) -> int:
    """Rows of a frame, series or array (the length of its first axis)."""
    shape = getattr(obj, "shape", None)
    if shape is not None and len(shape) > 0:
        return int(shape[0])
    if isinstance(obj, Mapping):
        first: Any = next(iter(obj.values()), [])
        return len(first)
    return len(obj)


def align_rows(named: Mapping[str, Any], *, caller: str,
               positional: Collection[str] = ()) -> dict[str, Any]:
    """Align the non-None entries of ``named`` on the first pandas entry's index.

    Returns the same mapping with pandas entries reordered to that index
    (None entries kept as None). Raises :class:`InvalidInputError` naming both
    objects when an index holds other labels, or when lengths differ. Names in
    ``positional`` are frames converted from objects without an index (polars,
    pyarrow, arrays): they are taken in order, like arrays.
    """
    items = {k: v for k, v in named.items() if v is not None}
    out = dict(named)
    if not items:
        return out

    def labelled(name: str) -> bool:
        return _is_pandas(items[name]) and name not in positional

    ref_name = next((k for k in items if labelled(k)), None)
    first = ref_name if ref_name is not None else next(iter(items))
    n = n_rows(items[first])
    for name, value in items.items():
        if name == first:
            continue
        m = n_rows(value)
        if m != n:
            raise InvalidInputError(
                f"The {name!r} argument of {caller} has {m:,} rows; {first!r} has {n:,}. "
                "They must describe the same rows."
            )
        if ref_name is None or not labelled(name):
            continue
        ref = items[ref_name].index
        idx = value.index
        if idx.equals(ref):
            continue
        if idx.is_unique and ref.is_unique and bool(idx.isin(ref).all()):
            out[name] = value.reindex(ref)  # same labels in another order: align by label
            continue
        raise InvalidInputError(
            f"The index of the {name!r} argument of {caller} does not match the index of "
            f"{ref_name!r}: rows are matched by index label, and these hold different labels"
            f"{' (or duplicates)' if not (idx.is_unique and ref.is_unique) else ''}. Give "
            "them the same index (e.g. both from one DataFrame), or pass plain arrays in the "
            "same row order."
        )
    return out
