"""RobustnessCheck: perturbation, declared monotonicity, missing and out-of-range inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import dfgov.model_risk.validation._messages  # noqa: F401  (registers texts)
from dfgov._judge import judge
from dfgov.clock import now
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import has_columns
from dfgov.model_risk._compat import deprecated_report
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.validation._common import (
    CLAUSES_ROBUSTNESS,
    CLAUSES_SOUNDNESS,
    resolve_section,
)
from dfgov.model_risk.validation._frame import Frame
from dfgov.model_risk.validation._inputs import predict_scores
from dfgov.model_risk.validation._policy import RobustnessPolicy
from dfgov.report import Finding, Report, Status

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = ["RobustnessCheck"]

_STATUS = {"pass": Status.PASS, "warn": Status.WARN, "fail": Status.FAIL}


class RobustnessCheck:
    """Robustness of a scoring model, configured by the ``[robustness]`` policy section.

    The model is scored through the model adapter and the decision vocabulary
    of ``[model_risk]``: the score is the declared one (e.g. the probability of
    default), a decision flips when it crosses ``decision_threshold``, and a
    declared monotone direction is the direction of that score.

    Parameters
    ----------
    policy : Policy or RobustnessPolicy, optional
        Noise levels, thresholds and declared monotone features (and, for a
        whole Policy, the ``[model_risk]`` decision vocabulary).
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary instead of the policy's ``[model_risk]``.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "robustness"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021 §6.1",
        "JR/T 0221-2021 §6.2",
        "SR 11-7 §V",
        "EU AI Act Art.15",
    )

    def __init__(self, policy: Policy | RobustnessPolicy | None = None, *,
                 vocabulary: DecisionVocabulary | None = None,
                 clock: Clock | None = None) -> None:
        resolve_section(policy, RobustnessPolicy, "RobustnessCheck")
        self.policy = policy
        self.vocabulary = vocabulary
        self.clock = clock

    def run(
        self,
        model: Any,
        X: Any,
        *,
        monotone: Mapping[str, Literal["increasing", "decreasing"]] | None = None,
        edge_cases: bool = True,
    ) -> Report:
        """Judge ``model`` on the rows of ``X``; a Report of the findings.

        Parameters
        ----------
        model : fitted model (through the model adapter)
        X : DataFrame or 2-d array
            Rows to perturb (e.g. the validation sample); only the columns the
            model was fitted on are perturbed and passed to it.
        monotone : mapping, optional
            Declared monotone features (overrides the policy's ``monotone``).
        edge_cases : bool, default True
            Also test missing and out-of-range inputs per feature.
        """
        from dfgov.model_risk._scoring import as_scorer
        from dfgov.model_risk.validation._robustness import (
            monotonicity_test,
            perturbation_test,
        )

        started = now(self.clock)
        pol = resolve_section(self.policy, RobustnessPolicy, "RobustnessCheck")
        caller = "RobustnessCheck.run"
        voc = DecisionVocabulary.resolve(self.vocabulary, self.policy)
        model = as_scorer(model, voc, caller=caller)
        if model.adapter.feature_names is not None and has_columns(X):
            X = model.adapter.select(X, caller=caller)
        frame = Frame(X, caller=caller)
        declared = dict(monotone if monotone is not None else pol.monotone)
        frame.check(list(declared), "monotone constraints")  # fail before any work
        predict_scores(model, frame.take(_first_rows(len(frame))), caller=caller)
        pert = perturbation_test(
            model, frame.data, noise=pol.noise, swap_probability=pol.swap_probability,
            rounds=pol.rounds, threshold=voc.decision_threshold, random_state=pol.random_state,
        )
        details = {"rounds": pol.rounds, "noise_sd": pol.noise,
                   "swap_probability": pol.swap_probability, "rows": pert.n_rows,
                   "flip_rate_by_round": list(pert.flip_rate_by_round)}
        findings = [
            Finding(
                control="robustness.perturbation.flip_rate",
                status=judge(pert.flip_rate, fail=pol.max_flip_rate),
                metric="flip_rate", value=pert.flip_rate, threshold=pol.max_flip_rate,
                clauses=CLAUSES_ROBUSTNESS, details=details,
                message=text("robustness.flip_rate", noise=pol.noise, swap=pol.swap_probability,
                             value=pert.flip_rate, threshold=pol.max_flip_rate),
            ),
            Finding(
                control="robustness.perturbation.score_change",
                status=judge(pert.mean_abs_score_change, warn=pol.max_mean_score_change),
                metric="mean_abs_score_change", value=pert.mean_abs_score_change,
                threshold=pol.max_mean_score_change, clauses=CLAUSES_ROBUSTNESS,
                details={"max_abs_score_change": pert.max_abs_score_change},
                message=text("robustness.score_change", value=pert.mean_abs_score_change,
                             threshold=pol.max_mean_score_change),
            ),
        ]
        categorical = [f for f in declared if frame.kind(f) != "numeric"]
        for name in categorical:
            findings.append(Finding(
                control="robustness.monotonicity", subject=name, status=Status.SKIPPED,
                clauses=CLAUSES_SOUNDNESS, details={"reason": "categorical"},
                message=text("robustness.monotone.categorical", feature=name)))
        declared = {f: d for f, d in declared.items() if f not in categorical}
        if declared:
            for m in monotonicity_test(model, frame.data, declared, n_rows=pol.monotone_rows,
                                       n_grid=pol.monotone_grid, random_state=pol.random_state):
                findings.append(Finding(
                    control="robustness.monotonicity", subject=m.feature,
                    status=judge(m.violation_share, fail=pol.max_monotone_violation_share),
                    metric="violation_share",
                    value=m.violation_share, threshold=pol.max_monotone_violation_share,
                    clauses=CLAUSES_SOUNDNESS,
                    details={"direction": m.direction, "max_reversal": m.max_reversal,
                             "rows": m.n_rows, "grid": m.n_grid},
                    message=text("robustness.monotone", feature=m.feature,
                                 direction=text(f"robustness.direction.{m.direction}"),
                                 value=m.violation_share, worst=m.max_reversal,
                                 threshold=pol.max_monotone_violation_share),
                ))
        if edge_cases:
            findings += self._edges(pol, model, frame)
        policy = self.policy if not isinstance(self.policy, RobustnessPolicy) else None
        return Report.build(findings, policy=policy, started_at=started, clock=self.clock,
                            title=LocalizedText(en="Model robustness", zh_cn="模型稳健性"))

    def report(self, *args: Any, **kwargs: Any) -> Report:
        """Deprecated (one release): :meth:`run` returns the Report."""
        return deprecated_report(self, args, kwargs)

    @staticmethod
    def _edges(pol: RobustnessPolicy, model: Any, frame: Frame) -> list[Finding]:
        from dfgov.model_risk.validation._robustness import edge_case_test

        out = []
        for e in edge_case_test(model, frame.data, n_rows=pol.edge_rows,
                                random_state=pol.random_state):
            if e.outcome == "non_finite":
                status = Status.FAIL
            elif e.case == "missing":
                status = _STATUS[pol.missing] if e.outcome == "predicts" else Status.WARN
            else:
                status = _STATUS[pol.out_of_range] if e.outcome == "predicts" else Status.PASS
            key = "missing" if e.case == "missing" else "range"
            out.append(Finding(
                control=f"robustness.{e.case}", subject=e.feature, status=status,
                metric="mean_abs_score_change" if e.outcome == "predicts" else None,
                value=e.mean_score_change, clauses=CLAUSES_ROBUSTNESS,
                details={"outcome": e.outcome, "error": e.error},
                message=text(f"robustness.{key}.{e.outcome}", feature=e.feature,
                             error=e.error or "", value=e.mean_score_change or 0.0),
            ))
        return out


def _first_rows(n: int) -> Any:
    import numpy as np

    return np.arange(min(n, 5))
