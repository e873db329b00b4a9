"""PSI/CSI on Spark equal the in-memory ones of dfgov.model_risk.validation."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.validation import population_stability_index, stability_table
from dfgov.model_risk.validation._stability import _psi_from_counts

# With 10 bins and n - 1 divisible by 10, numpy's interpolated deciles fall on data points:
# 1101 rows, and 1001 non-missing incomes in the reference.
N_REF = 10 * 110 + 1
N_MISSING = 100


def _samples() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(11)

    def one(n: int, shift: float) -> pd.DataFrame:
        score = rng.beta(2 + shift, 5, n)
        income = np.round(rng.lognormal(8 + shift, 0.5, n), 2)
        income[rng.choice(n, N_MISSING, replace=False)] = np.nan
        age = rng.integers(18, 70, n)
        region = rng.choice(np.array(["n", "s", "e", "w"], dtype=object), n,
                            p=[0.4, 0.3, 0.2 - shift / 10, 0.1 + shift / 10])
        region[rng.random(n) < 0.02] = None
        return pd.DataFrame({"score": score, "income": income, "age": age, "region": region,
                             "flag": rng.random(n) < 0.3 + shift / 5})

    return one(N_REF, 0.0), one(3000, 0.5)


@pytest.fixture(scope="module")
def frames(spark: Any) -> tuple[pd.DataFrame, pd.DataFrame, Any, Any]:
    ref, cur = _samples()
    return ref, cur, spark.createDataFrame(ref), spark.createDataFrame(cur).repartition(2)


def test_exact_quantiles_equal_in_memory(frames: tuple[Any, ...]) -> None:
    """relative_error=0 gives numpy's cut points here, so every CSI is identical."""
    from dfgov.spark import stability_table_spark

    ref, cur, sref, scur = frames
    got = stability_table_spark(sref, scur, relative_error=0.0)
    want = stability_table(ref, cur, n_jobs=1)
    assert [s.feature for s in got] == [s.feature for s in want]
    for g, w in zip(got, want, strict=True):
        assert (g.kind, g.n_bins, g.smoothed) == (w.kind, w.n_bins, w.smoothed), g.feature
        assert g.psi == pytest.approx(w.psi, rel=1e-12, abs=1e-15), g.feature
        assert g.reference_missing == pytest.approx(w.reference_missing, abs=1e-15)
        assert g.current_missing == pytest.approx(w.current_missing, abs=1e-15)
    assert max(s.psi for s in got) > 0.1  # the shift is seen


def test_same_edges_same_index(frames: tuple[Any, ...]) -> None:
    """Given cut points, the index is the validation formula on the same bin counts."""
    from dfgov.spark import population_stability_index_spark

    ref, cur, sref, scur = frames
    edges = [0.1, 0.2, 0.25, 0.4, 0.55]
    got = population_stability_index_spark(sref, scur, "score", edges=edges)
    e = np.asarray(edges)
    rc = np.bincount(np.searchsorted(e, ref["score"], side="right"), minlength=len(e) + 1)
    cc = np.bincount(np.searchsorted(e, cur["score"], side="right"), minlength=len(e) + 1)
    want, _ = _psi_from_counts(np.r_[rc, 0].astype(float), np.r_[cc, 0].astype(float), 1e-4)
    assert got == pytest.approx(want, rel=1e-12)


def test_approximate_quantiles_close(frames: tuple[Any, ...]) -> None:
    """With the default relative error the score's PSI stays close to the exact one."""
    from dfgov.spark import population_stability_index_spark

    ref, cur, sref, scur = frames
    got = population_stability_index_spark(sref, scur, "score", relative_error=0.01)
    want = population_stability_index(ref["score"], cur["score"])
    assert got == pytest.approx(want, rel=0.1)


def test_bad_input(spark: Any, frames: tuple[Any, ...]) -> None:
    from dfgov.spark import population_stability_index_spark, stability_table_spark

    _, _, sref, scur = frames
    with pytest.raises(ColumnError, match="only one of them"):
        stability_table_spark(sref, scur.drop("age"))
    with pytest.raises(ColumnError, match="'nope'"):
        population_stability_index_spark(sref, scur, "nope")
    with pytest.raises(ColumnError, match="numeric in the reference"):
        stability_table_spark(sref, scur.withColumn("age", scur["age"].cast("string")),
                              columns=["age"])
    with pytest.raises(InvalidInputError, match="'bins'"):
        stability_table_spark(sref, scur, bins=1)
    const = spark.createDataFrame(pd.DataFrame({"x": [1.0] * 20, "k": ["a"] * 20}))
    with pytest.raises(InvalidInputError, match="constant"):
        stability_table_spark(const, const, columns=["x"], edges={"x": [0.5]})
    assert stability_table_spark(const, const, constant="skip", edges={"x": [0.5]}) == []


def test_stability_findings_equal_validation_check(frames: tuple[Any, ...]) -> None:
    """The findings (and PSI table) of ValidationCheck's stability part, from Spark counts."""
    from dfgov.model_risk.validation import ValidationCheck, ValidationPolicy
    from dfgov.report import Report, Table
    from dfgov.spark import stability_findings_spark
    from tests.spark.test_assessment import _close

    ref, cur, sref, scur = frames
    ref, cur = ref.assign(const=1.0), cur.assign(const=2.0)  # constant in the reference
    sref, scur = sref.selectExpr("*", "1.0d as const"), scur.selectExpr("*", "2.0d as const")
    pol = ValidationPolicy(psi_watch=0.05, psi_shift=0.2)
    check = ValidationCheck(pol)
    feats = ["income", "age", "region", "flag", "const"]
    wanted = check.run(X=cur[feats], X_reference=ref[feats], y_score=cur["score"].to_numpy(),
                       y_score_reference=ref["score"].to_numpy())
    want = wanted.findings
    report = stability_findings_spark(sref, scur, pol, score="score", relative_error=0.0)
    assert isinstance(report, Report)
    got = report.findings
    assert [f.control for f in got] == [f.control for f in want]
    assert [f.status for f in got] == [f.status for f in want]
    assert {f.status.value for f in got} >= {"pass", "fail", "skipped"}
    assert _close([f.model_dump() for f in got], [f.model_dump() for f in want])
    assert [t.rows for t in report.tables] == [t.rows for t in wanted.tables]
    assert report.status == wanted.status
    tables: list[Table] = []
    with pytest.warns(DeprecationWarning, match="tables"):
        stability_findings_spark(sref, scur, pol, score="score", relative_error=0.0,
                                 tables=tables)
    assert [t.rows for t in tables] == [t.rows for t in wanted.tables]
    only = stability_findings_spark(sref, scur, pol, features=["region"]).findings
    region = [f.model_dump() for f in want if f.subject == "region"]
    assert _close([f.model_dump() for f in only], region)
    with pytest.raises(ColumnError, match="'nope'"):
        stability_findings_spark(sref, scur, pol, score="nope")
