"""The explainer on every model type: equal to the library's own contributions, additive
within the model's float precision, reason codes in English and Chinese."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.model_risk import adapt
from dfgov.model_risk.explain import Explainer
from tests.conftest import budget
from tests.model_risk.conftest import KINDS, features

EXPECTED_KIND = {
    "sklearn_pipeline": "linear", "hist_categorical": "tree", "xgboost": "tree",
    "xgboost_booster": "tree", "lightgbm": "tree", "lightgbm_booster": "tree",
    "catboost": "tree", "statsmodels_formula": "linear", "statsmodels_glm": "linear",
    "optbinning_scorecard": "linear", "onnx": "permutation", "callable": "exact",
}


def _shap() -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    return shap


def _native(kind: str, model: object, F: pd.DataFrame) -> np.ndarray:
    """The booster's own contributions, computed here without dfgov."""
    if kind.startswith("xgboost"):
        import xgboost as xgb

        booster = model if kind == "xgboost_booster" else model.get_booster()  # type: ignore[attr-defined]
        return booster.predict(xgb.DMatrix(F, enable_categorical=True), pred_contribs=True)
    if kind.startswith("lightgbm"):
        booster = model if kind == "lightgbm_booster" else model.booster_  # type: ignore[attr-defined]
        return np.asarray(booster.predict(F, pred_contrib=True))
    import catboost as cb

    cats = [c for c in F.columns if isinstance(F[c].dtype, pd.CategoricalDtype)]
    pool = cb.Pool(F.astype({c: str for c in cats}), cat_features=cats)
    return np.asarray(model.get_feature_importance(pool, type="ShapValues"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", list(KINDS))
def test_explainer_per_model(kind: str, fitted, split) -> None:
    X_train, X_test, _, _ = split
    fit = fitted[kind]
    agnostic = EXPECTED_KIND[kind] in ("permutation", "exact")
    ex = Explainer(fit.model, X_train.iloc[:100], progress=False,  # sex is ignored by name
                   max_background=20 if agnostic else 100)
    rows = X_test.iloc[: 8 if agnostic else 40]
    e = ex.explain(rows)
    assert ex.kind_.name == EXPECTED_KIND[kind], ex.kind_
    names = list(adapt(fit.model).feature_names or [])
    assert e.feature_names == names and "sex" not in names
    err, tol = e.additivity_error(), e.additivity_tolerance()
    assert err <= tol, (kind, err, tol)
    if fit.native is not None:
        raw = _native(kind, fit.model, features(rows))
        np.testing.assert_allclose(e.values, raw[:, :-1], rtol=0, atol=tol)
        np.testing.assert_allclose(e.base_values, raw[:, -1], rtol=0, atol=tol)
    for lang in ("en", "zh-CN"):
        codes = e.reason_codes(k=2, lang=lang)  # adverse rows (the default) get reasons
        assert 0 < len(codes) <= len(rows) and codes["reason_1_text"].str.len().min() > 0


def test_float32_tolerance_is_looser_than_float64(fitted, split) -> None:
    """XGBoost adds in float32: its tolerance follows from 1.19e-7, LightGBM's from 2.2e-16."""
    _, X_test, _, _ = split
    xgb_e = Explainer(fitted["xgboost"].model, X_test, progress=False).explain(X_test)
    lgb_e = Explainer(fitted["lightgbm"].model, X_test, progress=False).explain(X_test)
    assert xgb_e.precision == pytest.approx(1.1920929e-07)
    assert lgb_e.precision == pytest.approx(2.220446e-16)
    assert 1e-9 < xgb_e.additivity_error() <= xgb_e.additivity_tolerance() < 1e-2
    assert lgb_e.additivity_error() <= lgb_e.additivity_tolerance() < 1e-9


def test_xgboost_equals_shap_tree_explainer(fitted, split) -> None:
    shap = _shap()
    _, X_test, _, _ = split
    model = fitted["xgboost"].model
    F = features(X_test.iloc[:50])
    e = Explainer(model, F, progress=False).explain(F)
    ref = shap.TreeExplainer(model).shap_values(F)  # type: ignore[attr-defined]
    np.testing.assert_allclose(e.values, ref, rtol=0, atol=e.additivity_tolerance())


@pytest.mark.parametrize("kind", ["statsmodels_formula", "optbinning_scorecard"])
def test_linear_models_equal_shap_linear_explainer(kind: str, fitted, split) -> None:
    """Linear SHAP on the design (formula terms / WoE), summed back to the source columns."""
    shap = _shap()
    X_train, X_test, _, _ = split
    a = adapt(fitted[kind].model)
    assert a.linear is not None
    bg, rows = X_train.iloc[:100], X_test.iloc[:30]
    D_bg = a.linear.design(a.native(bg))
    D = a.linear.design(a.native(rows))
    lin = shap.LinearExplainer((a.linear.coef, a.linear.intercept),  # type: ignore[attr-defined]
                               shap.maskers.Independent(D_bg, max_samples=len(D_bg)))  # type: ignore[attr-defined]
    ref = pd.DataFrame(lin.shap_values(D), columns=list(a.linear.source)).T.groupby(
        level=0).sum().T
    e = Explainer(fitted[kind].model, bg, progress=False).explain(rows)
    ours = e.to_frame()[ref.columns].to_numpy()
    np.testing.assert_allclose(ours, ref.to_numpy(), rtol=0, atol=1e-10)
    assert set(e.feature_names) >= set(a.linear.source)  # original, pre-binning columns


def test_callable_log_odds_model_is_explained_exactly(fitted, split) -> None:
    """A linear scoring function: the agnostic explainer gives coef * (x - mean x_bg)."""
    X_train, X_test, _, _ = split
    fit = fitted["callable"]
    cols = list(fit.model.feature_names)
    bg, rows = X_train[cols].iloc[:50], X_test[cols].iloc[:10]
    e = Explainer(fit.model, bg, progress=False).explain(rows)
    f = fit.model.function
    base = f(bg).mean()
    assert np.allclose(e.base_values, base)
    assert e.additivity_error() <= e.additivity_tolerance()


@budget.heavy
@given(seed=st.integers(0, 10_000), depth=st.integers(2, 5))
def test_hist_treeshap_equals_shap_on_numeric_trees(seed: int, depth: int) -> None:
    """dfgov's TreeSHAP (used for categorical splits) equals shap's on threshold splits."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from dfgov.model_risk.explain._treeshap import explain_hist, hist_trees

    shap = _shap()
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(300, 4)), columns=list("abcd"))
    X.iloc[rng.choice(300, 20), 1] = np.nan
    y = (X["a"] + X["b"].fillna(0) * X["c"] + rng.normal(size=300) > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=5, max_depth=depth,
                                           random_state=seed).fit(X, y)
    values, base = explain_hist(hist_trees(model), X.iloc[:50], list(X.columns))
    te = shap.TreeExplainer(model)  # type: ignore[attr-defined]
    np.testing.assert_allclose(values, te.shap_values(X.iloc[:50]), atol=1e-10)
    assert base[0] == pytest.approx(float(np.ravel(te.expected_value)[0]), abs=1e-10)


def test_hist_categorical_shap_is_not_additive_but_dfgov_is(fitted, split) -> None:
    """The reason for dfgov's own TreeSHAP: shap reads categorical bitsets as thresholds."""
    shap = _shap()
    _, X_test, _, _ = split
    model = fitted["hist_categorical"].model
    F = features(X_test.iloc[:40])
    e = Explainer(model, F, progress=False).explain(F)
    assert e.additivity_error() <= e.additivity_tolerance()
    te = shap.TreeExplainer(model)  # type: ignore[attr-defined]
    Z = model._preprocessor.transform(F)
    gap = np.abs(te.shap_values(Z).sum(1) + te.expected_value - model.decision_function(F))
    assert gap.max() > 1e-3


def test_unknown_model_names_the_protocol() -> None:
    from dfgov.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="CallableModel"):
        adapt(lambda X: X)
