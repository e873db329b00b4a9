"""A new online consumer-credit product from draft to launch and through its post-launch review.

One database holds the review store, the outsourcing register and the real audit log; the
evidence is real (assessments of decisions on German credit, a data-protection scan, a
data-security assessment, an algorithm disclosure published to the log).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from dfgov.audit import AuditLog
from dfgov.errors import LifecycleError
from dfgov.outsourcing import Notification, OutsourcingRegistry, TransitionEvidence
from dfgov.review import DataFlow, DatasetRef, Dossier, ModelRef, ReviewStore, due_items

from ..outsourcing import factory as of
from . import evidence as ev
from .conftest import DayClock

RID = "ONLINE-CREDIT-1"
KEY = f"{ev.MODEL}@1.0"


def dossier() -> Dossier:
    return Dossier(
        id=RID, product="Online consumer credit", product_type="consumer_credit",
        owner="li.business", description="Unsecured credit applied for in the mobile app",
        channel="mobile app", launch_date=date(2026, 3, 1),
        models=(ModelRef(model_id=ev.MODEL, version="1.0", name="Consumer credit scorer"),),
        datasets=(DatasetRef(name="applicants", categories=("C2",)),
                  DatasetRef(name="customers", categories=("C2",))),
        arrangements=("A1",),
        data_flows=(DataFlow(source="mobile app", destination="scoring service",
                             datasets=("applicants",), purpose="credit decision"),
                    DataFlow(source="core banking", destination="cloud provider P1",
                             datasets=("customers",), purpose="hosting", third_party=True)),
    )


def refused(fn: object, *args: object, **kw: object) -> str:
    with pytest.raises(LifecycleError) as err:
        fn(*args, **kw)  # type: ignore[operator]
    return str(err.value)


def outsourcing_to_due_diligence(reg: OutsourcingRegistry, clock: DayClock) -> None:
    reg.add_provider(of.provider("P1", country="CN"))
    reg.add_arrangement(of.arrangement(cross_border=False, service_countries=("CN",),
                                       data_countries=("CN",)))
    reg.transition("A1", "pre_assessment", actor="alice", at=clock.day(date(2025, 12, 1)))
    reg.transition("A1", "due_diligence", actor="alice", at=clock.day(date(2025, 12, 2)),
                   evidence=TransitionEvidence(pre_assessment="PA-9", senior_approver="cro"))


def outsourcing_to_contracted(reg: OutsourcingRegistry, clock: DayClock) -> None:
    reg.add_records("A1", of.due_diligence(performed_on=date(2026, 1, 20)))
    reg.transition("A1", "approved", actor="bob", at=clock.day(date(2026, 1, 21)),
                   evidence=TransitionEvidence(approver="bob"))
    reg.add_records("A1", Notification(arrangement_id="A1", notified_on=date(2026, 1, 22),
                                       authority="NFRA", reference="N-2026-3"))
    reg.transition("A1", "regulator_notified", actor="alice", at=clock.day(date(2026, 1, 22)))
    reg.add_records("A1", of.contract(signed_on=date(2026, 2, 20), start=date(2026, 2, 25),
                                      end=date(2029, 2, 24)), of.exit_plan())
    reg.transition("A1", "contracted", actor="alice", at=clock.day(date(2026, 2, 20)))


def test_online_consumer_credit_from_draft_to_post_launch_review(db_url: str,
                                                                  clock: DayClock) -> None:
    log = AuditLog(db_url)
    try:
        with OutsourcingRegistry(db_url, audit=log) as reg, \
                ReviewStore(db_url, audit=log, policy=ev.fairness_policy(),
                            clock=clock) as store:
            _walk(store, reg, log, clock)
        verified = log.verify()
        assert verified.ok and verified.events == len(log)
        actions = [e.action for e in log.events()]
        assert actions.count("review.transition") == 6
        assert actions.count("review.refused") >= 8
        assert {"review.create", "review.evidence", "review.sign_off", "review.condition",
                "review.condition_met", "disclosure.launch",
                "outsourcing.transition"} <= set(actions)
    finally:
        log.close()


def _walk(store: ReviewStore, reg: OutsourcingRegistry, log: AuditLog, clock: DayClock) -> None:
    outsourcing_to_due_diligence(reg, clock)

    # -- draft: nothing attached yet, submission names every missing piece ------------
    clock.day(date(2026, 1, 5))
    store.create(dossier(), actor="li.business")
    msg = refused(store.submit, RID, actor="li.business")
    for missing in (f"model-risk assessment report for {KEY} is missing",
                    f"algorithm disclosure for {KEY} is missing",
                    "data-protection scan for customers is missing",
                    "personal-information impact assessment for ONLINE-CREDIT-1 is missing"):
        assert missing in msg

    # -- evidence, except the disclosure ------------------------------------------
    clock.day(date(2026, 1, 8))
    failing = ev.model_report(fair=False, clock=clock)
    assert failing.status.value == "fail"
    store.attach(RID, failing, kind="model_risk_report", actor="data.science")
    store.attach(RID, ev.scan_report(ev.german(), clock=clock), kind="data_protection_scan",
                 subject="applicants", actor="dpo")
    store.attach(RID, ev.scan_report(ev.customers(), clock=clock), kind="data_protection_scan",
                 subject="customers", actor="dpo")
    store.attach(RID, ev.security_report(ev.customers(), "customers", encrypted=False,
                                         on=date(2026, 1, 8), clock=clock),
                 kind="data_security_assessment", actor="dpo")
    store.attach(RID, ev.impact_assessment(date(2026, 1, 8)), actor="dpo")
    msg = refused(store.submit, RID, actor="li.business")
    assert f"algorithm disclosure for {KEY} is missing" in msg
    assert "scan" not in msg and "impact assessment" not in msg
    assert store.case(RID).state == "draft"

    # -- submit with the disclosure (not yet published) -----------------------------
    disclosure = ev.disclosure(failing)
    store.attach(RID, disclosure, actor="data.science")
    assert store.submit(RID, actor="li.business").state == "submitted"
    assert "other than the submitter" in refused(store.start_review, RID, actor="li.business")
    store.start_review(RID, actor="zhang.compliance")

    # -- four eyes on sign-offs -------------------------------------------------------
    assert "other than the submitter" in refused(store.sign_off, RID, "business",
                                                 person="li.business")
    store.sign_off(RID, "compliance", person="zhang.compliance")
    assert "already signed" in refused(store.sign_off, RID, "legal", person="zhang.compliance")
    for role, person in (("risk", "wang.risk"), ("legal", "zhao.legal"),
                         ("data_protection", "chen.dpo"), ("business", "sun.head")):
        store.sign_off(RID, role, person=person)

    # -- approval refused: failing fairness, C3 unencrypted, due diligence, unpublished --
    clock.day(date(2026, 1, 12))
    msg = refused(store.approve, RID, actor="zhang.compliance")
    assert f"'fairness' fails for {KEY}" in msg
    assert "fairness.four_fifths_rule[sex] fail" in msg
    assert "Dataset customers holds C3 data but column(s)" in msg and "card_cvv" in msg
    assert "Outsourcing arrangement A1 (important) is in state 'due_diligence'" in msg
    assert "has not been published" in msg
    assert store.case(RID).state == "under_review"

    # -- remediation: fair model, encryption, published disclosure, contract -----------
    clock.day(date(2026, 1, 15))
    fixed = ev.model_report(fair=True, clock=clock)
    assert fixed.status.value != "fail"
    store.attach(RID, fixed, kind="model_risk_report", actor="data.science")
    store.attach(RID, ev.security_report(ev.customers(), "customers", encrypted=True,
                                         on=date(2026, 1, 15), clock=clock),
                 kind="data_security_assessment", actor="dpo")
    published = ev.disclosure(fixed)
    store.attach(RID, published, actor="data.science")
    published.publish(log, actor="data.science")
    outsourcing_to_contracted(reg, clock)

    # -- a condition with a deadline; approval with conditions -----------------------
    clock.day(date(2026, 2, 1))
    store.add_condition(RID, "Monthly fairness monitoring in place", deadline=date(2026, 2, 15),
                        owner="data.science", actor="wang.risk")
    case = store.approve(RID, actor="zhang.compliance")
    assert case.state == "approved_with_conditions"
    checklist = store.evaluate(RID)
    assert checklist and all(f.status.value in ("pass", "warn") for f in checklist)

    # -- the condition is past its deadline: launch blocked ----------------------------
    clock.day(date(2026, 3, 1))
    msg = refused(store.launch, RID, actor="li.business")
    assert "Condition C1 is not met and its deadline 2026-02-15 has passed" in msg
    store.meet_condition(RID, "C1", actor="data.science", evidence="MON-DASH-7")
    case = store.launch(RID, actor="li.business")
    assert (case.state, case.launched_on, case.next_review_due) == (
        "launched", date(2026, 3, 1), date(2026, 8, 28))

    # -- the post-launch review falls due ------------------------------------------------
    soon = due_items(store, date(2026, 8, 10))
    assert [(i.kind, i.subject, i.status) for i in soon] == [
        ("review.post_launch_review", RID, "due_soon")]
    assert due_items(store.engine, date(2026, 9, 1))[0].status == "overdue"
    assert [c.id for c in store.refresh(date(2026, 9, 1))] == [RID]
    clock.day(date(2026, 9, 2))
    case = store.case(RID)
    assert (case.state, case.round) == ("post_launch_review_due", 2)
    msg = refused(store.complete_post_launch_review, RID, actor="zhang.compliance")
    assert f"model-risk assessment report for {KEY} is 230 days old" in msg
    assert "sign-off of role compliance is missing" in msg
    assert "sign-off of role risk is missing" in msg
    store.attach(RID, ev.model_report(fair=True, clock=clock), kind="model_risk_report",
                 actor="data.science")
    store.sign_off(RID, "compliance", person="zhang.compliance")
    store.sign_off(RID, "risk", person="wang.risk")
    case = store.complete_post_launch_review(RID, actor="zhang.compliance")
    assert (case.state, case.next_review_due) == ("launched", date(2027, 3, 1))

    # -- the review's report, both languages ------------------------------------------
    report = store.report(RID)
    assert report.exit_code == 0
    md_en, md_zh = report.to_markdown(), report.to_markdown(lang="zh-CN")
    assert "Compliance review of new business: Online consumer credit" in md_en
    assert "创新业务合规审查" in md_zh and "已上线" in md_zh
    history = [json.loads(e.payload_json)["to"] for e in log.events(action="review.transition")]
    assert history == ["submitted", "under_review", "approved_with_conditions", "launched",
                       "post_launch_review_due", "launched"]
