"""Explainer: algorithm choice, additivity on every path, equality with shap, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.explain import Explainer
from tests.conftest import budget
from tests.model_risk.explain.explain_data import german, german_pipeline, numeric_data


def _shap():  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    return shap


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series]:
    return numeric_data()


# -- additivity on each path ----------------------------------------------------
@pytest.mark.parametrize(
    ("factory", "scale", "kind", "perturbation"),
    [
        ("hgb", "log_odds", "tree", "tree_path_dependent"),
        ("gb", "log_odds", "tree", "tree_path_dependent"),
        ("gb", "probability", "tree", "interventional"),
        ("rf", "probability", "tree", "tree_path_dependent"),
        ("lr", "log_odds", "linear", "interventional"),
    ],
)
def test_additivity_model_specific_paths(data, factory, scale, kind, perturbation) -> None:
    from sklearn.ensemble import (
        GradientBoostingClassifier,
        HistGradientBoostingClassifier,
        RandomForestClassifier,
    )
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    X, y = data
    with threadpool_limits(1):  # OpenMP threads thrash on a busy 2-core machine
        model = {
            "hgb": lambda: HistGradientBoostingClassifier(max_iter=30, random_state=0),
            "gb": lambda: GradientBoostingClassifier(n_estimators=30, random_state=0),
            "rf": lambda: RandomForestClassifier(n_estimators=30, random_state=0),
            "lr": lambda: LogisticRegression(),
        }[factory]().fit(X, y)
    ex = Explainer(model, X, scale=scale, max_background=50)
    assert ex.kind_.name == kind
    assert ex.kind_.perturbation == perturbation
    e = ex.explain(X.iloc[:60])
    assert e.values.shape == (60, 5)
    assert e.additivity_error() < 1e-6
    # the output really is on the requested scale
    p = model.predict_proba(X.iloc[:60])[:, 1]
    target = p if scale == "probability" else np.log(p / (1 - p))
    np.testing.assert_allclose(e.output(), target, atol=1e-6)


@pytest.fixture(scope="module")
def agnostic() -> dict[str, dict[str, object]]:
    """Results of explain_agnostic.py (permutation/exact paths), run without numba's JIT."""
    here = Path(__file__).parent
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": os.pathsep.join([str(here), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-W", "error", str(here / "explain_agnostic.py")],
                          capture_output=True, text=True, env=env, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, dict[str, object]] = json.loads(proc.stdout)
    return result


def test_additivity_permutation_and_exact(agnostic) -> None:
    for algorithm in ("permutation", "exact"):
        r = agnostic[f"lr-probability-{algorithm}"]
        assert r["kind"] == algorithm
        assert r["error"] < 1e-9
        assert r["shape"] == [4, 5]
    # auto: a linear model on the probability scale is not linear -> exact (5 features <= 10)
    r = agnostic["lr-probability-auto"]
    assert r["kind"] == "exact" and "not in probability" in r["reason"]
    assert r["error"] < 1e-9


def test_exact_values_equal_shap(agnostic) -> None:
    r = agnostic["exact-vs-shap"]
    assert r["max_abs_diff"] < 1e-12 and r["base_diff"] < 1e-12


def test_random_forest_log_odds_falls_back_with_reason(agnostic) -> None:
    r = agnostic["rf-log_odds"]
    assert r["kind"] == "exact" and "averages probabilities" in r["reason"]
    assert r["error"] < 1e-9


def test_interventional_self_test_fallback(agnostic) -> None:
    # shap's interventional TreeExplainer is not additive on deep HistGradientBoosting trees
    # (shap issue #3267); the explainer detects it and falls back with the reason stated.
    r = agnostic["hgb-probability"]
    assert r["kind"] in {"exact", "tree"}
    if r["kind"] == "exact":
        assert "self-test" in r["reason"]
    assert r["error"] < 1e-9


def test_pipeline_probability_scale_additive(agnostic) -> None:
    # mixed object/category/numeric input columns through one-hot + scaling
    for algorithm, kind in (("permutation", "permutation"), ("auto", "exact")):
        r = agnostic[f"pipeline-probability-{algorithm}"]
        assert r["kind"] == kind
        assert r["shape"] == [2, 4] and r["features"] == ["amount", "region", "product", "age"]
        assert r["finite"] and r["error"] < 1e-9


