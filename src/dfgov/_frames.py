"""The one boundary where tabular inputs become pandas objects, names and dtypes kept.

Every place that takes a frame (X, reference data, sensitive features, data to
scan) converts it here, once: pandas passes through untouched, polars (eager or
lazy) and pyarrow Tables/RecordBatches convert with their column names and
dtypes, and a 2-d numpy array needs explicit ``columns`` — without them the
columns are named ``x0, x1, ...`` and :attr:`FrameInput.names_assumed` is True,
so a caller can say that column order was assumed.

pandas, polars and pyarrow are imported only when an object of theirs arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FrameInput", "to_pandas"]


@dataclass(frozen=True)
class FrameInput:
    """A converted frame and whether its column names were made up."""

    frame: pd.DataFrame
    names_assumed: bool


def _root(obj: Any) -> str:
    return type(obj).__module__.split(".")[0]


def to_pandas(
    data: Any, *, argument: str, caller: str, columns: Sequence[str] | None = None
) -> FrameInput:
    """Convert ``data`` to a pandas DataFrame with string column names.

    Parameters
    ----------
    data : pandas DataFrame or Series, polars DataFrame or LazyFrame, pyarrow Table or
        RecordBatch, numpy 2-d array, or a mapping of column name to values
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
    elif root == "polars":
        if type(data).__name__ == "LazyFrame":
            data = data.collect()
        if type(data).__name__ == "Series":
            data = data.to_frame()
        frame = data.to_pandas()
    elif root == "pyarrow" and hasattr(data, "to_pandas"):
        frame = data.to_pandas()
    elif isinstance(data, dict):
        frame = pd.DataFrame(data)
    else:
        import numpy as np

        try:
            arr = np.asarray(data)
        except Exception:
            raise InvalidInputError(
                f"The {argument!r} argument of {caller} must be a DataFrame (pandas, polars, "
                f"pyarrow) or a 2-d array. Got {type(data).__name__}."
            ) from None
        if arr.ndim != 2:
            raise InvalidInputError(
                f"The {argument!r} argument of {caller} must be 2-d. Got {arr.ndim} "
                "dimension(s)."
            )
        if columns is None:
            names = [f"x{j}" for j in range(arr.shape[1])]
            assumed = True
        else:
            names = [str(c) for c in columns]
            if len(names) != arr.shape[1]:
                raise InvalidInputError(
                    f"The {argument!r} argument of {caller} has {arr.shape[1]} columns but "
                    f"{len(names)} column names were given."
                )
        frame = pd.DataFrame(arr, columns=names)
    if not frame.columns.is_unique:
        raise ColumnError(f"The {argument!r} argument of {caller} has duplicate column names.")
    if frame.columns.inferred_type != "string":
        frame = frame.rename(columns=str)
    return FrameInput(frame, assumed)
