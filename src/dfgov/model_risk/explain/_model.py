"""Model introspection for the explainer: kinds, scales, pipelines and input encoding.

Nothing here imports shap; scikit-learn is imported only where a function
needs it. Models are recognised by duck typing and class names, so any
scikit-learn-compatible estimator works.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov._validate import check_choice
from dfgov.errors import ColumnError, InvalidInputError, MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Codec",
    "Scale",
    "as_frame",
    "attribution_matrix",
    "import_shap",
    "model_kind",
    "output_function",
    "resolve_scale",
    "split_pipeline",
]

Scale = Literal["probability", "log_odds", "raw"]

# Tree ensembles whose raw (margin) output is the log-odds of the positive class.
_MARGIN_TREES = {
    "GradientBoostingClassifier", "HistGradientBoostingClassifier", "XGBClassifier",
    "LGBMClassifier", "CatBoostClassifier",
}
# Tree models whose raw output is the (averaged) probability or the regression value.
_AVERAGING_TREES = {
    "RandomForestClassifier", "ExtraTreesClassifier", "DecisionTreeClassifier",
    "ExtraTreeClassifier",
}
_TREE_REGRESSORS = {
    "GradientBoostingRegressor", "HistGradientBoostingRegressor", "RandomForestRegressor",
    "ExtraTreesRegressor", "DecisionTreeRegressor", "ExtraTreeRegressor", "XGBRegressor",
    "LGBMRegressor",
}


def import_shap() -> Any:
    """Import shap, silencing the deprecation warnings its plotting module emits on import."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import shap
    except ImportError as exc:  # pragma: no cover - shap is a core dependency
        raise MissingDependencyError("shap", "explain", purpose="explanations") from exc
    return shap


def model_kind(estimator: Any) -> Literal["tree_margin", "tree_average", "tree_regressor",
                                         "linear", "other"]:
    """Classify a fitted estimator by the shap algorithm that suits it."""
    name = type(estimator).__name__
    module = type(estimator).__module__
    if name in _MARGIN_TREES and module.split(".")[0] in {"sklearn", "xgboost", "lightgbm",
                                                           "catboost"}:
        return "tree_margin"
    if name in _AVERAGING_TREES and module.startswith("sklearn."):
        return "tree_average"
    if name in _TREE_REGRESSORS and module.split(".")[0] in {"sklearn", "xgboost", "lightgbm"}:
        return "tree_regressor"
    if module.startswith("sklearn.linear_model") and hasattr(estimator, "coef_"):
        coef = np.asarray(estimator.coef_)
        if coef.ndim == 1 or coef.shape[0] == 1:
            return "linear"
    return "other"


def is_classifier(model: Any) -> bool:
    """Whether ``model`` predicts class probabilities."""
    return hasattr(model, "predict_proba")


def resolve_scale(model: Any, scale: str, caller: str) -> Scale:
    """Check ``scale`` against the model's abilities; resolve ``"auto"``."""
    allowed = ("auto", "probability", "log_odds", "raw")
    check_choice(scale, allowed, caller=caller, parameter="scale")
    clf = is_classifier(model)
    if clf:
        classes = getattr(model, "classes_", None)
        if classes is not None and len(classes) != 2:
            raise InvalidInputError(
                f"{caller} explains binary classifiers; the model has {len(classes)} classes."
            )
    if scale == "auto":
        return "log_odds" if clf else "raw"
    if scale in ("probability", "log_odds") and not clf:
        raise InvalidInputError(
            f"The 'scale' parameter of {caller} is {scale!r}, which needs a model with "
            "predict_proba; the model has none. Use scale='raw'."
        )
    if scale == "raw" and clf and not hasattr(model, "decision_function"):
        raise InvalidInputError(
            f"The 'scale' parameter of {caller} is 'raw', but the classifier has no "
            "decision_function. Use scale='log_odds' or 'probability'."
        )
    return scale  # type: ignore[return-value]


