"""Security: membership inference, evasion, dependency inventory, safe model loading."""

from __future__ import annotations

import pickle
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.tree import DecisionTreeClassifier

import dfgov
from dfgov.errors import ColumnError, InputFileError, InvalidInputError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.validation import (
    SecurityCheck,
    dependency_inventory,
    evasion_test,
    load_model,
    membership_inference,
    model_provenance,
)
from dfgov.model_risk.validation._security import version_below
from dfgov.report import Status

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(0)
    n = 1500
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.integers(0, 10, n),
                      "c": rng.normal(size=n)})
    y = pd.Series(((X["a"] + X["b"] / 5 + rng.normal(size=n)) > 1).astype(int))
    return X, y


def test_membership_inference_flags_overfit_not_regularised(
    data: tuple[pd.DataFrame, pd.Series],
) -> None:
    X, y = data
    Xt, yt, Xh, yh = X[:300], y[:300], X[300:], y[300:]
    tree = DecisionTreeClassifier(random_state=0).fit(Xt, yt)  # unpruned, small sample
    lr = make_pipeline(StandardScaler(), LogisticRegression(C=0.1)).fit(Xt, yt)
    assert membership_inference(tree, Xt, yt, Xh, yh, random_state=0).auc > 0.6
    assert membership_inference(lr, Xt, yt, Xh, yh, random_state=0).auc < 0.55
    st_tree = {f.control: f for f in SecurityCheck(vocabulary=CREDIT).run(
        tree, X_train=Xt, y_train=yt, X_holdout=Xh, y_holdout=yh).findings}
    st_lr = {f.control: f for f in SecurityCheck(vocabulary=CREDIT).run(
        lr, X_train=Xt, y_train=yt, X_holdout=Xh, y_holdout=yh).findings}
    assert st_tree["security.membership_inference"].status is Status.FAIL
    assert st_lr["security.membership_inference"].status is Status.PASS
    assert "JR/T 0221-2021 §6.2" in st_tree["security.membership_inference"].clauses
    with pytest.raises(InvalidInputError, match="'y_train' and 'y_holdout'"):
        SecurityCheck(vocabulary=CREDIT).run(lr, X_train=Xt, X_holdout=Xh)


def test_evasion_share_grows_with_budget(data: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = data
    lr = LogisticRegression().fit(X, y)
    small = evasion_test(lr, X, {"a": 0.1}, random_state=0)
    large = evasion_test(lr, X, {"a": 2.0, "b": 2.0}, random_state=0)
    assert small.flippable_share is not None and large.flippable_share is not None
    assert small.flippable_share < large.flippable_share
    assert sum(large.by_feature.values()) == round(large.flippable_share * large.n_sampled)
    assert large.median_change is not None and 0 < large.median_change <= 2.0
    # An approved-only sample has nothing to search.
    assert evasion_test(lr, X, {"a": 1.0}, threshold=1.0).flippable_share is None
    with pytest.raises(ColumnError, match=r"\['zz'\]"):
        evasion_test(lr, X, {"zz": 1.0})
    pol = dfgov.Policy.loads("[security]\nactionable = {a = 2.0}\nmax_flippable_share = 0.01\n")
    (ev,) = [f for f in SecurityCheck(pol, vocabulary=CREDIT).run(
            lr, X=X).findings if f.control == "security.evasion"]
    assert ev.status is Status.WARN and ev.value == pytest.approx(
        evasion_test(lr, X, {"a": 2.0}, random_state=0).flippable_share)


def test_dependency_inventory_and_minimum_versions(data: tuple[pd.DataFrame, pd.Series]) -> None:
    X, y = data
    lr = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    deps = dependency_inventory(lr)
    assert {"scikit-learn", "numpy", "python"} <= set(deps)
    pol = dfgov.Policy.loads('[security]\nmin_versions = {scikit-learn = "999.0"}\n')
    report = SecurityCheck(pol, vocabulary=CREDIT).run(lr)
    assert report.title.en == "Model security assessment" and report.policy_hash == pol.hash
    fails = [f for f in report.findings if f.status is Status.FAIL]
    assert [f.subject for f in fails] == ["scikit-learn"]
    assert "JR/T 0221-2021 §6.3" in fails[0].clauses
    assert version_below("1.4.2", "1.5") and not version_below("1.10", "1.9")
    assert not version_below("2.0.0rc1", "2.0")


def _double(x: np.ndarray) -> np.ndarray:
    return x * 2


def test_load_model_accepts_categorical_boosting(tmp_path: Path) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.random(200), "c": pd.Categorical(rng.choice(["x", "y"], 200))})
    y = rng.integers(0, 2, 200)
    model = HistGradientBoostingClassifier(max_iter=5, categorical_features="from_dtype")
    model.fit(X, y)
    sio.dump(model, tmp_path / "hgb.skops")
    np.testing.assert_allclose(load_model(tmp_path / "hgb.skops").predict_proba(X),
                               model.predict_proba(X))


def test_load_model_skops_pickle_and_untrusted(
    tmp_path: Path, data: tuple[pd.DataFrame, pd.Series]
) -> None:
    X, y = data
    lr = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    sk = tmp_path / "model.skops"
    sio.dump(lr, sk)
    loaded = load_model(sk)
    np.testing.assert_allclose(loaded.predict_proba(X), lr.predict_proba(X))
    prov = model_provenance(loaded)
    assert prov is not None and prov.format == "skops" and prov.safe
    (fmt,) = [f for f in SecurityCheck(vocabulary=CREDIT).run(
            loaded).findings if f.control == "security.model_format"]
    assert fmt.status is Status.PASS

    pk = tmp_path / "model.pkl"
    pk.write_bytes(pickle.dumps(lr))
    with pytest.raises(InputFileError, match=r"pickle file.*trust_pickle=True"):
        load_model(pk)
    unsafe = load_model(pk, trust_pickle=True)
    (fmt,) = [f for f in SecurityCheck(vocabulary=CREDIT).run(
            unsafe).findings if f.control == "security.model_format"]
    assert fmt.status is Status.FAIL and fmt.details["format"] == "pickle"

    custom = make_pipeline(FunctionTransformer(_double), LogisticRegression()).fit(X, y)
    bad = tmp_path / "custom.skops"
    sio.dump(custom, bad)
    with pytest.raises(InputFileError, match=r"not trusted: .*_double"):
        load_model(bad)
    name = next(t for t in sio.get_untrusted_types(file=bad) if t.endswith("_double"))
    assert load_model(bad, trusted=[name]).predict_proba(X).shape == (len(X), 2)

    wrapped = make_pipeline(FunctionTransformer(partial(_double)), LogisticRegression()).fit(X, y)
    sio.dump(wrapped, tmp_path / "partial.skops")
    with pytest.raises(InputFileError, match=r"not trusted: .*_double"):
        load_model(tmp_path / "partial.skops")  # the partial is allowed, its function is not

    (tmp_path / "model.txt").write_text("not a model")  # .txt is LightGBM's text format
    with pytest.raises(InputFileError, match="not a LightGBM model"):
        load_model(tmp_path / "model.txt")
    (tmp_path / "model.dat").write_text("not a model")
    with pytest.raises(InputFileError, match="unknown format"):
        load_model(tmp_path / "model.dat")
    with pytest.raises(InputFileError, match="does not exist"):
        load_model(tmp_path / "missing.skops")
    (fmt,) = [f for f in SecurityCheck(vocabulary=CREDIT).run(
            lr).findings if f.control == "security.model_format"]
    assert fmt.status is Status.SKIPPED  # an in-memory model has no file format
