"""Validation and encoding of fairness inputs: labels, groups, weights, scores.

Everything is turned into small integer codes in one pass per array, so the
counting step is a single ``np.bincount``. Error messages name the argument
and the rule, never a value from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from dfgov._validate import check_choice, param_error
from dfgov.errors import ColumnError, InvalidInputError

__all__ = ["Encoded", "GroupCodes", "Layout", "encode_groups", "encode_inputs"]

MISSING_LABEL = "missing"

_CALLER = "GroupMetrics"


@dataclass(frozen=True)
class Layout:
    """Column names and levels of a grouping; groups are the product of the levels."""

    names: tuple[str, ...]
    levels: tuple[tuple[Any, ...], ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels per column."""
        return tuple(len(lv) for lv in self.levels)

    @property
    def size(self) -> int:
        """Number of groups in the full product of levels."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def index(self) -> pd.Index:
        """The groups as a pandas Index (a MultiIndex for several columns)."""
        if len(self.names) == 1:
            single: pd.Index = pd.Index(list(self.levels[0]), name=self.names[0])
            return single
        return pd.MultiIndex.from_product([list(lv) for lv in self.levels],
                                          names=list(self.names))

    def keep(self, keep: Sequence[npt.NDArray[np.intp]]) -> Layout:
        """The layout restricted to the kept level positions of each column."""
        return Layout(self.names, tuple(tuple(lv[i] for i in k)
                                        for lv, k in zip(self.levels, keep, strict=True)))


@dataclass(frozen=True)
class GroupCodes:
    """Integer group codes over the product of the columns' levels (row-major)."""

    codes: npt.NDArray[np.integer[Any]]
    layout: Layout

    @property
    def size(self) -> int:
        """Number of groups in the full product of levels."""
        return self.layout.size


@dataclass(frozen=True)
class Encoded:
    """Validated inputs, encoded."""

    n: int
    y_true: npt.NDArray[Any]
    y_pred: npt.NDArray[Any]
    classes: tuple[Any, ...]
    binary: bool
    pos_label: Any
    weight: npt.NDArray[np.float64] | None
    score: npt.NDArray[np.float64] | None
    sensitive: GroupCodes
    control: GroupCodes | None

    @property
    def group(self) -> npt.NDArray[np.integer[Any]]:
        """Combined code: control level x sensitive group (control-major)."""
        if self.control is None:
            return self.sensitive.codes
        return (self.control.codes.astype(np.int64) * self.sensitive.size
                + self.sensitive.codes)


def _to_1d(value: Any, arg: str) -> np.ndarray:
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 1:
            raise InvalidInputError(f"The {arg!r} argument must be one-dimensional.")
        value = value.iloc[:, 0]
    arr = value.to_numpy() if isinstance(value, pd.Series | pd.Index) else np.asarray(value)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise InvalidInputError(f"The {arg!r} argument must be one-dimensional.")
    return arr


def _has_missing(arr: np.ndarray) -> bool:
    if arr.dtype.kind == "f":
        return bool(np.isnan(arr).any())
    if arr.dtype.kind in "biu":
        return False
    return bool(pd.isna(arr).any())


def _labels(y_true: np.ndarray, y_pred: np.ndarray, classes: Sequence[Any] | None) -> list[Any]:
    """Distinct labels (sorted where possible), cheap for 0/1 arrays."""
    if classes is not None:
        declared = list(classes)
        if len(declared) < 1 or len(set(declared)) != len(declared):
            raise InvalidInputError(
                "The 'classes' argument must list distinct labels. Got a list with duplicates."
            )
        for arg, arr in (("y_true", y_true), ("y_pred", y_pred)):
            if not np.isin(arr, np.asarray(declared, dtype=object if arr.dtype == object
                                           else None)).all():
                raise InvalidInputError(
                    f"The {arg!r} argument holds labels outside the declared 'classes'."
                )
        return declared
    found: set[Any] = set()
    for arr in (y_true, y_pred):
        if arr.dtype.kind == "b":
            found.update(np.unique(arr).tolist())
        elif arr.dtype.kind in "iuf" and arr.min() >= 0 and arr.max() <= 1 and (
            arr.dtype.kind != "f" or bool(((arr == 0) | (arr == 1)).all())
        ):
            found.update(x for x in (0, 1) if bool((arr == x).any()))
        else:
            found.update(pd.unique(arr).tolist())
    try:
        return sorted(found)
    except TypeError:
        return sorted(found, key=repr)


