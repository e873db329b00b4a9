"""GroupMetrics and FairnessCheck on Spark equal the in-memory results on the same rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import ColumnError, DfgovError, InvalidInputError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.fairness import FairnessCheck, FairnessPolicy, GroupMetrics
from dfgov.spark._fairness import (
    ROWS,
    WEIGHT,
    WEIGHT_SQ,
    group_metrics_from_counts,
)
from tests.conftest import budget


def _frame(n: int, seed: int, *, n_groups: int = 3, weights: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["f", "m", "x"][:n_groups], dtype=object), n)
    band = rng.choice(np.array([1, 2, 3]), n)
    y = rng.integers(0, 2, n)
    # group-dependent selection so that disparities are not all zero
    p = (rng.random(n) < np.where(sex == "f", 0.3, 0.6)).astype(np.int64)
    out = pd.DataFrame({"sex": sex, "band": band, "region": rng.choice(["n", "s"], n),
                        "y": y, "p": p})
    if weights:
        out["w"] = rng.gamma(2.0, 1.0, n)
    return out


def _table(pdf: pd.DataFrame, keys: list[str], weight: str | None) -> pd.DataFrame:
    """The cell table computed by pandas (what confusion_table_spark collects)."""
    g = pdf.assign(_one=1)
    if weight is None:
        g["_w"] = 1.0
    else:
        g["_w"] = g[weight].astype(float)
    g["_q"] = g["_w"] ** 2
    t = g.groupby(keys, dropna=False)[["_one", "_w", "_q"]].sum().reset_index()
    return t.rename(columns={"_one": ROWS, "_w": WEIGHT, "_q": WEIGHT_SQ})


def assert_same(a: GroupMetrics, b: GroupMetrics, *, exact: bool) -> None:
    """Everything a user reads from a GroupMetrics is equal."""
    rtol = 0.0 if exact else 1e-12
    pd.testing.assert_frame_equal(a.by_group, b.by_group, rtol=rtol, atol=1e-12)
    np.testing.assert_array_equal(a.cell_rows, b.cell_rows)
    np.testing.assert_allclose(a.cell_counts, b.cell_counts, rtol=rtol, atol=1e-12)
    pd.testing.assert_series_equal(a.group_sizes, b.group_sizes)
    np.testing.assert_array_equal(a.mask, b.mask)
    assert a.insufficient_groups == b.insufficient_groups
    ov_a, ov_b = a.overall, b.overall
    if isinstance(ov_a, pd.DataFrame):
        pd.testing.assert_frame_equal(ov_a, ov_b, rtol=max(rtol, 1e-15), atol=1e-12)
    else:
        pd.testing.assert_series_equal(ov_a, ov_b, rtol=max(rtol, 1e-15), atol=1e-12)
    for metric in a.metrics:
        for f in (a.difference, a.ratio):
            x, y = f(metric), getattr(b, f.__name__)(metric)
            np.testing.assert_allclose(np.asarray(x, float), np.asarray(y, float),
                                       rtol=1e-12, atol=1e-12, equal_nan=True)
    if a.binary:
        for metric in ("selection_rate", "true_positive_rate"):
            pd.testing.assert_frame_equal(a.wilson(metric), b.wilson(metric),
                                          rtol=1e-12, atol=1e-12)


# -- the counts -> GroupMetrics path, on random data (no Spark) ----------------------------

@budget.medium
@given(
    n=st.integers(20, 300),
    seed=st.integers(0, 2**16),
    weighted=st.booleans(),
    two_columns=st.booleans(),
    control=st.booleans(),
    min_group_size=st.integers(0, 40),
)
def test_counts_path_equals_in_memory(n: int, seed: int, weighted: bool, two_columns: bool,
                                      control: bool, min_group_size: int) -> None:
    pdf = _frame(n, seed, weights=weighted)
    if pdf["sex"].nunique() < 2:
        return
    sens = ["sex", "band"] if two_columns else ["sex"]
    ctrl = ["region"] if control else []
    w = "w" if weighted else None
    # a wider table than needed: the unused columns are summed away
    extra = [c for c in ("band", "region") if c not in (*sens, *ctrl)]
    table = _table(pdf, [*sens, *ctrl, *extra, "y", "p"], w)
    got = group_metrics_from_counts(
        table, y_true="y", y_pred="p", sensitive_features=sens,
        control_features=ctrl or None, min_group_size=min_group_size)
    want = GroupMetrics(
        y_true=pdf["y"], y_pred=pdf["p"],
        sensitive_features=pdf[sens] if two_columns else pdf["sex"],
        control_features=pdf["region"] if control else None,
        sample_weight=None if w is None else pdf[w], min_group_size=min_group_size)
    assert_same(got, want, exact=not weighted)
    if not control:
        b1 = got.bootstrap(50, random_state=seed).by_group("selection_rate")
        b2 = want.bootstrap(50, random_state=seed).by_group("selection_rate")
        np.testing.assert_allclose(b1, b2, rtol=1e-12, atol=1e-12, equal_nan=True)


@budget.slow
@given(n=st.integers(30, 200), seed=st.integers(0, 2**16))
def test_counts_path_multiclass(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    pdf = pd.DataFrame({"g": rng.choice(["a", "b"], n), "y": rng.integers(0, 3, n),
                        "p": rng.integers(0, 3, n)})
    if pdf["g"].nunique() < 2:
        return
    got = group_metrics_from_counts(_table(pdf, ["g", "y", "p"], None), y_true="y",
                                    y_pred="p", sensitive_features="g")
    want = GroupMetrics(y_true=pdf["y"], y_pred=pdf["p"], sensitive_features=pdf["g"])
    assert not got.binary
    assert_same(got, want, exact=True)


def test_counts_table_missing_column() -> None:
    table = _table(_frame(50, 1), ["sex", "y", "p"], None)
    with pytest.raises(ColumnError, match="'band'"):
        group_metrics_from_counts(table, y_true="y", y_pred="p", sensitive_features="band")


# -- Spark ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def decisions(spark: Any) -> tuple[pd.DataFrame, Any]:
    pdf = _frame(3000, 7)
    pdf.loc[pdf.index[::97], "region"] = None  # nulls in a sensitive column
    return pdf, spark.createDataFrame(pdf).repartition(3)


def test_spark_equals_in_memory_weighted(decisions: tuple[pd.DataFrame, Any]) -> None:
    from dfgov.spark import group_metrics_from_spark

    pdf, df = decisions
    got = group_metrics_from_spark(df, y_true="y", y_pred="p",
                                   sensitive_features=["sex", "band", "region"],
                                   sample_weight="w", missing="group", min_group_size=60)
    want = GroupMetrics(y_true=pdf["y"], y_pred=pdf["p"],
                        sensitive_features=pdf[["sex", "band", "region"]],
                        sample_weight=pdf["w"], missing="group", min_group_size=60)
    assert "missing" in got.sensitive_index.get_level_values("region")
    assert got.insufficient_groups  # the small 'missing' groups
    assert_same(got, want, exact=False)
    bs_got = got.bootstrap(200, random_state=3)
    bs_want = want.bootstrap(200, random_state=3)
    np.testing.assert_allclose(bs_got.disparity_ci("equalized_odds"),
                               bs_want.disparity_ci("equalized_odds"), rtol=1e-12)


def test_group_metrics_from_counts_classmethod(decisions: tuple[pd.DataFrame, Any]) -> None:
    """The public seam: GroupMetrics.from_counts on the Spark cell table (no dfgov.spark
    helper between them) equals GroupMetrics on the rows."""
    from dfgov.spark import confusion_table_spark

    pdf, df = decisions
    table = confusion_table_spark(df, y_true="y", y_pred="p", sensitive_features=["sex", "band"],
                                  sample_weight="w")
    got = GroupMetrics.from_counts(table, y_true="y", y_pred="p", sensitive_features="sex",
                                   rows=ROWS, weight=WEIGHT, weight_sq=WEIGHT_SQ,
                                   min_group_size=60)
    want = GroupMetrics(y_true=pdf["y"], y_pred=pdf["p"], sensitive_features=pdf["sex"],
                        sample_weight=pdf["w"], min_group_size=60)
    assert_same(got, want, exact=False)
    assert not hasattr(GroupMetrics, "from_spark")  # moved: dfgov.spark.group_metrics_from_spark


def test_fairness_check_spark_equals_run(decisions: tuple[pd.DataFrame, Any]) -> None:
    from dfgov.spark import fairness_check_spark

    pdf, df = decisions
    policy = FairnessPolicy(sensitive_features=["sex", "band"], intersectional=False,
                            n_boot=100, min_group_size=30)
    check = FairnessCheck(policy, vocabulary=DecisionVocabulary(favourable_label=1))
    got = fairness_check_spark(check, df, y_true="y", y_pred="p",
                               sensitive_features=["sex", "band", "region"])
    want = check.run(pdf["y"], pdf["p"],
                     sensitive_features=pdf[["sex", "band", "region"]]).findings
    assert len(got) == len(want) > 0
    assert {f.subject for f in got} >= {"sex", "band"}
    assert [f.model_dump() for f in got] == [f.model_dump() for f in want]
    assert any(f.status.value != "pass" for f in got)  # the planted disparity is seen


def test_missing_sensitive_values_error_by_default(decisions: tuple[pd.DataFrame, Any]) -> None:
    from dfgov.spark import group_metrics_from_spark

    _, df = decisions
    with pytest.raises(ColumnError, match=r"'region'.*missing values"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="region")


def test_bad_weights_and_null_labels(spark: Any) -> None:
    from dfgov.spark import group_metrics_from_spark

    df = spark.createDataFrame(pd.DataFrame(
        {"g": ["a", "b", "a"], "y": [1.0, 0.0, None], "p": [0, 1, 1], "w": [1.0, -2.0, 1.0]}))
    with pytest.raises(InvalidInputError, match=r"'y_true' column 'y'.*missing"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="g")
    with pytest.raises(InvalidInputError, match="'sample_weight' column 'w'"):
        group_metrics_from_spark(df.dropna(), y_true="y", y_pred="p", sensitive_features="g",
                                 sample_weight="w")


def test_schema_errors_before_any_job(spark: Any) -> None:
    from dfgov.spark import group_metrics_from_spark

    df = spark.createDataFrame(pd.DataFrame({"g": ["a"], "y": ["yes"], "p": [0], "q": [1],
                                             "w": ["x"]}))
    sc = spark.sparkContext
    sc.setJobGroup("dfgov-schema-errors", "schema checks")
    with pytest.raises(ColumnError, match="'nope'"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features=["nope"])
    with pytest.raises(InvalidInputError, match=r"'y_true' column 'y'.*numeric or boolean"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="g")
    with pytest.raises(InvalidInputError, match=r"'sample_weight' column 'w'.*numeric"):
        group_metrics_from_spark(df, y_true="p", y_pred="q", sensitive_features="g",
                                 sample_weight="w")
    with pytest.raises(InvalidInputError, match="distinct"):
        group_metrics_from_spark(df, y_true="p", y_pred="p", sensitive_features="g")
    with pytest.raises(InvalidInputError, match="Spark DataFrame"):
        group_metrics_from_spark(df.toPandas, y_true="y", y_pred="p", sensitive_features="g")
    assert list(sc.statusTracker().getJobIdsForGroup("dfgov-schema-errors")) == []
    sc.setLocalProperty("spark.jobGroup.id", None)


def test_max_cells_guard(spark: Any) -> None:
    from dfgov.spark import group_metrics_from_spark

    df = spark.range(50).selectExpr("cast(id as string) as g", "id % 2 as y", "id % 3 as p")
    with pytest.raises(DfgovError, match="max_cells"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="g",
                                 max_cells=10)


def test_gate_control_equals_builtin_fairness(decisions: tuple[pd.DataFrame, Any]) -> None:
    """ModelRiskAssessment with the Spark control gives the built-in control's findings."""
    from dfgov.model_risk import ModelRiskAssessment, ModelRiskPolicy
    from dfgov.policy import Policy
    from dfgov.spark import spark_fairness_control

    pdf, df = decisions
    policy = Policy().replace(FairnessPolicy(n_boot=100, min_group_size=30),
                              ModelRiskPolicy(favourable_label=1))
    got = ModelRiskAssessment(policy, checks=[spark_fairness_control(
        df, y_true="y", y_pred="p", sensitive_features=["sex", "band"], plots=False)]).run()
    want = ModelRiskAssessment(policy, checks=["fairness"]).run(
        y=pdf["y"].to_numpy(), y_pred=pdf["p"].to_numpy(),
        sensitive_features=pdf[["sex", "band"]])
    assert len(got.findings) == len(want.findings) > 0
    assert [f.model_dump() for f in got.findings] == [f.model_dump() for f in want.findings]
    assert [t.rows for t in got.tables] == [t.rows for t in want.tables]
    assert got.exit_code == want.exit_code


