"""``ExplainabilityCheck``: fidelity, stability, concentration, prohibited features, proxies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from dfgov._judge import judge
from dfgov.clock import now
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import has_columns
from dfgov.model_risk._protected import protected_columns
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.explain import _messages  # noqa: F401  (registers texts)
from dfgov.model_risk.explain._policy import ExplainabilityPolicy
from dfgov.policy import Policy, resolve_section
from dfgov.report import Figure, Finding, Report, Status, Table

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.model_risk._scoring import DecisionScorer
    from dfgov.model_risk.explain._explainer import Explainer
    from dfgov.model_risk.explain._explanation import Explanation

__all__ = ["CLAUSES", "ExplainabilityCheck"]

_CALLER = "ExplainabilityCheck.run"
_SCALE_ZH = {"probability": "概率", "log_odds": "对数几率", "raw": "原始输出"}
_TRANSPARENCY = ("AP-16", "JR/T 0221-2021 §7", "EU AI Act Art.13")
_FAIRNESS = ("AP-16", "JR/T 0221-2021 §7", "ECOA/Reg B 1002.9", "PIPL Art.24")
CLAUSES: dict[str, tuple[str, ...]] = {
    "explain.fidelity": _TRANSPARENCY,
    "explain.stability": _TRANSPARENCY,
    "explain.concentration": _TRANSPARENCY,
    "explain.prohibited_features": _FAIRNESS,
    "explain.proxy": _FAIRNESS,
    "explain.group_divergence": ("AP-16", "PIPL Art.24", "EU AI Act Art.13"),
    "explain.reason_codes": ("AP-16", "JR/T 0221-2021 §7", "ECOA/Reg B 1002.9", "PIPL Art.24"),
}


def _finding(control: str, status: Status, message: LocalizedText, **kw: Any) -> Finding:
    return Finding(control=control, status=status, message=message, clauses=CLAUSES[control],
                   **kw)


class ExplainabilityCheck:
    """Judge a model's explanations against the ``[explainability]`` policy.

    Explains (a sample of) ``X`` with :class:`Explainer` and returns findings
    on fidelity (additivity), stability (bootstrap rank correlation of global
    importance), concentration, protected attributes used as inputs, proxies
    of sensitive attributes, divergence of importance between groups, and the
    availability of adverse-action reasons for the rows the decision threshold
    declines (which outcome is adverse follows from the decision vocabulary of
    ``[model_risk]``, never from a guess).

    Parameters
    ----------
    policy : Policy or ExplainabilityPolicy, optional
        The policy (its ``[explainability]`` and ``[model_risk]`` sections are
        used) or the ``[explainability]`` section; defaults when None.
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary instead of the policy's ``[model_risk]``.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Attributes
    ----------
    explainer_ : Explainer
    explanation_ : Explanation
        Explanation of the explained rows.
    importance_ : DataFrame
        Global importance with bootstrap intervals.
    proxies_ : DataFrame or None
        Association of each feature with each sensitive attribute.
    reason_codes_ : DataFrame
        The adverse-action reasons of the declined explained rows (see
        :meth:`Explanation.reason_codes`); sensitive and protected features never
        appear.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> from dfgov.model_risk import DecisionVocabulary
    >>> from dfgov.model_risk.explain import ExplainabilityCheck
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame(rng.normal(size=(300, 3)), columns=["a", "b", "c"])
    >>> y = (X["a"] + rng.normal(size=300) > 0).astype(int)  # 1 = defaulted
    >>> check = ExplainabilityCheck(vocabulary=DecisionVocabulary(
    ...     favourable_label=0, score_direction="higher_is_unfavourable"))
    >>> report = check.run(LogisticRegression().fit(X, y), X)
    >>> [f.status.value for f in report.findings if f.control == "explain.fidelity"]
    ['pass']
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "explain"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021 §7",
        "PIPL Art.24",
        "ECOA/Reg B 1002.9",
        "EU AI Act Art.13",
    )

    def __init__(self, policy: Policy | ExplainabilityPolicy | None = None, *,
                 vocabulary: DecisionVocabulary | None = None,
                 clock: Clock | None = None) -> None:
        resolve_section(policy, ExplainabilityPolicy, "ExplainabilityCheck")
        self.policy = policy
        self.vocabulary = vocabulary
        self.clock = clock


    def _section(self) -> ExplainabilityPolicy:
        return resolve_section(self.policy, ExplainabilityPolicy, "ExplainabilityCheck")

    def run(
        self,
        model: Any,
        X: Any,
        *,
        sensitive_features: Any = None,
        background: Any = None,
        catalog: Mapping[str, Mapping[str, str]] | None = None,
        y_score: Any = None,
    ) -> Report:
        """Explain ``X`` and judge the explanations.

        Parameters
        ----------
        model : fitted model (through the model adapter)
        X : DataFrame or 2-D array
            Rows to explain (at most ``max_rows`` are sampled). Only the columns
            the model was fitted on, in its order, reach the model; other
            columns may hold the sensitive attributes.
        sensitive_features : Series, DataFrame, mapping, 1-D array or list of column names
            Sensitive attributes, one per row of ``X``: pandas objects are
            matched to ``X`` by index label (other labels are an error), arrays
            by position; names select columns of ``X``. By default the columns
            of ``X`` recognised as protected attributes. They are never given
            as adverse-action reasons.
        background : DataFrame or 2-D array, optional
            Reference rows (e.g. training data); ``X`` when None.
        catalog : mapping, optional
            Reason catalog (see :meth:`Explanation.reason_codes`).
        y_score : array-like, optional
            The model's declared scores of the rows of ``X`` when already computed
            (the assessment shares them); otherwise the model is called for the
            rows whose reasons are judged.

        Returns
        -------
        Report
            The findings, the global-importance table and the charts (importance
            bars; one declined applicant's waterfall).
        """
        from dfgov._frames import to_pandas
        from dfgov.model_risk._scoring import as_scorer
        from dfgov.model_risk.explain._explainer import Explainer
        from dfgov.model_risk.explain._explanation import sensitive_frame

        started = now(self.clock)
        sec = self._section()
        scorer = as_scorer(model, DecisionVocabulary.resolve(self.vocabulary, self.policy),
                           caller=_CALLER)
        names = scorer.adapter.feature_names
        Xf = to_pandas(X, argument="X", caller=_CALLER,
                       columns=None if has_columns(X) or names is None
                       else list(names)).frame
        if len(Xf) < 2:
            raise InvalidInputError(f"The 'X' argument of {_CALLER} needs at least 2 rows.")
        sf = self._sensitive(sensitive_features, Xf, sec, sensitive_frame)
        if y_score is not None and len(y_score) != len(Xf):
            raise InvalidInputError(f"The 'y_score' argument of {_CALLER} has {len(y_score)} "
                                    f"values; X has {len(Xf)} rows.")
        inputs = scorer.adapter.select(Xf, caller=_CALLER)
        bg = inputs if background is None else scorer.adapter.select(
            to_pandas(background, argument="background", caller=_CALLER,
                      columns=None if has_columns(background) or names is None
                      else list(names)).frame, argument="background", caller=_CALLER)
        self.scorer_: DecisionScorer = scorer
        self.explainer_: Explainer = Explainer(
            scorer.model, bg, scale=sec.scale,
            max_background=sec.background_size, background_method=sec.background_method,
            random_state=sec.random_state,
        )
        rng = np.random.default_rng(sec.random_state)
        rows = np.arange(len(Xf))
        if len(Xf) > sec.max_rows:
            rows = np.sort(rng.choice(len(Xf), size=sec.max_rows, replace=False))
        ex = self.explainer_.explain(inputs.iloc[rows])
        Xin = inputs[self.explainer_.feature_names_]  # the model's inputs (extra columns ignored)
        self.explanation_: Explanation = ex
        self.importance_: pd.DataFrame = ex.global_importance(
            n_boot=sec.n_boot, confidence=sec.confidence, random_state=sec.random_state)
        share = self.importance_["share"]
        findings = [
            self._fidelity(ex, sec),
            self._stability(ex, sec),
            self._concentration(share, sec),
            *self._prohibited(share, sf, Xin, sec),
            *self._proxies(Xin, sf, share, sec),
            *self._divergence(ex, sf, rows, sec),
            self._reasons(ex, sec, catalog, inputs.iloc[rows], sf,
                          None if y_score is None else np.asarray(y_score, dtype=float)[rows]),
        ]
        tables, figures = self._attachments(ex, sec)
        policy = self.policy if isinstance(self.policy, Policy) else None
        return Report.build(findings, title=text("explain.report.title"), policy=policy,
                            started_at=started, clock=self.clock, tables=tables, figures=figures)

    # -- inputs -------------------------------------------------------------
    @staticmethod
    def _sensitive(sensitive_features: Any, Xf: pd.DataFrame, sec: ExplainabilityPolicy,
                   to_frame: Any) -> pd.DataFrame | None:
        if sensitive_features is None:
            names = protected_columns(Xf.columns, sec.protected_attributes)
            return Xf[names].reset_index(drop=True) if names else None
        if isinstance(sensitive_features, str):
            sensitive_features = [sensitive_features]
        if isinstance(sensitive_features, Sequence) and sensitive_features and all(
            isinstance(s, str) for s in sensitive_features
        ):
            missing = [s for s in sensitive_features if s not in Xf.columns]
            if missing:
                raise ColumnError(f"Sensitive feature {missing[0]!r} named in the "
                                  f"'sensitive_features' argument of {_CALLER} is not a column "
                                  "of X.")
            return Xf[list(sensitive_features)].reset_index(drop=True)
        from dfgov.model_risk._align import align_rows

        # by index label (same labels in another order are reordered; others are an error)
        sensitive_features = align_rows({"X": Xf, "sensitive_features": sensitive_features},
                                        caller=_CALLER)["sensitive_features"]
        sf: pd.DataFrame = to_frame(sensitive_features, len(Xf), _CALLER)
        for c in sf.columns:
            if sf[c].isna().any():
                raise ColumnError(f"Sensitive feature {c!r} of {_CALLER} has missing values.")
        return sf

    # -- findings -----------------------------------------------------------
    def _fidelity(self, ex: Explanation, sec: ExplainabilityPolicy) -> Finding:
        err = ex.additivity_error()
        tol = (sec.additivity_tolerance if sec.additivity_tolerance is not None
               else ex.additivity_tolerance())
        status = judge(err, fail=tol)
        ok = status is Status.PASS
        kind = str(ex.kind.name) if ex.kind is not None else "?"
        msg = text("explain.fidelity.pass" if ok else "explain.fidelity.fail", scale=ex.scale,
                   scale_zh=_SCALE_ZH.get(ex.scale, ex.scale), value=err,
                   threshold=tol, kind=kind)
        return _finding("explain.fidelity", status, msg,
                        metric="max_additivity_error", value=err,
                        threshold=tol, subject=kind,
                        details={"explainer": str(ex.kind), "scale": ex.scale, "rows": len(ex),
                                 "precision": ex.precision, "tolerance_from": (
                                     "policy" if sec.additivity_tolerance is not None
                                     else "model precision")})

    def _stability(self, ex: Explanation, sec: ExplainabilityPolicy) -> Finding:
        from scipy.stats import rankdata

        full = np.abs(ex.values).mean(axis=0)
        boots = ex.bootstrap_importance(sec.n_boot, random_state=sec.random_state + 1)
        r_full = rankdata(full)
        r_boot = rankdata(boots, axis=1)
        a = r_full - r_full.mean()
        b = r_boot - r_boot.mean(axis=1, keepdims=True)
        den = np.sqrt((a * a).sum() * (b * b).sum(axis=1))
        if len(full) < 2 or not np.all(den > 0):
            return _finding("explain.stability", Status.WARN, text("explain.stability.undefined"),
                            metric="rank_stability_p05", value=None,
                            threshold=sec.min_rank_stability)
        rho = (b @ a) / den
        value = float(np.quantile(rho, 0.05))
        status = judge(value, fail=sec.min_rank_stability, worse="lower")
        ok = status is Status.PASS
        msg = text("explain.stability.pass" if ok else "explain.stability.fail", value=value,
                   threshold=sec.min_rank_stability)
        return _finding("explain.stability", status, msg,
                        metric="rank_stability_p05", value=value,
                        threshold=sec.min_rank_stability,
                        details={"n_bootstrap": sec.n_boot, "median": float(np.median(rho))})

    def _concentration(self, share: pd.Series, sec: ExplainabilityPolicy) -> Finding:
        s = share.to_numpy(dtype=np.float64)
        if not np.isfinite(s).all():
            count = float(len(s))
        else:
            count = float(np.searchsorted(np.cumsum(s), sec.concentration_share - 1e-12) + 1)
            count = min(count, float(len(s)))
        limit = sec.max_features_for_share
        details = {"top_features": [str(f) for f in share.index[: int(count)]]}
        if limit is None:
            return _finding("explain.concentration", Status.PASS,
                            text("explain.concentration.info", value=count,
                                 share=sec.concentration_share),
                            metric="features_for_share", value=count, details=details)
        status = judge(count, warn=limit)
        ok = status is Status.PASS
        msg = text("explain.concentration.ok" if ok else "explain.concentration.warn",
                   value=count, share=sec.concentration_share, threshold=float(limit))
        return _finding("explain.concentration", status, msg,
                        metric="features_for_share", value=count, threshold=float(limit),
                        details=details)

    def _prohibited(self, share: pd.Series, sf: pd.DataFrame | None, Xf: pd.DataFrame,
                    sec: ExplainabilityPolicy) -> list[Finding]:
        names = set(protected_columns(Xf.columns, sec.protected_attributes))
        names |= set(sf.columns) if sf is not None else set()
        inputs = [c for c in Xf.columns if c in names]
        if not inputs:
            return [_finding("explain.prohibited_features", Status.PASS,
                             text("explain.prohibited.none"), metric="protected_importance_share",
                             threshold=sec.max_protected_importance)]
        out = []
        for c in inputs:
            v = float(share[c]) if np.isfinite(share[c]) else 0.0
            status = judge(v, fail=sec.max_protected_importance + 1e-12)
            ok = status is Status.PASS
            msg = text("explain.prohibited.pass" if ok else "explain.prohibited.fail",
                       feature=c, value=v, threshold=sec.max_protected_importance)
            out.append(_finding("explain.prohibited_features",
                                status, msg,
                                metric="protected_importance_share", value=v,
                                threshold=sec.max_protected_importance, subject=c))
        return out

    def _proxies(self, Xf: pd.DataFrame, sf: pd.DataFrame | None, share: pd.Series,
                 sec: ExplainabilityPolicy) -> list[Finding]:
        from dfgov.model_risk.explain._association import proxy_table

        if sf is None or sf.shape[1] == 0:
            self.proxies_: pd.DataFrame | None = None
            return [_finding("explain.proxy", Status.SKIPPED, text("explain.proxy.none"))]
        banned = set(sf.columns) | set(protected_columns(Xf.columns, sec.protected_attributes))
        exclude = [c for c in Xf.columns if c in banned]
        table = proxy_table(Xf.reset_index(drop=True), sf, share.fillna(0.0), exclude=exclude)
        self.proxies_ = table
        flagged = table[(table["association"] >= sec.proxy_association_threshold)
                        & (table["importance_share"] >= sec.proxy_importance_threshold)]
        if flagged.empty:
            return [_finding("explain.proxy", Status.PASS,
                             text("explain.proxy.pass", assoc=sec.proxy_association_threshold,
                                  threshold=sec.proxy_importance_threshold),
                             metric="proxy_importance_share",
                             threshold=sec.proxy_importance_threshold)]
        status = Status.FAIL if sec.proxy_status == "fail" else Status.WARN
        out = []
        for row in flagged.itertuples(index=False):
            msg = text("explain.proxy.flag", feature=row.feature, attribute=row.attribute,
                       association=row.association, measure=row.measure,
                       value=row.importance_share)
            out.append(_finding(
                "explain.proxy", status, msg, metric="proxy_importance_share",
                value=row.importance_share, threshold=sec.proxy_importance_threshold,
                subject=str(row.feature),
                details={"attribute": row.attribute, "association": row.association,
                         "measure": row.measure,
                         "association_threshold": sec.proxy_association_threshold},
            ))
        return out

    def _divergence(self, ex: Explanation, sf: pd.DataFrame | None, rows: np.ndarray,
                    sec: ExplainabilityPolicy) -> list[Finding]:
        import pandas as pd

        if sf is None:
            return []
        out = []
        overall = np.abs(ex.values).mean(axis=0)
        total = overall.sum()
        if total <= 0:
            return []
        p_all = overall / total
        for attr in sf.columns:
            col = sf[attr].iloc[rows].reset_index(drop=True)
            if pd.api.types.is_numeric_dtype(col.dtype) and col.nunique() > 10:
                col = pd.qcut(col, 4, duplicates="drop").astype(str)
            by = ex.importance_by_group(pd.DataFrame({attr: col.to_numpy()}))
            by = by[by["n"] >= sec.min_group_size]
            prof = by.drop(columns="n").to_numpy(dtype=np.float64)
            sums = prof.sum(axis=1, keepdims=True)
            keep = sums[:, 0] > 0
            if len(by) < 2 or not keep.any():
                out.append(_finding("explain.group_divergence", Status.SKIPPED,
                                    text("explain.divergence.skipped", attribute=attr),
                                    metric="importance_tv_distance", subject=attr))
                continue
            tv = 0.5 * np.abs(prof[keep] / sums[keep] - p_all).sum(axis=1)
            groups = [str(g) for g in by.index.get_level_values("group")[keep]]
            worst = int(np.argmax(tv))
            value = float(tv[worst])
            status = judge(value, warn=sec.max_group_divergence)
            ok = status is Status.PASS
            key = "explain.divergence.pass" if ok else "explain.divergence.warn"
            msg = text(key, attribute=attr, group=groups[worst], value=value,
                       threshold=sec.max_group_divergence)
            out.append(_finding("explain.group_divergence", status,
                                msg, metric="importance_tv_distance", value=value,
                                threshold=sec.max_group_divergence, subject=attr,
                                details={"by_group": dict(zip(groups, tv.tolist(), strict=True))}))
        return out

    def _reasons(self, ex: Explanation, sec: ExplainabilityPolicy,
                 catalog: Mapping[str, Mapping[str, str]] | None, rows_in: pd.DataFrame,
                 sf: pd.DataFrame | None, scores: np.ndarray | None) -> Finding:
        # Adverse rows: those the decision threshold declines (the model's declared score).
        scorer = self.scorer_
        declined = ~(scorer.favourable(rows_in) if scores is None
                     else scorer.vocabulary.decide(scores))
        rc = ex.reason_codes(
            k=sec.n_reasons, catalog=catalog, adverse=self._adverse(), rows=declined,
            exclude=[*sec.non_actionable, *(sf.columns if sf is not None else ())],
            protected=sec.protected_attributes,
        )
        self.reason_codes_: pd.DataFrame = rc
        n = len(rc)
        if n == 0:
            return _finding("explain.reason_codes", Status.PASS, text("explain.reasons.none"),
                            metric="reason_coverage", threshold=sec.min_reason_coverage)
        counts = rc[[f"reason_{i + 1}_code" for i in range(sec.n_reasons)]].notna().sum(axis=1)
        value = float((counts > 0).mean())
        status = judge(value, warn=sec.min_reason_coverage, worse="lower")
        ok = status is Status.PASS
        msg = text("explain.reasons.pass" if ok else "explain.reasons.warn", value=value, n=n,
                   k=sec.n_reasons)
        return _finding("explain.reason_codes", status, msg,
                        metric="reason_coverage", value=value, threshold=sec.min_reason_coverage,
                        details={"adverse_rows": n, "k": sec.n_reasons,
                                 "mean_reasons": float(counts.mean()),
                                 "full_k_share": float((counts == sec.n_reasons).mean())})

    def _adverse(self) -> Literal["high", "low"]:
        """Whether a high explained output is adverse: explanations are of the model's output
        for its second class, adverse unless that class is the favourable label."""
        scorer = self.scorer_
        second = list(scorer.adapter.classes)[1]
        return "low" if second == scorer.vocabulary.favourable_label else "high"

    # -- report attachments -------------------------------------------------
    def _attachments(self, ex: Explanation,
                     sec: ExplainabilityPolicy) -> tuple[list[Table], list[Figure]]:
        from dfgov.model_risk.explain._plots import importance_figure, waterfall_figure

        imp = self.importance_
        top = imp.head(25)
        tables = [Table(
            title=text("explain.table.importance", scale=ex.scale,
                       scale_zh=_SCALE_ZH.get(ex.scale, ex.scale)),
            columns=tuple(text(f"explain.col.{c}") for c in
                          ("feature", "importance", "share", "low", "high")),
            rows=[(str(f), *(None if not np.isfinite(v) else round(float(v), 6) for v in r))
                  for f, r in zip(top.index, top.to_numpy(dtype=np.float64), strict=True)],
        )]
        figures: list[Figure] = [importance_figure(imp, scale=ex.scale)]
        waterfall = waterfall_figure(ex, adverse=self._adverse())
        if waterfall is not None:
            figures.append(waterfall)
        return tables, figures
