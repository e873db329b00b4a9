"""Column access over a DataFrame or a 2-d array that keeps the caller's input type.

A model fitted on a DataFrame is scored with DataFrames and one fitted on an
array with arrays, so perturbed copies never trigger feature-name warnings.
Array columns are named ``x0, x1, ...`` (scikit-learn's convention).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["Frame"]


class Frame:
    """A light view of ``X`` with typed column access and row selection."""

    def __init__(self, X: Any, *, caller: str, name: str = "X") -> None:
        import numpy as np
        import pandas as pd

        self.caller = caller
        if isinstance(X, pd.DataFrame):
            self.data: Any = X
            self.is_frame = True
            self.names = [str(c) for c in X.columns]
            self._labels = {str(c): c for c in X.columns}
        else:
            arr = np.asarray(X)
            if arr.ndim != 2:
                raise InvalidInputError(
                    f"The {name!r} argument of {caller} must be a DataFrame or a 2-d array. "
                    f"Got {arr.ndim} dimensions."
                )
            self.data = arr
            self.is_frame = False
            self.names = [f"x{j}" for j in range(arr.shape[1])]
        if len(self) == 0:
            raise InvalidInputError(f"The {name!r} argument of {caller} has no rows.")

    def __len__(self) -> int:
        return int(self.data.shape[0])

    def check(self, names: Any, what: str) -> None:
        """Raise ColumnError naming every entry of ``names`` that is not a column."""
        unknown = [n for n in names if n not in self.names]
        if unknown:
            raise ColumnError(
                f"The {what} of {self.caller} name features that are not columns of X: "
                f"{sorted(unknown)}."
            )

    def values(self, name: str) -> npt.NDArray[Any]:
        """The column's values as a numpy array."""
        import numpy as np

        if self.is_frame:
            return np.asarray(self.data[self._labels[name]].to_numpy())
        return np.asarray(self.data[:, self.names.index(name)])

    def kind(self, name: str) -> Literal["numeric", "categorical"]:
        """``numeric`` for int/float columns, ``categorical`` otherwise."""
        import pandas as pd

        dtype = self.data[self._labels[name]].dtype if self.is_frame else self.data.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            return "categorical"
        return "numeric" if getattr(dtype, "kind", "O") in "iuf" else "categorical"

    def numeric(self, name: str, what: str) -> npt.NDArray[np.float64]:
        """The column as floats; ColumnError when it is not numeric."""
        import numpy as np

        if self.kind(name) != "numeric":
            raise ColumnError(
                f"The {what} of {self.caller} must be numeric; column {name!r} is not."
            )
        if self.is_frame and not isinstance(self.data[self._labels[name]].dtype, np.dtype):
            return np.asarray(self.data[self._labels[name]].to_numpy(dtype=np.float64,
                                                                     na_value=np.nan))
        return np.asarray(self.values(name), dtype=np.float64)

    def is_integer(self, name: str) -> bool:
        """Whether the column holds integers (perturbed values are rounded)."""
        dtype = self.data[self._labels[name]].dtype if self.is_frame else self.data.dtype
        return getattr(dtype, "kind", "O") in "iu"

    def take(self, rows: npt.NDArray[np.intp]) -> Any:
        """A copy of the selected rows (index reset for DataFrames)."""
        if self.is_frame:
            return self.data.iloc[rows].reset_index(drop=True)
        return self.data[rows].copy()

    def copy(self) -> Any:
        """A deep copy of the data."""
        return self.data.copy()

    def assign(self, target: Any, name: str, values: npt.NDArray[Any]) -> Any:
        """Set column ``name`` of ``target`` (a copy made by this Frame); returns ``target``.

        Categorical columns keep their categories (new levels are added);
        integer columns become floats only when ``values`` holds NaN.
        """
        import numpy as np
        import pandas as pd

        if self.is_frame:
            label = self._labels[name]
            col = target[label]
            if isinstance(col.dtype, pd.CategoricalDtype):
                cats = col.cat.categories
                new = pd.Index(pd.unique(pd.Series(values).dropna()))
                extra = new.difference(cats)
                target[label] = pd.Categorical(values, categories=cats.append(extra),
                                               ordered=col.cat.ordered)
            else:
                target[label] = values
            return target
        j = self.names.index(name)
        if target.dtype.kind in "iu" and np.asarray(values).dtype.kind == "f":
            target = target.astype(np.float64)
        elif target.dtype.kind != "O" and np.asarray(values).dtype.kind in "OUS":
            target = target.astype(object)
        target[:, j] = values
        return target
