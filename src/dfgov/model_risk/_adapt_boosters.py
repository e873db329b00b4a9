"""Adapter families of the gradient-boosting libraries: XGBoost, LightGBM, CatBoost.

Each recogniser looks at the model's type only, so the library is imported by the
model's own module, never by dfgov. Every family knows the booster's feature names,
which inputs it splits on natively as categories, its number of trees, the precision
of its arithmetic (XGBoost sums in float32, LightGBM and CatBoost in float64), its
own margin (log-odds) and its own exact TreeSHAP contributions (``pred_contribs``,
``pred_contrib``, ``ShapValues``) — the same numbers shap's TreeExplainer returns
for these boosters on the path-dependent setting, which calls these functions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.model_risk._adapter_base import EPS32, EPS64, ModelAdapter

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["as_categories", "catboost_family", "lightgbm_family", "xgboost_family"]


def _root(model: Any) -> str:
    return type(model).__module__.split(".")[0]


def as_categories(X: pd.DataFrame, names: Sequence[str],
                  categories: dict[str, Sequence[Any]] | None = None) -> pd.DataFrame:
    """``X`` with columns ``names`` as pandas categoricals (other columns untouched).

    Columns that are already categorical keep their dtype unless ``categories``
    names the training levels of a column, which are then imposed (values not among
    them become missing, which every booster routes like a missing value).
    """
    import pandas as pd

    todo = [c for c in names if c in X.columns and (
        not isinstance(X[c].dtype, pd.CategoricalDtype)
        or (categories is not None and c in categories
            and list(X[c].cat.categories) != list(categories[c])))]
    if not todo:
        return X
    out = X.copy(deep=False)
    for c in todo:
        levels = None if categories is None else categories.get(c)
        col = X[c]
        if levels is not None:
            values = col.astype(object) if isinstance(col.dtype, pd.CategoricalDtype) else col
            out[c] = pd.Categorical(values, categories=list(levels))
        else:
            out[c] = col.astype("category")
    return out


def _two_columns(p: np.ndarray) -> np.ndarray:
    import numpy as np

    p = np.asarray(p, dtype=np.float64)
    if p.ndim == 2:
        return p
    return np.column_stack([1.0 - p, p])


def _split_contribs(raw: Any, what: str) -> tuple[np.ndarray, np.ndarray]:
    """``(values, base)`` from an ``(n, p + 1)`` matrix whose last column is the bias."""
    import numpy as np

    arr = np.asarray(raw, dtype=np.float64)
    if arr.ndim != 2:
        raise InvalidInputError(
            f"The {what} contributions have shape {arr.shape}; dfgov explains binary models "
            "(one column per feature plus the bias)."
        )
    return np.ascontiguousarray(arr[:, :-1]), np.ascontiguousarray(arr[:, -1])


# -- XGBoost ------------------------------------------------------------------------------
_XGB_BINARY = {"binary:logistic", "binary:logitraw"}
_XGB_MULTI = {"multi:softprob", "multi:softmax"}


def xgboost_family(model: Any) -> ModelAdapter | None:
    """``xgboost.XGBClassifier`` (and other sklearn wrappers) and ``xgboost.Booster``."""
    if _root(model) != "xgboost":
        return None
    if type(model).__name__ == "Booster":
        booster, wrapper = model, None
    elif hasattr(model, "get_booster") and hasattr(model, "predict_proba"):
        booster, wrapper = model.get_booster(), model
    else:
        return None
    cfg = json.loads(booster.save_config())
    learner = cfg["learner"]
    objective = learner["objective"]["name"]
    n_class = int(learner["learner_model_param"].get("num_class", "0") or 0)
    if objective in _XGB_BINARY:
        classes: tuple[Any, ...] = (0, 1)
    elif objective in _XGB_MULTI:
        classes = tuple(range(max(n_class, 2)))
    else:
        raise InvalidInputError(
            f"The XGBoost model's objective is {objective!r}; dfgov assesses classifiers "
            f"(objectives {sorted(_XGB_BINARY | _XGB_MULTI)})."
        )
    if wrapper is not None and hasattr(wrapper, "classes_"):
        import numpy as np

        classes = tuple(np.asarray(wrapper.classes_).tolist())
    names = tuple(str(n) for n in booster.feature_names) if booster.feature_names else None
    types = list(booster.feature_types or [])
    categorical = tuple(n for n, t in zip(names or (), types, strict=False) if t == "c")
    gb = learner.get("gradient_booster", {})
    n_trees = int(gb.get("gbtree_model_param", {}).get("num_trees", 0) or 0)
    if n_trees == 0:
        n_trees = booster.num_boosted_rounds() * max(len(classes) if objective in _XGB_MULTI
                                                     else 1, 1)
    binary = objective in _XGB_BINARY

    def prepare(X: pd.DataFrame) -> pd.DataFrame:
        return as_categories(X, categorical) if categorical else X

    def dmatrix(X: pd.DataFrame) -> Any:
        import xgboost

        return xgboost.DMatrix(X, enable_categorical=bool(categorical))

    def margin(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        out = booster.inplace_predict(X, predict_type="margin")
        return np.asarray(out, dtype=np.float64)

    def proba(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        if wrapper is not None:
            return np.asarray(wrapper.predict_proba(X), dtype=np.float64)
        if binary:
            m = margin(X)
            return _two_columns(1.0 / (1.0 + np.exp(-m)))
        return np.asarray(booster.inplace_predict(X), dtype=np.float64)

    def contributions(X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return _split_contribs(booster.predict(dmatrix(X), pred_contribs=True), "XGBoost")

    return ModelAdapter(
        model=model, family="xgboost", feature_names=names, classes=classes,
        output_scale="probability", precision=EPS32, proba=proba, categorical=categorical,
        n_terms=n_trees, prepare=prepare, margin=margin if binary else None,
        contributions=contributions if binary else None,
        content=lambda: bytes(booster.save_raw(raw_format="ubj")),
    )


# -- LightGBM -----------------------------------------------------------------------------
def _lgb_header(booster: Any) -> dict[str, str]:
    """The ``key=value`` header of a LightGBM model (objective, feature infos ...)."""
    text = booster.model_to_string(num_iteration=1)
    head = text.split("\nTree=", 1)[0]
    out: dict[str, str] = {}
    for line in head.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def lightgbm_family(model: Any) -> ModelAdapter | None:
    """``lightgbm.LGBMClassifier`` and ``lightgbm.Booster`` (pandas categoricals included)."""
    if _root(model) != "lightgbm":
        return None
    if type(model).__name__ == "Booster":
        booster, wrapper = model, None
    elif hasattr(model, "booster_") and hasattr(model, "predict_proba"):
        booster, wrapper = model.booster_, model
    else:
        return None
    head = _lgb_header(booster)
    objective = head.get("objective", "").split(" ")[0]
    n_class = int(head.get("num_class", "1") or 1)
    if objective in ("binary", "cross_entropy", "xentropy"):
        classes: tuple[Any, ...] = (0, 1)
    elif objective in ("multiclass", "multiclassova", "softmax", "ova"):
        classes = tuple(range(n_class))
    else:
        raise InvalidInputError(
            f"The LightGBM model's objective is {objective!r}; dfgov assesses classifiers "
            "(binary, cross_entropy, multiclass)."
        )
    if wrapper is not None and hasattr(wrapper, "classes_"):
        import numpy as np

        classes = tuple(np.asarray(wrapper.classes_).tolist())
    names = tuple(str(n) for n in booster.feature_name()) or None
    infos = head.get("feature_infos", "").split(" ")
    categorical = tuple(
        n for n, info in zip(names or (), infos, strict=False)
        if info and not info.startswith("[") and info != "none"
    )
    pandas_cats = getattr(booster, "pandas_categorical", None) or None
    binary = len(classes) == 2

    def prepare(X: pd.DataFrame) -> pd.DataFrame:
        if not categorical or pandas_cats is None:
            return X
        return as_categories(X, categorical)

    def proba(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        if wrapper is not None:
            return np.asarray(wrapper.predict_proba(X), dtype=np.float64)
        return _two_columns(booster.predict(X))

    def margin(X: pd.DataFrame) -> np.ndarray:
        import numpy as np

        return np.asarray(booster.predict(X, raw_score=True), dtype=np.float64)

    def contributions(X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return _split_contribs(booster.predict(X, pred_contrib=True), "LightGBM")

    return ModelAdapter(
        model=model, family="lightgbm", feature_names=names, classes=classes,
        output_scale="probability", precision=EPS64, proba=proba, categorical=categorical,
        n_terms=int(booster.num_trees()), prepare=prepare,
        margin=margin if binary else None, contributions=contributions if binary else None,
        content=lambda: booster.model_to_string().encode("utf-8"),
    )


# -- CatBoost -----------------------------------------------------------------------------
def _catboost_text(X: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Categorical inputs as CatBoost wants them: strings (missing as the text ``nan``)."""
    import pandas as pd

    todo = [c for c in names if not (X[c].dtype == object or pd.api.types.is_string_dtype(
        X[c].dtype)) or X[c].isna().any()]
    if not todo:
        return X
    out = X.copy(deep=False)
    for c in todo:
        col = X[c].astype(object)
        out[c] = col.where(col.notna(), "nan").map(str)
    return out