@pytest.mark.parametrize("estimator", ["gb", "lr"])
def test_pipeline_one_hot_summed_back(estimator) -> None:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    est = (GradientBoostingClassifier(n_estimators=30, random_state=0) if estimator == "gb"
           else LogisticRegression(max_iter=1000))
    pipe = german_pipeline(est)
    X, _ = german()
    ex = Explainer(pipe, X, max_background=50)
    assert ex.kind_.name == ("tree" if estimator == "gb" else "linear")
    e = ex.explain(X.iloc[:80])
    assert e.feature_names == list(X.columns)  # original input columns, not one-hot columns
    assert e.values.shape == (80, X.shape[1])
    assert e.additivity_error() < 1e-6
    # brute force: shap on the transformed matrix, one-hot columns summed by name
    shap = _shap()
    pre, final = pipe[:-1], pipe[-1]
    Zbg = pre.transform(ex.background_)
    Z = pre.transform(X.iloc[:80])
    Zbg, Z = (np.asarray(m.toarray() if hasattr(m, "toarray") else m) for m in (Zbg, Z))
    if estimator == "gb":
        raw = shap.TreeExplainer(final, feature_perturbation="tree_path_dependent").shap_values(Z)
    else:
        masker = shap.maskers.Independent(Zbg, max_samples=50)
        raw = shap.LinearExplainer(final, masker).shap_values(Z)
    names = pre.get_feature_names_out()
    expected = pd.DataFrame(0.0, index=range(80), columns=X.columns)
    for j, name in enumerate(names):
        tail = name.split("__", 1)[1]
        src = max((c for c in X.columns if tail == c or tail.startswith(c + "_")), key=len)
        expected[src] += raw[:, j]
    np.testing.assert_allclose(e.values, expected.to_numpy(), atol=1e-9)


# -- equality with shap called directly ---------------------------------------
@budget.heavy
@given(seed=st.integers(0, 10_000), n=st.integers(40, 120))
def test_tree_values_equal_shap(seed: int, n: int) -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    X, y = numeric_data(n=n, p=4, seed=seed)
    if y.nunique() < 2:
        return
    model = GradientBoostingClassifier(n_estimators=10, max_depth=2, random_state=0).fit(X, y)
    e = Explainer(model, X).explain(X)
    direct = _shap().TreeExplainer(model, feature_perturbation="tree_path_dependent")(X)
    np.testing.assert_allclose(e.values, direct.values, rtol=0, atol=1e-9)
    np.testing.assert_allclose(e.base_values, direct.base_values, rtol=0, atol=1e-9)


@budget.slow
@given(seed=st.integers(0, 10_000), n=st.integers(30, 200), p=st.integers(1, 6))
def test_linear_values_equal_shap(seed: int, n: int, p: int) -> None:
    from sklearn.linear_model import LogisticRegression

    X, _ = numeric_data(n=n, p=max(p, 3), seed=seed)
    X = X.iloc[:, :p]
    y = (X.iloc[:, 0] + np.random.default_rng(seed).normal(size=n) > 0).astype(int)
    if y.nunique() < 2:
        return
    model = LogisticRegression().fit(X, y)
    ex = Explainer(model, X, max_background=25, random_state=seed)
    e = ex.explain(X)
    shap = _shap()
    direct = shap.LinearExplainer(model, shap.maskers.Independent(ex.background_, max_samples=25))
    np.testing.assert_allclose(e.values, direct.shap_values(X), rtol=0, atol=1e-9)
    np.testing.assert_allclose(e.base_values, direct.expected_value, rtol=0, atol=1e-9)
    assert ex.expected_value_ == pytest.approx(float(direct.expected_value), abs=1e-12)


# -- chunking and the memory budget -------------------------------------------
def test_chunks_equal_one_pass(data) -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    X, y = data
    model = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(X, y)
    whole = Explainer(model, X).explain(X)
    tiny = Explainer(model, X, memory_budget_mb=0.001)  # a few rows per chunk
    assert tiny._rows_per_chunk(5) < len(X)
    chunked = tiny.explain(X)
    np.testing.assert_array_equal(whole.values, chunked.values)
    by7 = Explainer(model, X, chunk_size=7, progress=False).explain(X)
    np.testing.assert_array_equal(whole.values, by7.values)
    shown = Explainer(model, X, chunk_size=100, progress=True).explain(X)  # tqdm on stderr
    np.testing.assert_array_equal(whole.values, shown.values)


def test_background_bounded(data) -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = data
    model = LogisticRegression().fit(X, y)
    assert len(Explainer(model, X, max_background=30).background_) == 30
    km = Explainer(model, X, max_background=12, background_method="kmeans")
    assert 1 <= len(km.background_) <= 12
    assert km.background_.columns.tolist() == X.columns.tolist()


def test_numpy_input_and_regressor() -> None:
    from sklearn.ensemble import GradientBoostingRegressor

    X, _ = numeric_data(n=150, p=4)
    arr = X.to_numpy()
    yr = arr[:, 0] * 2 + arr[:, 1]
    model = GradientBoostingRegressor(n_estimators=10, random_state=0).fit(arr, yr)
    ex = Explainer(model, arr)
    assert ex.scale_ == "raw" and ex.kind_.name == "tree"
    e = ex.explain(arr[:20])
    assert e.feature_names == ["x0", "x1", "x2", "x3"]
    assert e.additivity_error() < 1e-6


