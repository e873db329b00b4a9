"""The gate on Spark: a whole :class:`~dfgov.model_risk.ModelRiskAssessment` run on a DataFrame.

:func:`run_assessment_spark` (formerly ``ModelRiskAssessment.run_spark``)
runs an assessment's ``fairness`` control where the data lives, through
:func:`~dfgov.spark.spark_fairness_control`, and reports every other enabled
control as ``skipped`` (it needs a model or row-level scores). It lives
here, not on the assessment, so that no area imports Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_dataframe

if TYPE_CHECKING:
    from dfgov.model_risk import ModelRiskAssessment
    from dfgov.model_risk.assessment import AssessmentContext
    from dfgov.report import Finding, Report

__all__ = ["run_assessment_spark"]

_CALLER = "run_assessment_spark"


def run_assessment_spark(
    assessment: ModelRiskAssessment,
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: Sequence[str],
    y_score: str | None = None,
    sample_weight: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    fingerprints: Mapping[str, str] | None = None,
    figures: bool = True,
) -> Report:
    """Gate a Spark DataFrame of scored decisions where it lives; one Report.

    Only count-based controls run on Spark: this runs the ``fairness``
    control (through :func:`spark_fairness_control`, one Spark aggregation),
    with the same findings, tables and exit code as
    :meth:`ModelRiskAssessment.run <dfgov.model_risk.ModelRiskAssessment.run>`
    with ``y``, ``y_pred`` and ``sensitive_features`` on the same rows in
    memory. Nothing else runs: the other enabled controls (validation,
    explainability, robustness, ...) need a model or row-level scores and
    appear as ``skipped`` findings, even when ``y_score`` is given and
    ``validation`` is enabled; ``y_score`` is checked to be a column but not
    used (score-based fairness metrics are not computed). Needs the ``spark``
    extra.

    Parameters
    ----------
    assessment : ModelRiskAssessment
        Its policy, ``checks``, audit log and actor are used.
    df : pyspark.sql.DataFrame
    y_true, y_pred : str
        Outcome and decision columns (mapped to the favourable label).
    sensitive_features : list of str
        Sensitive columns of ``df``.
    y_score, sample_weight : str, optional
        Column names.
    metadata, fingerprints, figures
        As for :meth:`ModelRiskAssessment.run <dfgov.model_risk.ModelRiskAssessment.run>`.

    Raises
    ------
    InvalidInputError
        When ``assessment`` is not a ModelRiskAssessment, or its policy's
        ``assessment.controls`` (or ``checks``) does not enable ``fairness``.

    Examples
    --------
    >>> report = run_assessment_spark(  # doctest: +SKIP
    ...     ModelRiskAssessment(policy), decisions, y_true="defaulted", y_pred="declined",
    ...     sensitive_features=["sex", "age_band"])
    >>> raise SystemExit(report.exit_code)  # doctest: +SKIP
    """
    from dfgov.model_risk import ModelRiskAssessment, ModelRiskPolicy
    from dfgov.policy import Policy
    from dfgov.spark._gate import spark_fairness_control

    if not isinstance(assessment, ModelRiskAssessment):
        raise InvalidInputError(
            f"The 'assessment' argument of {_CALLER} must be a ModelRiskAssessment. "
            f"Got {type(assessment).__name__} instead."
        )
    policy = assessment.policy or Policy.default()
    wanted = assessment.checks if assessment.checks is not None else (
        policy.section(ModelRiskPolicy).controls)
    if "fairness" not in wanted:
        raise InvalidInputError(
            f"{_CALLER} runs the 'fairness' control, which the policy's "
            "'assessment.controls' (or the 'checks' argument) does not enable."
        )
    require_dataframe(df, "df", _CALLER)
    if y_score is not None:
        require_columns(df, [y_score], "y_score", _CALLER)
    control = spark_fairness_control(
        df, y_true=y_true, y_pred=y_pred, sensitive_features=list(sensitive_features),
        sample_weight=sample_weight, plots=figures)
    others = [_not_on_spark(name) for name in wanted
              if isinstance(name, str) and name != "fairness"]
    runner = ModelRiskAssessment(policy, checks=[control, *others],
                                 audit=assessment.audit_log, actor=assessment.actor)
    return runner.run(metadata=metadata, fingerprints=fingerprints, figures=figures)


def _not_on_spark(name: str) -> Callable[[AssessmentContext], list[Finding]]:
    """A control that reports itself skipped because it cannot run on Spark."""
    from dfgov.model_risk.assessment import SkipControl

    def control(ctx: AssessmentContext) -> list[Finding]:
        raise SkipControl("not_on_spark")

    control.__name__ = name
    return control