def output_function(model: Any, scale: Scale) -> Callable[[Any], np.ndarray]:
    """The model output on ``scale`` as a function of model-ready input."""
    if scale == "probability":
        return lambda X: np.asarray(model.predict_proba(X), dtype=np.float64)[:, 1]
    if scale == "log_odds":

        def log_odds(X: Any) -> np.ndarray:
            p = np.asarray(model.predict_proba(X), dtype=np.float64)[:, 1]
            p = np.clip(p, 1e-15, 1 - 1e-15)
            out: np.ndarray = np.log(p) - np.log1p(-p)
            return out

        return log_odds
    if is_classifier(model):
        return lambda X: np.asarray(model.decision_function(X), dtype=np.float64).reshape(-1)
    return lambda X: np.asarray(model.predict(X), dtype=np.float64).reshape(-1)


def as_frame(X: Any, argument: str, caller: str,
             columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Return ``X`` as a DataFrame with string column names (a view where possible)."""
    import pandas as pd

    if isinstance(X, pd.DataFrame):
        if X.columns.inferred_type != "string":
            X = X.rename(columns=str)
        if not X.columns.is_unique:
            raise ColumnError(f"The {argument!r} argument of {caller} has duplicate column names.")
        frame: pd.DataFrame = X
        return frame
    if isinstance(X, pd.Series):
        return X.to_frame()
    try:
        arr = np.asarray(X)
    except Exception:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} must be a DataFrame or a 2-D array."
        ) from None
    if arr.ndim != 2:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} must be 2-D. Got {arr.ndim} dimension(s)."
        )
    names = list(columns) if columns is not None else [f"x{i}" for i in range(arr.shape[1])]
    if len(names) != arr.shape[1]:
        raise InvalidInputError(
            f"The {argument!r} argument of {caller} has {arr.shape[1]} columns; "
            f"the model expects {len(names)}."
        )
    return pd.DataFrame(arr, columns=names)


def split_pipeline(model: Any) -> tuple[Any | None, Any]:
    """``(preprocessor, final_estimator)`` of a Pipeline; ``(None, model)`` otherwise."""
    steps = getattr(model, "steps", None)
    if isinstance(steps, list) and len(steps) >= 2 and hasattr(model, "__getitem__"):
        return model[:-1], model[-1]
    return None, model


def _step_matrix(step: Any, n_in: int, in_names: list[str]) -> np.ndarray | None:
    """Matrix (n_out x n_in) attributing a step's outputs to its inputs, or None if unknown."""
    if step is None or step == "passthrough":
        return np.eye(n_in)
    if type(step).__name__ == "ColumnTransformer":
        return _column_transformer_matrix(step, n_in, in_names)
    try:
        out = list(step.get_feature_names_out(in_names))
    except Exception:
        return None
    if len(out) == n_in and out == in_names:
        return np.eye(n_in)
    return _prefix_matrix(out, in_names)


def _prefix_matrix(out: list[str], in_names: list[str]) -> np.ndarray | None:
    """Attribute each output name to one input column (longest match wins).

    An output belongs to the input it equals or starts with (``region_north``
    from OneHotEncoder), else to the input it ends with
    (``missingindicator_age`` from SimpleImputer's indicator).
    """
    M = np.zeros((len(out), len(in_names)))
    order = sorted(range(len(in_names)), key=lambda j: -len(in_names[j]))
    for i, name in enumerate(out):
        j_found = next((j for j in order
                        if name == in_names[j] or name.startswith(in_names[j] + "_")), None)
        if j_found is None:
            j_found = next((j for j in order if name.endswith("_" + in_names[j])), None)
        if j_found is None and len(in_names) == 1:
            j_found = 0
        if j_found is None:
            return None
        M[i, j_found] = 1.0
    return M


def _column_transformer_matrix(ct: Any, n_in: int, in_names: list[str]) -> np.ndarray | None:
    blocks: list[np.ndarray] = []
    for _name, trans, cols in ct.transformers_:
        if trans == "drop":
            continue
        idx = _column_indices(cols, in_names)
        if idx is None:
            return None
        sub_names = [in_names[j] for j in idx]
        if len(idx) == 0:
            continue
        if trans == "passthrough":
            sub = np.eye(len(idx))
        else:
            try:
                out = [str(o) for o in trans.get_feature_names_out(sub_names)]
            except Exception:
                return None
            sub_or_none = _prefix_matrix(out, sub_names)
            if sub_or_none is None:
                return None
            sub = sub_or_none
        block = np.zeros((sub.shape[0], n_in))
        block[:, idx] = sub
        blocks.append(block)
    if not blocks:
        return None
    return np.vstack(blocks)


def _column_indices(cols: Any, in_names: list[str]) -> list[int] | None:
    if callable(cols):
        return None
    if isinstance(cols, (str, int)):
        cols = [cols]
    arr = np.asarray(cols)
    if arr.dtype == bool:
        return [int(i) for i in np.flatnonzero(arr)]
    out: list[int] = []
    for c in arr.tolist():
        if isinstance(c, str):
            if c not in in_names:
                return None
            out.append(in_names.index(c))
        else:
            out.append(int(c))
    return out


def attribution_matrix(preprocessor: Any, in_names: list[str], n_out: int) -> np.ndarray | None:
    """Matrix (n_out x n_in) mapping preprocessed features back to original input columns.

    One-hot and other expansions are attributed through ``get_feature_names_out``.
    Returns None when some output cannot be attributed to a single input column.
    """
    steps = [s for _, s in getattr(preprocessor, "steps", [(None, preprocessor)])]
    M: np.ndarray | None = np.eye(len(in_names))
    names = list(in_names)
    for step in steps:
        S = _step_matrix(step, len(names), names)
        if S is None or M is None:
            return None
        M = S @ M
        try:
            names = [str(n) for n in step.get_feature_names_out(names)]
        except Exception:
            names = [f"f{i}" for i in range(S.shape[0])]
    if M is None or M.shape[0] != n_out:
        return None
    return M


class Codec:
    """Encode a mixed-type frame as floats (categories as codes) and decode it back.

    The permutation and exact explainers mask numeric arrays; this lets them
    work on the original input columns of any model, pipelines included.
    """

    def __init__(self, frames: Sequence[pd.DataFrame]) -> None:
        import pandas as pd

        first = frames[0]
        self.columns = [str(c) for c in first.columns]
        self.dtypes = dict(first.dtypes)
        self.categories: dict[str, pd.Index] = {}
        for c in first.columns:
            if not _is_numeric(first[c]):
                values = pd.concat([f[c].astype(object) for f in frames], ignore_index=True)
                self.categories[c] = pd.Index(pd.unique(values.dropna()))

    def encode(self, df: pd.DataFrame) -> np.ndarray:
        """Float matrix: numeric columns as they are, other columns as category codes."""
        import pandas as pd

        out = np.empty((len(df), len(self.columns)), dtype=np.float64)
        for j, c in enumerate(self.columns):
            if c in self.categories:
                codes = self.categories[c].get_indexer(pd.Index(df[c].astype(object)))
                out[:, j] = np.where(codes < 0, np.nan, codes)
            else:
                out[:, j] = np.asarray(df[c], dtype=np.float64)
        return out

    def decode(self, Z: np.ndarray) -> pd.DataFrame:
        """The frame ``encode`` came from (dtypes restored)."""
        import pandas as pd

        data: dict[str, Any] = {}
        for j, c in enumerate(self.columns):
            col = Z[:, j]
            if c in self.categories:
                cats = self.categories[c]
                codes = np.where(np.isnan(col), -1, col).astype(np.int64)
                values = pd.Categorical.from_codes(codes, categories=cats)
                dtype = self.dtypes[c]
                if isinstance(dtype, pd.CategoricalDtype):
                    data[c] = pd.Categorical(np.asarray(values, dtype=object), dtype=dtype)
                else:
                    data[c] = np.asarray(values, dtype=object)
            else:
                data[c] = col.astype(self.dtypes[c], copy=False) if _int_safe(
                    col, self.dtypes[c]) else col
        return pd.DataFrame(data, columns=self.columns)


def _int_safe(col: np.ndarray, dtype: Any) -> bool:
    return bool(np.dtype(dtype).kind in "iub" and not np.isnan(col).any()) if isinstance(
        dtype, np.dtype) else False


def _is_numeric(series: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(series.dtype))


def non_numeric_columns(df: pd.DataFrame) -> list[str]:
    """Names of the columns of ``df`` that are not numeric."""
    import pandas as pd

    is_num = pd.api.types.is_numeric_dtype
    try:  # fast path: the frame's blocks (one dtype per block); pandas' own internals
        if all(is_num(b.dtype) for b in df._mgr.blocks):
            return []
    except AttributeError:  # pragma: no cover - a pandas without block managers
        pass
    return [str(c) for c, dt in zip(df.columns.tolist(), df.dtypes.tolist(), strict=True)
            if not is_num(dt)]
