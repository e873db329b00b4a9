"""run_assessment_spark (formerly ModelRiskAssessment.run_spark): the fairness findings of
ModelRiskAssessment.run() on the same rows in memory."""

from __future__ import annotations

import math
from typing import Any

import pytest

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.fairness import FairnessPolicy
from tests.spark.test_fairness import _frame


def _close(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-12 relative (texts, statuses, keys and lengths exactly)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15) or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_run_spark_equals_run_on_collected_rows(spark: Any) -> None:
    from dfgov.model_risk import ModelRiskAssessment, ModelRiskPolicy
    from dfgov.policy import Policy
    from dfgov.spark import run_assessment_spark

    pdf = _frame(2500, 11)
    df = spark.createDataFrame(pdf).repartition(2)
    policy = Policy().replace(FairnessPolicy(n_boot=100, min_group_size=30)).replace(
        ModelRiskPolicy(favourable_label=0))
    mra = ModelRiskAssessment(policy)  # every control enabled: only fairness runs on Spark
    got = run_assessment_spark(mra, df, y_true="y", y_pred="p",
                               sensitive_features=["sex", "band"], sample_weight="w",
                               y_score="w", figures=False)
    rows = {"y": pdf["y"].to_numpy(), "y_pred": pdf["p"].to_numpy(),  # the same rows
            "sensitive_features": pdf[["sex", "band"]], "sample_weight": pdf["w"].to_numpy()}
    want = mra.run(**rows, figures=False)
    fair = [f for f in want.findings if f.control.startswith("fairness")]
    got_fair = [f for f in got.findings if f.control.startswith("fairness")]
    others = [f for f in got.findings if not f.control.startswith("fairness")]
    assert len(fair) > 1 and others
    assert all(f.status.value == "skipped" and f.details["reason"] == "not_on_spark"
               for f in others)
    # weighted: Spark adds the weights in another order (agreement to 1e-12 relative)
    assert _close([f.model_dump() for f in got_fair], [f.model_dump() for f in fair])
    assert _close([t.rows for t in got.tables], [t.rows for t in want.tables])
    only = ModelRiskAssessment(policy, checks=["fairness"]).run(**rows, figures=False)
    assert got.exit_code == only.exit_code and got.status == only.status


def test_run_spark_bad_input(spark: Any) -> None:
    from dfgov.model_risk import ModelRiskAssessment
    from dfgov.spark import run_assessment_spark

    df = spark.createDataFrame(_frame(50, 1))
    with pytest.raises(InvalidInputError, match="'fairness'"):
        run_assessment_spark(ModelRiskAssessment(checks=["validation"]), df, y_true="y",
                             y_pred="p", sensitive_features=["sex"])
    with pytest.raises(ColumnError, match="'score'"):
        run_assessment_spark(ModelRiskAssessment(), df, y_true="y", y_pred="p",
                             sensitive_features=["sex"], y_score="score")
    with pytest.raises(InvalidInputError, match="Spark DataFrame"):
        run_assessment_spark(ModelRiskAssessment(), _frame(5, 1), y_true="y", y_pred="p",
                             sensitive_features=["sex"])
    with pytest.raises(InvalidInputError, match="'assessment' argument"):
        run_assessment_spark(None, df, y_true="y", y_pred="p",  # type: ignore[arg-type]
                             sensitive_features=["sex"])
    assert not hasattr(ModelRiskAssessment, "run_spark")  # moved: no area imports Spark
