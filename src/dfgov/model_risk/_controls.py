"""Adapters from an :class:`AssessmentContext` to each model-risk control.

Each adapter takes the shared context (inputs, predictions computed once) and
returns Findings, or raises :class:`SkipControl` naming the missing input.
Tables and figures the controls produce are collected in ``ctx.extras``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dfgov.model_risk._context import AssessmentContext, SkipControl
from dfgov.report import Finding, Report

__all__ = ["CONTROLS"]


def _attach(ctx: AssessmentContext, control: str, tables: Any, figures: Any) -> None:
    """Keep a control's tables and figures, marked with the control they belong to."""
    ctx.extras.setdefault("tables", []).extend(
        t if t.control else t.model_copy(update={"control": control}) for t in tables)
    ctx.extras.setdefault("figures", []).extend(
        f if f.control else f.model_copy(update={"control": control}) for f in figures)


def _collect(ctx: AssessmentContext, report: Report, control: str) -> list[Finding]:
    _attach(ctx, control, report.tables, report.figures)
    return list(report.findings)


def fairness(ctx: AssessmentContext) -> list[Finding]:
    """``FairnessCheck`` on favourable outcomes (true and decided) by sensitive group.

    Labels were mapped once, by the decision vocabulary, when the context was
    built; the check receives the mapped outcomes (True = favourable).
    """
    from dfgov.model_risk.fairness import FairnessCheck

    ctx.require("y", "sensitive", "favourable_pred")
    assert ctx.favourable_true is not None and ctx.favourable_pred is not None
    report = FairnessCheck(ctx.policy, vocabulary=ctx.vocabulary.with_favourable(True),
                           clock=ctx.clock).run(
        ctx.favourable_true, ctx.favourable_pred, sensitive_features=ctx.sensitive,
        y_score=ctx.y_score, sample_weight=ctx.sample_weight, plots=ctx.figures,
    )
    return _collect(ctx, report, "fairness")


def explainability(ctx: AssessmentContext) -> list[Finding]:
    """``ExplainabilityCheck`` on a sample of the evaluation rows."""
    from dfgov.model_risk.explain import ExplainabilityCheck

    ctx.require("model", "X")
    if ctx.vocabulary.one_vs_rest:
        raise SkipControl("multiclass")
    assert ctx.X is not None
    X = ctx.X
    sens = ctx.sensitive
    score = ctx.y_score
    n = ctx.settings.explain_sample
    if len(X) > n:
        rows = X.sample(n=n, random_state=ctx.settings.random_state).index
        X = X.loc[rows].reset_index(drop=True)
        sens = sens.loc[rows].reset_index(drop=True) if sens is not None else None
        score = score[rows.to_numpy()] if score is not None else None
    background = ctx.X_train if ctx.X_train is not None else ctx.X_reference
    check = ExplainabilityCheck(ctx.policy, vocabulary=ctx.vocabulary, clock=ctx.clock)
    report = check.run(ctx.scorer, X, sensitive_features=sens, background=background,
                       y_score=score)
    return _collect(ctx, report, "explain")


def validation(ctx: AssessmentContext) -> list[Finding]:
    """``ValidationCheck``: discrimination, calibration and PSI/CSI against the reference."""
    from dfgov.model_risk.validation import ValidationCheck

    ctx.require("y", "y_score")
    assert ctx.favourable_true is not None
    y_ref_score = None
    if ctx.X_reference is not None and ctx.scorer is not None:
        y_ref_score = ctx.scorer.score(ctx.X_reference)
    check = ValidationCheck(ctx.policy, vocabulary=ctx.vocabulary.with_favourable(True),
                            clock=ctx.clock)
    report = check.run(None, ctx.X, ctx.favourable_true, y_score=ctx.y_score,
                       X_reference=ctx.X_reference, y_score_reference=y_ref_score)
    return _collect(ctx, report, "validation")


def robustness(ctx: AssessmentContext) -> list[Finding]:
    """``RobustnessCheck``: perturbations, declared monotone features, edge inputs."""
    from dfgov.model_risk.validation import RobustnessCheck

    ctx.require("model", "X")
    check = RobustnessCheck(ctx.policy, vocabulary=ctx.vocabulary, clock=ctx.clock)
    report = check.run(ctx.scorer, ctx.X)
    return _collect(ctx, report, "robustness")


def security(ctx: AssessmentContext) -> list[Finding]:
    """``SecurityCheck``: membership inference, evasion, dependencies, model format."""
    from dfgov.model_risk.validation import SecurityCheck, model_provenance

    ctx.require("model")
    # membership inference needs labelled training rows and labelled rows never trained on
    attack = ctx.X_train is not None and ctx.y_train is not None and ctx.y is not None
    report = SecurityCheck(ctx.policy, vocabulary=ctx.vocabulary, clock=ctx.clock).run(
        ctx.scorer, X_train=ctx.X_train if attack else None,
        y_train=ctx.y_train if attack else None, X_holdout=ctx.X if attack else None,
        y_holdout=ctx.y if attack else None, X=ctx.X, provenance=model_provenance(ctx.model),
    )
    return _collect(ctx, report, "security")


def disclosure(ctx: AssessmentContext) -> list[Finding]:
    """Completeness of the algorithm disclosure built from the findings so far."""
    from dfgov.model_risk.disclosure import AlgorithmDisclosure

    meta = ctx.metadata.get("disclosure")
    if not meta:
        raise SkipControl("no_metadata")
    so_far = Report.build([f for fs in ctx.results.values() for f in fs], policy=ctx.policy)
    doc = AlgorithmDisclosure.from_report(so_far, **dict(meta))
    ctx.extras["disclosure"] = doc
    return doc.check(ctx.policy, clock=ctx.clock)


CONTROLS: dict[str, Callable[[AssessmentContext], list[Finding]]] = {
    "fairness": fairness,
    "explainability": explainability,
    "validation": validation,
    "robustness": robustness,
    "security": security,
    "disclosure": disclosure,
}
