"""FairnessCheck: policy-driven findings, statuses, clause tags, report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

import dfgov
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.fairness import FairnessCheck, FairnessPolicy, GroupMetrics
from dfgov.report import Report, Status

BASE = ("AP-16", "JR/T 0221-2021 §6.1", "EU AI Act Art.10")

FAV1 = DecisionVocabulary(favourable_label=1, score_direction="higher_is_favourable")


def _data(n: int = 4000, gap: float = 0.0, seed: int = 0) -> tuple[Any, Any, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    sf = pd.DataFrame({"sex": rng.choice(["female", "male"], n),
                       "age": rng.choice(["<25", ">=25"], n, p=[0.3, 0.7])})
    y = rng.integers(0, 2, n)
    p = np.where(rng.random(n) < 0.8, y, 1 - y)
    drop = (sf["sex"].to_numpy() == "female") & (rng.random(n) < gap)
    p[drop] = 0
    return y, p, sf


def _by_control(findings: Sequence[dfgov.Finding]) -> dict[str, dfgov.Finding]:
    return {f.control: f for f in findings}


def test_fair_model_passes_with_clause_tags_and_intervals() -> None:
    y, p, sf = _data()
    found = _by_control(FairnessCheck(vocabulary=FAV1).run(y, p, sensitive_features=sf).findings)
    assert set(found) == {"fairness.demographic_parity_difference", "fairness.four_fifths_rule",
                          "fairness.equalized_odds_difference",
                          "fairness.equal_opportunity_difference"}
    assert all(f.status is Status.PASS for f in found.values())
    dp = found["fairness.demographic_parity_difference"]
    gm = GroupMetrics(y_true=y, y_pred=p, sensitive_features=sf)
    assert dp.value == pytest.approx(gm.difference("demographic_parity"), abs=1e-12)
    assert dp.interval is not None and dp.interval[0] <= dp.interval[1]
    assert dp.confidence == 0.95
    assert dp.clauses == BASE
    assert found["fairness.four_fifths_rule"].clauses == (*BASE, "4/5ths rule")
    assert dp.details["group_sizes"]["female & <25"] > 0
    assert len(dp.details["worst_pair"]) == 2
    assert dp.message.zh_cn and dp.message.en != dp.message.zh_cn


def test_unfair_model_fails_and_interval_basis_needs_confidence() -> None:
    y, p, sf = _data(gap=0.3)
    found = _by_control(FairnessCheck(vocabulary=FAV1).run(y, p, sensitive_features=sf).findings)
    assert found["fairness.demographic_parity_difference"].status is Status.FAIL
    assert found["fairness.four_fifths_rule"].status is Status.FAIL
    assert found["fairness.demographic_parity_difference"].details["worst_pair"][0].startswith(
        "female")
    # Interval basis with a threshold just below the point estimate: not established.
    value = found["fairness.demographic_parity_difference"].value
    assert value is not None
    policy = FairnessPolicy(rules=[{"metric": "demographic_parity", "threshold": value - 0.005,
                                    "basis": "interval"}])
    (f,) = FairnessCheck(policy, vocabulary=FAV1).run(y, p, sensitive_features=sf).findings
    assert f.status is Status.WARN and "not established" in f.message.en
    policy = FairnessPolicy(rules=[{"metric": "demographic_parity", "threshold": 0.02,
                                    "basis": "interval"}])
    (f,) = FairnessCheck(policy, vocabulary=FAV1).run(y, p, sensitive_features=sf).findings
    assert f.status is Status.FAIL and f.interval is not None and f.interval[0] > 0.02


def test_small_groups_are_insufficient_never_judged() -> None:
    y, p, sf = _data(n=600)
    sf.loc[:5, "age"] = "75+"
    policy = FairnessPolicy(min_group_size=30, intersectional=False)
    findings = FairnessCheck(policy, vocabulary=FAV1).run(y, p, sensitive_features=sf).findings
    skipped = [f for f in findings if f.control == "fairness.group_size"]
    assert skipped and all(f.status is Status.SKIPPED for f in skipped)
    assert {f.details["group"] for f in skipped} == {"75+"}
    # two groupings (sex; age) since intersectional is off
    assert sum(f.control == "fairness.demographic_parity_difference" for f in findings) == 2
    for f in findings:
        if f.metric and f.metric.endswith("_difference"):
            assert "75+" not in f.details["worst_pair"]


def test_underpowered_pass_is_a_warning() -> None:
    y, p, sf = _data(n=120)
    policy = FairnessPolicy(min_group_size=5, sensitive_features=["sex"])
    report = FairnessCheck(policy, vocabulary=FAV1).run(y, p, sensitive_features=sf)
    found = _by_control(report.findings)
    f = found["fairness.equal_opportunity_difference"]
    assert f.details["min_detectable"] > 0.1
    if f.value is not None and f.value <= 0.1:
        assert f.status is Status.WARN and "not evidence of fairness" in f.message.en


def test_reference_group_with_holm_adjustment() -> None:
    y, p, sf = _data(gap=0.2)
    policy = FairnessPolicy(reference_group="male & >=25", adjustment="holm",
                            rules=[{"metric": "demographic_parity", "threshold": 0.05,
                                    "basis": "interval"}])
    findings = FairnessCheck(policy, vocabulary=FAV1).run(y, p, sensitive_features=sf).findings
    assert len(findings) == 3
    by_subject = {f.subject: f for f in findings}
    fem = by_subject["sex & age: female & >=25 vs reference male & >=25"]
    assert fem.status is Status.FAIL and fem.details["adjustment"] == "holm"
    assert fem.details["p_value"] < 0.05
    with pytest.raises(InvalidInputError, match="reference_group"):
        FairnessCheck(FairnessPolicy(reference_group="nobody"), vocabulary=FAV1).run(
            y, p, sensitive_features=sf)


def test_policy_object_and_section_and_column_selection() -> None:
    y, p, sf = _data()
    pol = dfgov.Policy.loads('[fairness]\nsensitive_features = ["sex"]\nn_boot = 0\n'
                             '[[fairness.rules]]\nmetric = "selection_rate"\nkind = "ratio"\n'
                             'threshold = 0.8\n')
    (f,) = FairnessCheck(pol, vocabulary=FAV1).run(y, p, sensitive_features=sf).findings
    assert f.control == "fairness.selection_rate_ratio" and f.interval is None
    assert f.details["sensitive_features"] == ["sex"]
    assert "4/5ths rule" in f.clauses
    with pytest.raises(ColumnError, match="'region'"):
        FairnessCheck(FairnessPolicy(sensitive_features=["region"]), vocabulary=FAV1).run(
            y, p, sensitive_features=sf)
    with pytest.raises(InvalidInputError, match="'policy' argument of FairnessCheck"):
        FairnessCheck(object(), vocabulary=FAV1).run(y, p, sensitive_features=sf)  # type: ignore[arg-type]
    with pytest.raises(dfgov.DfgovError, match=r"Policy key 'fairness\.rules\[0\]\.kind'"):
        dfgov.Policy.loads('[[fairness.rules]]\nkind = "ratios"\n')


def test_report_has_table_and_chart() -> None:
    import json

    y, p, sf = _data(gap=0.3)
    report = FairnessCheck(vocabulary=FAV1).run(y, p, sensitive_features=sf, y_score=None)
    assert isinstance(report, Report) and report.exit_code == 1
    (table,) = report.tables
    assert len(table.rows) == 4 and table.columns[0].en == "group"
    (fig,) = report.figures
    assert fig.media_type == "application/vnd.dfgov.chart+json" and fig.control == "fairness"
    spec = json.loads(fig.data)
    assert spec["kind"] == "bars" and len(spec["categories"]) == 4
    # the default rules on the selection rate draw their limits
    assert len(spec["lines"]) == 2
    assert Report.from_json(report.to_json()) == report


def test_report_without_plots() -> None:
    y, p, sf = _data()
    report = FairnessCheck(vocabulary=FAV1).run(y, p, sensitive_features=sf["sex"], plots=False)
    assert report.figures == () and report.exit_code == 0 and len(report.tables) == 1
    with pytest.warns(DeprecationWarning, match=r"FairnessCheck\.run\(\) returns the Report"):
        old = FairnessCheck(vocabulary=FAV1).report(y, p, sensitive_features=sf["sex"],
                                                    plots=False, title="Old",
                                                    fingerprints={"data": "ab" * 32})
    assert old.findings == report.findings and old.tables == report.tables
    assert old.title.en == "Old" and old.fingerprints["data"] == "ab" * 32
