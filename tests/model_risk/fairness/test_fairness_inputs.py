"""Bad input raises DfgovError subclasses naming the argument and the rule."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import ColumnError, DfgovError, InvalidInputError
from dfgov.model_risk.fairness import GroupMetrics

Y = np.array([0, 1, 0, 1, 1, 0])
G = np.array(["a", "a", "a", "b", "b", "b"])


def _gm(**kw: Any) -> GroupMetrics:
    args: dict[str, Any] = {"y_true": Y, "y_pred": Y, "sensitive_features": G}
    args.update(kw)
    return GroupMetrics(**args)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"y_pred": Y[:5]}, "'y_pred' argument has 5 rows"),
        ({"sensitive_features": G[:4]}, "has 4 rows"),
        ({"sample_weight": np.ones(3)},
         r"'sample_weight' argument of GroupMetrics must have one value per row \(6\)\. "
         "Got 3 values"),
        ({"y_true": np.array([0, 1, 2, 1, 1, 0]), "classes": [0, 1]}, "'y_true'.*outside"),
        ({"y_true": np.array([0, 1, np.nan, 1, 1, 0])}, "'y_true'.*missing"),
        ({"y_pred": np.array([0, 1, np.nan, 1, 1, 0])}, "'y_pred'.*missing"),
        ({"sensitive_features": np.array(["a"] * 6)}, "single group"),
        ({"y_true": [], "y_pred": [], "sensitive_features": []}, "empty"),
        ({"sample_weight": np.array([1, 1, -1, 1, 1, 1.0])}, "must not be negative"),
        ({"sample_weight": np.array([1, 1, np.nan, 1, 1, 1.0])}, "finite"),
        ({"sample_weight": np.zeros(6)}, "positive total"),
        ({"y_score": np.array([0.1, 0.2, 1.5, 0.3, 0.2, 0.1])}, r"'y_score'.*\[0, 1\]"),
        ({"y_score": np.array([0.1, 0.2, np.nan, 0.3, 0.2, 0.1])}, "'y_score'.*NaN"),
        ({"y_true": np.array(["x", "y"] * 3), "y_pred": np.array(["x", "y"] * 3)},
         "'pos_label'"),
        ({"min_group_size": -1},
         r"^The 'min_group_size' argument of GroupMetrics must be a non-negative integer\. "
         r"Got -1\.$"),
        ({"n_bins": 0}, "'n_bins' argument of GroupMetrics must be a positive integer"),
        ({"missing": "drop"}, r"'missing' argument of GroupMetrics must be one of \["),
    ],
)
def test_bad_input_names_argument_and_rule(kw: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        _gm(**kw)


def test_missing_sensitive_value_error_or_group() -> None:
    sf = pd.Series(["a", None, "a", "b", "b", "b"], name="sex")
    with pytest.raises(ColumnError, match="'sex' has missing values") as exc:
        _gm(sensitive_features=sf)
    assert isinstance(exc.value, DfgovError)
    gm = _gm(sensitive_features=sf, missing="group")
    assert list(gm.by_group.index) == ["a", "b", "missing"]
    assert gm.by_group.loc["missing", "count"] == 1
    cat = sf.astype("category")
    gm2 = _gm(sensitive_features=cat, missing="group")
    assert gm2.by_group["count"].to_dict() == {"a": 2, "b": 3, "missing": 1}


def test_messages_never_echo_data_values() -> None:
    secret = np.array(["id-4711-secret"] * 6)
    with pytest.raises(InvalidInputError) as exc:
        _gm(sensitive_features=secret)
    assert "4711" not in str(exc.value)


def test_string_labels_with_declared_pos_label_and_multiclass() -> None:
    yt = np.array(["bad", "good", "good", "bad", "good", "good"])
    gm = _gm(y_true=yt, y_pred=yt, pos_label="good")
    assert gm.by_group.loc["a", "selection_rate"] == pytest.approx(2 / 3)
    mc = np.array([0, 1, 2, 2, 1, 0])
    gm3 = _gm(y_true=mc, y_pred=mc)
    assert not gm3.binary
    assert gm3.by_group.loc["b", "selection_rate_2"] == pytest.approx(1 / 3)
    assert gm3.difference("selection_rate_0") == pytest.approx(0.0)
    with pytest.raises(InvalidInputError, match="binary"):
        gm3.bootstrap(10)


def test_categorical_groups_equal_string_groups() -> None:
    rng = np.random.default_rng(0)
    g = rng.choice(["x", "y", "z"], 400)
    y = rng.integers(0, 2, 400)
    p = rng.integers(0, 2, 400)
    a = GroupMetrics(y_true=y, y_pred=p, sensitive_features=g).by_group
    cat = pd.Categorical(g, categories=["w", "x", "y", "z"])  # 'w' unobserved
    b = GroupMetrics(y_true=y, y_pred=p, sensitive_features=pd.Series(cat)).by_group
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
