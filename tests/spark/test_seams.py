"""The public seams dfgov.spark uses, exercised without Spark: any engine computing the same
counts gets the in-memory results through them (so Spark needs no private name)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.fairness import GroupMetrics, ScoreHistogram
from dfgov.model_risk.validation import (
    FeatureStability,
    ValidationCheck,
    ValidationPolicy,
    check_psi_options,
    population_stability_index,
    stability_table,
)
from dfgov.policy import Policy


def _rows(n: int, seed: int, resolution: int) -> tuple[pd.DataFrame, ScoreHistogram]:
    """Decisions with scores, and their score histogram computed by pandas."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    df = pd.DataFrame({"g": rng.choice(["a", "b", "c"], n), "y": y,
                       "p": rng.integers(0, 2, n), "w": rng.gamma(2.0, 1.0, n),
                       "s": np.clip(rng.beta(2, 3, n) + 0.2 * y, 0, 1)})
    b = np.minimum(np.floor(df["s"] * resolution), resolution - 1).astype(int)
    h = (df.assign(pos=df["y"], bin=b, ws=df["w"] * df["s"], wss=df["w"] * df["s"] ** 2)
         .groupby(["g", "pos", "bin"])[["w", "ws", "wss"]].sum().reset_index())
    hist = ScoreHistogram(keys=h[["g"]], positive=h["pos"].to_numpy(), bin=h["bin"].to_numpy(),
                          weight=h["w"].to_numpy(), score_sum=h["ws"].to_numpy(),
                          score_sq_sum=h["wss"].to_numpy(), resolution=resolution)
    return df, hist


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    t = df.assign(rows=1, wsq=df["w"] ** 2).groupby(["g", "y", "p"])[["rows", "w", "wsq"]]
    return t.sum().reset_index()


@given(seed=st.integers(0, 10_000), n=st.integers(60, 400), min_size=st.integers(0, 150))
def test_from_counts_with_histogram_equals_rows(seed: int, n: int, min_size: int) -> None:
    df, hist = _rows(n, seed, 1000)
    got = GroupMetrics.from_counts(_cells(df), y_true="y", y_pred="p", sensitive_features="g",
                                   weight="w", weight_sq="wsq", min_group_size=min_size,
                                   score_histogram=hist)
    want = GroupMetrics(y_true=df["y"], y_pred=df["p"], sensitive_features=df["g"],
                        sample_weight=df["w"], y_score=df["s"], min_group_size=min_size)
    pd.testing.assert_series_equal(got.group_sizes, want.group_sizes)
    np.testing.assert_array_equal(got.mask, want.mask)  # one group-inclusion rule
    assert got.insufficient_groups == want.insufficient_groups
    for m in ("selection_rate", "mean_score", "brier_score", "expected_calibration_error"):
        np.testing.assert_allclose(got.by_group[m], want.by_group[m], rtol=1e-9)
    bound = got.roc_auc_error_bound
    assert want.roc_auc_error_bound is None and bound is not None
    diff = np.abs(got.by_group["roc_auc"] - want.by_group["roc_auc"]).fillna(0.0)
    assert (diff <= bound.fillna(0.0) + 1e-12).all()


def test_from_counts_histogram_bad_input() -> None:
    df, hist = _rows(200, 1, 100)
    cells = _cells(df)
    with pytest.raises(InvalidInputError, match="multiple of the calibration 'n_bins'"):
        GroupMetrics.from_counts(cells, y_true="y", y_pred="p", sensitive_features="g",
                                 n_bins=7, score_histogram=hist)
    other = ScoreHistogram(**{**hist.__dict__, "keys": hist.keys.rename(columns={"g": "h"})})
    with pytest.raises(ColumnError, match="'g'"):
        GroupMetrics.from_counts(cells, y_true="y", y_pred="p", sensitive_features="g",
                                 score_histogram=other)
    stray = ScoreHistogram(**{**hist.__dict__, "keys": hist.keys.replace({"a": "z"})})
    with pytest.raises(InvalidInputError, match="group the count table does not"):
        GroupMetrics.from_counts(cells, y_true="y", y_pred="p", sensitive_features="g",
                                 score_histogram=stray)


