"""``Explanation``: SHAP values on the original input columns, and what to do with them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov._validate import check_choice, check_int, check_range, renamed_arg
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.explain import _messages  # noqa: F401  (registers texts)
from dfgov.model_risk.explain._reasons import build_reason_frame

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.explain._explainer import ExplainerKind

__all__ = ["Explanation", "sensitive_frame"]


def sensitive_frame(sensitive_features: Any, n: int, caller: str) -> pd.DataFrame:
    """Sensitive features as a DataFrame of ``n`` rows (Series, DataFrame, dict or 1-D array)."""
    import pandas as pd

    if isinstance(sensitive_features, pd.DataFrame):
        sf = sensitive_features.reset_index(drop=True)
    elif isinstance(sensitive_features, pd.Series):
        sf = sensitive_features.reset_index(drop=True).to_frame(
            name=str(sensitive_features.name) if sensitive_features.name is not None else "group"
        )
    elif isinstance(sensitive_features, Mapping):
        sf = pd.DataFrame({str(k): np.asarray(v) for k, v in sensitive_features.items()})
    else:
        arr = np.asarray(sensitive_features)
        if arr.ndim != 1:
            raise InvalidInputError(
                f"The 'sensitive_features' argument of {caller} must be a Series, DataFrame, "
                "mapping or 1-D array."
            )
        sf = pd.DataFrame({"group": arr})
    if len(sf) != n:
        raise InvalidInputError(
            f"The 'sensitive_features' argument of {caller} has {len(sf)} rows; X has {n}."
        )
    sf.columns = [str(c) for c in sf.columns]
    return sf


class Explanation:
    """SHAP values of explained rows on the original input columns.

    ``values[i, j]`` is feature ``j``'s contribution to row ``i``'s model
    output on the explanation scale; ``base_values[i] + values[i].sum()``
    equals that output (see :meth:`additivity_error`).

    Parameters
    ----------
    values : ndarray of shape (n, p)
    base_values : ndarray of shape (n,)
    feature_names : list of str
    data : DataFrame
        The explained rows (original columns), in the order of ``values``.
    scale : str
        ``"probability"``, ``"log_odds"`` or ``"raw"``.
    kind : ExplainerKind, optional
        The algorithm that produced the values.
    reference : DataFrame, optional
        The background; its means are the "typical" values in reason texts.
    output : callable, optional
        ``output(X) -> model output on scale``; used by :meth:`additivity_error`.
    precision : float, optional
        Machine epsilon of the model's arithmetic (float64 when None).
    n_terms : int, optional
        Terms the model adds up (trees, coefficients); with ``precision`` it sets
        :meth:`additivity_tolerance`.
    """

    def __init__(
        self,
        values: np.ndarray,
        base_values: np.ndarray,
        feature_names: Sequence[str],
        data: pd.DataFrame,
        *,
        scale: str,
        kind: ExplainerKind | None = None,
        reference: pd.DataFrame | None = None,
        output: Callable[[Any], np.ndarray] | None = None,
        precision: float | None = None,
        n_terms: int | None = None,
    ) -> None:
        self.values = np.asarray(values, dtype=np.float64)
        self.base_values = np.asarray(base_values, dtype=np.float64)
        self.feature_names = list(feature_names)
        self.data = data
        self.scale = scale
        self.kind = kind
        self.reference = reference if reference is not None else data
        self._output = output
        self.precision = float(precision) if precision is not None else float(
            np.finfo(np.float64).eps)
        self.n_terms = int(n_terms) if n_terms is not None else 1
        if self.values.shape != (len(data), len(self.feature_names)):
            raise InvalidInputError(
                "Explanation 'values' must have one row per data row and one column per feature."
            )

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def __repr__(self) -> str:
        kind = self.kind.name if self.kind is not None else "?"
        return (f"Explanation(rows={len(self)}, features={len(self.feature_names)}, "
                f"scale={self.scale!r}, kind={kind!r})")

    # -- basic views ----------------------------------------------------
    def output(self) -> np.ndarray:
        """Base value plus the sum of contributions, per row (the explained output)."""
        out: np.ndarray = self.base_values + self.values.sum(axis=1)
        return out

    def additivity_error(self) -> float:
        """Largest ``|base + sum of contributions - model output|`` over the explained rows."""
        if self._output is None:
            raise InvalidInputError(
                "This Explanation has no model attached; additivity cannot be checked."
            )
        pred = self._output(self.data)
        return float(np.max(np.abs(self.output() - pred)))

    def additivity_tolerance(self) -> float:
        """The rounding-error bound additivity is judged against, from the model's precision.

        ``precision × (n_terms + p + 1) × max_i (|base_i| + Σ_j |value_ij| + |output_i|)``:
        the worst-case error of adding that many floating-point terms (Higham, *Accuracy
        and Stability of Numerical Algorithms*, eq. 4.4), for the model's own float type —
        about 1e-4 for a float32 XGBoost model of 300 trees, 1e-12 for a float64 model.
        """
        magnitude = (np.abs(self.base_values) + np.abs(self.values).sum(axis=1)
                     + np.abs(self.output()))
        terms = self.n_terms + len(self.feature_names) + 1
        return float(self.precision * terms * (magnitude.max() if len(magnitude) else 0.0))

    def to_frame(self) -> pd.DataFrame:
        """Contributions as a DataFrame (rows of ``data`` x original columns)."""
        import pandas as pd

        return pd.DataFrame(self.values, index=self.data.index, columns=self.feature_names)

    def to_shap(self) -> Any:
        """A ``shap.Explanation`` for shap's own plots."""
        from dfgov.model_risk.explain._model import import_shap

        shap = import_shap()
        data = self.data.to_numpy()
        return shap.Explanation(
            values=self.values, base_values=self.base_values, data=data,
            feature_names=list(self.feature_names),
        )

    def local(self, row: Hashable | list[Hashable]) -> pd.DataFrame:
        """Local explanation: value and contribution per feature, largest |contribution| first.

        ``row`` is a label of ``data.index``, or a list of labels (the frames
        are then stacked with the row label as the outer index level).
        """
        import pandas as pd

        if isinstance(row, list):
            return pd.concat({r: self.local(r) for r in row}, names=["row"])
        try:
            pos = self.data.index.get_loc(row)
        except KeyError:
            raise InvalidInputError("The 'row' argument of Explanation.local is not a label "
                                    "of the explained rows.") from None
        if not isinstance(pos, int):
            raise InvalidInputError("The 'row' argument of Explanation.local matches several "
                                    "rows; the index must be unique.")
        contrib = self.values[pos]
        frame = pd.DataFrame(
            {"value": self.data.iloc[pos].to_numpy(dtype=object), "contribution": contrib},
            index=pd.Index(self.feature_names, name="feature"),
        )
        order = np.argsort(-np.abs(contrib), kind="stable")
        return frame.iloc[order]

    # -- global importance ------------------------------------------------
    def global_importance(
        self,
        *,
        n_boot: int | None = None,
        confidence: float = 0.95,
        random_state: int | None = 0,
        n_bootstrap: int | None = None,
    ) -> pd.DataFrame:
        """Mean |SHAP| per feature with percentile bootstrap intervals over rows.

        Returns
        -------
        DataFrame
            Index ``feature``; columns ``importance``, ``share`` (of the total),
            ``low``, ``high``; sorted by importance, largest first. ``low`` and
            ``high`` are NaN when ``n_boot`` (bootstrap resamples, default 200) is 0.
            ``n_bootstrap`` is its deprecated old name (warns; goes in the next release).
        """
        import pandas as pd

        n_boot = renamed_arg(n_boot, n_bootstrap, caller="Explanation.global_importance",
                             new="n_boot", old="n_bootstrap")
        n_boot = 200 if n_boot is None else n_boot
        check_int(n_boot, caller="global_importance", parameter="n_boot", minimum=0)
        check_range(confidence, 0.0, 1.0, caller="global_importance", parameter="confidence")
        A = np.abs(self.values)
        imp = A.mean(axis=0)
        total = imp.sum()
        share = imp / total if total > 0 else np.full_like(imp, np.nan)
        low = high = np.full_like(imp, np.nan)
        if n_boot:
            boots = self.bootstrap_importance(n_boot, random_state=random_state)
            alpha = (1 - confidence) / 2
            low, high = np.quantile(boots, [alpha, 1 - alpha], axis=0)
        out = pd.DataFrame(
            {"importance": imp, "share": share, "low": low, "high": high},
            index=pd.Index(self.feature_names, name="feature"),
        )
        return out.iloc[np.argsort(-imp, kind="stable")]

    def bootstrap_importance(self, n_boot: int | None = None, *, random_state: int | None = 0,
                             n_bootstrap: int | None = None) -> np.ndarray:
        """Mean |SHAP| per feature on ``n_boot`` row resamples, shape (n_boot, p).

        ``n_boot`` is required; ``n_bootstrap`` is its deprecated old name (warns; goes in
        the next release).
        """
        n_boot = renamed_arg(n_boot, n_bootstrap, caller="Explanation.bootstrap_importance",
                             new="n_boot", old="n_bootstrap", required=True)
        n = len(self)
        rng = np.random.default_rng(random_state)
        A = np.abs(self.values)
        out = np.empty((n_boot, A.shape[1]))
        step = max(1, int(2e7 // max(n, 1)))
        for s in range(0, n_boot, step):
            b = min(step, n_boot - s)
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=b).astype(np.float64)
            out[s:s + b] = counts @ A / n
        return out

    def importance_by_group(self, sensitive_features: Any) -> pd.DataFrame:
        """Mean |SHAP| per feature within each group of each sensitive attribute.

        Returns
        -------
        DataFrame
            MultiIndex ``(attribute, group)``; a column ``n`` (rows in the
            group) followed by one column per feature.
        """
        import pandas as pd

        sf = sensitive_frame(sensitive_features, len(self), "Explanation.importance_by_group")
        A = np.abs(self.values)
        frames = []
        for attr in sf.columns:
            codes, uniques = pd.factorize(sf[attr], sort=True)
            if (codes < 0).any():
                raise ColumnError(f"Sensitive feature {attr!r} has missing values.")
            counts = np.bincount(codes, minlength=len(uniques)).astype(np.float64)
            sums = np.zeros((len(uniques), A.shape[1]))
            np.add.at(sums, codes, A)
            means = sums / counts[:, None]
            idx = pd.MultiIndex.from_arrays(
                [[attr] * len(uniques), [str(u) for u in uniques]], names=["attribute", "group"]
            )
            df = pd.DataFrame(means, index=idx, columns=self.feature_names)
            df.insert(0, "n", counts.astype(np.int64))
            frames.append(df)
        return pd.concat(frames)

    # -- reason codes -----------------------------------------------------
    def reason_codes(
        self,
        k: int = 4,
        catalog: Mapping[str, Mapping[str, str]] | None = None,
        lang: str = "en",
        *,
        adverse: Literal["high", "low"] = "high",
        threshold: float | None = None,
        rows: Any = None,
        exclude: Iterable[str] = (),
        protected: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Principal reasons for adverse outcomes (ECOA/Reg B, PIPL Art. 24), one row per applicant.

        Only adverse rows get reasons (a clear approval gets none): by default
        the rows whose output is at or beyond the decision threshold 0.5 on the
        explanation's scale (0.5 on probabilities, 0 on log-odds; the average
        output on the raw scale) — the default operating point of the policy's
        ``[model_risk] decision_threshold``, which ``ExplainabilityCheck`` uses.
        For each such row, the ``k`` features pushing the output most towards
        the adverse side, as codes and texts from ``catalog``
        (``{feature: {"code": ..., "en": ..., "zh-CN": ...}}``) or a fallback
        text from the feature name and the direction of its value. Protected
        attributes (recognised by name, case-insensitively, with English and
        Chinese synonyms) and ``exclude`` are never given as reasons. Ranking
        is vectorised over all rows.

        Parameters
        ----------
        k : int, default 4
        catalog : mapping, optional
        lang : {"en", "zh-CN"}, default "en"
        adverse : {"high", "low"}, default "high"
            Whether a high output (e.g. probability of default) is adverse.
        threshold : float, optional
            Output (on the explanation's scale) at or beyond which a row is
            adverse; default as described above.
        rows : boolean mask or integer positions, optional
            The adverse rows, when they are known from the decisions
            (overrides ``threshold``).
        exclude : iterable of str
            Features never given as reasons (non-actionable, sensitive).
        protected : iterable of str, optional
            Protected-attribute terms; default the policy's default list
            (sex/gender/性别, age/年龄, race/ethnicity/民族, religion/宗教,
            nationality/国籍, region/地域/籍贯, marital status/婚姻, health/健康,
            occupation/职业, ...).

        Returns
        -------
        DataFrame
            Index: the adverse rows' labels. Columns ``output`` and, for
            ``i = 1..k``, ``reason_i_code``, ``reason_i_text``,
            ``reason_i_feature``, ``reason_i_contribution`` (towards the
            adverse side, > 0); None/NaN where there are fewer than ``k``.
        """
        from dfgov.model_risk._protected import match_protected
        from dfgov.model_risk.explain._policy import ExplainabilityPolicy

        check_int(k, caller="reason_codes", parameter="k")
        check_choice(adverse, ("high", "low"), caller="reason_codes", parameter="adverse")
        terms = list(ExplainabilityPolicy().protected_attributes if protected is None
                     else protected)
        banned = {str(c) for c in exclude}
        allowed = np.array([f not in banned and match_protected(f, terms) is None
                            for f in self.feature_names], dtype=bool)
        out = self.output()
        if rows is not None:
            picked = np.asarray(rows)
            if picked.dtype == bool:
                if picked.shape != (len(self),):
                    raise InvalidInputError("The 'rows' argument of reason_codes must have one "
                                            "entry per explained row.")
                picked = np.flatnonzero(picked)
            index = picked.astype(np.intp)
        else:
            cut = self.default_threshold() if threshold is None else float(threshold)
            index = np.flatnonzero(out >= cut if adverse == "high" else out <= cut)
        return build_reason_frame(
            self.values, self.data, self.reference, self.feature_names, k=k,
            sign=1.0 if adverse == "high" else -1.0, allowed=allowed, rows=index, output=out,
            catalog=catalog, lang=lang,
        )

    def default_threshold(self) -> float:
        """The default adverse cut on this scale: probability 0.5 (0 log-odds), else the mean."""
        if self.scale == "probability":
            return 0.5
        if self.scale == "log_odds":
            return 0.0
        return float(np.mean(self.base_values))
