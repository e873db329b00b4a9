"""Adapter families: ONNX graphs, scoring functions (:class:`CallableModel`), scikit-learn.

:class:`CallableModel` is the small protocol for any scoring function: the function,
the input names it expects, the classes and the scale of what it returns.
:class:`OnnxModel` runs an ONNX graph with onnxruntime and reads its class labels
from the graph itself. Anything else with scikit-learn's classifier API
(``predict_proba`` and ``classes_``; Pipelines included) is the last family.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import InputFileError, InvalidInputError, MissingDependencyError
from dfgov.model_risk._adapter_base import EPS32, EPS64, LinearTerms, ModelAdapter, feature_names_of

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["CallableModel", "OnnxModel", "callable_family", "onnx_family", "sklearn_family"]


# -- any scoring function -------------------------------------------------------------------
@dataclass(frozen=True)
class CallableModel:
    """Any scoring function, described well enough to be assessed.

    Parameters
    ----------
    function : callable
        ``function(X) -> scores``. ``X`` is a pandas DataFrame holding exactly
        ``feature_names``, in that order. It returns either an ``(n, len(classes))``
        array of class probabilities, or a 1-d array with the score of ``classes[-1]``
        on ``output_scale``.
    feature_names : sequence of str
        The inputs the function reads (sensitive columns the function does not use
        never reach it).
    classes : sequence, default (0, 1)
        The labels, in the order of the function's probability columns.
    output_scale : {"probability", "log_odds"}, default "probability"
        What a 1-d output holds: the probability or the log-odds of ``classes[-1]``.
    precision : float, default 2.22e-16
        Machine epsilon of the function's arithmetic (1.19e-7 for float32).

    Examples
    --------
    >>> import numpy as np
    >>> from dfgov.model_risk import CallableModel, adapt
    >>> def score(X):
    ...     return 0.05 * X["duration_months"].to_numpy() - 2.0
    >>> model = CallableModel(score, feature_names=["duration_months"], output_scale="log_odds")
    >>> adapt(model).classes
    (0, 1)
    """

    function: Callable[[Any], Any]
    feature_names: Sequence[str]
    classes: Sequence[Any] = (0, 1)
    output_scale: Literal["probability", "log_odds"] = "probability"
    precision: float = EPS64


def callable_family(model: Any) -> ModelAdapter | None:
    """:class:`CallableModel`."""
    if not isinstance(model, CallableModel):
        return None
    if not callable(model.function):
        raise InvalidInputError("The 'function' of CallableModel must be callable.")
    names = tuple(str(n) for n in model.feature_names)
    classes = tuple(model.classes)
    if not names:
        raise InvalidInputError("The 'feature_names' of CallableModel must name the inputs.")
    if len(classes) < 2 or len(set(classes)) != len(classes):
        raise InvalidInputError(
            "The 'classes' of CallableModel must list at least two distinct labels."
        )
    if model.output_scale not in ("probability", "log_odds"):
        raise InvalidInputError(
            "The 'output_scale' of CallableModel must be 'probability' or 'log_odds'. "
            f"Got {model.output_scale!r}."
        )
    fn = model.function
    scale = model.output_scale

    def raw(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        return np.asarray(fn(X), dtype=np.float64)

    def proba(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        out = raw(X)
        if out.ndim == 2:
            return out
        if len(classes) != 2:
            raise InvalidInputError(
                "The CallableModel returned one score per row, but has "
                f"{len(classes)} classes; return one probability column per class."
            )
        p = 1.0 / (1.0 + np.exp(-out)) if scale == "log_odds" else out
        return np.column_stack([1.0 - p, p])

    def margin(X: pd.DataFrame) -> np.ndarray:
        out = raw(X)
        if out.ndim != 1:
            raise InvalidInputError("A log-odds CallableModel must return one score per row.")
        return out

    return ModelAdapter(
        model=model, family="callable", feature_names=names, classes=classes,
        output_scale=scale, precision=float(model.precision), proba=proba,
        n_terms=len(names), margin=margin if scale == "log_odds" and len(classes) == 2
        else None,
    )


# -- ONNX -----------------------------------------------------------------------------------
_ELEM = {1: "float32", 11: "float64", 6: "int32", 7: "int64", 8: "str", 9: "bool"}


class OnnxModel:
    """An ONNX classifier run by onnxruntime, with its inputs, classes and precision.

    Parameters
    ----------
    source : str, Path or bytes
        An ``.onnx`` file or its bytes (e.g. from skl2onnx or onnxmltools).
    feature_names : sequence of str, optional
        The inputs in order, for a graph with one 2-d input; by default the graph's
        ``feature_names`` metadata (a JSON list), or, for a graph with one input per
        column, the input names.
    classes : sequence, optional
        The labels; by default read from the graph (``classlabels_*`` of its classifier
        or ZipMap node, or ``classes`` metadata).

    Attributes
    ----------
    feature_names_ : tuple of str or None
    classes_ : tuple
    categorical_ : tuple of str
        Per-column inputs of string type.
    """

    def __init__(self, source: str | Path | bytes, *, feature_names: Sequence[str] | None = None,
                 classes: Sequence[Any] | None = None) -> None:
        try:
            import onnx
            import onnxruntime
        except ImportError as exc:
            raise MissingDependencyError("onnxruntime", "models", purpose="ONNX models") from exc
        data = source if isinstance(source, bytes) else _read(Path(source))
        self.content_ = data
        try:
            proto = onnx.load_from_string(data)
            self._session = onnxruntime.InferenceSession(
                data, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise InputFileError(
                f"The ONNX model cannot be read: {type(exc).__name__}."
            ) from None
        meta = {p.key: p.value for p in proto.metadata_props}
        self._inputs = [(i.name, _ELEM.get(i.type.tensor_type.elem_type, "float32"),
                         [d.dim_value for d in i.type.tensor_type.shape.dim])
                        for i in proto.graph.input
                        if i.name not in {t.name for t in proto.graph.initializer}]
        self._per_column = len(self._inputs) > 1 or (
            len(self._inputs) == 1 and len(self._inputs[0][2]) == 2
            and self._inputs[0][2][1] == 1 and feature_names is None
            and "feature_names" not in meta)
        if feature_names is not None:
            self.feature_names_: tuple[str, ...] | None = tuple(str(n) for n in feature_names)
        elif self._per_column:
            self.feature_names_ = tuple(n for n, _, _ in self._inputs)
        elif "feature_names" in meta:
            self.feature_names_ = tuple(str(n) for n in json.loads(meta["feature_names"]))
        else:
            self.feature_names_ = None
        self.categorical_ = tuple(n for n, t, _ in self._inputs
                                  if self._per_column and t == "str")
        found = classes if classes is not None else _graph_classes(proto, meta)
        if found is None:
            raise InvalidInputError(
                "The ONNX model does not record its class labels (no classlabels attribute, "
                "no 'classes' metadata); pass OnnxModel(..., classes=[...])."
            )
        self.classes_ = tuple(found)
        outs = self._session.get_outputs()
        self._proba_at = next(
            (k for k, o in enumerate(outs) if "map" in o.type or (
                o.type.startswith("tensor(float") and len(o.shape or ()) == 2)), None)
        if self._proba_at is None:
            raise InvalidInputError(
                "The ONNX model has no probability output (a float tensor of shape [n, "
                "classes] or a sequence of maps)."
            )
        self.precision_ = EPS64 if "double" in outs[self._proba_at].type else EPS32

    def feed(self, X: pd.DataFrame) -> dict[str, Any]:
        """The onnxruntime input dictionary for the rows of ``X`` (the model's columns)."""
        import numpy as np

        if not self._per_column:
            name, elem, _ = self._inputs[0]
            return {name: X.to_numpy(dtype=np.dtype(elem), na_value=np.nan)
                    if elem != "str" else X.to_numpy(dtype=object)}
        out: dict[str, Any] = {}
        for (name, elem, _), col in zip(self._inputs, X.columns, strict=True):
            v = X[col]
            if elem == "str":
                arr = v.astype(object).where(v.notna(), "").map(str).to_numpy(dtype=object)
            else:
                arr = v.to_numpy(dtype=np.dtype(elem), na_value=np.nan) if elem.startswith(
                    "float") else v.to_numpy(dtype=np.dtype(elem))
            out[name] = arr.reshape(-1, 1)
        return out

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities in the order of :attr:`classes_`."""
        import numpy as np
        import pandas as pd

        if not isinstance(X, pd.DataFrame):
            X = pd.DataFrame(np.asarray(X), columns=list(self.feature_names_ or [
                f"x{j}" for j in range(np.asarray(X).shape[1])]))
        raw = self._session.run(None, self.feed(X))[self._proba_at]
        if isinstance(raw, list):  # ZipMap: one {label: p} per row
            return np.array([[row[c] for c in self.classes_] for row in raw], dtype=np.float64)
        return np.asarray(raw, dtype=np.float64)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"Cannot read the ONNX file {str(path)!r}: "
                             f"{type(exc).__name__}.") from None


def _graph_classes(proto: Any, meta: dict[str, str]) -> tuple[Any, ...] | None:
    for node in proto.graph.node:
        for attr in node.attribute:
            if attr.name in ("classlabels_ints", "classlabels_int64s"):
                return tuple(int(v) for v in attr.ints)
            if attr.name == "classlabels_strings":
                return tuple(v.decode("utf-8") for v in attr.strings)
    if "classes" in meta:
        return tuple(json.loads(meta["classes"]))
    return None


def onnx_family(model: Any) -> ModelAdapter | None:
    """:class:`OnnxModel` (an onnxruntime session alone does not carry its class labels)."""
    if isinstance(model, OnnxModel):
        return ModelAdapter(
            model=model, family="onnx", feature_names=model.feature_names_,
            classes=model.classes_, output_scale="probability", precision=model.precision_,
            proba=model.predict_proba, categorical=model.categorical_,
            content=lambda: model.content_,
        )
    if type(model).__name__ == "InferenceSession" and type(model).__module__.startswith(
            "onnxruntime"):
        raise InvalidInputError(
            "An onnxruntime InferenceSession does not carry its class labels; pass the model "
            "as dfgov.model_risk.OnnxModel('model.onnx') (or its bytes)."
        )
    return None


# -- scikit-learn and anything with its classifier API ------------------------------------
def _n_terms(estimator: Any) -> int:
    import numpy as np

    for attr in ("n_iter_", "n_estimators_"):
        v = getattr(estimator, attr, None)
        if isinstance(v, (int, np.integer)):
            per = int(getattr(estimator, "n_trees_per_iteration_", 1) or 1)
            return int(v) * per
    trees = getattr(estimator, "estimators_", None)
    if trees is not None:
        return int(np.asarray(trees, dtype=object).size)
    coef = getattr(estimator, "coef_", None)
    if coef is not None:
        return int(np.asarray(coef).size) + 1
    return 1


def sklearn_family(model: Any) -> ModelAdapter | None:
    """Anything with ``predict_proba`` and ``classes_`` (scikit-learn's classifier API)."""
    if not hasattr(model, "predict_proba") or not hasattr(model, "classes_"):
        return None
    import numpy as np

    classes = tuple(np.asarray(model.classes_).tolist())
    root = type(model).__module__.split(".")[0]
    steps = getattr(model, "steps", None)
    final = steps[-1][1] if isinstance(steps, list) and steps else model
    names = feature_names_of(model)
    categorical: tuple[str, ...] = ()
    mask = getattr(final, "is_categorical_", None)
    if final is model and mask is not None and names is not None:
        categorical = tuple(n for n, c in zip(names, np.asarray(mask), strict=False) if c)
    precision = EPS32 if type(final).__module__.split(".")[0] in ("xgboost",) else EPS64
    proba = None
    if names is None and root == "sklearn" and hasattr(model, "n_features_in_"):
        # fitted on an array: give it arrays (column order assumed, and said so by callers)
        def proba(X: Any) -> Any:
            return model.predict_proba(X.to_numpy() if hasattr(X, "to_numpy") else X)
    return ModelAdapter(model=model, family=root, feature_names=names, classes=classes,
                        precision=precision, categorical=categorical, n_terms=_n_terms(final),
                        linear=_linear_terms(model, names) if final is model else None,
                        proba=proba)


def _linear_terms(model: Any, names: tuple[str, ...] | None) -> LinearTerms | None:
    """A binary scikit-learn linear classifier (log-odds = intercept + X @ coef), else None."""
    import numpy as np

    coef = getattr(model, "coef_", None)
    if (coef is None or not type(model).__module__.startswith("sklearn.linear_model")
            or not hasattr(model, "decision_function") or names is None):
        return None
    coef = np.asarray(coef, dtype=np.float64)
    if coef.ndim != 2 or coef.shape[0] != 1 or len(getattr(model, "classes_", ())) != 2:
        return None
    intercept = float(np.asarray(getattr(model, "intercept_", 0.0)).reshape(-1)[0])

    def design(X: Any) -> np.ndarray:
        if hasattr(X, "to_numpy"):
            out: np.ndarray = X.to_numpy(dtype=np.float64)
            return out
        return np.asarray(X, dtype=np.float64)

    return LinearTerms(design=design, coef=coef.reshape(-1), intercept=intercept,
                       source=names, names=names)
