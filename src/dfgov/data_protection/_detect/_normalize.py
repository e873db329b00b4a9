"""Turn a column of any type into normalised Arrow strings and a fixed-width byte matrix.

Every validator works on one :class:`Prepared` column, so a scan normalises a
column once and then runs all identifier kinds over the same arrays:

* ``base``: NFKC-normalised strings (full-width digits, letters, hyphens and the
  ideographic space become ASCII);
* ``compact``: ``base`` upper-cased with whitespace and hyphens removed (the form
  identifiers are checked in);
* ``trimmed``: ``base`` without surrounding whitespace (emails, IP addresses, dates);
* ``matrix``: ``compact`` as an ``(n, width)`` ``uint8`` matrix of ASCII codes,
  zero-padded, with ``lengths`` (``-1`` for null or non-ASCII cells).

All steps are Arrow compute kernels or numpy array operations; no Python loop
runs per cell, except for object columns that mix strings with other types.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from dfgov.errors import InvalidInputError, MissingDependencyError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["MAX_WIDTH", "Prepared", "ValueKind", "require_pyarrow"]

#: Widest identifier checked through the byte matrix (an IBAN has at most 34 characters).
MAX_WIDTH = 40

ValueKind = Literal["string", "integer", "float", "datetime", "bool", "other"]


def require_pyarrow() -> Any:
    """Import pyarrow or raise :class:`MissingDependencyError` naming the extra."""
    try:
        import pyarrow
        import pyarrow.compute
    except ImportError:  # pragma: no cover - pyarrow is installed in the test env
        raise MissingDependencyError(
            "pyarrow", "parquet", purpose="vectorised PII detection"
        ) from None
    return pyarrow


def _value_kind_of_dtype(dtype: Any) -> ValueKind:
    kind = getattr(dtype, "kind", "O")
    name = str(dtype).lower()
    if kind in "iu" or name.startswith(("int", "uint")):
        return "integer"
    if kind == "f" or name.startswith(("float", "double", "decimal")):
        return "float"
    if kind in "mM" or name.startswith(("datetime", "timestamp", "date")):
        return "datetime"
    if kind == "b" or name.startswith("bool"):
        return "bool"
    return "string"


def _to_arrow(values: Any, argument: str) -> tuple[pa.Array, ValueKind]:
    pa = require_pyarrow()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks else pa.array([], pa.string())
    if isinstance(values, pa.Array):
        t = values.type
        if pa.types.is_dictionary(t):
            values = values.cast(t.value_type)
            t = values.type
        if pa.types.is_large_string(t) or pa.types.is_string_view(t):
            try:
                return values.cast(pa.string()), "string"
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # > 2 GiB of text
                return values, "string"
        if pa.types.is_string(t):
            return values, "string"
        if pa.types.is_integer(t):
            return values.cast(pa.string()), "integer"
        if pa.types.is_floating(t) or pa.types.is_decimal(t):
            return values, "float"
        if pa.types.is_temporal(t):
            return values, "datetime"
        if pa.types.is_boolean(t):
            return values, "bool"
        if pa.types.is_null(t):
            return pa.array([None] * len(values), pa.string()), "string"
        return values.cast(pa.string()), "other"
    if hasattr(values, "dtype") and hasattr(values, "to_numpy") and hasattr(values, "array"):
        # pandas Series or Index
        vk = _value_kind_of_dtype(values.dtype)
        if vk == "string":
            try:
                arr = pa.array(values, from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return _mixed(values.to_numpy(dtype=object)), "string"
            return _to_arrow(arr, argument)
        return _to_arrow(pa.array(values, from_pandas=True), argument)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise InvalidInputError(
            f"The {argument!r} argument must be a sequence of values (list, numpy array, "
            f"pandas Series or pyarrow Array). Got {type(values).__name__}."
        )
    arr_np = np.asarray(values) if not isinstance(values, np.ndarray) else values
    if arr_np.ndim != 1:
        arr_np = np.asarray(list(values), dtype=object)
        if arr_np.ndim != 1:
            raise InvalidInputError(f"The {argument!r} argument must be one-dimensional.")
    if arr_np.dtype.kind in "US":
        return pa.array(arr_np.astype(str)), "string"
    if arr_np.dtype.kind == "O":
        try:
            return pa.array(arr_np, type=pa.string(), from_pandas=True), "string"
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return _mixed(arr_np), "string"
    return _to_arrow(pa.array(arr_np, from_pandas=True), argument)


def _mixed(obj: NDArray[Any]) -> pa.Array:
    """Strings from an object array mixing types (the slow path: one step per cell)."""
    pa = require_pyarrow()
    out: list[str | None] = []
    for v in obj:
        if v is None or (isinstance(v, float) and v != v):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        elif isinstance(v, bytes):
            out.append(v.decode("utf-8", "replace"))
        else:
            out.append(str(v))
    return pa.array(out, pa.string())


class Prepared:
    """One column, normalised once for every validator.

    Parameters
    ----------
    values : array-like
        A pandas Series/Index, numpy array, list, or pyarrow (Chunked)Array.
    argument : str
        Name used in error messages.
    """

    def __init__(self, values: Any, *, argument: str = "values") -> None:
        self.raw, self.value_kind = _to_arrow(values, argument)
        self.size = len(self.raw)

    @cached_property
    def notnull(self) -> NDArray[np.bool_]:
        """Cells that hold a value."""
        pc = require_pyarrow().compute
        out: NDArray[np.bool_] = pc.is_valid(self.raw).to_numpy(zero_copy_only=False)
        return out

    @cached_property
    def base(self) -> pa.Array:
        """NFKC-normalised strings (null for non-string columns)."""
        pa = require_pyarrow()
        pc = pa.compute
        if self.value_kind not in ("string", "integer", "other"):
            return pa.nulls(self.size, pa.string())
        return pc.utf8_normalize(self.raw, "NFKC")

    @cached_property
    def compact(self) -> pa.Array:
        """Upper-case, without whitespace and hyphens."""
        pc = require_pyarrow().compute
        base = self.base
        if pc.any(pc.match_substring_regex(base, r"[\s\-]")).as_py():
            base = pc.replace_substring_regex(base, r"[\s\-]+", "")
        return pc.utf8_upper(base)

    @cached_property
    def trimmed(self) -> pa.Array:
        """Without surrounding whitespace."""
        pc = require_pyarrow().compute
        return pc.utf8_trim_whitespace(self.base)

    @cached_property
    def _matrix(self) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        pa = require_pyarrow()
        pc = pa.compute
        arr = self.compact
        ok = pc.and_kleene(pc.is_valid(arr), pc.string_is_ascii(arr))
        ok = pc.fill_null(ok, False)
        arr = pc.if_else(ok, arr, "")
        lengths = pc.binary_length(arr).to_numpy(zero_copy_only=False).astype(np.int64)
        lengths[~ok.to_numpy(zero_copy_only=False)] = -1
        width = int(min(max(int(lengths.max(initial=0)), 1), MAX_WIDTH))
        arr = pc.utf8_slice_codeunits(arr, 0, width)
        arr = pc.ascii_rpad(arr, width, padding="\x00").cast(pa.large_string())
        if isinstance(arr, pa.ChunkedArray):  # pragma: no cover - defensive
            arr = arr.combine_chunks()
        n = len(arr)
        if n == 0:
            return np.zeros((0, width), np.uint8), lengths
        bufs = arr.buffers()
        start = int(np.frombuffer(bufs[1], dtype=np.int64, count=1, offset=arr.offset * 8)[0])
        mat = np.frombuffer(bufs[2], dtype=np.uint8, count=n * width, offset=start)
        return mat.reshape(n, width), lengths

    @property
    def matrix(self) -> NDArray[np.uint8]:
        """``compact`` as an ``(n, width)`` matrix of ASCII codes (zero-padded)."""
        return self._matrix[0]

    @property
    def lengths(self) -> NDArray[np.int64]:
        """Length of each ``compact`` string; ``-1`` when null or not ASCII."""
        return self._matrix[1]

    def columns(self, start: int, stop: int) -> NDArray[np.uint8]:
        """Matrix columns ``start:stop``, zero-padded when the matrix is narrower."""
        m = self.matrix
        if m.shape[1] >= stop:
            return m[:, start:stop]
        out = np.zeros((m.shape[0], stop - start), np.uint8)
        have = max(m.shape[1] - start, 0)
        if have:
            out[:, :have] = m[:, start : start + have]
        return out

    def contains(self, char: str) -> NDArray[np.bool_]:
        """Rows whose ``compact`` form holds ``char``."""
        pc = require_pyarrow().compute
        res = pc.fill_null(pc.match_substring(self.compact, char), False)
        out: NDArray[np.bool_] = res.to_numpy(zero_copy_only=False)
        return out

    def subset(self, rows: NDArray[np.int64], *, drop: str = "") -> Prepared:
        """A new column of the ``compact`` values at ``rows``, without the characters ``drop``."""
        pa = require_pyarrow()
        pc = pa.compute
        arr = self.compact.take(pa.array(rows))
        for char in drop:
            arr = pc.replace_substring(arr, char, "")
        return Prepared(arr)

    def match(
        self, pattern: str, *, form: Literal["compact", "trimmed"] = "compact",
        rows: NDArray[np.int64] | None = None,
    ) -> NDArray[np.bool_]:
        """RE2 match of ``pattern`` (anchor it yourself) on the chosen form (only ``rows``)."""
        pa = require_pyarrow()
        pc = pa.compute
        arr = self.compact if form == "compact" else self.trimmed
        if rows is not None:
            arr = arr.take(pa.array(rows))
        res = pc.fill_null(pc.match_substring_regex(arr, pattern), False)
        out: NDArray[np.bool_] = res.to_numpy(zero_copy_only=False)
        return out
