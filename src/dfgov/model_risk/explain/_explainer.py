"""``Explainer``: the right shap explainer for a model, on its original input columns."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov._validate import check_choice, check_int, check_range
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.explain._model import (
    Codec,
    Scale,
    as_frame,
    attribution_matrix,
    import_shap,
    model_kind,
    non_numeric_columns,
    output_function,
    resolve_scale,
    split_pipeline,
)
from dfgov.model_risk.explain._rows import bound_background, chunk_slices
from dfgov.model_risk.explain._strategies import (
    HistCategorical,
    LinearDesign,
    NativeTree,
    native_api,
)
from dfgov.model_risk.explain._treeshap import hist_trees

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk._adapter import ModelAdapter
    from dfgov.model_risk.explain._explanation import Explanation

__all__ = ["Explainer", "ExplainerKind"]

Algorithm = Literal["auto", "tree", "linear", "permutation", "exact"]
_ALGORITHMS = ("auto", "tree", "linear", "permutation", "exact")
_CALLER = "Explainer"


@dataclass(frozen=True)
class ExplainerKind:
    """Which shap algorithm an :class:`Explainer` uses, and why.

    Attributes
    ----------
    name : {"tree", "linear", "permutation", "exact"}
    reason : str
        Why this algorithm was chosen (or fallen back to).
    perturbation : str or None
        ``"tree_path_dependent"`` or ``"interventional"`` (tree and linear paths).
    """

    name: str
    reason: str
    perturbation: str | None = None

    def __str__(self) -> str:
        extra = f", {self.perturbation}" if self.perturbation else ""
        return f"{self.name}{extra}: {self.reason}"


class Explainer:
    """Choose and run the right shap explainer; report on the original input columns.

    Tree ensembles (scikit-learn forests, gradient boosting, HistGradientBoosting,
    XGBoost, LightGBM) get ``shap.TreeExplainer``, linear models
    ``shap.LinearExplainer``, any other model ``shap.PermutationExplainer`` (or
    the exact explainer when it has at most ``exact_max_features`` inputs) over
    a bounded background. For a scikit-learn ``Pipeline`` the final estimator
    is explained on the preprocessed features and contributions of one-hot
    (and other derived) columns are summed back to their source column via
    ``get_feature_names_out``; additivity still holds on the chosen scale.

    Parameters
    ----------
    model : fitted estimator or Pipeline
        Binary classifier (``predict_proba``) or regressor.
    background : DataFrame or 2-D array
        Reference rows with the same columns as the data to explain.
    scale : {"auto", "probability", "log_odds", "raw"}, default "auto"
        Output scale explanations are additive on; ``auto`` is log-odds for
        classifiers and the prediction for regressors.
    algorithm : {"auto", "tree", "linear", "permutation", "exact"}, default "auto"
        Force an algorithm; ``auto`` picks one as described above.
    perturbation : {"auto", "tree_path_dependent", "interventional"}, default "auto"
        Tree path only. ``auto`` uses the exact path-dependent algorithm on the
        margin (log-odds) scale and interventional where shap needs it
        (probability scale of boosted trees).
    max_background : int, default 100
        Most background rows kept (sample or k-means summary).
    background_method : {"sample", "kmeans"}, default "sample"
        ``kmeans`` keeps the real row nearest to each of ``max_background`` centroids.
    exact_max_features : int, default 10
        Model-agnostic path: the exact explainer up to this many input columns.
    chunk_size : int, optional
        Rows explained per chunk; derived from ``memory_budget_mb`` when None.
    memory_budget_mb : float, default 256
        Bound on the working memory of one chunk.
    progress : bool, optional
        Show a progress bar over chunks; by default only on a terminal outside CI.
    random_state : int, optional
        Seed of background sampling and of the permutation explainer.

    Attributes
    ----------
    kind_ : ExplainerKind
        The algorithm used and why.
    scale_ : str
        The resolved scale.
    feature_names_ : list of str
        The original input columns explanations are reported on.
    background_ : DataFrame
        The bounded background.
    expected_value_ : float
        Base value (mean model output over the background, or over the training
        data on the tree path-dependent path).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from dfgov.model_risk.explain import Explainer
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3)); y = (X[:, 0] > 0).astype(int)
    >>> ex = Explainer(LogisticRegression().fit(X, y), X[:50])
    >>> ex.kind_.name
    'linear'
    >>> e = ex.explain(X[:5])
    >>> bool(e.additivity_error() < 1e-9)
    True
    """

    def __init__(
        self,
        model: Any,
        background: Any,
        *,
        scale: Literal["auto", "probability", "log_odds", "raw"] = "auto",
        algorithm: Algorithm = "auto",
        perturbation: Literal["auto", "tree_path_dependent", "interventional"] = "auto",
        max_background: int = 100,
        background_method: Literal["sample", "kmeans"] = "sample",
        exact_max_features: int = 10,
        chunk_size: int | None = None,
        memory_budget_mb: float = 256.0,
        progress: bool | None = None,
        random_state: int | None = 0,
    ) -> None:
        self.model = model
        self.scale = scale
        self.algorithm = algorithm
        self.perturbation = perturbation
        self.max_background = max_background
        self.background_method = background_method
        self.exact_max_features = exact_max_features
        self.chunk_size = chunk_size
        self.memory_budget_mb = memory_budget_mb
        self.progress = progress
        self.random_state = random_state
        self._validate_params()
        wrapped = _wrapped_adapter(model)  # a scorer around an adapter (e.g. the assessment's)
        self.adapter_: ModelAdapter | None = wrapped or _adapter_or_none(model)
        self._route = _route(self.adapter_)
        self._sign = 1.0
        if self._route == "sklearn" and self.adapter_ is not None and (
                wrapped is None or _same_orientation(model, wrapped, background)):
            self.model = model = self.adapter_.model  # scikit-learn's own introspection
        elif self._route == "sklearn":
            self.adapter_ = None  # a scorer pointing the other way: explained as it is
        if self._route == "sklearn" and not (
                hasattr(model, "predict") or hasattr(model, "predict_proba")):
            raise InvalidInputError(
                f"The 'model' argument of {_CALLER} must be a fitted estimator with predict or "
                "predict_proba."
            )
        subject = model if self._route == "sklearn" else self.adapter_
        self.scale_: Scale = resolve_scale(subject, scale, _CALLER)
        if self._route == "sklearn":
            columns = getattr(model, "feature_names_in_", None)
        else:
            assert self.adapter_ is not None
            columns = self.adapter_.feature_names
        bg = as_frame(background, "background", _CALLER,
                      columns=None if columns is None else [str(c) for c in columns])
        if len(bg) == 0:
            raise InvalidInputError(f"The 'background' argument of {_CALLER} has no rows.")
        self._fitted_on_frame = columns is not None
        if columns is not None:
            # a model fitted on named columns: select them by name (extra columns ignored)
            names = [str(c) for c in columns]
            missing = [c for c in names if c not in bg.columns]
            if missing:
                raise ColumnError(
                    f"Column {missing[0]!r}, which the model was fitted on, is missing from the "
                    f"'background' argument of {_CALLER}."
                )
            if list(bg.columns) != names:
                bg = bg[names]
        self.feature_names_: list[str] = [str(c) for c in bg.columns]
        if self._route == "sklearn":
            self._pre, self._final = split_pipeline(model)
        else:
            self._pre, self._final = None, self.adapter_
        if wrapped is not None and self._route != "sklearn":
            self._orient(model, wrapped, bg)
        self._raw_output = self._scale_output()
        self._numeric_only = self._route == "sklearn" or (
            self._route == "design" and self.adapter_ is not None
            and self.adapter_.family == "sklearn")
        if self._pre is None and self._numeric_only:
            bad = non_numeric_columns(bg)
            if bad:
                raise ColumnError(
                    f"Column {bad[0]!r} of the 'background' argument of {_CALLER} is not numeric "
                    "and the model is not a Pipeline that encodes it. Wrap the model in a "
                    "Pipeline with a ColumnTransformer (e.g. OneHotEncoder)."
                )
        self.background_: pd.DataFrame = bound_background(
            bg, self.max_background, self.background_method, self.random_state)
        self._setup()

    # -- set-up -------------------------------------------------------------
    def _validate_params(self) -> None:
        check_choice(self.algorithm, _ALGORITHMS, caller=_CALLER, parameter="algorithm")
        check_choice(self.perturbation, ("auto", "tree_path_dependent", "interventional"),
                     caller=_CALLER, parameter="perturbation")
        check_choice(self.background_method, ("sample", "kmeans"), caller=_CALLER,
                     parameter="background_method")
        for name in ("max_background", "exact_max_features"):
            check_int(getattr(self, name), caller=_CALLER, parameter=name)
        if self.chunk_size is not None:
            check_int(self.chunk_size, caller=_CALLER, parameter="chunk_size")
        check_range(self.memory_budget_mb, 0.0, math.inf, caller=_CALLER,
                    parameter="memory_budget_mb")

    def _orient(self, wrapper: Any, adapter: ModelAdapter, bg: pd.DataFrame) -> None:
        """Which way a wrapper's score points relative to ``adapter``'s ``classes[1]``.

        A scorer whose column 1 is the probability of ``classes[0]`` has log-odds of
        opposite sign, so the adapter's exact explanations are negated; a wrapper that is
        neither is explained as the opaque model it is.
        """
        rows = bg.iloc[: min(len(bg), 50)]
        theirs = np.asarray(wrapper.predict_proba(rows), dtype=np.float64)[:, 1]
        ours = adapter.predict_proba(rows)[:, 1]
        if np.allclose(theirs, ours, rtol=0, atol=1e-12):
            return
        if np.allclose(theirs, 1.0 - ours, rtol=0, atol=1e-12):
            self._sign = -1.0
            return
        self.adapter_, self._route = None, "sklearn"

    def _scale_output(self) -> Callable[[Any], np.ndarray]:
        """The model's output on the explanation scale, from model-ready input."""
        if self._route == "sklearn":
            return output_function(self.model, self.scale_)
        a = self.adapter_
        assert a is not None
        if self.scale_ == "probability":
            if self._sign < 0:
                return lambda X: 1.0 - a.predict_proba(X)[:, 1]
            return lambda X: a.predict_proba(X)[:, 1]
        if self._sign < 0:
            return lambda X: -a.log_odds(X)
        return a.log_odds

    def _setup(self) -> None:
        self._strategy: NativeTree | LinearDesign | HistCategorical | None = None
        self._explainer_terms = 0
        self.cost_per_row_: float | None = None
        if self._route != "sklearn":
            self._setup_adapter()
            return
        shap = import_shap()
        kind = model_kind(self._final)
        self._M: np.ndarray | None = None
        bg_model = self._to_model_space(self.background_) if self._pre is not None else None
        if self._pre is not None:
            assert bg_model is not None
            self._M = attribution_matrix(self._pre, self.feature_names_, bg_model.shape[1])
        choice, reason, pert = self._choose(kind)
        self._shap_explainer: Any
        if choice == "tree":
            Zbg = bg_model if bg_model is not None else self._numeric(self.background_)
            if pert == "interventional":
                self._shap_explainer = shap.TreeExplainer(
                    self._final, data=Zbg, feature_perturbation="interventional",
                    model_output="probability" if self.scale_ == "probability" else "raw",
                )
                if not self._self_test(Zbg):
                    choice, pert = "permutation", None
                    reason = ("shap's interventional TreeExplainer failed its additivity "
                              "self-test on this model (deep trees, shap issue #3267); fell back "
                              "to a model-agnostic explainer")
                    choice = self._agnostic_name()
            else:
                self._shap_explainer = shap.TreeExplainer(
                    self._final, feature_perturbation="tree_path_dependent", model_output="raw"
                )
        elif choice == "linear":
            Zbg = bg_model if bg_model is not None else self._numeric(self.background_)
            self._shap_explainer = shap.LinearExplainer(
                self._final, shap.maskers.Independent(Zbg, max_samples=len(Zbg))
            )
        if choice in ("permutation", "exact"):
            self._M = None
            reason = self._setup_agnostic(choice, reason)
        self.kind_ = ExplainerKind(choice, reason, pert)
        self._output = self._output_function(kind)

    def _setup_agnostic(self, choice: str, reason: str) -> str:
        """The model-agnostic explainer over a bounded background; returns the reason + cost."""
        import time

        shap = import_shap()
        self._codec = Codec([self.background_])
        masker = shap.maskers.Independent(
            self._codec.encode(self.background_), max_samples=len(self.background_)
        )
        f = self._agnostic_function()
        if choice == "exact":
            self._shap_explainer = shap.explainers.Exact(f, masker)
            evals = 2 ** len(self.feature_names_)
        else:
            self._shap_explainer = shap.explainers.Permutation(f, masker,
                                                               seed=self.random_state)
            evals = max(500, 2 * len(self.feature_names_) + 1)
        # Cost: one call on the background, times the masked copies each explained row needs.
        start = time.perf_counter()
        self._raw_output(self._model_input(self.background_))
        self.cost_per_row_ = (time.perf_counter() - start) * evals
        self._explainer_terms = evals  # the agnostic explainers add up this many outputs
        return (f"{reason}; model-agnostic cost about {self.cost_per_row_:.3g} s of model time "
                f"per explained row ({evals} evaluations of {len(self.background_)} background "
                "rows)")

    def _setup_adapter(self) -> None:
        """Explainers read from the model through its adapter (boosters, linear terms, ...)."""
        a = self.adapter_
        assert a is not None
        forced = self.algorithm
        name = type(a.model).__name__
        native_ok = (self._route == "native" and a.contributions is not None
                     and self.scale_ in ("log_odds", "raw"))
        linear_ok = (a.linear is not None and self.scale_ in ("log_odds", "raw"))
        hist_ok = hist_trees(a.model) is not None and self.scale_ in ("log_odds", "raw")
        if forced == "tree" and not (native_ok or hist_ok):
            raise InvalidInputError(
                f"The 'algorithm' parameter of {_CALLER} is 'tree', but {name} on the "
                f"{self.scale_!r} scale has no exact tree explanation."
            )
        if forced == "linear" and not linear_ok:
            raise InvalidInputError(
                f"The 'algorithm' parameter of {_CALLER} is 'linear', but {name} on the "
                f"{self.scale_!r} scale is not linear."
            )
        self._M = None
        hist = hist_trees(a.model) if self._route == "adapter" else None
        if hist is not None and self.scale_ in ("log_odds", "raw") and forced in (
                "auto", "tree"):
            self._strategy = HistCategorical(hist, self.background_, self.feature_names_)
            self.kind_ = ExplainerKind(
                "tree", f"{name} splits on native categories: dfgov's exact path-dependent "
                "TreeSHAP over its trees (categorical bitsets included) on the log-odds scale",
                "tree_path_dependent")
        elif native_ok and forced in ("auto", "tree"):
            self._strategy = NativeTree(a, self.background_)
            cats = " (native categorical splits included)" if a.categorical else ""
            self.kind_ = ExplainerKind(
                "tree", f"{name} is a {a.family} booster: its own exact TreeSHAP "
                f"({native_api(a.family)}) on the log-odds scale{cats}", "tree_path_dependent")
        elif linear_ok and forced in ("auto", "linear"):
            self._strategy = LinearDesign(a, self.background_, self.feature_names_)
            assert a.linear is not None
            self.kind_ = ExplainerKind(
                "linear", f"{name} is linear in log-odds over {len(a.linear.names)} terms of "
                "single input columns; contributions summed back to the original columns",
                "interventional")
        else:
            choice = forced if forced in ("permutation", "exact") else self._agnostic_name()
            if forced in ("permutation", "exact"):
                why = "requested by the caller"
            elif self.scale_ == "probability" and (native_ok or a.linear is not None):
                why = f"{name} is additive in log-odds, not in probability"
            else:
                why = f"{name} ({a.family}) has no model-specific explainer"
            self.kind_ = ExplainerKind(choice, self._setup_agnostic(choice, why))
        self._output = self._raw_output

    def _strategy_values(self, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        assert self._strategy is not None
        try:
            values, base = self._strategy.values(df)
            if self._sign < 0:  # log-odds of the other class
                return -values, -base
            return values, base
        except (TypeError, ValueError):  # the message may quote a value: never shown
            bad = non_numeric_columns(df) if self._numeric_only else []
            if bad:
                raise ColumnError(
                    f"Column {bad[0]!r} of the 'X' argument of {_CALLER}.explain is not "
                    "numeric and the model is not a Pipeline that encodes it."
                ) from None
            raise

    def _progress_text(self, n: int) -> str:
        if self.cost_per_row_ is None:
            return "dfgov explain"
        return f"dfgov explain (~{self.cost_per_row_ * n:.0f} s)"

    def _agnostic_name(self) -> str:
        if self.algorithm == "permutation":
            return "permutation"
        if self.algorithm == "exact" or len(self.feature_names_) <= self.exact_max_features:
            return "exact"
        return "permutation"

    def _choose(self, kind: str) -> tuple[str, str, str | None]:
        """Pick the algorithm, the reason and the tree perturbation."""
        forced = self.algorithm
        name = type(self._final).__name__
        pipe_ok = self._pre is None or self._M is not None
        if forced in ("permutation", "exact"):
            return forced, "requested by the caller", None
        tree_ok = (
            kind == "tree_margin"
            or (kind == "tree_average" and self.scale_ == "probability")
            or (kind == "tree_regressor" and self.scale_ == "raw")
        )
        linear_ok = kind == "linear" and self.scale_ in ("log_odds", "raw")
        if forced == "tree" and not tree_ok:
            raise InvalidInputError(
                f"The 'algorithm' parameter of {_CALLER} is 'tree', but {name} on the "
                f"{self.scale_!r} scale is not explainable by shap's TreeExplainer."
            )
        if forced == "linear" and not linear_ok:
            raise InvalidInputError(
                f"The 'algorithm' parameter of {_CALLER} is 'linear', but {name} on the "
                f"{self.scale_!r} scale is not a linear model output."
            )
        if (tree_ok or linear_ok) and not pipe_ok:
            return (self._agnostic_name(), "a pipeline step's outputs cannot be attributed to "
                    "single input columns; explained on the original columns instead", None)
        if tree_ok:
            pert = self.perturbation
            if pert == "auto":
                needs = kind == "tree_margin" and self.scale_ == "probability"
                pert = "interventional" if needs else "tree_path_dependent"
            if pert == "interventional" and kind == "tree_average":
                pert = "tree_path_dependent"
            return "tree", f"{name} is a tree model on its native {self.scale_} scale", pert
        if linear_ok:
            return "linear", f"{name} is linear on the {self.scale_} scale", "interventional"
        if kind == "tree_average":
            why = f"{name} averages probabilities over trees, so log-odds are not additive per tree"
        elif kind == "linear":
            why = f"{name} is linear in log-odds, not in probability"
        else:
            why = f"{name} has no model-specific shap explainer"
        return self._agnostic_name(), why, None

    def _output_function(self, kind: str) -> Callable[[Any], np.ndarray]:
        model = self.model
        if (self.scale_ == "log_odds" and kind in ("tree_margin", "linear")
                and hasattr(model, "decision_function")):
            return lambda X: np.asarray(model.decision_function(X), dtype=np.float64).reshape(-1)
        return output_function(model, self.scale_)

    def _agnostic_function(self) -> Callable[[np.ndarray], np.ndarray]:
        out = self._raw_output

        def f(E: np.ndarray) -> np.ndarray:
            return out(self._model_input(self._codec.decode(E)))

        return f

    def _model_input(self, df: pd.DataFrame) -> Any:
        if self._route != "sklearn":
            return df
        if self._pre is None and not self._fitted_on_frame:
            return df.to_numpy(dtype=np.float64)
        return df

    def _numeric(self, df: pd.DataFrame) -> np.ndarray:
        return df.to_numpy(dtype=np.float64)

    def _to_model_space(self, df: pd.DataFrame) -> np.ndarray:
        assert self._pre is not None
        Z = self._pre.transform(df)
        if hasattr(Z, "toarray"):
            Z = Z.toarray()
        return np.ascontiguousarray(np.asarray(Z, dtype=np.float64))

    def _self_test(self, Zbg: np.ndarray) -> bool:
        rows = Zbg[: min(5, len(Zbg))]
        values, base = self._shap_values(rows)
        names = getattr(self._final, "feature_names_in_", None)
        if names is not None:
            import pandas as pd

            Xr: Any = pd.DataFrame(rows, columns=list(names))
        else:
            Xr = rows
        if self.scale_ == "probability":
            pred = np.asarray(self._final.predict_proba(Xr), dtype=np.float64)[:, 1]
        else:
            pred = np.asarray(self._final.decision_function(Xr), dtype=np.float64).reshape(-1)
        return bool(np.max(np.abs(base + values.sum(1) - pred)) < 1e-6)

    # -- computing ----------------------------------------------------------
    def _shap_values(self, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ex = self._shap_explainer
        name = type(ex).__name__
        if name in ("TreeExplainer", "LinearExplainer"):
            if name == "TreeExplainer":
                with warnings.catch_warnings():  # shap divides by zero-weight nodes
                    warnings.simplefilter("ignore", RuntimeWarning)
                    raw = ex.shap_values(Z, check_additivity=False)
            else:
                raw = ex.shap_values(Z)
            values = np.asarray(raw[1] if isinstance(raw, list) else raw, dtype=np.float64)
            expected = np.asarray(ex.expected_value, dtype=np.float64).reshape(-1)
            if values.ndim == 3:
                values = values[:, :, 1]
                expected = expected[1:2] if expected.size > 1 else expected
            return values, np.full(len(Z), float(expected[0]))
        n = len(self.feature_names_)
        kwargs: dict[str, Any] = {"silent": True}
        if name == "PermutationExplainer":
            kwargs["max_evals"] = max(500, 2 * n + 1)
        res = ex(Z, **kwargs)
        return (np.asarray(res.values, dtype=np.float64),
                np.asarray(res.base_values, dtype=np.float64).reshape(-1))

    def _rows_per_chunk(self, n_model_features: int) -> int:
        if self.chunk_size is not None:
            return self.chunk_size
        p = len(self.feature_names_)
        if self.kind_.name in ("permutation", "exact"):
            per_row = 8 * len(self.background_) * p * 4
            cap = 200
        else:
            per_row = 8 * (3 * n_model_features + 3 * p) + 64
            if self.kind_.perturbation == "interventional":
                per_row += 8 * len(self.background_)
            cap = 1_000_000
        budget = int(self.memory_budget_mb * 1024 * 1024)
        return max(1, min(cap, budget // max(per_row, 1)))

    def _check_X(self, X: Any) -> tuple[pd.DataFrame, np.ndarray | None]:
        """``X`` as a frame of the model's columns and, without a pipeline, as floats."""
        cols = None if hasattr(X, "columns") else self.feature_names_
        df = as_frame(X, "X", f"{_CALLER}.explain", columns=cols)
        names = df.columns.tolist()
        if names != self.feature_names_:
            missing = [c for c in self.feature_names_ if c not in names]
            if missing:
                raise ColumnError(
                    f"Column {missing[0]!r} of the background is missing from the 'X' argument "
                    f"of {_CALLER}.explain."
                )
            extra = [c for c in names if c not in self.feature_names_]
            if extra and not self._fitted_on_frame:
                raise ColumnError(
                    f"Column {extra[0]!r} of the 'X' argument of {_CALLER}.explain is not in the "
                    "background; background and X must have the same columns."
                )
            df = df[self.feature_names_]
        if len(df) == 0:
            raise InvalidInputError(f"The 'X' argument of {_CALLER}.explain has no rows.")
        if self._pre is not None or self._route != "sklearn":
            return df, None
        try:
            return df, self._numeric(df)
        except (TypeError, ValueError):
            bad = non_numeric_columns(df)
            if bad:
                raise ColumnError(
                    f"Column {bad[0]!r} of the 'X' argument of {_CALLER}.explain is not "
                    "numeric and the model is not a Pipeline that encodes it."
                ) from None
            return df, df.to_numpy(dtype=np.float64, na_value=np.nan)  # nullable dtypes

    def explain(self, X: Any) -> Explanation:
        """Explain the rows of ``X`` (the background's columns).

        For a model fitted on a DataFrame, the columns it was fitted on are
        selected by name and other columns of ``X`` are ignored.

        Rows are processed in chunks bounded by ``memory_budget_mb`` (or
        ``chunk_size``), with a progress bar on a terminal.

        Returns
        -------
        Explanation
        """
        from dfgov.model_risk.explain._explanation import Explanation

        df, num = self._check_X(X)
        n, p = len(df), len(self.feature_names_)
        agnostic = self.kind_.name in ("permutation", "exact")
        if agnostic:
            self._codec = Codec([self.background_, df])
            E = self._codec.encode(df)
            p_model = p
        else:
            p_model = self._M.shape[0] if self._M is not None else p
        size = self._rows_per_chunk(p_model)
        values = np.empty((n, p), dtype=np.float64) if size < n else None
        base = np.empty(n, dtype=np.float64)
        for sl in chunk_slices(n, size, self.progress, desc=self._progress_text(n)):
            if self._strategy is not None:
                v, b = self._strategy_values(df if size >= n else df.iloc[sl])
                if values is None:
                    values = v
                else:
                    values[sl] = v
                base[sl] = b
                continue
            if agnostic:
                Z = E[sl]
            elif num is not None:
                Z = num if size >= n else num[sl]
            else:
                Z = self._to_model_space(df if size >= n else df.iloc[sl])
            v, b = self._shap_values(Z)
            v = v @ self._M if self._M is not None else v
            if values is None:  # one chunk: no copy
                values = v
            else:
                values[sl] = v
            base[sl] = b
        assert values is not None
        a = self.adapter_
        return Explanation(
            values, base, self.feature_names_, df, scale=self.scale_, kind=self.kind_,
            reference=self.background_, output=self.model_output,
            precision=a.precision if a is not None else None,
            n_terms=(a.n_terms if a is not None else 1) + self._explainer_terms,
        )

    def model_output(self, X: Any) -> np.ndarray:
        """The model's output for ``X`` on the explanation scale."""
        df, _ = self._check_X(X)
        return self._output(self._model_input(df))

    @property
    def expected_value_(self) -> float:
        """Base value of explanations (mean output over the reference)."""
        if self._strategy is not None:
            return self._sign * self._strategy.expected_value
        ex = self._shap_explainer
        if type(ex).__name__ in ("TreeExplainer", "LinearExplainer"):
            ev = np.asarray(ex.expected_value, dtype=np.float64).reshape(-1)
            return float(ev[1] if ev.size > 1 else ev[0])
        return float(np.mean(self._output(self._model_input(self.background_))))

    def __repr__(self) -> str:
        inner = self.adapter_.model if self.adapter_ is not None else self.model
        return f"Explainer(model={type(inner).__name__}, kind={self.kind_.name!r}, " \
               f"scale={self.scale_!r})"


#: Families explained through their adapter rather than scikit-learn introspection.
_ADAPTER_FAMILIES = ("xgboost", "lightgbm", "catboost", "statsmodels", "optbinning", "onnx",
                     "callable")


def _wrapped_adapter(model: Any) -> ModelAdapter | None:
    """The adapter inside a scorer that wraps one (``scorer.adapter``), else None."""
    from dfgov.model_risk._adapter_base import ModelAdapter

    inner = getattr(model, "adapter", None)
    if isinstance(inner, ModelAdapter) and inner is not model and hasattr(
            model, "predict_proba"):
        return inner
    return None


def _same_orientation(wrapper: Any, adapter: ModelAdapter, background: Any) -> bool:
    """Whether a wrapper's column 1 is the adapter's ``classes[1]`` probability."""
    try:
        rows = background.iloc[:50] if hasattr(background, "iloc") else background[:50]
        theirs = np.asarray(wrapper.predict_proba(rows), dtype=np.float64)[:, 1]
        return bool(np.allclose(theirs, adapter.predict_proba(rows)[:, 1], rtol=0, atol=1e-12))
    except Exception:  # the wrapper cannot score the raw background: treat it as opaque
        return False


def _adapter_or_none(model: Any) -> ModelAdapter | None:
    """The model's adapter, or None for a model only the scikit-learn path knows (regressors)."""
    from dfgov.model_risk._adapter import adapt

    try:
        return adapt(model)
    except InvalidInputError:
        if hasattr(model, "predict") or hasattr(model, "predict_proba"):
            return None
        raise


def _route(adapter: ModelAdapter | None) -> str:
    """``native`` (booster contributions), ``design`` (linear terms), ``adapter`` or ``sklearn``."""
    if adapter is None:
        return "sklearn"
    steps = getattr(adapter.model, "steps", None)
    if adapter.family in ("xgboost", "lightgbm", "catboost"):
        return "native"
    if adapter.family in _ADAPTER_FAMILIES:
        return "design" if adapter.linear is not None else "adapter"
    if adapter.categorical and steps is None:
        return "adapter"  # e.g. HistGradientBoosting on pandas categoricals
    if adapter.linear is not None:
        return "design"  # a linear classifier: linear SHAP in numpy, shap's own formula
    return "sklearn"