def catboost_family(model: Any) -> ModelAdapter | None:
    """``catboost.CatBoostClassifier`` (``cat_features`` included)."""
    if _root(model) != "catboost" or not hasattr(model, "get_cat_feature_indices"):
        return None
    if not hasattr(model, "predict_proba"):
        return None
    import numpy as np

    names = tuple(str(n) for n in (model.feature_names_ or ())) or None
    cat_idx = [int(i) for i in model.get_cat_feature_indices()]
    categorical = tuple(names[i] for i in cat_idx) if names else ()
    classes = tuple(np.asarray(model.classes_).tolist())
    binary = len(classes) == 2

    def pool(X: Any) -> Any:
        import catboost

        if names is None:
            return catboost.Pool(X, cat_features=cat_idx or None)
        return catboost.Pool(_catboost_text(X, categorical), cat_features=cat_idx or None)

    def proba(P: Any) -> np.ndarray:
        return np.asarray(model.predict_proba(P), dtype=np.float64)

    def margin(P: Any) -> np.ndarray:
        return np.asarray(model.predict(P, prediction_type="RawFormulaVal"), dtype=np.float64)

    def contributions(P: Any) -> tuple[np.ndarray, np.ndarray]:
        return _split_contribs(model.get_feature_importance(P, type="ShapValues"), "CatBoost")

    return ModelAdapter(
        model=model, family="catboost", feature_names=names, classes=classes,
        output_scale="probability", precision=EPS64, proba=proba, categorical=categorical,
        n_terms=int(model.tree_count_), prepare=pool, margin=margin if binary else None,
        contributions=contributions if binary else None,
        content=lambda: _catboost_bytes(model),
    )


def _catboost_bytes(model: Any) -> bytes:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="dfgov-cbm-") as tmp:
        path = Path(tmp) / "model.cbm"
        model.save_model(str(path), format="cbm")
        return path.read_bytes()


_: Callable[..., Any] | None = None
