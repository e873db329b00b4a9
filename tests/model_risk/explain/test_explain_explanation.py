"""Explanation: importance, intervals, groups, local views, frames, shap objects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import InvalidInputError
from dfgov.model_risk.explain import Explainer, Explanation
from tests.model_risk.explain.explain_data import numeric_data


@pytest.fixture(scope="module")
def explanation() -> Explanation:
    from sklearn.ensemble import GradientBoostingClassifier

    X, y = numeric_data(n=400)
    X.index = pd.RangeIndex(1000, 1400)
    model = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    return Explainer(model, X).explain(X)


def test_global_importance(explanation: Explanation) -> None:
    imp = explanation.global_importance(n_boot=200, random_state=1)
    expected = explanation.to_frame().abs().mean()
    np.testing.assert_allclose(imp["importance"], expected[imp.index])
    assert imp["importance"].is_monotonic_decreasing
    assert imp["share"].sum() == pytest.approx(1.0)
    assert (imp["low"] <= imp["importance"] + 1e-12).all()
    assert (imp["importance"] <= imp["high"] + 1e-12).all()
    assert imp.index[0] in {"f0", "f1", "f2"}  # features the target depends on
    again = explanation.global_importance(n_boot=200, random_state=1)
    pd.testing.assert_frame_equal(imp, again)  # same seed, same result
    assert explanation.global_importance(n_boot=0)["low"].isna().all()
    with pytest.raises(InvalidInputError, match="'confidence'"):
        explanation.global_importance(confidence=1.5)


def test_n_boot_and_the_deprecated_n_bootstrap(explanation: Explanation) -> None:
    """``n_bootstrap=`` (the old keyword) warns and gives the same result; both is an error."""
    imp = explanation.global_importance(n_boot=30, random_state=2)
    with pytest.warns(DeprecationWarning, match=r"'n_bootstrap' argument of Explanation\."
                                                r"global_importance is deprecated.*'n_boot'"):
        old = explanation.global_importance(n_bootstrap=30, random_state=2)
    pd.testing.assert_frame_equal(imp, old)
    np.testing.assert_array_equal(explanation.bootstrap_importance(5, random_state=3),
                                  explanation.bootstrap_importance(n_boot=5, random_state=3))
    with pytest.warns(DeprecationWarning, match=r"Explanation\.bootstrap_importance"):
        np.testing.assert_array_equal(
            explanation.bootstrap_importance(n_bootstrap=5, random_state=3),
            explanation.bootstrap_importance(5, random_state=3))
    with pytest.raises(InvalidInputError, match=r"'n_boot' argument .* old name 'n_bootstrap'"):
        explanation.global_importance(n_boot=30, n_bootstrap=30)
    with pytest.raises(InvalidInputError, match=r"'n_boot' argument .* is required"):
        explanation.bootstrap_importance()


def test_bootstrap_importance_resamples_rows(explanation: Explanation) -> None:
    boots = explanation.bootstrap_importance(50, random_state=0)
    assert boots.shape == (50, 5)
    full = np.abs(explanation.values).mean(axis=0)
    assert np.abs(boots.mean(axis=0) - full).max() < 0.1 * full.max()


def test_importance_by_group_equals_groupby(explanation: Explanation) -> None:
    rng = np.random.default_rng(0)
    groups = pd.Series(rng.choice(["a", "b", "c"], size=len(explanation)), name="region")
    by = explanation.importance_by_group(groups)
    expected = explanation.to_frame().abs().reset_index(drop=True).groupby(groups).mean()
    for g in ["a", "b", "c"]:
        np.testing.assert_allclose(by.loc[("region", g), explanation.feature_names].to_numpy(
            dtype=float), expected.loc[g].to_numpy())
        assert by.loc[("region", g), "n"] == (groups == g).sum()
    with pytest.raises(InvalidInputError, match="rows"):
        explanation.importance_by_group(groups[:10])


def test_frames_local_and_shap(explanation: Explanation) -> None:
    frame = explanation.to_frame()
    assert frame.index.equals(explanation.data.index)
    loc = explanation.local(1003)
    assert list(loc.index) == sorted(explanation.feature_names,
                                     key=lambda f: -abs(frame.loc[1003, f]))
    np.testing.assert_allclose(loc.loc["f0", "contribution"], frame.loc[1003, "f0"])
    with pytest.raises(InvalidInputError, match="'row'"):
        explanation.local(5)
    several = explanation.local([1003, 1010])
    assert several.index.names == ["row", "feature"] and len(several) == 10
    np.testing.assert_allclose(several.loc[1010, "contribution"].sum(),
                               frame.loc[1010].sum())
    sh = explanation.to_shap()
    assert type(sh).__name__ == "Explanation"
    np.testing.assert_array_equal(sh.values, explanation.values)
    assert list(sh.feature_names) == explanation.feature_names
    assert "rows=400" in repr(explanation)
