"""The public seams monitoring builds on, in the areas: counts → GroupMetrics, counts → PSI."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import InvalidInputError
from dfgov.model_risk.fairness import GroupMetrics, group_metrics_from_counts
from dfgov.model_risk.validation import population_stability_index, psi_from_counts
from tests.conftest import budget


@budget.medium
@given(st.integers(0, 2**31 - 1), st.integers(5, 300), st.integers(0, 10))
def test_group_metrics_from_counts_equals_rows(seed: int, n: int, min_size: int) -> None:
    rng = np.random.default_rng(seed)
    rows = pd.DataFrame({"g": rng.choice(["a", "b", "c"], n), "k": rng.choice(["x", "y"], n),
                         "y": rng.integers(0, 2, n), "p": rng.integers(0, 2, n)})
    if rows["g"].nunique() < 2:
        return
    table = rows.groupby(["g", "k", "y", "p"]).size().rename("rows").reset_index()
    got = group_metrics_from_counts(table, y_true="y", y_pred="p", sensitive_features="g",
                                    control_features="k", min_group_size=min_size)
    want = GroupMetrics(y_true=rows["y"], y_pred=rows["p"], sensitive_features=rows["g"],
                        control_features=rows["k"], min_group_size=min_size)
    pd.testing.assert_frame_equal(got.by_group, want.by_group, check_exact=False, rtol=1e-12)
    pd.testing.assert_frame_equal(got.counts, want.counts)
    np.testing.assert_array_equal(got.cell_rows, want.cell_rows)
    pd.testing.assert_frame_equal(got.wilson("selection_rate"), want.wilson("selection_rate"))
    pd.testing.assert_series_equal(got.difference("demographic_parity"),
                                   want.difference("demographic_parity"))


def test_group_metrics_from_counts_names_missing_columns() -> None:
    t = pd.DataFrame({"g": ["a", "b"], "y": [1, 0], "p": [1, 1], "n": [3, 4]})
    with pytest.raises(KeyError, match="rows"):
        group_metrics_from_counts(t, y_true="y", y_pred="p", sensitive_features="g")
    with pytest.raises(InvalidInputError, match="together"):
        group_metrics_from_counts(t, y_true="y", y_pred="p", sensitive_features="g",
                                  rows="n", weight="n")


@budget.medium
@given(st.lists(st.integers(0, 9), min_size=5, max_size=200),
       st.lists(st.integers(0, 9), min_size=1, max_size=200))
def test_psi_from_counts_equals_psi_of_values(ref: list[int], cur: list[int]) -> None:
    r, c = pd.Series([str(v) for v in ref]), pd.Series([str(v) for v in cur])
    if r.nunique() < 2:
        return
    levels = sorted(set(r) | set(c))
    rc = [int((r == v).sum()) for v in levels]
    cc = [int((c == v).sum()) for v in levels]
    assert psi_from_counts(rc, cc) == pytest.approx(population_stability_index(r, c),
                                                    rel=1e-12, abs=1e-15)


def test_psi_from_counts_refuses_bad_counts() -> None:
    for bad in (([1, 2], [1]), ([0, 0], [1, 1]), ([1, -1], [1, 1])):
        with pytest.raises(InvalidInputError, match="psi_from_counts"):
            psi_from_counts(*bad)


def test_assessment_register_failed_event_leaves_no_row(tmp_path: Any) -> None:
    from dfgov.data_protection import AssessmentRegister
    from dfgov.report import Report

    class Broken:
        def append(self, **_: Any) -> None:
            raise RuntimeError("down")

    reg = AssessmentRegister(tmp_path / "g.db", audit=Broken())
    rep = Report.build([], metadata={"dataset": "customers", "as_of": "2025-06-01",
                                     "next_assessment_due": "2026-06-01"})
    with pytest.raises(RuntimeError):
        reg.record(rep)
    assert reg.records() == []
    with pytest.raises(InvalidInputError, match="metadata"):
        reg.record(Report.build([]))
    reg.close()
