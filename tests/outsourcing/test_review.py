"""OutsourcingReview: weighted scores, knock-outs and due work as Findings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.outsourcing import (
    Assessment,
    Certification,
    ExitTest,
    Incident,
    OutsourcingCase,
    OutsourcingPolicy,
    OutsourcingReview,
    RegulatorRequest,
    portfolio_frames,
)
from dfgov.outsourcing._frames import Portfolio
from dfgov.policy import Policy

from . import factory as f

AS_OF = date(2026, 6, 1)


def live_case(aid: str = "A1", pid: str = "P1", **kw: object) -> OutsourcingCase:
    prov = kw.pop("provider", None) or f.provider(pid)
    kw.setdefault("status", "active")
    return OutsourcingCase(provider=prov, arrangement=f.arrangement(aid, pid, **kw)).add(
        f.contract(aid, start=date(2025, 3, 10), end=date(2030, 1, 1)), f.exit_plan(aid))


def assess(aid: str, day: date, kind: str = "periodic", **scores: float) -> Assessment:
    return Assessment(arrangement_id=aid, performed_on=day, performed_by="risk", kind=kind,
                      scores=scores, conclusion="satisfactory")


def clean(aid: str = "A1", **kw: object) -> OutsourcingCase:
    return live_case(aid, **kw).add(
        assess(aid, date(2026, 3, 1), sla=90.0),
        assess(aid, date(2025, 9, 1), kind="audit"),
        ExitTest(arrangement_id=aid, plan_version=1, performed_on=date(2026, 1, 10),
                 kind="tabletop", result="passed"))


def by_control(report: object, control: str) -> list:  # type: ignore[type-arg]
    return [x for x in report.findings if x.control == control and x.subject]  # type: ignore[attr-defined]


def test_clean_arrangement_passes() -> None:
    rep = OutsourcingReview().run([clean()], as_of=AS_OF)
    per_subject = [x for x in rep.findings if x.subject]
    assert per_subject == [] or all(x.control.startswith("outsourcing.concentration")
                                    for x in per_subject)
    assert rep.exit_code == 0
    assert rep.metadata["arrangements"] == 1


def test_weighted_score_by_hand() -> None:
    pol = OutsourcingPolicy()
    w = pol.weights
    case = live_case().add(assess("A1", date(2026, 3, 1), sla=40.0, security=80.0))
    review = OutsourcingReview(pol)
    rep = review.run([case], as_of=AS_OF)
    expected = (40 * w.sla + 80 * w.security) / (w.sla + w.security)
    assert review.scores_.loc[0, "score"] == pytest.approx(expected)
    f_ = by_control(rep, "outsourcing.score.arrangement")[0]
    assert f_.value == pytest.approx(expected) and f_.status == "warn"


@pytest.mark.parametrize(("warn", "fail", "status"), [
    (60.0, 50.0, "pass"),    # a score equal to warn_below is not below it
    (60.0001, 50.0, "warn"),
    (60.0001, 60.0, "warn"),  # equal to fail_below: warns, does not fail
    (60.0001, 60.0001, "fail"),
])
def test_score_boundaries(warn: float, fail: float, status: str) -> None:
    pol = OutsourcingPolicy(warn_below=warn, fail_below=fail)
    case = live_case().add(assess("A1", date(2026, 3, 1), sla=60.0))
    rep = OutsourcingReview(pol).run([case], as_of=AS_OF)
    for control in ("outsourcing.score.arrangement", "outsourcing.score.provider"):
        found = by_control(rep, control)
        assert [x.status for x in found] == ([] if status == "pass" else [status]), control


def test_provider_score_is_spend_weighted() -> None:
    cases = [
        live_case("A1", annual_cost=300.0).add(assess("A1", date(2026, 3, 1), sla=30.0)),
        live_case("A2", annual_cost=100.0).add(assess("A2", date(2026, 3, 1), sla=90.0)),
    ]
    review = OutsourcingReview()
    rep = review.run(cases, as_of=AS_OF)
    assert review.scores_["provider_score"].iloc[0] == pytest.approx(45.0)
    prov = by_control(rep, "outsourcing.score.provider")
    assert prov[0].subject == "P1" and prov[0].status == "fail"
    assert rep.exit_code == 1


def test_knockouts() -> None:
    t = datetime(2026, 5, 1, tzinfo=UTC)
    major = Incident(id="I1", arrangement_id="A1", severity="major", occurred_at=t,
                     detected_at=t, reportable=True, reported_at=t)
    req = RegulatorRequest(arrangement_id="A2", received_on=date(2026, 5, 2), authority="NFRA",
                           subject="audit")
    old_cert = f.provider("P3", certifications=(Certification(name="ISO 27001",
                                                              valid_until=date(2026, 1, 1)),))
    cases = [clean("A1").add(major), clean("A2").add(req), clean("A3", provider=old_cert)]
    rep = OutsourcingReview().run(cases, as_of=AS_OF)
    ko = {x.subject: x for x in by_control(rep, "outsourcing.knockout")}
    assert ko["A1"].details == {"action": "under_review", "knockouts": ["major_incident"]}
    assert ko["A2"].details["action"] == "suspended"
    assert ko["A3"].details["knockouts"] == ["expired_certification"]
    assert all(x.status == "fail" for x in ko.values())
    # already in the forced state: the knock-out is being handled (warn)
    rep = OutsourcingReview().run([clean("A1", status="under_review").add(major)], as_of=AS_OF)
    assert by_control(rep, "outsourcing.knockout")[0].status == "warn"


def test_due_work() -> None:
    t = datetime(2026, 5, 1, tzinfo=UTC)
    cases = [
        # never assessed since the 2025-03-10 start, important: 12 months -> overdue
        live_case("A1").add(assess("A1", date(2025, 9, 1), kind="audit")),
        # contract ends in 30 days, notice 180 days -> expiring
        clean("A2").add(f.contract("A2", reference="C-A2b", signed_on=date(2026, 1, 1),
                                   start=date(2025, 3, 10), end=date(2026, 7, 1))),
        # important without exit plan
        OutsourcingCase(provider=f.provider(), arrangement=f.arrangement("A3", status="active"))
        .add(f.contract("A3")),
        # late incident report (deadline 24 h after detection, reported after 30 h)
        clean("A4").add(Incident(id="I", arrangement_id="A4", severity="major", occurred_at=t,
                                 detected_at=t, reportable=True,
                                 reported_at=datetime(2026, 5, 2, 14, tzinfo=UTC),
                                 remediated_on=date(2026, 5, 3))),
    ]
    rep = OutsourcingReview().run(cases, as_of=AS_OF)
    subj = {c: {x.subject for x in by_control(rep, c)} for c in (
        "outsourcing.assessment_due", "outsourcing.contract_expiry", "outsourcing.exit_plan",
        "outsourcing.audit_due", "outsourcing.incident_report")}
    assert subj["outsourcing.assessment_due"] == {"A1", "A3"}
    assert subj["outsourcing.contract_expiry"] == {"A2"}
    assert "A3" in subj["outsourcing.exit_plan"] and "A1" in subj["outsourcing.exit_plan"]
    assert subj["outsourcing.audit_due"] == set()  # A3 started 2025-03-10: < 36 months
    assert subj["outsourcing.incident_report"] == {"A4"}
    later = OutsourcingReview().run(cases, as_of=date(2028, 6, 1))
    assert {x.subject for x in by_control(later, "outsourcing.audit_due")} == {"A3"}


def test_truncation_keeps_the_count() -> None:
    pol = OutsourcingPolicy(max_findings_per_control=2)
    cases = [live_case(f"A{i}") for i in range(5)]
    rep = OutsourcingReview(Policy().replace(pol)).run(cases, as_of=AS_OF)
    due = [x for x in rep.findings if x.control == "outsourcing.assessment_due"]
    summary = next(x for x in due if x.subject is None)
    assert summary.value == 5 and summary.details == {"total": 5, "listed": 2}
    assert len(due) == 3 and "first 2" in summary.message.en
    assert rep.policy_hash is not None


def test_portfolio_checks_columns() -> None:
    port = portfolio_frames([clean()])
    with pytest.raises(ColumnError, match="important"):
        Portfolio(port.arrangements.drop(columns=["important"]), port.incidents, port.requests,
                  port.certifications)
    dup = Portfolio(port.arrangements.loc[[0, 0]], port.incidents, port.requests,
                    port.certifications)
    with pytest.raises(InvalidInputError, match="duplicate"):
        OutsourcingReview().run(dup, as_of=AS_OF)


def test_sla_results_score_the_sla_criterion_when_not_scored() -> None:
    from dfgov.outsourcing import SlaResult

    a = Assessment(arrangement_id="A1", performed_on=date(2026, 3, 1), performed_by="r",
                   conclusion="satisfactory", sla_results=(
                       SlaResult(metric="availability", target=99.9, actual=99.95),
                       SlaResult(metric="p95 latency ms", target=200, actual=250,
                                 higher_is_better=False),
                       SlaResult(metric="tickets in time", target=0.9, actual=0.95),
                       SlaResult(metric="RTO hours", target=4, actual=3, higher_is_better=False),
                   ))
    review = OutsourcingReview()
    review.run([live_case().add(a)], as_of=AS_OF)
    assert review.scores_.loc[0, "score"] == pytest.approx(75.0)