def _as_bits(arr: np.ndarray) -> np.ndarray:
    """0/1 labels as uint8, without a copy when they are bool or one-byte integers."""
    if arr.dtype.kind in "biu" and arr.dtype.itemsize == 1:
        return arr.view(np.uint8)
    return np.asarray(arr == 1, dtype=np.uint8)


def _encode_labels(
    y_true: np.ndarray, y_pred: np.ndarray, classes: Sequence[Any] | None, pos_label: Any
) -> tuple[np.ndarray, np.ndarray, tuple[Any, ...], bool]:
    labels = _labels(y_true, y_pred, classes)
    if len(labels) <= 2:
        if pos_label not in labels and (classes is not None or len(labels) == 2):
            raise InvalidInputError(
                    "The 'pos_label' argument must be one of the labels of 'y_true' and "
                    "'y_pred'."
                )
        neg = [c for c in labels if c != pos_label]
        cls = (neg[0] if neg else None, pos_label)
        if pos_label == 1 and set(labels) <= {0, 1}:
            return _as_bits(y_true), _as_bits(y_pred), cls, True
        if y_true.dtype.kind == "b" and isinstance(pos_label, int | bool):
            yt = y_true if pos_label else ~y_true
        else:
            yt = y_true == pos_label
        yp = y_pred == pos_label if y_pred.dtype.kind != "b" else (
            y_pred if pos_label else ~y_pred)
        return np.asarray(yt, dtype=np.uint8), np.asarray(yp, dtype=np.uint8), cls, True
    yt = pd.Categorical(y_true, categories=labels).codes.astype(np.intp)
    yp = pd.Categorical(y_pred, categories=labels).codes.astype(np.intp)
    return yt, yp, tuple(labels), False


def _sensitive_columns(value: Any, arg: str) -> list[tuple[str, Any]]:
    prefix = "sensitive_feature" if arg == "sensitive_features" else "control_feature"
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 0:
            raise InvalidInputError(f"The {arg!r} argument must have at least one column.")
        return [(str(c), value[c]) for c in value.columns]
    if isinstance(value, pd.Series):
        return [(str(value.name) if value.name is not None else f"{prefix}_0", value)]
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items()]
    arr = np.asarray(value)
    if arr.ndim == 1:
        return [(f"{prefix}_0", arr)]
    if arr.ndim == 2:
        return [(f"{prefix}_{j}", arr[:, j]) for j in range(arr.shape[1])]
    raise InvalidInputError(f"The {arg!r} argument must be one- or two-dimensional.")


def _encode_column(
    name: str, col: Any, missing: Literal["error", "group"], arg: str
) -> tuple[np.ndarray, list[Any]]:
    """Codes and levels of one column. Categoricals keep every category as a level
    (unobserved ones are pruned after counting); other columns are factorized."""
    series = col if isinstance(col, pd.Series) else pd.Series(_to_1d(col, arg))
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes: np.ndarray = series.cat.codes.to_numpy()
        levels = list(series.cat.categories)
        has_na = len(codes) > 0 and bool(codes.min() < 0)
    else:
        codes, uniq = series.factorize(sort=False)
        levels = list(uniq)
        has_na = bool((codes < 0).any())
        try:  # sort the few levels, then remap the codes through a small table
            order = sorted(range(len(levels)), key=lambda i: levels[i])
        except TypeError:
            order = list(range(len(levels)))
        if order != list(range(len(levels))):
            small = np.int8 if len(levels) < 127 else np.int32
            lut = np.empty(len(levels) + 1, dtype=small)
            lut[np.asarray(order, dtype=np.intp)] = np.arange(len(levels))
            lut[-1] = -1  # code -1 (missing) indexes the last entry
            codes = lut[codes]
            levels = [levels[i] for i in order]
    if has_na:
        if missing == "error":
            raise ColumnError(
                f"The {arg} column {name!r} has missing values; they are not allowed "
                "unless the policy's 'missing' is 'group'."
            )
        label = MISSING_LABEL if MISSING_LABEL not in levels else f"({MISSING_LABEL})"
        codes = np.where(codes < 0, len(levels), codes)
        levels.append(label)
    return codes, levels


