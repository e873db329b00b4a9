"""The model adapter layer: every model-risk control sees a model only through this.

:func:`adapt` recognises a fitted model and wraps it in a :class:`ModelAdapter`
that knows the model's feature names and their order, its classes, the scale of
its output and its numeric precision, and gives every control the same view:
:meth:`ModelAdapter.select` picks and orders the columns the model was fitted on
(sensitive columns never reach a model not fitted on them), and
:meth:`ModelAdapter.predict_proba` returns class probabilities whose columns
follow :attr:`ModelAdapter.classes`.

Families are recognised in the order of :data:`FAMILIES`; each entry is a
function returning an adapter or None: XGBoost (``XGBClassifier`` and
``Booster``), LightGBM (``LGBMClassifier`` and ``Booster``), CatBoost,
statsmodels results (Logit, GLM Binomial; formula and array APIs), optbinning
``Scorecard``, ONNX (:class:`~dfgov.model_risk.OnnxModel` or an onnxruntime
session), :class:`~dfgov.model_risk.CallableModel`, and finally anything with
scikit-learn's classifier API (``predict_proba`` plus ``classes_``; Pipelines
included). A model no family recognises gets an error naming the protocols,
never a guess. Recognisers look at the model's type name and module only, so no
model library is imported until a model of it arrives.

An adapter also behaves like a scikit-learn classifier (``predict_proba``,
``predict``, ``classes_``, ``feature_names_in_``), so any function written for
that API accepts it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dfgov.errors import ModelError
from dfgov.model_risk._adapt_boosters import (
    catboost_family,
    lightgbm_family,
    xgboost_family,
)
from dfgov.model_risk._adapt_linear import optbinning_family, statsmodels_family
from dfgov.model_risk._adapt_other import (
    callable_family,
    onnx_family,
    sklearn_family,
)
from dfgov.model_risk._adapter_base import (
    EPS32,
    EPS64,
    LinearTerms,
    ModelAdapter,
    OutputScale,
    feature_names_of,
)

__all__ = [
    "EPS32",
    "EPS64",
    "FAMILIES",
    "LinearTerms",
    "ModelAdapter",
    "OutputScale",
    "adapt",
    "feature_names_of",
]

_PROTOCOL = (
    "dfgov reads a model through one of these: scikit-learn's classifier API "
    "(predict_proba(X) returning one column per class, classes_ listing the labels in that "
    "order, feature_names_in_ naming the inputs); an XGBoost, LightGBM or CatBoost "
    "classifier or booster; statsmodels Logit/GLM-Binomial results; an optbinning "
    "Scorecard; an ONNX model (dfgov.model_risk.OnnxModel); or any scoring function wrapped "
    "as dfgov.model_risk.CallableModel(function, feature_names=..., classes=..., "
    "output_scale=...)."
)


#: Recognisers tried in order; the first that returns an adapter wins. A bank's own
#: family goes first with ``FAMILIES.insert(0, recognise)``.
FAMILIES: list[Callable[[Any], ModelAdapter | None]] = [
    xgboost_family, lightgbm_family, catboost_family, statsmodels_family, optbinning_family,
    onnx_family, callable_family, sklearn_family,
]


def adapt(model: Any, *, families: Sequence[Callable[[Any], ModelAdapter | None]] | None = None
          ) -> ModelAdapter:
    """Wrap ``model`` in a :class:`ModelAdapter` (an adapter is returned unchanged).

    Raises
    ------
    ModelError
        No family recognises the model (an :class:`InvalidInputError`); the message names
        the protocols to implement.
    """
    if isinstance(model, ModelAdapter):
        return model
    if model is None:
        raise ModelError("No model was given (the model is None).")
    for recognise in families if families is not None else FAMILIES:
        adapter = recognise(model)
        if adapter is not None:
            return adapter
    raise ModelError(
        f"dfgov does not recognise a model of type {type(model).__module__}."
        f"{type(model).__name__}. {_PROTOCOL}"
    )
