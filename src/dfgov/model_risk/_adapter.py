"""The model adapter layer: every model-risk control sees a model only through this.

:func:`adapt` recognises a fitted model and wraps it in a :class:`ModelAdapter`
that knows the model's feature names and their order, its classes, the scale of
its output and its numeric precision, and gives every control the same view:
:meth:`ModelAdapter.select` picks and orders the columns the model was fitted on
(sensitive columns never reach a model not fitted on them), and
:meth:`ModelAdapter.predict_proba` returns class probabilities whose columns
follow :attr:`ModelAdapter.classes`.

Families are recognised in the order of :data:`FAMILIES`; each entry is a
function returning an adapter or None. A model no family recognises gets an
error naming the protocol (``predict_proba`` plus ``classes_``), never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import ColumnError, InvalidInputError, ModelError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["FAMILIES", "ModelAdapter", "OutputScale", "adapt", "feature_names_of"]

#: What the model's native output is: probabilities, log-odds, a raw margin or labels.
OutputScale = Literal["probability", "log_odds", "margin", "label"]


@dataclass(frozen=True, eq=False)
class ModelAdapter:
    """One fitted model as every control sees it.

    Attributes
    ----------
    model : object
        The wrapped model, unchanged.
    family : str
        ``"sklearn"``, ``"xgboost"``, ``"lightgbm"``, ``"catboost"``, ``"statsmodels"``,
        ``"optbinning"``, ``"onnx"``, ``"callable"`` ...
    feature_names : tuple of str or None
        The input columns in the order the model was fitted on; None when the model
        records none (column order is then assumed).
    classes : tuple
        The labels, in the order of :meth:`predict_proba`'s columns.
    output_scale : OutputScale
        The scale of the model's native output (for explainers).
    precision : float
        Relative precision of the model's arithmetic (machine epsilon of its float
        type: 2.2e-16 for float64, 1.2e-7 for float32), for precision-aware tolerances.
    """

    model: Any
    family: str
    feature_names: tuple[str, ...] | None
    classes: tuple[Any, ...]
    output_scale: OutputScale = "probability"
    precision: float = 2.220446049250313e-16
    proba: Callable[[Any], Any] | None = field(default=None, repr=False)

    def select(self, X: pd.DataFrame, *, argument: str = "X", caller: str = "the model") -> (
            pd.DataFrame):
        """The columns the model was fitted on, in its order (``X`` itself without names).

        Raises
        ------
        ColumnError
            Names the columns the model needs that ``X`` lacks.
        """
        if self.feature_names is None:
            return X
        wanted = list(self.feature_names)
        missing = [c for c in wanted if c not in X.columns]
        if missing:
            shown = ", ".join(repr(c) for c in missing[:10])
            raise ColumnError(
                f"The {argument!r} argument of {caller} lacks columns the model was fitted "
                f"on: {shown}{' ...' if len(missing) > 10 else ''} ({len(missing)} missing of "
                f"{len(wanted)})."
            )
        if list(X.columns) == wanted:
            return X
        return X[wanted]

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, one column per entry of :attr:`classes`, as float64."""
        import numpy as np

        fn = self.proba if self.proba is not None else self.model.predict_proba
        out = np.asarray(fn(X), dtype=np.float64)
        if out.ndim != 2 or out.shape[1] != len(self.classes):
            raise InvalidInputError(
                f"The {self.family} model returned probabilities of shape {out.shape}; "
                f"expected ({len(X)}, {len(self.classes)}) for classes {list(self.classes)!r}."
            )
        return out

    def proba_of(self, X: Any, label: Any) -> np.ndarray:
        """The probability of ``label`` for each row of ``X``."""
        if label not in self.classes:
            raise InvalidInputError(
                f"The label {label!r} is not among the model's classes {list(self.classes)!r}."
            )
        return self.predict_proba(X)[:, list(self.classes).index(label)]


def feature_names_of(model: Any) -> tuple[str, ...] | None:
    """The input names a fitted model records, in order, or None.

    Looks at ``feature_names_in_`` (scikit-learn, and XGBoost/LightGBM wrappers fitted on
    DataFrames), a booster's names (``get_booster().feature_names``,
    ``booster_.feature_name()``, ``Booster.feature_names``/``feature_name()``) and
    CatBoost's ``feature_names_``.
    """
    names = getattr(model, "feature_names_in_", None)
    if names is None and hasattr(model, "get_booster"):
        names = getattr(model.get_booster(), "feature_names", None)
    if names is None and hasattr(model, "booster_"):
        names = model.booster_.feature_name()
    if names is None and type(model).__module__.startswith("xgboost"):
        names = getattr(model, "feature_names", None)
    if names is None and type(model).__module__.startswith("lightgbm") and hasattr(
            model, "feature_name"):
        names = model.feature_name()
    if names is None:
        names = getattr(model, "feature_names_", None)
    if names is None:
        return None
    out = tuple(str(n) for n in names)
    return out or None


def _sklearn_like(model: Any) -> ModelAdapter | None:
    """Anything with ``predict_proba`` and ``classes_`` (scikit-learn's classifier API)."""
    if not hasattr(model, "predict_proba") or not hasattr(model, "classes_"):
        return None
    import numpy as np

    classes = tuple(np.asarray(model.classes_).tolist())
    root = type(model).__module__.split(".")[0]
    names = feature_names_of(model)
    proba = None
    if names is None and root == "sklearn" and hasattr(model, "n_features_in_"):
        # fitted on an array: give it arrays (column order assumed, and said so by callers)
        def proba(X: Any) -> Any:
            return model.predict_proba(X.to_numpy() if hasattr(X, "to_numpy") else X)
    return ModelAdapter(model=model, family=root, feature_names=names, classes=classes,
                        proba=proba)


#: Recognisers tried in order; the first that returns an adapter wins.
FAMILIES: list[Callable[[Any], ModelAdapter | None]] = [_sklearn_like]


def adapt(model: Any, *, families: Sequence[Callable[[Any], ModelAdapter | None]] | None = None
          ) -> ModelAdapter:
    """Wrap ``model`` in a :class:`ModelAdapter` (an adapter is returned unchanged).

    Raises
    ------
    ModelError
        No family recognises the model (an :class:`InvalidInputError`); the message names
        the protocol to implement.
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
        f"{type(model).__name__}. A model needs predict_proba(X) returning one column per "
        "class and classes_ listing the labels in that order (scikit-learn's classifier API)."
    )