def test_stability_findings_and_table_equal_the_check() -> None:
    rng = np.random.default_rng(5)
    ref = pd.DataFrame({"x": rng.normal(size=500), "k": rng.choice(["a", "b"], 500),
                        "c": 1.0})
    cur = pd.DataFrame({"x": rng.normal(0.4, size=400), "k": rng.choice(["a", "b", "n"], 400),
                        "c": 2.0})
    s_ref, s_cur = rng.random(500), rng.random(400) ** 2
    pol = ValidationPolicy(psi_watch=0.05, psi_shift=0.2)
    check = ValidationCheck(pol)
    report = check.run(X=cur, X_reference=ref, y_score=s_cur, y_score_reference=s_ref)
    want = report.findings
    table = stability_table(ref, cur, bins=pol.psi_bins, epsilon=pol.psi_epsilon,
                            constant="skip")
    psi = population_stability_index(s_ref, s_cur, bins=pol.psi_bins, epsilon=pol.psi_epsilon)
    for policy in (pol, Policy().replace(pol)):
        got = ValidationCheck.stability_findings(policy, ["x", "k", "c"], table, score_psi=psi)
        assert [f.model_dump() for f in got] == [f.model_dump() for f in want]
        assert ValidationCheck.psi_table(policy, table).rows == report.tables[0].rows
    assert {f.status.value for f in want} >= {"skipped", "warn"}


def test_feature_stability_from_counts() -> None:
    got = FeatureStability.from_counts("x", "categorical", [30, 70, 0, 0], [20, 60, 15, 5],
                                       new_categories=1, new_category_share=0.15)
    assert (got.n_bins, got.reference_missing, got.current_missing) == (4, 0.0, 0.05)
    assert got.smoothed and got.new_categories == 1
    r, c = np.array([0.3, 0.7, 1e-4, 1e-4]), np.array([0.2, 0.6, 0.15, 0.05])
    assert got.psi == pytest.approx(float(np.sum((c - r) * np.log(c / r))), rel=1e-12)
    with pytest.raises(InvalidInputError, match="same length"):
        FeatureStability.from_counts("x", "numeric", [1, 2], [1, 2, 3])
    with pytest.raises(InvalidInputError,
                       match=r"^The 'bins' argument of me must be an integer >= 2\. Got 1\.$"):
        check_psi_options(1, 1e-4, "me")
    with pytest.raises(InvalidInputError,
                       match=r"'epsilon' argument of me must be a float in \(0, 0.01\)"):
        check_psi_options(10, 0.5, "me")


def test_column_evidence_merge_equals_one_pass() -> None:
    """Evidence of consecutive parts, merged, decides the column as one pass over the parts."""
    from dfgov.data_protection import ColumnEvidence, DataInventory, DataProtectionScan

    rng = np.random.default_rng(3)
    phones = [f"13{rng.integers(0, 10**9):09d}" for _ in range(40)]
    notes = [f"call {p} now" if i % 3 == 0 else "nothing here" for i, p in enumerate(phones)]
    parts = [pd.DataFrame({"mobile": phones[i:i + 10], "remark": notes[i:i + 10]})
             for i in range(0, 40, 10)]
    section = DataProtectionScan().section
    one = {c: ColumnEvidence(c) for c in ("mobile", "remark")}
    merged = {c: ColumnEvidence(c) for c in one}
    for part in parts:
        for c in one:
            one[c].update(part[c])
            ev = ColumnEvidence(c)
            ev.update(part[c])
            merged[c].merge(ev)
    want = DataInventory.from_columns([e.finish(section) for e in one.values()], rows=40)
    got = DataInventory.from_columns([e.finish(section) for e in merged.values()], rows=40)
    assert got == want
    assert got["mobile"].data_type == "mobile" and len(got.findings) == 2
    with pytest.raises(InvalidInputError, match="same column"):
        merged["mobile"].merge(merged["remark"])