def encode_groups(
    value: Any, n: int, *, arg: str = "sensitive_features",
    missing: Literal["error", "group"] = "error",
) -> GroupCodes:
    """Encode one or several columns into intersection codes (mixed radix)."""
    cols = _sensitive_columns(value, arg)
    codes_all: list[np.ndarray] = []
    levels_all: list[list[Any]] = []
    names: list[str] = []
    for name, col in cols:
        if len(col) != n:
            raise InvalidInputError(
                f"The {arg} column {name!r} has {len(col)} rows; 'y_true' has {n}."
            )
        c, lv = _encode_column(name, col, missing, arg)
        codes_all.append(c)
        levels_all.append(lv)
        names.append(name)
    if len(set(names)) != len(names):
        raise InvalidInputError(f"The {arg!r} argument has duplicate column names.")
    layout = Layout(tuple(names), tuple(tuple(lv) for lv in levels_all))
    size = layout.size
    dtype: type[np.signedinteger[Any]] | type[np.unsignedinteger[Any]]
    dtype = (np.uint8 if size <= 2**8 else np.uint16 if size <= 2**16
             else np.int32 if size < 2**31 else np.int64)
    code: npt.NDArray[Any] = codes_all[-1].astype(dtype)
    stride = len(levels_all[-1])
    for c, lv in zip(codes_all[-2::-1], levels_all[-2::-1], strict=True):
        code += c.astype(dtype) * np.asarray(stride, dtype=dtype)
        stride *= len(lv)
    return GroupCodes(codes=code, layout=layout)


def _weights(sample_weight: Any, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    w = _to_1d(sample_weight, "sample_weight")
    if len(w) != n:
        raise param_error(_CALLER, "sample_weight", f"must have one value per row ({n})",
                          got_text=f"{len(w)} values")
    if w.dtype.kind not in "biuf":
        raise param_error(_CALLER, "sample_weight", "must be numeric",
                          got_text=f"dtype {w.dtype}")
    w = w.astype(np.float64, copy=False)
    if not bool(np.isfinite(w).all()):
        raise param_error(_CALLER, "sample_weight", "must be finite (no NaN or inf)")
    if bool((w < 0).any()):
        raise param_error(_CALLER, "sample_weight", "must not be negative")
    if not w.sum() > 0:
        raise param_error(_CALLER, "sample_weight", "must have a positive total")
    return w


def _scores(y_score: Any, n: int) -> np.ndarray | None:
    if y_score is None:
        return None
    s = _to_1d(y_score, "y_score")
    if len(s) != n:
        raise InvalidInputError(f"The 'y_score' argument has {len(s)} rows; 'y_true' has {n}.")
    if s.dtype.kind not in "biuf":
        raise InvalidInputError("The 'y_score' argument must be numeric.")
    s = s.astype(np.float64, copy=False)
    if bool(np.isnan(s).any()):
        raise InvalidInputError("The 'y_score' argument must not contain NaN.")
    if bool((s < 0).any() | (s > 1).any()):
        raise InvalidInputError("The 'y_score' argument must lie in [0, 1] (probabilities).")
    return s


def encode_inputs(y_true: Any, y_pred: Any, sensitive_features: Any, y_score: Any,
                  sample_weight: Any, control_features: Any, pos_label: Any,
                  classes: Sequence[Any] | None, missing: Literal["error", "group"]) -> Encoded:
    """Validate and encode all inputs of a group-metric computation (GroupMetrics' order)."""
    check_choice(missing, ("error", "group"), caller=_CALLER, parameter="missing")
    yt = _to_1d(y_true, "y_true")
    yp = _to_1d(y_pred, "y_pred")
    n = len(yt)
    if n == 0:
        raise InvalidInputError("The 'y_true' argument is empty; at least one row is needed.")
    if len(yp) != n:
        raise InvalidInputError(f"The 'y_pred' argument has {len(yp)} rows; 'y_true' has {n}.")
    for arg, arr in (("y_true", yt), ("y_pred", yp)):
        if _has_missing(arr):
            raise InvalidInputError(f"The {arg!r} argument must not contain missing values.")
    t, p, cls, binary = _encode_labels(yt, yp, classes, pos_label)
    sens = encode_groups(sensitive_features, n, arg="sensitive_features", missing=missing)
    ctrl = None
    if control_features is not None:
        ctrl = encode_groups(control_features, n, arg="control_features", missing=missing)
    return Encoded(
        n=n, y_true=t, y_pred=p, classes=cls, binary=binary, pos_label=pos_label,
        weight=_weights(sample_weight, n), score=_scores(y_score, n),
        sensitive=sens, control=ctrl,
    )
