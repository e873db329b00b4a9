"""Adapter families of models linear in log-odds: statsmodels results and optbinning scorecards.

Both are read as :class:`~dfgov.model_risk._adapter.LinearTerms`: a design whose
columns each come from one input column (a WoE transform, a one-hot level of
``C(purpose)``, ``np.log(credit_amount)`` ...), coefficients and an intercept.
Their explanations are then exact and linear on the logit scale, reported on the
original (pre-binning, pre-formula) columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.model_risk._adapter_base import EPS64, LinearTerms, ModelAdapter

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["design_sources", "optbinning_family", "statsmodels_family"]

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_QUOTED = re.compile(r"Q\(\s*(['\"])(.*?)\1\s*\)")


def _tokens(text: str) -> set[str]:
    found = {m.group(2) for m in _QUOTED.finditer(text)}
    found |= set(_TOKEN.findall(_QUOTED.sub(" ", text)))
    return found


def design_sources(names: Sequence[str], inputs: Sequence[str]) -> list[str | None] | None:
    """The input column each design column is computed from (None for the intercept).

    A design column belongs to the one input whose name occurs in it as a whole token
    (``C(purpose)[T.car]`` -> ``purpose``). Returns None when some design column uses
    several inputs (an interaction ``a:b``) or none that is known: the model is then
    not additive in its inputs.
    """
    out: list[str | None] = []
    known = set(inputs)
    for name in names:
        if name in ("Intercept", "const"):
            out.append(None)
            continue
        if name in known:
            out.append(name)
            continue
        head = name.split("[", 1)[0]  # levels after '[' are values, not variables
        used = sorted(_tokens(head) & known)
        if len(used) != 1:
            return None
        out.append(used[0])
    return out


# -- statsmodels ----------------------------------------------------------------------------
def _binomial_logit(model: Any) -> tuple[bool, bool]:
    """(is a binary-outcome model, is linear on the logit scale)."""
    name = type(model).__name__
    if name in ("Logit",):
        return True, True
    if name in ("Probit",):
        return True, False
    if name == "GLM":
        family = getattr(model, "family", None)
        if type(family).__name__ != "Binomial":
            return False, False
        return True, type(getattr(family, "link", None)).__name__ == "Logit"
    return False, False


def statsmodels_family(model: Any) -> ModelAdapter | None:
    """statsmodels results of ``Logit``, ``Probit`` and ``GLM(family=Binomial())``.

    Formula API (``smf.logit("default ~ C(purpose) + np.log(credit_amount)", df)``): the
    inputs are the data columns the formula uses, and new rows go through the same
    formula. Array API (``sm.Logit(y, sm.add_constant(X))``): the inputs are the exog
    columns other than the constant.
    """
    if type(model).__module__.split(".")[0] != "statsmodels":
        return None
    inner = getattr(model, "model", None)
    params = getattr(model, "params", None)
    if inner is None or params is None:
        return None
    binary, logit = _binomial_logit(inner)
    if not binary:
        raise InvalidInputError(
            f"The statsmodels model is a {type(inner).__name__}; dfgov assesses binary "
            "classifiers: Logit, Probit or GLM with a Binomial family."
        )
    import numpy as np

    coef_all = np.asarray(params, dtype=np.float64).reshape(-1)
    names_from = inner.exog_names if inner.exog_names is not None else getattr(
        params, "index", None)  # remove_data() drops exog_names; a pandas fit keeps params' index
    if names_from is None:
        raise InvalidInputError(
            "The statsmodels model records no input names (fitted on an array, then "
            "remove_data()); fit it on a DataFrame so its inputs are known by name."
        )
    exog_names = [str(n) for n in names_from]
    formula = getattr(inner, "formula", None)
    if formula is not None:
        names, design, intercept_at = _formula_view(model, inner, str(formula), exog_names)
    else:
        names, design, intercept_at = _array_view(inner, exog_names)

    def exog(X: pd.DataFrame) -> Any:
        return X if formula is not None else design(X, with_constant=True)

    def proba(Z: Any) -> np.ndarray:
        p = np.asarray(model.predict(Z), dtype=np.float64).reshape(-1)
        return np.column_stack([1.0 - p, p])

    def margin(Z: Any) -> np.ndarray:
        return np.asarray(model.predict(Z, which="linear"), dtype=np.float64).reshape(-1)

    linear = None
    if logit:
        keep = [k for k in range(len(exog_names)) if k != intercept_at]
        sources = design_sources([exog_names[k] for k in keep], names)
        if sources is not None and all(s is not None for s in sources):
            def terms(Z: Any) -> np.ndarray:  # Z: what prepare() made of the input
                if formula is not None:
                    out: np.ndarray = design(Z, with_constant=False)
                    return out
                arr = np.asarray(Z, dtype=np.float64)
                return np.delete(arr, intercept_at, axis=1) if intercept_at is not None else arr

            linear = LinearTerms(
                design=terms,
                coef=coef_all[keep],
                intercept=float(coef_all[intercept_at]) if intercept_at is not None else 0.0,
                source=tuple(s for s in sources if s is not None),
                names=tuple(exog_names[k] for k in keep),
            )
    return ModelAdapter(
        model=model, family="statsmodels", feature_names=tuple(names), classes=(0, 1),
        output_scale="probability", precision=EPS64, proba=proba, n_terms=len(coef_all),
        prepare=exog, margin=margin if logit else None, linear=linear,
    )


def _formula_view(results: Any, inner: Any, formula: str, exog_names: list[str]) -> tuple[
        list[str], Any, int | None]:
    import numpy as np

    frame = getattr(inner.data, "frame", None)
    rhs = formula.split("~", 1)[-1]
    used = _tokens(rhs)
    lhs = _tokens(formula.split("~", 1)[0]) if "~" in formula else set()
    if frame is not None:
        names = [str(c) for c in frame.columns if str(c) in used and str(c) not in lhs]
    else:
        names = sorted(used - lhs)
    spec = getattr(inner, "model_spec", None) or inner.data.model_spec
    intercept_at = exog_names.index("Intercept") if "Intercept" in exog_names else None

    def design(X: pd.DataFrame, *, with_constant: bool) -> np.ndarray:
        from statsmodels.formula._manager import FormulaManager

        D = FormulaManager().get_matrices(spec, X, pandas=True, prediction=True)
        if len(D) != len(X):
            raise InvalidInputError(
                "The statsmodels formula dropped rows with missing values; dfgov needs a "
                "value for every row (impute or drop them first)."
            )
        arr = np.asarray(D, dtype=np.float64)
        if not with_constant and intercept_at is not None:
            arr = np.delete(arr, intercept_at, axis=1)
        return arr

    return names, design, intercept_at


def _array_view(inner: Any, exog_names: list[str]) -> tuple[list[str], Any, int | None]:
    import numpy as np

    const_idx = getattr(inner.data, "const_idx", None)
    k_constant = int(getattr(inner, "k_constant", 0) or 0)
    intercept_at = int(const_idx) if k_constant and const_idx is not None else None
    if intercept_at is None and "const" in exog_names:
        intercept_at = exog_names.index("const")
    names = [n for k, n in enumerate(exog_names) if k != intercept_at]

    def design(X: pd.DataFrame, *, with_constant: bool) -> np.ndarray:
        arr = X.to_numpy(dtype=np.float64, na_value=np.nan) if hasattr(X, "to_numpy") \
            else np.asarray(X, dtype=np.float64)
        if with_constant and intercept_at is not None:
            arr = np.insert(arr, intercept_at, 1.0, axis=1)
        return arr

    return names, design, intercept_at


# -- optbinning -----------------------------------------------------------------------------
def optbinning_family(model: Any) -> ModelAdapter | None:
    """An optbinning ``Scorecard``: WoE binning, then a logistic regression.

    The inputs are the binning process's variables; the model is linear in the WoE of the
    selected ones.
    """
    if type(model).__module__.split(".")[0] != "optbinning":
        return None
    if type(model).__name__ != "Scorecard":
        return None
    bp = getattr(model, "binning_process_", None)
    est = getattr(model, "estimator_", None)
    if bp is None or est is None:
        raise InvalidInputError("The optbinning Scorecard is not fitted (call fit first).")
    import numpy as np

    names = tuple(str(v) for v in bp.variable_names)
    selected = tuple(str(v) for v in bp.get_support(names=True))
    categorical = tuple(v for v in names
                        if getattr(bp.get_binned_variable(v), "dtype", "") == "categorical")
    coef = np.asarray(est.coef_, dtype=np.float64).reshape(-1)
    intercept = float(np.asarray(est.intercept_).reshape(-1)[0])
    if len(coef) != len(selected):
        raise InvalidInputError(
            "The optbinning Scorecard's estimator does not have one coefficient per selected "
            "variable; dfgov reads scorecards whose estimator is a logistic regression."
        )

    def woe(X: pd.DataFrame) -> np.ndarray:
        W = bp.transform(X, metric="woe")
        W = W[list(selected)] if hasattr(W, "columns") else W
        return np.asarray(W, dtype=np.float64)

    def proba(X: pd.DataFrame) -> np.ndarray:
        return np.asarray(model.predict_proba(X), dtype=np.float64)

    def margin(X: pd.DataFrame) -> np.ndarray:
        out: np.ndarray = intercept + woe(X) @ coef
        return out

    linear = LinearTerms(design=woe, coef=coef, intercept=intercept, source=selected,
                         names=tuple(f"woe({v})" for v in selected))
    return ModelAdapter(
        model=model, family="optbinning", feature_names=names, classes=(0, 1),
        output_scale="probability", precision=EPS64, proba=proba, categorical=categorical,
        n_terms=len(coef) + 1, margin=margin, linear=linear,
    )
