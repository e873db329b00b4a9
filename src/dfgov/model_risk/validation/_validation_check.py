"""ValidationCheck: discrimination, calibration and stability of a scoring model."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import dfgov.model_risk.validation._messages  # noqa: F401  (registers texts)
from dfgov._judge import judge
from dfgov.clock import now
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import has_columns
from dfgov.model_risk._compat import deprecated_report
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.validation._common import (
    CLAUSES_ACCURACY,
    CLAUSES_MONITORING,
    resolve_section,
)
from dfgov.model_risk.validation._inputs import predict_scores
from dfgov.model_risk.validation._policy import ValidationPolicy
from dfgov.report import Figure, Finding, Report, Status, Table

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.model_risk._scoring import DecisionScorer
    from dfgov.model_risk.validation._stability import FeatureStability
    from dfgov.policy import Policy

__all__ = ["ValidationCheck"]

_CALLER = "ValidationCheck.run"


def _model_columns(scorer: DecisionScorer, X: Any, argument: str) -> Any:
    """The columns the model was fitted on, in its order (frames named at the boundary)."""
    from dfgov._frames import to_pandas

    if X is None:
        return None
    names = scorer.adapter.feature_names
    frame = to_pandas(X, argument=argument, caller=_CALLER,
                      columns=None if has_columns(X) else names).frame
    return scorer.adapter.select(frame, argument=argument, caller=_CALLER)


def _rule(kind: str, threshold: float | None) -> LocalizedText:
    if threshold is None:
        return LocalizedText.same("")  # no rule configured: nothing to add to the message
    return text(f"validation.rule.{kind}", threshold=threshold)


def _fmt(value: float) -> LocalizedText:
    if math.isnan(value):
        return text("validation.undefined_value")
    return LocalizedText.same(f"{value:.3f}")


class ValidationCheck:
    """Discrimination, calibration and stability (PSI/CSI) of a binary scoring model.

    Outcomes are read through the decision vocabulary of ``[model_risk]``: a
    score is the probability of the outcome ``score_direction`` points to, so
    the outcome counted as 1 for AUC, KS, calibration, precision and recall is
    that outcome (e.g. default), and precision and recall are measured at the
    one ``decision_threshold``. An inverted model fails AUC and KS.

    Parameters
    ----------
    policy : Policy or ValidationPolicy, optional
        Thresholds (the ``[validation]`` section) and, for a whole Policy, the
        ``[model_risk]`` decision vocabulary; defaults when omitted.
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary instead of the policy's ``[model_risk]``.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Examples
    --------
    >>> import numpy as np
    >>> from dfgov.model_risk import DecisionVocabulary
    >>> y = np.array([0, 0, 1, 1] * 25)       # 1 = defaulted
    >>> p = np.where(y == 1, 0.8, 0.2)        # probability of default
    >>> voc = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")
    >>> report = ValidationCheck(vocabulary=voc).run(y=y, y_score=p)
    >>> report.findings[0].metric, report.findings[0].value
    ('roc_auc', 1.0)
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "validation"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021 §8",
        "JR/T 0221-2021 §6.5",
        "SR 11-7 §V",
        "EU AI Act Art.15",
    )

    def __init__(self, policy: Policy | ValidationPolicy | None = None, *,
                 vocabulary: DecisionVocabulary | None = None,
                 clock: Clock | None = None) -> None:
        resolve_section(policy, ValidationPolicy, "ValidationCheck")
        self.policy = policy
        self.vocabulary = vocabulary
        self.clock = clock

    def run(
        self,
        model: Any = None,
        X: Any = None,
        y: Any = None,
        *,
        y_score: Any = None,
        X_reference: Any = None,
        y_score_reference: Any = None,
        features: Sequence[str] | None = None,
    ) -> Report:
        """Judge the model on a current sample ``(X, y)`` against a reference sample.

        Returns a Report of the findings with the tables (the calibration curve, the
        PSI/CSI per feature) and charts (the ROC curve, the calibration curve, the PSI/CSI
        per feature).

        Parameters
        ----------
        model : fitted model, optional
            Scores ``X`` and ``X_reference`` (through the model adapter, on the
            columns it was fitted on) unless ``y_score``/``y_score_reference``
            are given.
        X : DataFrame or array, optional
            Current (validation or monitoring) features.
        y : array of labels, optional
            Outcomes of ``X`` (label values; the favourable one is the
            vocabulary's); without them only stability is judged.
        y_score, y_score_reference : array, optional
            Scores in the declared direction instead of calling the model.
        X_reference : DataFrame or array, optional
            Reference (development) features for PSI/CSI.
        features : list of str, optional
            Features for CSI (default: every column of ``X``).
        """
        from dfgov.model_risk._align import align_rows
        from dfgov.model_risk._scoring import as_scorer

        started = now(self.clock)
        pol = resolve_section(self.policy, ValidationPolicy, "ValidationCheck")
        tables: list[Table] = []
        voc = DecisionVocabulary.resolve(self.vocabulary, self.policy)
        scorer = as_scorer(model, voc, caller=_CALLER) if model is not None else None
        if scorer is not None and scorer.adapter.feature_names is not None:
            X = _model_columns(scorer, X, "X")
            X_reference = _model_columns(scorer, X_reference, "X_reference")
        got = align_rows({"X": X, "y": y, "y_score": y_score}, caller=_CALLER)
        X, y, y_score = got["X"], got["y"], got["y_score"]
        figures: list[Figure] = []
        score = self._scores(scorer, X, y_score, "y_score")
        findings: list[Finding] = []
        if y is not None:
            if score is None:
                raise InvalidInputError(
                    f"{_CALLER} needs 'model' and 'X', or 'y_score', to judge the outcomes 'y'."
                )
            voc.require_direction(caller=_CALLER)
            voc.check_labels({"y": y}, caller=_CALLER, classes=None if scorer is None or
                             voc.one_vs_rest else scorer.adapter.classes)
            event = voc.event(y)
            findings += self._discrimination(pol, voc, event, score, figures)
            findings += self._calibration(pol, event, score, tables, figures)
        ref_score = self._scores(scorer, X_reference, y_score_reference, "y_score_reference")
        score_psi = None
        if score is not None and ref_score is not None:
            from dfgov.model_risk.validation._stability import population_stability_index

            score_psi = population_stability_index(ref_score, score, bins=pol.psi_bins,
                                                   epsilon=pol.psi_epsilon)
        names: list[str] = []
        stab: list[FeatureStability] = []
        if X is not None and X_reference is not None:
            names, stab = self._feature_psi(pol, X_reference, X, features)
        findings += self.stability_findings(pol, names, stab, score_psi=score_psi)
        if stab:
            from dfgov.model_risk.validation._charts import psi_figure

            tables.append(self.psi_table(pol, stab))
            figures.append(psi_figure(stab, watch=pol.psi_watch, shift=pol.psi_shift))
        policy = self.policy if not isinstance(self.policy, ValidationPolicy) else None
        return Report.build(findings, title=LocalizedText(en="Model validation",
                                                          zh_cn="模型验证"),
                            policy=policy, tables=tables, figures=figures, started_at=started,
                            clock=self.clock)

    def report(self, *args: Any, **kwargs: Any) -> Report:
        """Deprecated (one release): :meth:`run` returns the Report."""
        return deprecated_report(self, args, kwargs)

    # -- parts --------------------------------------------------------
    @staticmethod
    def _scores(scorer: DecisionScorer | None, X: Any, given: Any, name: str) -> Any:
        from dfgov.model_risk.validation._inputs import as_scores

        if given is not None:
            values = given.to_numpy() if hasattr(given, "to_numpy") else given
            return as_scores(values, name=name, caller=_CALLER, probability=True)
        if scorer is not None and X is not None:
            return predict_scores(scorer, X, caller=_CALLER)
        return None

    def _discrimination(self, pol: ValidationPolicy, voc: DecisionVocabulary, y: Any,
                        s: Any, figures: list[Figure]) -> list[Finding]:
        import numpy as np

        from dfgov.model_risk.validation._charts import roc_figure
        from dfgov.model_risk.validation._metrics import roc_curve, threshold_metrics

        fpr, tpr = roc_curve(y, s)  # one sort of the scores for AUC, both KS and the chart
        auc = float(np.trapezoid(tpr, fpr))
        gap = tpr - fpr  # the declared direction; the reverse gap says the model is inverted
        ks, ks_reverse = float(max(0.0, np.max(gap))), float(max(0.0, np.max(-gap)))
        figures.append(roc_figure(fpr, tpr, auc))
        status = judge(auc, warn=pol.warn_auc, fail=pol.min_auc, worse="lower")
        out = [Finding(
            control="validation.discrimination.auc", status=status, metric="roc_auc",
            value=auc, threshold=pol.min_auc, clauses=CLAUSES_ACCURACY,
            message=text("validation.auc", value=auc, fail=pol.min_auc, warn=pol.warn_auc,
                         gini=2 * auc - 1),
            details={"gini": 2 * auc - 1, "warn_below": pol.warn_auc},
        )]
        inverted = ks_reverse > ks
        out.append(Finding(
            control="validation.discrimination.ks",
            status=Status.FAIL if inverted else Status.WARN if ks < pol.min_ks else Status.PASS,
            metric="ks", value=ks, threshold=pol.min_ks, clauses=CLAUSES_ACCURACY,
            message=text("validation.ks.inverted", value=ks, reverse=ks_reverse) if inverted
            else text("validation.ks", value=ks, threshold=pol.min_ks),
            details={"ks_reverse": ks_reverse, "score_direction": voc.score_direction},
        ))
        threshold = voc.decision_threshold
        tm = threshold_metrics(y, s, threshold=threshold)
        for name, value, minimum in (("precision", tm.precision, pol.min_precision),
                                     ("recall", tm.recall, pol.min_recall)):
            if math.isnan(value):
                status = Status.WARN if minimum is not None else Status.PASS
            else:
                status = judge(value, fail=minimum, worse="lower")
            out.append(Finding(
                control=f"validation.threshold.{name}", status=status, metric=name,
                value=value, threshold=minimum, clauses=CLAUSES_ACCURACY,
                message=text(f"validation.{name}", cut=threshold, value=_fmt(value),
                             rule=_rule("min", minimum)),
                details={"operating_threshold": threshold, "tp": tm.tp, "fp": tm.fp,
                         "fn": tm.fn, "tn": tm.tn, "positive_rate": tm.positive_rate},
            ))
        return out

    def _calibration(self, pol: ValidationPolicy, y: Any, s: Any, tables: list[Table],
                     figures: list[Figure]) -> list[Finding]:
        from dfgov.model_risk.validation._metrics import (
            brier_score,
            calibration_curve,
            hosmer_lemeshow,
        )

        brier = brier_score(y, s)
        out = [Finding(
            control="validation.calibration.brier", status=judge(brier, fail=pol.max_brier),
            metric="brier", value=brier, threshold=pol.max_brier, clauses=CLAUSES_ACCURACY,
            message=text("validation.brier", value=brier, rule=_rule("max", pol.max_brier)),
        )]
        curve = calibration_curve(y, s, n_bins=pol.calibration_bins,
                                  strategy=pol.calibration_strategy)
        ece = float((abs(curve.prob_true - curve.prob_pred) * curve.counts).sum()
                    / curve.counts.sum())
        out.append(Finding(
            control="validation.calibration.ece",
            status=judge(ece, warn=pol.max_ece), metric="ece",
            value=ece, threshold=pol.max_ece, clauses=CLAUSES_ACCURACY,
            message=text("validation.ece", value=ece, threshold=pol.max_ece),
            details={"bins": pol.calibration_bins, "strategy": pol.calibration_strategy},
        ))
        from dfgov.model_risk.validation._charts import calibration_figure

        figures.append(calibration_figure(curve, ece))
        tables.append(Table(
            title=text("validation.table.calibration"),
            columns=(text("validation.col.bin"), text("validation.col.predicted"),
                     text("validation.col.observed"), text("validation.col.count")),
            rows=tuple((i + 1, round(float(pp), 4), round(float(pt), 4), int(c)) for i, (pp, pt, c)
                       in enumerate(zip(curve.prob_pred, curve.prob_true, curve.counts,
                                        strict=True))),
        ))
        try:
            hl = hosmer_lemeshow(y, s, n_groups=pol.hosmer_lemeshow_groups)
        except InvalidInputError as exc:
            out.append(Finding(
                control="validation.calibration.hosmer_lemeshow", status=Status.SKIPPED,
                metric="hosmer_lemeshow_p", clauses=CLAUSES_ACCURACY,
                message=text("validation.undefined", metric="Hosmer–Lemeshow", reason=str(exc)),
            ))
        else:
            out.append(Finding(
                control="validation.calibration.hosmer_lemeshow",
                status=judge(hl.p_value, warn=pol.hosmer_lemeshow_alpha, worse="lower"),
                metric="hosmer_lemeshow_p", value=hl.p_value,
                threshold=pol.hosmer_lemeshow_alpha, clauses=CLAUSES_ACCURACY,
                message=text("validation.hosmer_lemeshow", statistic=hl.statistic, dof=hl.dof,
                             value=hl.p_value, threshold=pol.hosmer_lemeshow_alpha),
                details={"statistic": hl.statistic, "dof": hl.dof},
            ))
        return out

    @staticmethod
    def _band_status(pol: ValidationPolicy, psi: float) -> tuple[Status, str]:
        from dfgov.model_risk.validation._stability import BANDS, psi_status

        status = psi_status(psi, watch=pol.psi_watch, shift=pol.psi_shift)
        return status, BANDS[status]

    @staticmethod
    def _feature_psi(
        pol: ValidationPolicy, ref: Any, cur: Any, features: Sequence[str] | None
    ) -> tuple[list[str], list[FeatureStability]]:
        from dfgov.model_risk.validation._stability import _as_frame, stability_table

        ref_f, cur_f = _as_frame(ref, "X_reference"), _as_frame(cur, "X")
        table = stability_table(ref_f, cur_f, bins=pol.psi_bins, epsilon=pol.psi_epsilon,
                                columns=list(features) if features is not None else None,
                                constant="skip")
        names = list(features) if features is not None else [str(c) for c in ref_f.columns]
        return names, table

    @staticmethod
    def stability_findings(
        policy: Policy | ValidationPolicy | None,
        names: Sequence[str],
        table: Sequence[FeatureStability],
        *,
        score_psi: float | None = None,
    ) -> list[Finding]:
        """The stability findings of :meth:`run` from PSI values computed anywhere.

        One source for the in-memory check and for :mod:`dfgov.spark` (or any
        engine that computes the counts): the same controls, bands, messages,
        details and order.

        Parameters
        ----------
        policy : Policy or ValidationPolicy, optional
            ``psi_watch`` and ``psi_shift`` of its ``[validation]`` section.
        names : sequence of str
            The features asked for; one missing from ``table`` (constant in the
            reference sample) gets a ``skipped`` finding.
        table : sequence of FeatureStability
            From :func:`stability_table` or :meth:`FeatureStability.from_counts`.
        score_psi : float, optional
            The PSI of the score, judged first (``validation.stability.score``).

        Returns
        -------
        list of Finding
            The score finding (if ``score_psi``), a ``skipped`` finding per
            feature constant in the reference, one CSI finding per feature, and
            a warning per feature with levels never seen in the reference.
        """
        pol = resolve_section(policy, ValidationPolicy, "ValidationCheck.stability_findings")
        out: list[Finding] = []
        if score_psi is not None:
            status, band = ValidationCheck._band_status(pol, score_psi)
            out.append(Finding(
                control="validation.stability.score", status=status, metric="psi",
                value=score_psi, threshold=pol.psi_shift, subject="score",
                clauses=CLAUSES_MONITORING,
                message=text("validation.psi.score", value=score_psi,
                             band=text(f"validation.band.{band}")),
                details={"band": band, "watch": pol.psi_watch},
            ))
        done = {t.feature for t in table}
        for name in names:
            if name not in done:
                out.append(Finding(
                    control="validation.stability.feature", status=Status.SKIPPED, metric="csi",
                    subject=name, clauses=CLAUSES_MONITORING,
                    message=text("validation.psi.constant", feature=name),
                ))
        for t in table:
            status, band = ValidationCheck._band_status(pol, t.psi)
            out.append(Finding(
                control="validation.stability.feature", status=status, metric="csi",
                value=t.psi, threshold=pol.psi_shift, subject=t.feature,
                clauses=CLAUSES_MONITORING,
                message=text("validation.psi.feature", feature=t.feature, value=t.psi,
                              band=text(f"validation.band.{band}")),
                details={"band": band, "kind": t.kind, "bins": t.n_bins,
                         "smoothed": t.smoothed, "watch": pol.psi_watch,
                         "new_categories": t.new_categories},
            ))
            if t.new_categories:
                out.append(Finding(
                    control="validation.stability.new_categories", status=Status.WARN,
                    metric="new_category_share", value=t.new_category_share, subject=t.feature,
                    clauses=CLAUSES_MONITORING,
                    message=text("validation.psi.new_categories", feature=t.feature,
                                 count=t.new_categories, value=t.new_category_share),
                    details={"new_categories": t.new_categories},
                ))
        return out

    @staticmethod
    def psi_table(policy: Policy | ValidationPolicy | None,
                  stab: Sequence[FeatureStability]) -> Table:
        """The PSI/CSI report table of :meth:`run` (features by decreasing PSI, with bands).

        Parameters
        ----------
        policy : Policy or ValidationPolicy, optional
            ``psi_watch`` and ``psi_shift`` of its ``[validation]`` section.
        stab : sequence of FeatureStability
            From :func:`stability_table` or :meth:`FeatureStability.from_counts`.
        """
        from dfgov.model_risk.validation._stability import psi_band

        pol = resolve_section(policy, ValidationPolicy, "ValidationCheck.psi_table")

        rows = tuple(
            (t.feature, t.kind, t.n_bins, round(t.psi, 4),
             psi_band(t.psi, watch=pol.psi_watch, shift=pol.psi_shift),
             round(t.reference_missing, 4), round(t.current_missing, 4))
            for t in sorted(stab, key=lambda t: -t.psi)
        )
        return Table(
            title=text("validation.table.psi"),
            columns=tuple(text(f"validation.col.{c}") for c in
                          ("feature", "kind", "bins", "psi", "band", "missing_ref",
                           "missing_cur")),
            rows=rows,
        )