# -- bad input ----------------------------------------------------------------
def test_probability_scale_needs_predict_proba() -> None:
    from sklearn.linear_model import LinearRegression

    X, y = numeric_data(n=50, p=3)
    with pytest.raises(InvalidInputError, match=r"'scale'.*predict_proba"):
        Explainer(LinearRegression().fit(X, y), X, scale="probability")
    with pytest.raises(InvalidInputError, match="'scale'"):
        Explainer(LinearRegression().fit(X, y), X, scale="odds")  # type: ignore[arg-type]


def test_background_columns_must_match(data) -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = data
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ColumnError, match=r"'f4'.*'background'"):
        Explainer(model, X.drop(columns="f4"))
    ex = Explainer(model, X)
    with pytest.raises(ColumnError, match="'f4'"):
        ex.explain(X.drop(columns="f4"))
    # a model fitted on named columns: columns are selected by name, extras ignored
    reordered = Explainer(model, X[["f1", "f0", "f2", "f3", "f4"]].assign(note="x"))
    assert reordered.feature_names_ == list(X.columns)
    np.testing.assert_allclose(ex.explain(X[X.columns[::-1]]).values, ex.explain(X).values)
    np.testing.assert_allclose(ex.explain(X.assign(extra="text")).values, ex.explain(X).values)
    # a model fitted on an array: X must have exactly the background's columns
    arr_model = LogisticRegression().fit(X.to_numpy(), y)
    ex_arr = Explainer(arr_model, X.to_numpy())
    with pytest.raises(ColumnError, match="'extra'"):
        ex_arr.explain(pd.DataFrame(X.to_numpy(), columns=ex_arr.feature_names_).assign(extra=1.0))


def test_non_numeric_column_without_pipeline() -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = numeric_data(n=60, p=3)
    model = LogisticRegression().fit(X, y)
    Xs = X.assign(f2=np.where(X["f2"] > 0, "secret-value", "other"))
    with pytest.raises(ColumnError, match=r"'f2'.*not numeric") as info:
        Explainer(model, Xs)
    assert "secret-value" not in str(info.value)  # never a data value in a message


def test_multiclass_and_bad_parameters(data) -> None:
    from sklearn.linear_model import LogisticRegression

    X, _ = data
    y3 = pd.Series(np.arange(len(X)) % 3)
    with pytest.raises(InvalidInputError, match="binary"):
        Explainer(LogisticRegression().fit(X, y3), X)
    model = LogisticRegression().fit(X, (X["f0"] > 0).astype(int))
    for kwargs in ({"algorithm": "kernel"}, {"max_background": 0}, {"chunk_size": -1},
                   {"memory_budget_mb": 0}, {"background_method": "median"},
                   {"perturbation": "causal"}):
        with pytest.raises(InvalidInputError):
            Explainer(model, X, **kwargs)
    with pytest.raises(InvalidInputError, match="'tree'"):
        Explainer(model, X, algorithm="tree")
    with pytest.raises(InvalidInputError, match="no rows"):
        Explainer(model, X.iloc[:0])
    with pytest.raises(InvalidInputError, match="does not recognise a model"):
        Explainer(object(), X)


def test_pipeline_with_imputation_and_missing_indicator() -> None:
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    rng = np.random.default_rng(0)
    n = 300
    X = pd.DataFrame({"age": rng.normal(40, 10, n), "income": rng.normal(5, 1, n),
                      "region": rng.choice(["a", "b", "c"], n).astype(object)})
    X.loc[rng.random(n) < 0.2, "age"] = np.nan
    X.loc[rng.random(n) < 0.1, "region"] = np.nan
    y = (X["income"] + (X["region"] == "a") + X["age"].isna() + rng.normal(size=n) > 5.5)
    ct = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="most_frequent"),
                       OneHotEncoder(handle_unknown="ignore")), ["region"]),
        (make_pipeline(SimpleImputer(add_indicator=True), StandardScaler()), ["age", "income"]),
    )
    pipe = make_pipeline(ct, GradientBoostingClassifier(n_estimators=20, random_state=0))
    pipe.fit(X, y.astype(int))
    ex = Explainer(pipe, X, max_background=50)
    assert ex.kind_.name == "tree"  # every output attributed: no fallback
    e = ex.explain(X.iloc[:40])
    assert e.feature_names == ["age", "income", "region"]
    assert e.additivity_error() < 1e-9
    raw = _shap().TreeExplainer(pipe[-1], feature_perturbation="tree_path_dependent")
    Z = pipe[:-1].transform(X.iloc[:40])
    sv = raw.shap_values(np.asarray(Z, dtype=float))
    names = list(pipe[:-1].get_feature_names_out())
    age = [names.index("pipeline-2__age"), names.index("pipeline-2__missingindicator_age")]
    np.testing.assert_allclose(e.to_frame()["age"], sv[:, age].sum(axis=1), atol=1e-12)
