"""Explanations read from the model itself, through the model adapter.

- :class:`NativeTree`: a gradient-boosting library's own exact TreeSHAP on the margin
  (log-odds) scale — XGBoost ``pred_contribs=True``, LightGBM ``pred_contrib=True``,
  CatBoost ``get_feature_importance(type="ShapValues")``. These handle the booster's
  native categorical splits, and they are what shap's ``TreeExplainer`` itself calls
  for these boosters on the path-dependent setting, so the numbers are shap's.
- :class:`LinearDesign`: a model linear in log-odds over single-column terms (a WoE
  scorecard, a statsmodels Logit/GLM with formula terms): interventional linear SHAP,
  ``coef_k (D_k(x) - mean D_k(background))``, summed over the terms of each original
  column — shap's ``LinearExplainer`` with an independent masker, mapped back.
- :class:`HistCategorical`: scikit-learn's HistGradientBoostingClassifier with native
  categorical splits, through dfgov's own TreeSHAP (:mod:`._treeshap`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dfgov.errors import InvalidInputError
from dfgov.model_risk.explain._treeshap import HistTrees, explain_hist

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk._adapter import ModelAdapter

__all__ = ["HistCategorical", "LinearDesign", "NativeTree", "native_api"]

_API = {
    "xgboost": "XGBoost pred_contribs=True",
    "lightgbm": "LightGBM pred_contrib=True",
    "catboost": "CatBoost get_feature_importance(type='ShapValues')",
}


def native_api(family: str) -> str:
    """The name of the library call that computes a family's contributions."""
    return _API.get(family, family)


class NativeTree:
    """Exact path-dependent TreeSHAP from the booster itself (margin scale)."""

    def __init__(self, adapter: ModelAdapter, background: pd.DataFrame) -> None:
        if adapter.contributions is None:
            raise InvalidInputError(
                f"The {adapter.family} model has no native contributions (binary models only)."
            )
        self.adapter = adapter
        _, base = self.values(background.iloc[:1])
        self.expected_value = float(base[0])

    def values(self, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(values (n, p), base (n,))`` for the rows of ``df`` (the model's columns)."""
        assert self.adapter.contributions is not None
        values, base = self.adapter.contributions(self.adapter.native(df))
        return np.asarray(values, dtype=np.float64), np.asarray(base, dtype=np.float64)


class LinearDesign:
    """Interventional linear SHAP over a design of single-column terms, mapped back."""

    def __init__(self, adapter: ModelAdapter, background: pd.DataFrame,
                 feature_names: list[str]) -> None:
        terms = adapter.linear
        if terms is None:
            raise InvalidInputError(f"The {adapter.family} model is not linear in log-odds.")
        self.adapter = adapter
        self.terms = terms
        self.coef = np.asarray(terms.coef, dtype=np.float64).reshape(-1)
        index = {n: j for j, n in enumerate(feature_names)}
        missing = [s for s in terms.source if s not in index]
        if missing:
            raise InvalidInputError(
                f"The {adapter.family} model's terms use columns {missing[:5]} that are not "
                "among its inputs."
            )
        M = np.zeros((len(terms.source), len(feature_names)))
        cols = [index[s] for s in terms.source]
        M[np.arange(len(terms.source)), cols] = 1.0
        self.M: np.ndarray | None = None if cols == list(range(len(feature_names))) else M
        D = self._design(background)
        self.mean = D.mean(axis=0)
        self.expected_value = float(terms.intercept + self.mean @ self.coef)

    def _design(self, df: pd.DataFrame) -> np.ndarray:
        D = np.asarray(self.terms.design(self.adapter.native(df)), dtype=np.float64)
        if D.ndim != 2 or D.shape[1] != len(self.coef):
            raise InvalidInputError(
                f"The {self.adapter.family} model's design has shape {D.shape}; expected "
                f"{len(self.coef)} columns."
            )
        return D

    def values(self, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(values (n, p), base (n,))`` for the rows of ``df``."""
        D = np.subtract(self._design(df), self.mean)  # one new array, then in place
        np.multiply(D, self.coef, out=D)
        out: np.ndarray = D if self.M is None else D @ self.M
        return out, np.full(len(df), self.expected_value)


class HistCategorical:
    """Exact TreeSHAP of a HistGradientBoostingClassifier with native categorical splits."""

    def __init__(self, trees: HistTrees, background: pd.DataFrame,
                 feature_names: list[str]) -> None:
        self.trees = trees
        self.feature_names = feature_names
        _, base = explain_hist(trees, background.iloc[:1], feature_names)
        self.expected_value = float(base[0])

    def values(self, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """``(values (n, p), base (n,))`` on the log-odds scale."""
        return explain_hist(self.trees, df, self.feature_names)
