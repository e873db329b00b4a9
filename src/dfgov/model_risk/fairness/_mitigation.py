"""Mitigation by fairlearn — ThresholdOptimizer and ExponentiatedGradient — with a
before/after report. dfgov does not re-implement the algorithms; it wraps them and
judges both models with the same FairnessCheck on the same data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from dfgov._validate import check_choice
from dfgov.clock import now
from dfgov.errors import InvalidInputError
from dfgov.i18n import text
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.fairness._check import FairnessCheck
from dfgov.model_risk.fairness._policy import FairnessPolicy
from dfgov.policy import Policy
from dfgov.report import Finding, Report, Table

__all__ = ["MitigationResult", "mitigate"]

Constraint = Literal[
    "demographic_parity", "equalized_odds", "true_positive_rate_parity",
    "false_positive_rate_parity",
]


@dataclass(frozen=True)
class MitigationResult:
    """The mitigated model, the baseline, and the before/after comparison."""

    model: Any
    """fairlearn's fitted ThresholdOptimizer or ExponentiatedGradient."""
    baseline: Any
    """The unmitigated estimator (fitted)."""
    report: Report
    """Findings of the mitigated model, with a before/after table."""
    before: tuple[Finding, ...]
    after: tuple[Finding, ...]


@contextmanager
def _quiet_fairlearn() -> Iterator[None]:
    """Silence deprecation warnings raised *in fairlearn's own code* (e.g. pandas 3
    deprecations in its reductions): the caller has nothing to act on."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"fairlearn\.")
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"fairlearn\.")
        yield


def _moment(constraints: str) -> Any:
    from fairlearn import reductions as rd

    moments = {
        "demographic_parity": rd.DemographicParity,
        "equalized_odds": rd.EqualizedOdds,
        "true_positive_rate_parity": rd.TruePositiveRateParity,
        "false_positive_rate_parity": rd.FalsePositiveRateParity,
    }
    return moments[constraints]()


def mitigate(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    sensitive_features: Any,
    method: Literal["threshold", "reduction"] = "threshold",
    constraints: Constraint = "demographic_parity",
    policy: Policy | FairnessPolicy | None = None,
    vocabulary: DecisionVocabulary | None = None,
    X_eval: Any = None,
    y_eval: Any = None,
    sensitive_features_eval: Any = None,
    prefit: bool = False,
    random_state: int | None = 0,
    **options: Any,
) -> MitigationResult:
    """Mitigate unfairness with fairlearn and compare before and after on the same data.

    Parameters
    ----------
    estimator : scikit-learn compatible classifier
        Fitted when ``prefit`` is true, else fitted here on ``X, y``.
    X, y, sensitive_features
        Training data for the mitigation.
    method : {"threshold", "reduction"}
        ``ThresholdOptimizer`` (post-processing, needs the sensitive feature
        at prediction time) or ``ExponentiatedGradient`` (reduction).
    constraints : str
        Fairness constraint in fairlearn's names.
    policy : Policy or FairnessPolicy, optional
        Rules for the before/after FairnessCheck (and, for a whole Policy, the
        ``[model_risk]`` favourable label).
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary instead of the policy's ``[model_risk]``; the
        favourable label must be stated one way or the other.
    X_eval, y_eval, sensitive_features_eval : optional
        Data to judge both models on (default: the training data).
    random_state : int, optional
        Seed of the randomized predictions of both fairlearn methods.
    **options
        Passed to the fairlearn class (e.g. ``objective``, ``eps``).
    """
    from sklearn.base import clone

    check_choice(method, ("threshold", "reduction"), caller="mitigate", parameter="method")
    check_choice(constraints, ("demographic_parity", "equalized_odds",
                               "true_positive_rate_parity", "false_positive_rate_parity"),
                 caller="mitigate", parameter="constraints")
    if (X_eval is None) != (y_eval is None) or (X_eval is None) != (
            sensitive_features_eval is None):
        raise InvalidInputError("The 'X_eval', 'y_eval' and 'sensitive_features_eval' "
                                "arguments of mitigate go together.")
    started = now()
    check = FairnessCheck(policy, vocabulary=vocabulary)
    _ = check.section  # validates the policy's type before any fitting
    check.decisions.require_favourable({"y": y}, caller="mitigate")
    baseline = estimator if prefit else clone(estimator).fit(X, y)
    if method == "threshold":
        from fairlearn.postprocessing import ThresholdOptimizer

        model = ThresholdOptimizer(estimator=baseline, constraints=constraints, prefit=True,
                                   predict_method="auto", **options)
        with _quiet_fairlearn():
            model.fit(X, y, sensitive_features=sensitive_features)
    else:
        from fairlearn.reductions import ExponentiatedGradient

        model = ExponentiatedGradient(clone(estimator), constraints=_moment(constraints),
                                      **options)
        with _quiet_fairlearn():
            model.fit(X, y, sensitive_features=sensitive_features)
    Xe, ye, se = (X, y, sensitive_features) if X_eval is None else (
        X_eval, y_eval, sensitive_features_eval)
    pred_before = baseline.predict(Xe)
    with _quiet_fairlearn():
        if method == "threshold":
            pred_after = model.predict(Xe, sensitive_features=se, random_state=random_state)
        else:
            pred_after = model.predict(Xe, random_state=random_state)
    before = list(check.run(ye, pred_before, sensitive_features=se, plots=False).findings)
    after = list(check.run(ye, pred_after, sensitive_features=se, plots=False).findings)
    name = "ThresholdOptimizer" if method == "threshold" else "ExponentiatedGradient"
    table = _comparison(before, after, name)
    report = Report.build(
        after, title=text("fairness.report.mitigation_title", method=name),
        policy=policy if isinstance(policy, Policy) else None, started_at=started,
        tables=[table], metadata={"mitigation": {"method": name, "constraints": constraints}},
    )
    return MitigationResult(model=model, baseline=baseline, report=report,
                            before=tuple(before), after=tuple(after))


def _comparison(before: list[Finding], after: list[Finding], method: str) -> Table:
    after_by = {(f.control, f.subject): f for f in after}
    rows = []
    for b in before:
        a = after_by.get((b.control, b.subject))
        if b.metric == "count" or a is None:
            continue
        rows.append((f"{b.control} ({b.subject})", b.threshold, b.value, a.value,
                     b.status.value, a.status.value))
    cols = (text("fairness.col.rule"), text("fairness.col.threshold"),
            text("fairness.col.before"), text("fairness.col.after"),
            text("fairness.col.status_before"), text("fairness.col.status_after"))
    return Table(title=text("fairness.table.mitigation", method=method), columns=cols,
                 rows=tuple(rows))
