"""The gate on Spark: a ModelRiskAssessment control that judges fairness where the data lives.

:class:`~dfgov.model_risk.ModelRiskAssessment` accepts callables among its
``checks``; :func:`spark_fairness_control` makes one that runs the
``[fairness]`` policy on a Spark DataFrame of scored decisions (no model
needed), with the same favourable-outcome mapping, findings, by-group table
and figure as the built-in ``fairness`` control on the same rows in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dfgov.spark._common import require_columns, require_dataframe, require_pyspark

if TYPE_CHECKING:
    from dfgov.model_risk.assessment import AssessmentContext
    from dfgov.report import Finding

__all__ = ["spark_fairness_control"]


def spark_fairness_control(
    df: Any,
    *,
    y_true: str,
    y_pred: str,
    sensitive_features: str | Sequence[str] | None = None,
    sample_weight: str | None = None,
    plots: bool = True,
) -> Callable[[AssessmentContext], list[Finding]]:
    """A ``fairness`` control for ``ModelRiskAssessment(policy, checks=[...])`` on Spark.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        Scored decisions: true outcome, decision and the sensitive columns.
    y_true, y_pred : str
        Outcome and decision columns (any type comparable with the policy's
        ``[model_risk] favourable_label``, which must be stated).
    sensitive_features : str or list of str, optional
        Default: the policy's ``fairness.sensitive_features``.
    sample_weight : str, optional
    plots : bool
        Add the by-group figure (needs matplotlib).

    Examples
    --------
    >>> report = ModelRiskAssessment(policy, checks=[  # doctest: +SKIP
    ...     spark_fairness_control(decisions, y_true="defaulted", y_pred="declined",
    ...                            sensitive_features=["sex", "age_band"])]).run()
    >>> raise SystemExit(report.exit_code)  # doctest: +SKIP
    """
    caller = "spark_fairness_control"
    require_dataframe(df, "df", caller)
    require_columns(df, [y_true], "y_true", caller)
    require_columns(df, [y_pred], "y_pred", caller)

    def fairness(ctx: AssessmentContext) -> list[Finding]:
        require_pyspark()
        from dfgov.model_risk.fairness import FairnessCheck, by_group_table
        from dfgov.spark._fairness import spark_groupings

        check = FairnessCheck(ctx.policy, vocabulary=ctx.vocabulary)
        gms = spark_groupings(check, df, y_true=y_true, y_pred=y_pred,
                              sensitive_features=sensitive_features,
                              sample_weight=sample_weight, caller=caller)
        findings: list[Finding] = []
        for gm in gms:
            findings.extend(check.judge(gm))
            ctx.extras.setdefault("tables", []).append(
                by_group_table(gm, check.section.confidence).model_copy(
                    update={"control": "fairness"}))
            if plots:
                from dfgov.model_risk.fairness import by_group_figure

                ctx.extras.setdefault("figures", []).append(
                    by_group_figure(gm, check.section.confidence, rules=check.section.rules))
        return findings

    return fairness
