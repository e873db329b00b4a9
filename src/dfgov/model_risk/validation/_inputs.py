"""Input checks shared by the validation functions (errors name the argument and the rule)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["as_binary", "as_scores", "as_weights", "predict_scores"]


def as_binary(y: Any, *, name: str, caller: str) -> npt.NDArray[np.int64]:
    """A 1-d array of 0/1 labels (bools allowed); no missing values."""
    import numpy as np

    arr = np.asarray(y)
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {name!r} argument of {caller} must be one-dimensional. Got {arr.ndim} dimensions."
        )
    if arr.size == 0:
        raise InvalidInputError(f"The {name!r} argument of {caller} must not be empty.")
    if arr.dtype.kind == "b":
        return arr.astype(np.int64)
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(
            f"The {name!r} argument of {caller} must hold 0/1 labels. Got dtype {arr.dtype}."
        )
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise InvalidInputError(f"The {name!r} argument of {caller} must not contain NaN.")
    if not np.isin(arr, (0, 1)).all():
        raise InvalidInputError(f"The {name!r} argument of {caller} must hold only 0 and 1.")
    return arr.astype(np.int64)


def as_scores(
    s: Any, *, name: str, caller: str, n: int | None = None, probability: bool = False
) -> npt.NDArray[np.float64]:
    """A 1-d finite float array, of length ``n`` if given, in [0, 1] if ``probability``."""
    import numpy as np

    try:
        arr = np.asarray(s, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(f"The {name!r} argument of {caller} must be numeric.") from None
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {name!r} argument of {caller} must be one-dimensional. Got {arr.ndim} dimensions."
        )
    if n is not None and arr.shape[0] != n:
        raise InvalidInputError(
            f"The {name!r} argument of {caller} must have {n} values like y_true. "
            f"Got {arr.shape[0]}."
        )
    if not np.isfinite(arr).all():
        raise InvalidInputError(f"The {name!r} argument of {caller} must be finite (no NaN/inf).")
    if probability and (arr.min(initial=0.0) < 0.0 or arr.max(initial=0.0) > 1.0):
        raise InvalidInputError(
            f"The {name!r} argument of {caller} must hold probabilities in [0, 1]."
        )
    return arr


def as_weights(w: Any, *, n: int, caller: str) -> npt.NDArray[np.float64] | None:
    """Optional non-negative finite sample weights of length ``n``."""
    import numpy as np

    if w is None:
        return None
    arr = as_scores(w, name="sample_weight", caller=caller, n=n)
    if (arr < 0).any():
        raise InvalidInputError(f"The 'sample_weight' argument of {caller} must be non-negative.")
    if arr.sum() <= 0:
        raise InvalidInputError(f"The 'sample_weight' argument of {caller} must not sum to 0.")
    return np.asarray(arr, dtype=np.float64)


def predict_scores(model: Any, X: Any, *, caller: str) -> npt.NDArray[np.float64]:
    """Probability of the positive class (column 1 of ``predict_proba``)."""
    import numpy as np

    proba = getattr(model, "predict_proba", None)
    if proba is None or not callable(proba):
        raise InvalidInputError(
            f"The 'model' argument of {caller} must have a predict_proba method. "
            f"Got {type(model).__name__}."
        )
    out = np.asarray(proba(X), dtype=np.float64)
    if out.ndim != 2 or out.shape[1] != 2:
        raise InvalidInputError(
            f"The 'model' argument of {caller} must be a binary classifier: predict_proba "
            f"returned shape {out.shape}."
        )
    return np.ascontiguousarray(out[:, 1])
