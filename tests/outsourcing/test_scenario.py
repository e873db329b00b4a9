"""One important cross-border arrangement through its whole life, in the SQL store."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from dfgov.errors import LifecycleError
from dfgov.outsourcing import (
    Assessment,
    BusinessFunction,
    Certification,
    DueDiligenceFinding,
    ExitTest,
    Incident,
    Notification,
    OutsourcingRegistry,
    OutsourcingReview,
    RegulatorRequest,
    TransitionEvidence,
)

from . import factory as f
from .conftest import ListAudit


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, tzinfo=UTC)


def make_audit(url: str) -> tuple[Any, Any]:
    """The real AuditLog when the audit area provides it, else an in-memory sink."""
    try:
        from dfgov.audit import AuditLog  # type: ignore[attr-defined]
    except ImportError:
        sink = ListAudit()
        return sink, None
    log = AuditLog(url)
    return log, log.verify


def test_whole_life_of_an_important_cross_border_arrangement(db_url: str) -> None:
    audit, verify = make_audit(db_url)
    with OutsourcingRegistry(db_url, audit=audit) as reg:
        _walk(reg, audit, verify)


def _walk(reg: OutsourcingRegistry, audit: Any, verify: Any) -> None:
    reg.add_provider(f.provider("P1", country="IE", certifications=(
        Certification(name="ISO/IEC 27001", valid_until=date(2027, 1, 1)),)))
    reg.add_function(BusinessFunction(
        id="F1", name="Payments", licensed_activity="eba_TA:x1", critical=True,
        last_assessed=date(2025, 1, 1), rto_hours=4, rpo_hours=1, impact="high"))
    reg.add_arrangement(f.arrangement(service_countries=("IE", "DE"), data_countries=("IE",),
                                      cross_border=True))
    aid = "A1"
    reg.transition(aid, "pre_assessment", actor="alice", at=at(2025, 1, 2))
    reg.transition(aid, "due_diligence", actor="alice", at=at(2025, 1, 3),
                   evidence=TransitionEvidence(pre_assessment="PA-7", senior_approver="cro"))
    reg.add_records(aid, f.due_diligence(findings=(DueDiligenceFinding(
        item="security", severity="critical", description="no key rotation"),)))
    # refused: open critical finding, and the requester cannot approve her own request
    with pytest.raises(LifecycleError, match="open critical") as err:
        reg.transition(aid, "approved", actor="alice", at=at(2025, 1, 20),
                       evidence=TransitionEvidence(approver="alice"))
    assert "other than the requester" in str(err.value)
    assert reg.case(aid).status == "due_diligence"
    reg.add_records(aid, f.due_diligence(performed_on=date(2025, 1, 15), findings=(
        DueDiligenceFinding(item="security", severity="critical", description="no key rotation",
                            resolved=True),)))
    reg.transition(aid, "approved", actor="bob", at=at(2025, 1, 20),
                   evidence=TransitionEvidence(approver="bob"))
    reg.add_records(aid, Notification(arrangement_id=aid, notified_on=date(2025, 2, 3),
                                      authority="NFRA", reference="N-2025-1"))
    reg.transition(aid, "regulator_notified", actor="alice", at=at(2025, 2, 3))
    reg.add_records(aid, f.contract(), f.exit_plan())
    reg.transition(aid, "contracted", actor="alice", at=at(2025, 3, 3))
    reg.transition(aid, "active", actor="ops", at=at(2025, 3, 10))
    reg.add_records(
        aid,
        Assessment(arrangement_id=aid, performed_on=date(2025, 6, 1), performed_by="risk",
                   scores=dict.fromkeys(("sla", "security", "resilience"), 90.0),
                   conclusion="satisfactory"),
        ExitTest(arrangement_id=aid, plan_version=1, performed_on=date(2025, 6, 15),
                 kind="simulation", result="passed_with_findings",
                 findings=("runbook lacks DNS cut-over",)),
    )
    # knock-out: an unremediated major incident forces a review
    reg.add_records(aid, Incident(
        id="INC-1", arrangement_id=aid, severity="major", occurred_at=at(2025, 7, 1),
        detected_at=at(2025, 7, 1), reportable=True, reported_at=at(2025, 7, 1)))
    review = OutsourcingReview().run(reg.cases(), as_of=date(2025, 7, 2))
    ko = [x for x in review.findings if x.control == "outsourcing.knockout" and x.subject]
    assert ko and ko[0].subject == aid and ko[0].details["action"] == "under_review"
    assert reg.enforce_knockouts(aid, actor="dfgov", at=at(2025, 7, 2)).status == "under_review"
    with pytest.raises(LifecycleError, match="open major incidents"):
        reg.transition(aid, "active", actor="risk", at=at(2025, 7, 3))
    reg.transition(aid, "remediation", actor="risk", at=at(2025, 7, 3),
                   evidence=TransitionEvidence(remediation_plan="RP-1",
                                               remediation_deadline=date(2025, 8, 1)))
    reg.add_records(aid, Incident(
        id="INC-1", arrangement_id=aid, severity="major", occurred_at=at(2025, 7, 1),
        detected_at=at(2025, 7, 1), reportable=True, reported_at=at(2025, 7, 1),
        remediated_on=date(2025, 7, 20)),
        Assessment(arrangement_id=aid, performed_on=date(2025, 7, 21), performed_by="risk",
                   scores={"sla": 80.0}, conclusion="satisfactory"))
    reg.transition(aid, "active", actor="risk", at=at(2025, 7, 22))
    # the regulator asks to stop: suspension, then exit
    reg.add_records(aid, RegulatorRequest(arrangement_id=aid, received_on=date(2025, 9, 1),
                                          authority="NFRA", subject="data localisation"))
    assert reg.enforce_knockouts(aid, actor="dfgov", at=at(2025, 9, 2)).status == "suspended"
    with pytest.raises(LifecycleError, match="termination_reason"):
        reg.transition(aid, "exiting", actor="cro", at=at(2025, 9, 3),
                       evidence=TransitionEvidence(reason="regulator"))
    reg.transition(aid, "exiting", actor="cro", at=at(2025, 9, 3),
                   evidence=TransitionEvidence(termination_reason="authority"))
    with pytest.raises(LifecycleError, match="access_revoked_on") as err:
        reg.transition(aid, "exited", actor="cro", at=at(2025, 12, 1),
                       evidence=TransitionEvidence(data_deleted="CERT-9"))
    assert "post-exit evaluation" in str(err.value)
    reg.add_records(aid, Assessment(arrangement_id=aid, performed_on=date(2025, 11, 30),
                                    performed_by="risk", kind="post_exit",
                                    conclusion="satisfactory"))
    case = reg.transition(aid, "exited", actor="cro", at=at(2025, 12, 1), evidence=(
        TransitionEvidence(data_returned="RET-3", data_deleted="CERT-9",
                           access_revoked_on=date(2025, 11, 28))))
    assert case.status == "exited" and case.arrangement.termination_reason == "authority"
    walked = [h.to_state for h in reg.case(aid).history]
    assert walked == [
        "pre_assessment", "due_diligence", "approved", "regulator_notified", "contracted",
        "active", "under_review", "remediation", "active", "suspended", "exiting", "exited",
    ]
    if verify is None:
        events = audit.events
        assert [e["payload"]["to"] for e in events] == walked
        assert all(e["action"] == "outsourcing.transition" and e["subject"] == aid
                   for e in events)
    else:
        verify()
