"""One important cross-border arrangement through its whole life, in the SQL store."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dfgov.audit import AuditLog
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


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, tzinfo=UTC)


def test_whole_life_of_an_important_cross_border_arrangement(db_url: str) -> None:
    log = AuditLog(db_url)  # the same database as the register
    try:
        with OutsourcingRegistry(db_url, audit=log) as reg:
            walked = _walk(reg)
        events = list(log.events(action="outsourcing.transition"))
        assert [json.loads(e.payload_json)["to"] for e in events] == walked
        assert {e.subject for e in events} == {"A1"}
        assert {e.actor for e in events} >= {"alice", "bob", "cro", "dfgov"}
        result = log.verify()
        assert result.ok and result.events == len(walked)
    finally:
        log.close()


def test_audit_log_detects_an_edited_transition(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'g.db'}"
    log = AuditLog(url)
    try:
        with OutsourcingRegistry(url, audit=log) as reg:
            reg.add_provider(f.provider())
            reg.add_arrangement(f.arrangement())
            reg.transition("A1", "pre_assessment", actor="alice", at=at(2025, 1, 2))
            reg.transition("A1", "rejected", actor="bob", at=at(2025, 1, 3),
                           evidence=TransitionEvidence(reason="cost"))
        assert log.verify().ok
        engine = create_engine(url)
        with engine.begin() as conn:
            before = conn.execute(text("SELECT record FROM dfgov_audit_events WHERE seq = 2"))
            assert '"bob"' in before.scalar_one()
            conn.execute(text("UPDATE dfgov_audit_events SET record = "
                              "replace(record, '\"bob\"', '\"mallory\"') WHERE seq = 2"))
        engine.dispose()
        assert not log.verify().ok
    finally:
        log.close()


def _walk(reg: OutsourcingRegistry) -> list[str]:
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
    return walked
