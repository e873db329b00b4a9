"""HHI equals a hand computation; single providers; closely connected groups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import InvalidInputError
from dfgov.outsourcing import OutsourcingCase, OutsourcingPolicy, hhi, portfolio_frames
from dfgov.outsourcing._concentration import ConcentrationAnalysis
from dfgov.policy import Policy
from dfgov.report import Report

from . import factory as f


def case(aid: str, pid: str, cost: float, **kw: object) -> OutsourcingCase:
    prov_kw = {k: kw.pop(k) for k in ("ultimate_parent_id", "group") if k in kw}
    kw.setdefault("status", "active")
    return OutsourcingCase(
        provider=f.provider(pid, **prov_kw),
        arrangement=f.arrangement(aid, pid, annual_cost=cost, **kw))


def portfolio() -> list[OutsourcingCase]:
    return [
        case("A1", "P1", 500.0, ultimate_parent_id="G", group="grp", function_id="F1"),
        case("A2", "P2", 300.0, ultimate_parent_id="G", group="grp", function_id="F2",
             ict_service_type="S19", data_countries=("FR",)),
        case("A3", "P3", 200.0, function_id="F2", important=False, importance_rationale=None,
             ict_service_type="S19"),
        case("A4", "P4", 1000.0, function_id="F3", status="proposed"),  # not in force
    ]


def test_hhi_by_hand() -> None:
    assert hhi([50, 30, 20], ["a", "b", "c"]) == pytest.approx(0.38)
    assert hhi([1, 1, 2], ["a", "a", "b"]) == pytest.approx(0.5)
    assert np.isnan(hhi([0, 0], ["a", "b"]))
    with pytest.raises(InvalidInputError, match="non-negative"):
        hhi([-1, 2], ["a", "b"])


@given(st.lists(st.tuples(st.sampled_from("abcde"), st.floats(0, 1e6)), min_size=1))
def test_hhi_matches_definition(pairs: list[tuple[str, float]]) -> None:
    keys = [k for k, _ in pairs]
    vals = [v for _, v in pairs]
    total = sum(vals)
    sums: dict[str, float] = {}
    for k, v in pairs:
        sums[k] = sums.get(k, 0.0) + v
    got = hhi(vals, keys)
    if total == 0:
        assert np.isnan(got)
    else:
        assert got == pytest.approx(sum((s / total) ** 2 for s in sums.values()), abs=1e-9)


def test_portfolio_concentration_by_hand() -> None:
    res = ConcentrationAnalysis().compute(portfolio_frames(portfolio()))
    t = res.table.set_index(["dimension", "measure"])["hhi"]
    # spend by ultimate parent: G = 500 + 300 = 800, P3 = 200 (A4 is not in force)
    assert t["parent_id", "spend"] == pytest.approx(0.8**2 + 0.2**2)
    # spend by ICT service type: S17 500, S19 500
    assert t["ict_service_type", "spend"] == pytest.approx(0.5)
    # spend by data location: DE 700 (A1, A3), FR 300
    assert t["data_country", "spend"] == pytest.approx(0.7**2 + 0.3**2)
    # critical functions (important, in force): (G, F1), (G, F2) -> one parent holds both
    assert t["parent_id", "critical_functions"] == pytest.approx(1.0)
    assert res.single_provider_functions == ("F1", "F2")
    g = res.groups.set_index("group")
    assert g.loc["grp", "providers"] == 2 and g.loc["grp", "share"] == pytest.approx(0.8)


def test_currencies_need_fx() -> None:
    cases = portfolio()
    cases[2] = case("A3", "P3", 200.0, currency="USD", function_id="F2")
    port = portfolio_frames(cases)
    with pytest.raises(InvalidInputError, match="fx_rates"):
        ConcentrationAnalysis().compute(port)
    with pytest.raises(InvalidInputError, match="USD"):
        ConcentrationAnalysis(fx_rates={"EUR": 1.0}).compute(port)
    res = ConcentrationAnalysis(fx_rates={"EUR": 1.0, "USD": 2.0}).compute(port)
    t = res.table.set_index(["dimension", "measure"])["hhi"]
    assert t["parent_id", "spend"] == pytest.approx((800 / 1200) ** 2 + (400 / 1200) ** 2)


def test_findings() -> None:
    report = ConcentrationAnalysis().run(portfolio_frames(portfolio()))
    assert isinstance(report, Report)
    [table] = report.tables
    by = {(x.control, x.subject): x for x in report.findings}
    assert by["outsourcing.concentration.parent.spend", None].status == "warn"
    assert by["outsourcing.concentration.single_provider", "F1"].status == "warn"
    assert by["outsourcing.concentration.group", "grp"].value == pytest.approx(0.8)
    assert len(table.rows) == 6
    assert "赫芬达尔" in by["outsourcing.concentration.parent.spend", None].message.zh_cn
    assert report.status == "warn" and report.metadata == {"arrangements_in_force": 3}


def test_thresholds_are_breached_strictly_above() -> None:
    port = portfolio_frames(portfolio())
    value = next(x.value for x in ConcentrationAnalysis().run(port).findings
                 if x.control == "outsourcing.concentration.parent.spend")
    assert value is not None

    def run(**kw: float) -> dict[tuple[str, str | None], str]:
        report = ConcentrationAnalysis(OutsourcingPolicy(**kw)).run(port)
        return {(x.control, x.subject): x.status for x in report.findings}

    key = ("outsourcing.concentration.parent.spend", None)
    assert run(hhi_warn=value)[key] == "pass"
    assert run(hhi_warn=float(np.nextafter(value, 0.0)))[key] == "warn"
    group = ("outsourcing.concentration.group", "grp")  # the group's share is 0.8
    assert group not in run(group_share_warn=0.8)
    assert run(group_share_warn=float(np.nextafter(0.8, 0.0)))[group] == "warn"


def test_report_carries_the_policy_it_ran_under() -> None:
    pol = Policy().replace(OutsourcingPolicy(hhi_warn=1.0, group_share_warn=1.0))
    report = ConcentrationAnalysis(pol).run(portfolio_frames(portfolio()))
    assert report.policy_hash == pol.hash
    hhi_findings = [x for x in report.findings if x.metric == "hhi"]
    assert hhi_findings and all(x.status == "pass" for x in hhi_findings)
    assert ConcentrationAnalysis(OutsourcingPolicy()).run(
        portfolio_frames(portfolio())).policy_hash is None
