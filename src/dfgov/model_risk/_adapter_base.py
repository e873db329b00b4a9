"""The :class:`ModelAdapter` record shared by the adapter families (see ``_adapter``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["EPS32", "EPS64", "LinearTerms", "ModelAdapter", "OutputScale", "feature_names_of"]

#: What the model's native output is: probabilities, log-odds, a raw margin or labels.
OutputScale = Literal["probability", "log_odds", "margin", "label"]

#: Machine epsilon of float64 and float32: the relative precision of a model's arithmetic.
EPS64 = 2.220446049250313e-16
EPS32 = 1.1920928955078125e-07


@dataclass(frozen=True, eq=False)
class LinearTerms:
    """A model that is linear in log-odds over a design of single-column terms.

    ``log_odds(X) = intercept + design(X) @ coef``, where design column ``k``
    depends on input column ``source[k]`` only (a WoE transform, a one-hot
    level, ``np.log(amount)`` ...). Explanations are then exact and linear:
    column ``j`` contributes ``sum_k [source[k] == j] coef[k] (D[k] - mean D[k])``.

    Attributes
    ----------
    design : callable
        ``design(X: DataFrame of the model's columns) -> ndarray (n, k)``.
    coef : ndarray of shape (k,)
    intercept : float
    source : tuple of str
        The input column each design column is computed from.
    names : tuple of str
        Names of the design columns (e.g. ``C(purpose)[T.car]`` or a WoE column).
    """

    design: Callable[[Any], Any]
    coef: Any
    intercept: float
    source: tuple[str, ...]
    names: tuple[str, ...]


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
    proba : callable, optional
        ``proba(native input) -> (n, len(classes))`` when the model has no
        ``predict_proba`` of its own.
    categorical : tuple of str
        Inputs the model itself treats as categorical (native categorical splits,
        ``cat_features``, string inputs of an ONNX graph).
    n_terms : int
        How many terms the model adds up into its output (trees, coefficients); with
        :attr:`precision` it bounds the rounding error of explanations.
    prepare : callable, optional
        ``prepare(DataFrame of the model's columns) -> native input`` (categorical
        columns cast to what the library expects, a DMatrix, an ONNX feed ...).
    margin : callable, optional
        ``margin(native input) -> log-odds of classes[1]`` computed by the model itself.
    contributions : callable, optional
        ``contributions(native input) -> (values (n, p), base (n,))``: the library's own
        exact additive attributions on the :attr:`margin` scale, columns in
        :attr:`feature_names` order.
    linear : LinearTerms, optional
        Set when the model is linear in log-odds over single-column terms.
    content : callable, optional
        ``content() -> bytes``: the model in its library's own format (trees, graph,
        coefficients), so :meth:`fingerprint` covers what the model computes.
    """

    model: Any
    family: str
    feature_names: tuple[str, ...] | None
    classes: tuple[Any, ...]
    output_scale: OutputScale = "probability"
    precision: float = EPS64
    proba: Callable[[Any], Any] | None = field(default=None, repr=False)
    categorical: tuple[str, ...] = ()
    n_terms: int = 1
    prepare: Callable[[Any], Any] | None = field(default=None, repr=False)
    margin: Callable[[Any], Any] | None = field(default=None, repr=False)
    contributions: Callable[[Any], tuple[Any, Any]] | None = field(default=None, repr=False)
    linear: LinearTerms | None = field(default=None, repr=False)
    content: Callable[[], bytes] | None = field(default=None, repr=False)

    # -- scikit-learn's classifier API, so functions written for it accept an adapter ------
    @property
    def classes_(self) -> np.ndarray:
        """The classes as a numpy array (scikit-learn's name)."""
        import numpy as np

        return np.asarray(self.classes)

    @property
    def feature_names_in_(self) -> np.ndarray:
        """The fitted input names (scikit-learn's name); AttributeError when none recorded."""
        import numpy as np

        if self.feature_names is None:
            raise AttributeError("The model records no feature names.")
        return np.asarray(self.feature_names, dtype=object)

    @property
    def n_features_in_(self) -> int:
        """Number of inputs (AttributeError when the model records no names)."""
        if self.feature_names is None:
            raise AttributeError("The model records no feature names.")
        return len(self.feature_names)

    # -- inputs ----------------------------------------------------------------------------
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
        columns = X.columns
        # labels compared as a list: Index.equals converts a string-typed index to object
        # first, several times the cost on the explainer's sub-millisecond path
        if len(columns) == len(self.feature_names) and columns.tolist() == list(
                self.feature_names):
            return X
        wanted = list(self.feature_names)
        missing = [c for c in wanted if c not in columns]
        if missing:
            shown = ", ".join(repr(c) for c in missing[:10])
            raise ColumnError(
                f"The {argument!r} argument of {caller} lacks columns the model was fitted "
                f"on: {shown}{' ...' if len(missing) > 10 else ''} ({len(missing)} missing of "
                f"{len(wanted)})."
            )
        return X[wanted]

    def native(self, X: Any) -> Any:
        """``X`` as the model's own input: columns selected by name, then :attr:`prepare`.

        A DataFrame (pandas, polars, pyarrow) is selected by name; a 2-d array is taken
        to be in the fitted order.
        """
        import pandas as pd

        if (not isinstance(X, pd.DataFrame) and hasattr(X, "columns")) or _is_arrow(X):
            from dfgov._frames import to_pandas

            X = to_pandas(X, argument="X", caller=f"the {self.family} model").frame
        if isinstance(X, pd.DataFrame):
            X = self.select(X)
        elif self.feature_names is not None:
            import numpy as np

            arr = np.asarray(X)
            if arr.ndim != 2 or arr.shape[1] != len(self.feature_names):
                raise InvalidInputError(
                    f"The {self.family} model takes {len(self.feature_names)} columns; "
                    f"got an array of shape {arr.shape}."
                )
            X = pd.DataFrame(arr, columns=list(self.feature_names))
        return self.prepare(X) if self.prepare is not None else X

    # -- outputs ---------------------------------------------------------------------------
    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, one column per entry of :attr:`classes`, as float64."""
        import numpy as np

        Z = self.native(X)
        fn = self.proba if self.proba is not None else self.model.predict_proba
        out = np.asarray(fn(Z), dtype=np.float64)
        if out.ndim != 2 or out.shape[1] != len(self.classes):
            raise InvalidInputError(
                f"The {self.family} model returned probabilities of shape {out.shape}; "
                f"expected ({_rows(X)}, {len(self.classes)}) for classes {list(self.classes)!r}."
            )
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row (labels from :attr:`classes`)."""
        import numpy as np

        labels = np.asarray(self.classes, dtype=object if _mixed(self.classes) else None)
        out: np.ndarray = labels[np.argmax(self.predict_proba(X), axis=1)]
        return out

    def proba_of(self, X: Any, label: Any) -> np.ndarray:
        """The probability of ``label`` for each row of ``X``."""
        if label not in self.classes:
            raise InvalidInputError(
                f"The label {label!r} is not among the model's classes {list(self.classes)!r}."
            )
        return self.predict_proba(X)[:, list(self.classes).index(label)]

    def log_odds(self, X: Any) -> np.ndarray:
        """Log-odds of ``classes[1]`` (binary models): the model's own margin where it has one.

        Models that only give probabilities are converted with ``log(p) - log(1 - p)``
        (probabilities clipped to ``[1e-15, 1 - 1e-15]``).
        """
        import numpy as np

        self._require_binary("log-odds")
        if self.margin is not None:
            return np.asarray(self.margin(self.native(X)), dtype=np.float64).reshape(-1)
        p = np.clip(self.predict_proba(X)[:, 1], 1e-15, 1 - 1e-15)
        out: np.ndarray = np.log(p) - np.log1p(-p)
        return out

    def decision_function(self, X: Any) -> np.ndarray:
        """scikit-learn's name for :meth:`log_odds` (the margin of ``classes[1]``)."""
        return self.log_odds(X)

    def fingerprint(self, *, algorithm: str = "sha256") -> str:
        """Digest of the model: its own serialization where the family has one.

        For XGBoost, LightGBM, CatBoost and ONNX this is the digest of the trees or graph
        as the library writes them (a wrapper's parameters alone would not tell two
        boosters apart); otherwise :func:`dfgov.fingerprint.fingerprint_model`.
        """
        from dfgov._hashing import new_hasher
        from dfgov.fingerprint import fingerprint_model

        if self.content is None:
            return fingerprint_model(self.model, algorithm=algorithm)
        h = new_hasher(algorithm)
        h.update(f"{self.family}:".encode())
        h.update(self.content())
        return h.hexdigest()

    # -- precision -------------------------------------------------------------------------
    def tolerance(self, magnitude: Any, *, terms: int | None = None) -> Any:
        """The rounding-error bound of a sum of ``terms`` values of total ``magnitude``.

        ``precision × terms × magnitude``: the classical worst-case bound on the error of
        floating-point summation (Higham, *Accuracy and Stability of Numerical
        Algorithms*, eq. 4.4), with ``magnitude = Σ|term|`` and ``terms`` defaulting to
        the model's :attr:`n_terms` plus its inputs plus one (the base value).
        """
        n = terms if terms is not None else self.n_terms + len(self.feature_names or ()) + 1
        return self.precision * max(n, 1) * magnitude

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return len(self.classes)

    def _require_binary(self, what: str) -> None:
        if len(self.classes) != 2:
            raise InvalidInputError(
                f"The {self.family} model has {len(self.classes)} classes; {what} are defined "
                "for binary models. Judge one class against the rest by naming it."
            )


def _is_arrow(X: Any) -> bool:
    return type(X).__module__.split(".")[0] == "pyarrow"


def _rows(X: Any) -> Any:
    try:
        return len(X)
    except TypeError:
        return "n"


def _mixed(values: Sequence[Any]) -> bool:
    return len({type(v) for v in values}) > 1


def feature_names_of(model: Any) -> tuple[str, ...] | None:
    """The input names a fitted model records, in order, or None.

    Looks at ``feature_names_in_`` (scikit-learn, and XGBoost/LightGBM wrappers fitted on
    DataFrames), a booster's names (``get_booster().feature_names``,
    ``booster_.feature_name()``, ``Booster.feature_names``/``feature_name()``) and
    CatBoost's ``feature_names_``. An adapter's :attr:`ModelAdapter.feature_names` are
    returned as they are.
    """
    if isinstance(model, ModelAdapter):
        return model.feature_names
    names = getattr(model, "feature_names_in_", None)
    if names is None and hasattr(model, "get_booster"):
        try:
            names = getattr(model.get_booster(), "feature_names", None)
        except Exception:  # an unfitted XGBoost wrapper raises NotFittedError
            names = None
    if names is None and hasattr(model, "booster_"):
        try:
            names = model.booster_.feature_name()
        except Exception:
            names = None
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
