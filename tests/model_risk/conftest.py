"""The models banks run, small and fitted once per session on the bundled German credit data.

Each entry of :data:`KINDS` builds one model type on the first 700 applicants (``sex`` is a
sensitive attribute, never a model input) and, where the type has a safe file format,
writes it there: XGBoost JSON/UBJSON, LightGBM text, CatBoost cbm, ONNX, skops with named
types. Models are small (15 trees) so the whole matrix stays fast.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.datasets import load_german_credit

SENSITIVE = "sex"
TARGET = "default"


def _vocabulary() -> str:
    """The policy lines stating the decision vocabulary: 0 (no default) is favourable."""
    import dfgov.model_risk as mr

    if hasattr(mr, "ModelRiskPolicy"):  # one [model_risk] section for every control
        return '[model_risk]\nfavourable_label = 0\nscore_direction = "higher_is_unfavourable"\n'
    return "[assessment]\npositive_label = 1\nfavourable_label = 0\n"


#: Start of every test policy: the section of the decision vocabulary, stated.
VOCABULARY = _vocabulary()


@dataclass
class Fitted:
    """A fitted model, its safe file (if the type has one) and the trust the file needs."""

    kind: str
    model: Any
    file: Path | None = None
    trusted: list[str] = field(default_factory=list)
    native: str | None = None
    """The library call whose contributions the explainer must equal (boosters)."""


def german() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    df = load_german_credit()
    X = df.drop(columns=[TARGET])
    y = df[TARGET]
    return X.iloc[:700], X.iloc[700:].reset_index(drop=True), y.iloc[:700], \
        y.iloc[700:].reset_index(drop=True)


def features(X: pd.DataFrame) -> pd.DataFrame:
    return X.drop(columns=[SENSITIVE])


def _categorical(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if isinstance(X[c].dtype, pd.CategoricalDtype)]


def _numeric(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if c not in _categorical(X)]


def _sklearn_pipeline(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import skops.io as sio
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    F = features(X)
    model = Pipeline([
        ("encode", ColumnTransformer([
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
             _categorical(F)),
            ("num", StandardScaler(), _numeric(F))])),
        ("lr", LogisticRegression(max_iter=2000))]).fit(F, y)
    path = out / "pipeline.skops"
    sio.dump(model, path)
    return Fitted("sklearn_pipeline", model, path, list(sio.get_untrusted_types(file=path)))


def _hist_categorical(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import skops.io as sio
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=15, categorical_features="from_dtype",
                                           random_state=0).fit(features(X), y)
    path = out / "hist.skops"
    sio.dump(model, path)
    return Fitted("hist_categorical", model, path, list(sio.get_untrusted_types(file=path)))


def _xgboost(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import xgboost as xgb

    model = xgb.XGBClassifier(n_estimators=15, max_depth=3, enable_categorical=True,
                              tree_method="hist", random_state=0).fit(features(X), y)
    path = out / "xgb.json"
    model.save_model(path)
    return Fitted("xgboost", model, path, native="pred_contribs")


def _xgboost_booster(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import xgboost as xgb

    dm = xgb.DMatrix(features(X), y, enable_categorical=True)
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 3, "seed": 0}, dm, 15)
    path = out / "booster.ubj"
    booster.save_model(path)
    return Fitted("xgboost_booster", booster, path, native="pred_contribs")


def _lightgbm(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import lightgbm as lgb

    model = lgb.LGBMClassifier(n_estimators=15, num_leaves=8, min_child_samples=20,
                               random_state=0, verbose=-1).fit(features(X), y)
    path = out / "lgbm.txt"
    model.booster_.save_model(path)
    return Fitted("lightgbm", model, path, native="pred_contrib")


def _lightgbm_booster(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import lightgbm as lgb

    data = lgb.Dataset(features(X), y)
    booster = lgb.train({"objective": "binary", "num_leaves": 8, "verbose": -1, "seed": 0},
                        data, num_boost_round=15)
    path = out / "booster.txt"
    booster.save_model(path)
    return Fitted("lightgbm_booster", booster, path, native="pred_contrib")


def _catboost(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import catboost as cb

    F = features(X)
    model = cb.CatBoostClassifier(iterations=15, depth=3, verbose=0, random_seed=0,
                                  cat_features=_categorical(F), thread_count=1,
                                  allow_writing_files=False).fit(F, y)
    path = out / "catboost.cbm"
    model.save_model(str(path), format="cbm")
    return Fitted("catboost", model, path, native="ShapValues")


def _statsmodels_formula(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import statsmodels.formula.api as smf

    data = X.assign(default=y.to_numpy())
    model = smf.logit("default ~ duration_months + I(credit_amount / 1000) + C(checking_status)"
                      " + C(housing) + age", data=data).fit(disp=0)
    return Fitted("statsmodels_formula", model)


def _statsmodels_glm(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    import statsmodels.api as sm

    cols = ["duration_months", "credit_amount", "installment_rate", "age"]
    exog = sm.add_constant(X[cols].astype(float))
    model = sm.GLM(y.to_numpy(), exog, family=sm.families.Binomial()).fit()
    return Fitted("statsmodels_glm", model)


def _optbinning(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    F = features(X)
    bp = BinningProcess(list(F.columns), categorical_variables=_categorical(F))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Scorecard(binning_process=bp, estimator=LogisticRegression(max_iter=1000),
                          scaling_method="min_max",
                          scaling_method_params={"min": 300, "max": 850}).fit(F, y)
    return Fitted("optbinning_scorecard", model)


def _onnx(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    from dfgov.model_risk import OnnxModel

    pipe = _sklearn_pipeline(X, y, out).model
    F = features(X)
    cats = set(_categorical(F))
    init = [(c, StringTensorType([None, 1]) if c in cats else FloatTensorType([None, 1]))
            for c in F.columns]
    onx = to_onnx(pipe, initial_types=init, options={id(pipe): {"zipmap": False}})
    path = out / "model.onnx"
    path.write_bytes(onx.SerializeToString())
    return Fitted("onnx", OnnxModel(path), path)


def _callable(X: pd.DataFrame, y: pd.Series, out: Path) -> Fitted:
    from dfgov.model_risk import CallableModel

    cols = ["duration_months", "credit_amount", "age"]
    A = X[cols].to_numpy(dtype=float)
    mu, sd = A.mean(axis=0), A.std(axis=0)
    w = np.array([0.5, 0.2, -0.3])

    def score(frame: pd.DataFrame) -> np.ndarray:
        z = (frame.to_numpy(dtype=float) - mu) / sd
        out: np.ndarray = -0.9 + z @ w
        return out

    return Fitted("callable", CallableModel(score, feature_names=cols, output_scale="log_odds"))


KINDS: dict[str, Callable[[pd.DataFrame, pd.Series, Path], Fitted]] = {
    "sklearn_pipeline": _sklearn_pipeline,
    "hist_categorical": _hist_categorical,
    "xgboost": _xgboost,
    "xgboost_booster": _xgboost_booster,
    "lightgbm": _lightgbm,
    "lightgbm_booster": _lightgbm_booster,
    "catboost": _catboost,
    "statsmodels_formula": _statsmodels_formula,
    "statsmodels_glm": _statsmodels_glm,
    "optbinning_scorecard": _optbinning,
    "onnx": _onnx,
    "callable": _callable,
}


@pytest.fixture(scope="session")
def split() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    return german()


@pytest.fixture(scope="session")
def fitted(split: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Fitted]:
    X_train, _, y_train, _ = split
    out = tmp_path_factory.mktemp("models")
    return {kind: build(X_train, y_train, out) for kind, build in KINDS.items()}