def test_score_metrics_from_histograms(spark: Any) -> None:
    """Mean, Brier and ECE exact; AUC exact on a coarse score grid, within its bound otherwise."""
    from dfgov.spark import group_metrics_from_spark

    rng = np.random.default_rng(4)
    n = 2000
    pdf = _frame(n, 4)
    # scores on a 0.01 grid: distinct scores fall in distinct bins, equal ones are equal floats
    pdf["s_grid"] = (rng.integers(0, 80, n) + 20 * pdf["y"] + 0.5) / 100
    pdf["s_cont"] = np.clip(rng.beta(2, 3, n) + 0.15 * pdf["y"], 0, 1)
    df = spark.createDataFrame(pdf)
    for col, exact_auc in (("s_grid", True), ("s_cont", False)):
        got = group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="sex",
                                       sample_weight="w", y_score=col)
        want = GroupMetrics(y_true=pdf["y"], y_pred=pdf["p"], sensitive_features=pdf["sex"],
                            sample_weight=pdf["w"], y_score=pdf[col])
        assert got.metrics == want.metrics
        for m in ("mean_score", "brier_score", "expected_calibration_error"):
            np.testing.assert_allclose(got.by_group[m], want.by_group[m], rtol=1e-9)
            assert got.overall[m] == pytest.approx(want.overall[m], rel=1e-9)
        bound = got.roc_auc_error_bound
        assert want.roc_auc_error_bound is None  # exact in memory
        assert bound is not None and list(bound.index) == list(got.by_group.index)
        with pytest.warns(DeprecationWarning, match="roc_auc_error_bound"):
            assert got.spark_roc_auc_error_bound is bound
        diff = np.abs(got.by_group["roc_auc"] - want.by_group["roc_auc"])
        if exact_auc:
            np.testing.assert_allclose(got.by_group["roc_auc"], want.by_group["roc_auc"],
                                       rtol=1e-12)
        else:
            assert (diff <= bound + 1e-12).all() and (bound < 1e-3).all()
    with pytest.raises(InvalidInputError, match="'y_score' column 'band'"):
        group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="sex",
                                 y_score="band")
