"""The one boundary where tabular inputs become pandas objects, names and dtypes kept.

Every place that takes a frame (X, reference data, sensitive features, data to
scan) converts it here, once:

- pandas passes through untouched (no copy);
- polars (eager or lazy) and pyarrow Tables/RecordBatches go through Arrow with one
  block per column: numeric columns without missing values are not copied at all,
  other columns are copied once; categoricals and enums stay pandas categoricals,
  strings become pandas strings;
- any other object that exports Arrow data (``__arrow_c_stream__``: DuckDB, narwhals,
  cuDF ...) or the dataframe interchange protocol (``__dataframe__``) is read the same way;
- a numpy structured array keeps its field names; a 2-d numpy array needs explicit
  ``columns`` — without them the columns are named ``x0, x1, ...`` and
  :attr:`FrameInput.names_assumed` is True, so a caller can say that column order
  was assumed.

One-dimensional inputs (labels, scores, one sensitive column) go through
:func:`to_series`, which keeps a pandas index and converts polars and pyarrow
series the same way. pandas, polars and pyarrow are imported only when an object
of theirs arrives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FrameInput", "is_frame_like", "to_pandas", "to_series"]


@dataclass(frozen=True)
class FrameInput:
    """A converted frame and whether its column names were made up."""

    frame: pd.DataFrame
    names_assumed: bool


def _root(obj: Any) -> str:
    return type(obj).__module__.split(".")[0]


def is_frame_like(data: Any) -> bool:
    """Whether ``data`` is a data frame of a library :func:`to_pandas` reads by name."""
    name = type(data).__name__
    root = _root(data)
    if root == "pandas":
        return name == "DataFrame"
    if root == "polars":
        return name in ("DataFrame", "LazyFrame")
    if root == "pyarrow":
        return name in ("Table", "RecordBatch")
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__dataframe__")


def _arrow_to_pandas(table: Any) -> pd.DataFrame:
    """An Arrow Table as pandas: one block per column, numeric columns without a copy."""
    frame: pd.DataFrame = table.to_pandas(split_blocks=True)
    return frame


def _from_polars(data: Any) -> Any:
    if type(data).__name__ == "LazyFrame":
        data = data.collect()
    return data.to_arrow()


def to_pandas(
    data: Any, *, argument: str, caller: str, columns: Sequence[str] | None = None
) -> FrameInput:
    """Convert ``data`` to a pandas DataFrame with string column names.

    Parameters
    ----------
    data : pandas DataFrame or Series, polars DataFrame, LazyFrame or Series, pyarrow Table
        or RecordBatch, an Arrow-exporting object, a numpy 2-d or structured array, or a
        mapping of column name to values
    argument, caller : str
        Named in error messages (``"The 'X' argument of ModelRiskAssessment.run ..."``).
    columns : sequence of str, optional
        Names for the columns of an array (required for correct alignment by name).

    Raises
    ------
    InvalidInputError
        Not tabular, not 2-d, or ``columns`` of the wrong length.
    ColumnError
        Duplicate column names.
    """
    import pandas as pd

    root = _root(data)
    assumed = False
    if isinstance(data, pd.DataFrame):
        frame = data
    elif isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else argument)
    elif root == "polars" and type(data).__name__ in ("DataFrame", "LazyFrame", "Series"):
        if type(data).__name__ == "Series":
            frame = to_series(data, argument=argument, caller=caller).to_frame()
        else:
            frame = _arrow_to_pandas(_from_polars(data))
    elif root == "pyarrow" and type(data).__name__ in ("Table", "RecordBatch"):
        frame = _arrow_to_pandas(data)
    elif root == "pyarrow" and hasattr(data, "type") and hasattr(data, "to_pandas"):
        frame = to_series(data, argument=argument, caller=caller).to_frame()
    elif isinstance(data, Mapping):
        frame = pd.DataFrame({str(k): _column(v) for k, v in data.items()})
    elif hasattr(data, "__arrow_c_stream__"):
        import pyarrow as pa

        frame = _arrow_to_pandas(pa.table(data))
    elif hasattr(data, "__dataframe__") and not hasattr(data, "__array__"):
        frame = pd.api.interchange.from_dataframe(data)
    else:
        frame, assumed = _from_array(data, argument, caller, columns)
    if not frame.columns.is_unique:
        raise ColumnError(f"The {argument!r} argument of {caller} has duplicate column names.")
    if frame.columns.inferred_type != "string" or any(
            not isinstance(c, str) for c in frame.columns):
        frame = frame.rename(columns=str)
    return FrameInput(frame, assumed)


def _column(values: Any) -> Any:
    """One column of a mapping: polars/pyarrow series converted, anything else as is."""
    if _root(values) in ("polars", "pyarrow"):
        return to_series(values, argument="column", caller="to_pandas").to_numpy()
    return values


def _from_array(data: Any, argument: str, caller: str,
                columns: Sequence[str] | None) -> tuple[pd.DataFrame, bool]:
    import numpy as np
    import pandas as pd

    try:
        arr = np.asarray(data)
    except Exception:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} must be a DataFrame (pandas, polars, "
            f"pyarrow) or a 2-d array. Got {type(data).__name__}."
        ) from None
    if arr.dtype.names is not None and arr.ndim == 1:  # a structured array names its fields
        return pd.DataFrame({str(n): arr[n] for n in arr.dtype.names}), False
    if arr.ndim != 2:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} must be 2-d. Got {arr.ndim} "
            "dimension(s)."
        )
    if columns is None:
        return pd.DataFrame(arr, columns=[f"x{j}" for j in range(arr.shape[1])]), True
    names = [str(c) for c in columns]
    if len(names) != arr.shape[1]:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} has {arr.shape[1]} columns but "
            f"{len(names)} column names were given."
        )
    return pd.DataFrame(arr, columns=names), False


def to_series(data: Any, *, argument: str, caller: str) -> pd.Series:
    """Convert one-dimensional ``data`` to a pandas Series (a pandas index is kept).

    Accepts a pandas Series, a one-column DataFrame, a polars Series, a pyarrow Array or
    ChunkedArray, a numpy array or a list. Categoricals stay categoricals.

    Raises
    ------
    InvalidInputError
        ``data`` is not one-dimensional.
    """
    import numpy as np
    import pandas as pd

    if isinstance(data, pd.Series):
        return data
    root = _root(data)
    if isinstance(data, pd.DataFrame) or (root in ("polars", "pyarrow") and type(
            data).__name__ in ("DataFrame", "LazyFrame", "Table", "RecordBatch")):
        frame = to_pandas(data, argument=argument, caller=caller).frame
        if frame.shape[1] != 1:
            raise InvalidInputError(
                f"The {argument!r} argument of {caller} must be one-dimensional; got "
                f"{frame.shape[1]} columns."
            )
        return frame.iloc[:, 0]
    if root == "polars":
        name = getattr(data, "name", None) or argument
        arrow = data.to_arrow()
        out: pd.Series = arrow.to_pandas()
        return out.rename(name)
    if root == "pyarrow" and hasattr(data, "to_pandas"):
        series: pd.Series = data.to_pandas()
        return series if series.name is not None else series.rename(argument)
    arr = np.asarray(data)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} must be one-dimensional. Got shape "
            f"{arr.shape}."
        )
    return pd.Series(arr, name=argument)
