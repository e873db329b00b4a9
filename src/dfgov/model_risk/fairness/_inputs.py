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

from dfgov.errors import ColumnError, InvalidInputError

__all__ = ["Encoded", "GroupCodes", "encode_groups", "encode_inputs"]

MISSING_LABEL = "missing"


@dataclass(frozen=True)
class GroupCodes:
    """Integer group codes over the product of the columns' observed levels."""

    codes: npt.NDArray[np.intp]
    index: pd.Index
    names: tuple[str, ...]
    levels: tuple[tuple[Any, ...], ...]

    @property
    def size(self) -> int:
        """Number of groups in the full product of levels."""
        return len(self.index)


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
    def group(self) -> npt.NDArray[np.intp]:
        """Combined code: control level x sensitive group (control-major)."""
        if self.control is None:
            return self.sensitive.codes
        return self.control.codes * self.sensitive.size + self.sensitive.codes


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
        if y_true.dtype.kind == "b" and isinstance(pos_label, int | bool):
            yt = y_true if pos_label else ~y_true
        else:
            yt = y_true == pos_label
        yp = y_pred == pos_label if y_pred.dtype.kind != "b" else (
            y_pred if pos_label else ~y_pred)
        return np.asarray(yt, dtype=np.uint8), np.asarray(yp, dtype=np.uint8), cls, True
    try:
        lookup = {v: i for i, v in enumerate(labels)}
        yt = np.fromiter((lookup[v] for v in y_true.tolist()), np.intp, len(y_true))
        yp = np.fromiter((lookup[v] for v in y_pred.tolist()), np.intp, len(y_pred))
    except KeyError:  # pragma: no cover - labels come from the arrays themselves
        raise InvalidInputError("The 'y_true' argument holds unknown labels.") from None
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
    series = col if isinstance(col, pd.Series) else pd.Series(_to_1d(col, arg))
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy()
        cats = list(series.cat.categories)
        seen = np.bincount(raw.astype(np.intp) + 1, minlength=len(cats) + 1)
        has_na = bool(seen[0])
        keep = np.flatnonzero(seen[1:])
        lut = np.full(len(cats) + 1, -1, dtype=np.intp)
        lut[keep + 1] = np.arange(len(keep))
        codes = lut[raw.astype(np.intp) + 1]
        levels = [cats[i] for i in keep]
    else:
        values = series.to_numpy()
        try:
            codes, uniq = pd.factorize(values, sort=True)
        except TypeError:
            codes, uniq = pd.factorize(values, sort=False)
        codes = codes.astype(np.intp, copy=False)
        has_na = bool((codes < 0).any())
        levels = list(uniq)
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
    code = codes_all[-1]
    stride = len(levels_all[-1])
    for c, lv in zip(codes_all[-2::-1], levels_all[-2::-1], strict=True):
        code = c * stride + code
        stride *= len(lv)
    index: pd.Index
    if len(names) == 1:
        index = pd.Index(levels_all[0], name=names[0])
    else:
        index = pd.MultiIndex.from_product(levels_all, names=names)
    return GroupCodes(codes=np.asarray(code, dtype=np.intp), index=index, names=tuple(names),
                      levels=tuple(tuple(lv) for lv in levels_all))


def _weights(sample_weight: Any, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    w = _to_1d(sample_weight, "sample_weight")
    if len(w) != n:
        raise InvalidInputError(
            f"The 'sample_weight' argument has {len(w)} rows; 'y_true' has {n}."
        )
    if w.dtype.kind not in "biuf":
        raise InvalidInputError("The 'sample_weight' argument must be numeric.")
    w = w.astype(np.float64, copy=False)
    if not bool(np.isfinite(w).all()):
        raise InvalidInputError("The 'sample_weight' argument must be finite (no NaN or inf).")
    if bool((w < 0).any()):
        raise InvalidInputError("The 'sample_weight' argument must not be negative.")
    if not w.sum() > 0:
        raise InvalidInputError("The 'sample_weight' argument must have a positive total.")
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


def encode_inputs(
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
) -> Encoded:
    """Validate and encode all inputs of a group-metric computation."""
    if missing not in ("error", "group"):
        raise InvalidInputError("The 'missing' argument must be 'error' or 'group'.")
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
    if sens.size < 2:
        raise InvalidInputError(
            "The 'sensitive_features' argument defines a single group; at least two are needed."
        )
    ctrl = None
    if control_features is not None:
        ctrl = encode_groups(control_features, n, arg="control_features", missing=missing)
    return Encoded(
        n=n, y_true=t, y_pred=p, classes=cls, binary=binary, pos_label=pos_label,
        weight=_weights(sample_weight, n), score=_scores(y_score, n),
        sensitive=sens, control=ctrl,
    )
