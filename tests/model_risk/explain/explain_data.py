"""Shared data and models for the explainability tests (small and fast)."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd


def numeric_data(n: int = 300, p: int = 5, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Numeric features with a non-linear binary target."""
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"f{i}" for i in range(p)])
    logit = X["f0"] + 0.5 * X["f1"] ** 2 - 0.8 * X["f2"] + rng.normal(scale=0.5, size=n)
    y = pd.Series((logit > 0.3).astype(int), name="y")
    return X, y


@cache
def german() -> tuple[pd.DataFrame, pd.Series]:
    from dfgov.datasets import load_german_credit

    return load_german_credit(return_X_y=True)


def german_pipeline(estimator: Any) -> Any:
    """A ColumnTransformer (one-hot + scaling) pipeline fitted on German credit."""
    from sklearn.compose import make_column_transformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    X, y = german()
    cats = [c for c in X.columns if isinstance(X[c].dtype, pd.CategoricalDtype)]
    nums = [c for c in X.columns if c not in cats]
    ct = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), cats), (StandardScaler(), nums)
    )
    return make_pipeline(ct, estimator).fit(X, y)


def mixed_pipeline() -> tuple[Any, pd.DataFrame]:
    """A small one-hot + scaling pipeline on mixed columns (object strings and a category)."""
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    rng = np.random.default_rng(5)
    n = 200
    X = pd.DataFrame({
        "amount": rng.gamma(2.0, 1000.0, size=n),
        "region": rng.choice(["north", "south", "east"], size=n).astype(object),
        "product": pd.Categorical(rng.choice(["card", "loan"], size=n)),
        "age": rng.integers(18, 80, size=n),
    })
    y = ((X["region"] == "south") + (X["amount"] > 2000) + rng.random(n) > 1.2).astype(int)
    ct = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), ["region", "product"]),
        (StandardScaler(), ["amount", "age"]),
    )
    return make_pipeline(ct, LogisticRegression()).fit(X, y), X


def proxy_data(n: int = 600, seed: int = 1) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """X with a planted noisy copy of sex ('proxy') and an unrelated important feature ('z').

    ``sex`` itself is not a column of X; the target depends on sex and on z.
    """
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], size=n)
    flip = rng.random(n) < 0.1
    male = (sex == "male") ^ flip
    X = pd.DataFrame({
        "proxy": np.where(male, 1.0, 0.0) + rng.normal(scale=0.05, size=n),
        "z": rng.normal(size=n),
        "u": rng.normal(size=n),
    })
    logit = 1.5 * (sex == "male") + 1.2 * X["z"] + rng.normal(scale=0.5, size=n) - 0.7
    y = pd.Series((logit > 0).astype(int), name="default")
    return X, y, pd.Series(sex, name="sex")
