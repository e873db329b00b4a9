"""ReviewStore and WaiverRegister: records, guards, concurrency, integrity, due items."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dfgov import Policy
from dfgov.audit import AuditLog
from dfgov.errors import (
    ConflictError,
    IntegrityError,
    InvalidInputError,
    LifecycleError,
    PolicyError,
)
from dfgov.review import (
    DatasetRef,
    Dossier,
    ImpactAssessment,
    ModelRef,
    ReviewPolicy,
    ReviewStore,
    WaiverRegister,
    due_items,
    load_waivers,
)

from . import evidence as ev
from .conftest import DayClock

SMALL = Policy.loads("""
[review]
roles = ["compliance", "risk"]
post_launch_roles = ["risk"]
[review.checklists.default]
data_scan = false
impact_assessment = "never"
model_assessment = false
""")


def small(rid: str = "R1", **kw: object) -> Dossier:
    data: dict[str, object] = {"id": rid, "product": "Savings app", "product_type": "deposit",
                               "owner": "li"}
    data.update(kw)
    return Dossier(**data)  # type: ignore[arg-type]


def test_store_round_trip_and_audit_on_both_databases(db_url: str, clock: DayClock) -> None:
    clock.day(date(2026, 1, 5))
    with ReviewStore(db_url, policy=SMALL, clock=clock) as store:
        store.create(small(), actor="li")
        store.submit("R1", actor="li")
        store.start_review("R1", actor="zhang")
        store.sign_off("R1", "compliance", person="zhang", comment="ok")
        store.sign_off("R1", "risk", person="wang")
        case = store.approve("R1", actor="zhang")
        assert (case.state, case.round, case.version) == ("approved", 1, 6)
    with ReviewStore(db_url, policy=SMALL) as again:  # read back from the database
        case = again.case("R1")
        assert [h.to_state for h in case.history] == ["draft", "submitted", "under_review",
                                                      "approved"]
        assert [s.person for s in case.current_sign_offs()] == ["zhang", "wang"]
        assert [c.id for c in again.cases(state="approved")] == ["R1"]
        log = again.audit_log
        assert log.verify().ok
        assert [e.action for e in log.events()] == [
            "review.create", "review.transition", "review.transition", "review.sign_off",
            "review.sign_off", "review.transition"]


def test_a_stale_write_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    with ReviewStore(url, policy=SMALL) as store:
        store.create(small(), actor="li")
        with pytest.raises(ConflictError, match="changed since version 0"):
            store.transition("R1", "submitted", actor="li", expected_version=0)
        assert store.case("R1").state == "draft"
        stale = store.case("R1")
        store.submit("R1", actor="li")
        with pytest.raises(ConflictError):  # a write based on the stale read
            store._commit(stale, stale.model_copy(update={"state": "withdrawn"}),
                          "review.transition", "li", {})
        assert store.case("R1").state == "submitted"
        assert [e.action for e in store.audit_log.events()][-2:] == [
            "review.transition", "review.aborted"]


def test_guards_name_what_is_missing(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "g.db", policy=SMALL) as store:
        store.create(small(), actor="li")
        with pytest.raises(LifecycleError, match="no transition draft -> launched"):
            store.launch("R1", actor="li")
        with pytest.raises(LifecycleError, match="A reason is required"):
            store.withdraw("R1", actor="li", reason=" ")
        with pytest.raises(LifecycleError, match="conditions are set during a review"):
            store.add_condition("R1", "x", deadline=date(2026, 1, 1), owner="a", actor="b")
        store.submit("R1", actor="li")
        store.start_review("R1", actor="zhang")
        with pytest.raises(LifecycleError, match="not by the submitter"):
            store.add_condition("R1", "x", deadline=date(2026, 1, 1), owner="a", actor="li")
        with pytest.raises(LifecycleError, match="a role the policy asks for"):
            store.sign_off("R1", "legal", person="zhao")
        with pytest.raises(LifecycleError, match="independent of the product owner"):
            store.sign_off("R1", "risk", person="li")
        store.sign_off("R1", "risk", person="wang", decision="reject")
        store.sign_off("R1", "compliance", person="zhang")
        with pytest.raises(LifecycleError, match="Rejected this round by risk"):
            store.approve("R1", actor="zhang")
        store.reject("R1", actor="zhang", reason="risk said no")
        store.transition("R1", "draft", actor="li", reason="rework")
        store.submit("R1", actor="li")
        assert store.case("R1").round == 2 and not store.case("R1").current_sign_offs()
        with pytest.raises(ValueError, match="decision"):
            store.sign_off("R1", "risk", person="wang", decision="maybe")
        refused = [json.loads(e.payload_json) for e in store.audit_log.events(
            action="review.refused")]
        assert len(refused) == 7 and all(r["missing"] for r in refused)


def test_evidence_is_checked_kept_by_digest_and_tamper_evident(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    pol = Policy.loads('[review.checklists.default]\nimpact_assessment = "never"\n')
    d = small(models=(ModelRef(model_id=ev.MODEL, version="1.0"),),
              datasets=(DatasetRef(name="customers"), DatasetRef(name="applicants")))
    with ReviewStore(url, policy=pol) as store:
        store.create(d, actor="li")
        scan = ev.scan_report(ev.customers())
        with pytest.raises(InvalidInputError, match="needs 'kind'"):
            store.attach("R1", scan, actor="dpo")
        with pytest.raises(InvalidInputError, match="has no data_security"):
            store.attach("R1", scan, kind="data_security_assessment", actor="dpo")
        with pytest.raises(InvalidInputError, match="Name the 'subject'"):
            store.attach("R1", scan, kind="data_protection_scan", actor="dpo")
        with pytest.raises(InvalidInputError, match="must be one of"):
            store.attach("R1", scan, kind="data_protection_scan", subject="x", actor="dpo")
        link = store.attach("R1", scan, kind="data_protection_scan", subject="customers",
                            actor="dpo")
        report = ev.model_report(fair=True)
        assert store.attach("R1", report, kind="model_risk_report",
                            actor="ds").subject == "credit-scorer@1.0"  # from its metadata
        store.link("R1", "data_protection_scan", link.ref, subject="applicants", actor="dpo")
        with pytest.raises(InvalidInputError, match="attach it first"):
            store.link("R1", "data_protection_scan", "0" * 64, subject="applicants",
                       actor="dpo")
        found = {(f.control, f.subject): f.status.value for f in store.evaluate("R1")}
        assert found[("review.data_scan", "applicants")] == "pass"
        # the scan found C3 (card verification codes) in customers: a data-security
        # assessment is now required although the dossier declared nothing
        assert found[("review.data_security", "customers")] == "fail"
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE dfgov_review_artefacts SET data = replace(data, "
                          "'card_cvv', 'card_cv2') WHERE digest = :d"), {"d": link.ref})
    engine.dispose()
    with ReviewStore(url, policy=pol) as store, pytest.raises(IntegrityError, match="altered"):
        store.evaluate("R1")


def test_impact_assessment_records_follow_pipl() -> None:
    pia = ev.impact_assessment(date(2024, 2, 29))
    assert pia.minimum_retention == date(2027, 2, 28)
    with pytest.raises(InvalidInputError, match="three years"):
        ev.impact_assessment(date(2026, 1, 1), retain_until=date(2027, 1, 1))
    with pytest.raises(InvalidInputError, match=r"ImpactAssessment\.risks"):
        ev.impact_assessment(date(2026, 1, 1), risks=())
    assert pia.digest == ImpactAssessment.model_validate_json(pia.model_dump_json()).digest


def test_dossier_and_policy_validation() -> None:
    with pytest.raises(InvalidInputError, match=r"Dossier\.id"):
        small(rid="bad id")
    with pytest.raises(InvalidInputError, match="names datasets the dossier lacks"):
        small(data_flows=({"source": "a", "destination": "b", "datasets": ["x"]},))
    with pytest.raises(InvalidInputError, match="the same entry twice"):
        small(arrangements=("A1", "A1"))
    with pytest.raises(PolicyError, match=r"review\.roles"):
        Policy.loads('[review]\nroles = ["risk", "risk"]\n')
    with pytest.raises(PolicyError, match="unknown outsourcing states"):
        Policy.loads('[review.checklists.default]\noutsourcing_states = ["signed"]\n')
    pol = Policy.loads('[review.checklists.credit]\ndisclosure = true\n')
    with pytest.raises(PolicyError, match="no checklist for product type 'deposit'"):
        pol.section(ReviewPolicy).checklist("deposit")
    with ReviewStore("sqlite://", policy=pol) as store, pytest.raises(PolicyError):
        store.create(small(), actor="li")


def test_waiver_register_rules(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with WaiverRegister(url) as reg:
        base = dict(control="fairness.four_fifths_rule", subject="sex", model="m",
                    version="1", reason="r", requester="alice", at=at,
                    compensating_controls=["manual review"])
        with pytest.raises(LifecycleError, match="at most 183 days"):
            reg.request(id="W-1", expires=date(2026, 12, 31), **base)  # type: ignore[arg-type]
        with pytest.raises(LifecycleError, match="forbids waivers for explain"):
            reg.request(id="W-1", expires=date(2026, 3, 1),
                        **{**base, "control": "explain.prohibited_features"})  # type: ignore[arg-type]
        with pytest.raises(LifecycleError, match="not in the past"):
            reg.request(id="W-1", valid_from=date(2025, 12, 1), expires=date(2025, 12, 31),
                        **base)  # type: ignore[arg-type]
        w = reg.request(id="W-1", expires=date(2026, 3, 1), **base)  # type: ignore[arg-type]
        assert w.status == "requested" and not reg.active(date(2026, 2, 1))
        with pytest.raises(InvalidInputError, match="already registered"):
            reg.request(id="W-1", expires=date(2026, 3, 1), **base)  # type: ignore[arg-type]
        reg.approve("W-1", approver="cro", at=at)
        assert [x.id for x in reg.active(date(2026, 2, 1))] == ["W-1"]
        assert [x.id for x in reg.expiring(date(2026, 2, 10))] == ["W-1"]
        assert reg.expiring(date(2026, 1, 10)) == []
        with pytest.raises(LifecycleError, match="only a requested waiver"):
            reg.approve("W-1", approver="cro")
        reg.request(id="W-2", expires=date(2026, 3, 1), **base)  # type: ignore[arg-type]
        reg.reject("W-2", approver="cro", note="no compensating evidence")
        rep = reg.report(date(2026, 2, 20))
        assert [(f.subject, f.status.value) for f in rep.findings] == [("W-1", "warn")]
        assert "W-1" in rep.to_markdown(lang="zh-CN")
        reg.revoke("W-1", actor="cro", reason="fixed")
        assert reg.active(date(2026, 2, 1)) == []
        assert reg.report(date(2026, 2, 1)).findings[0].message.en == "No waiver is active."
        actions = [e.action for e in reg.audit_log.events()]
        assert actions.count("waiver.refused") == 3
        assert actions[-4:] == ["waiver.approve", "waiver.request", "waiver.reject",
                                "waiver.revoke"]
    assert [(w.id, w.status) for w in load_waivers(url)] == [("W-1", "revoked"),
                                                             ("W-2", "rejected")]


def test_due_items_read_without_writing(tmp_path: Path, clock: DayClock) -> None:
    empty = tmp_path / "empty.db"
    log = AuditLog(empty)
    log.close()
    assert due_items(empty, date(2026, 1, 1)) == []
    assert load_waivers(empty) == []
    from sqlalchemy import create_engine, inspect

    engine = create_engine(f"sqlite:///{empty}")
    assert not [t for t in inspect(engine).get_table_names() if "review" in t]
    engine.dispose()
    with pytest.raises(Exception, match="does not exist"):
        due_items(tmp_path / "missing.db")
    clock.day(date(2026, 1, 5))
    with ReviewStore(tmp_path / "g.db", policy=SMALL, clock=clock) as store:
        store.create(small(), actor="li")
        store.submit("R1", actor="li")
        store.start_review("R1", actor="zhang")
        store.add_condition("R1", "training done", deadline=date(2026, 1, 20), owner="ops",
                            actor="zhang")
        store.sign_off("R1", "compliance", person="zhang")
        store.sign_off("R1", "risk", person="wang")
        store.approve("R1", actor="zhang")
        store.waivers.request(id="W-1", control="validation.auc", model="m", version="1",
                              reason="r", requester="li", expires=date(2026, 2, 1),
                              compensating_controls=["x"])
        store.waivers.approve("W-1", approver="cro")
        items = due_items(store, date(2026, 1, 25))
        assert [(i.kind, i.subject, i.status) for i in items] == [
            ("review.condition", "R1/C1", "overdue"), ("waiver.expiry", "W-1", "due_soon")]
        f = items[0].to_finding(date(2026, 1, 25))
        assert (f.status.value, f.value) == ("fail", -5.0)
        assert due_items(store, date(2026, 3, 1))[0].subject == "R1/C1"  # waiver gone


def test_as_of_is_the_evaluation_date_and_on_still_works_for_one_release(
        tmp_path: Path, clock: DayClock) -> None:
    """The old keyword ``on=`` warns and gives the same result; both names is an error."""
    clock.day(date(2026, 1, 5))
    with ReviewStore(tmp_path / "g.db", policy=SMALL, clock=clock) as store:
        store.create(small(), actor="li")
        store.submit("R1", actor="li")
        store.start_review("R1", actor="zhang")
        conds = [store.add_condition("R1", "training done", deadline=date(2026, 1, 20),
                                     owner="ops", actor="zhang") for _ in range(3)]
        reg = store.waivers
        reg.request(id="W-1", control="validation.auc", model="m", version="1", reason="r",
                    requester="li", expires=date(2026, 2, 1), compensating_controls=["x"])
        reg.approve("W-1", approver="cro")
        day = date(2026, 1, 25)
        [w] = reg.active(as_of=day)
        assert reg.active(day) == [w] and reg.expiring(day) == reg.expiring(as_of=day) == [w]
        assert w.active(day) and w.active(as_of=day) and not w.active(date(2026, 2, 2))
        assert conds[0].overdue(day) and conds[0].overdue(as_of=day)
        assert not conds[0].overdue(date(2026, 1, 20))
        old = [(reg.active, "WaiverRegister.active", [w]),
               (reg.expiring, "WaiverRegister.expiring", [w]),
               (w.active, "Waiver.active", True), (conds[0].overdue, "Condition.overdue", True)]
        for call, name, same in old:
            with pytest.warns(DeprecationWarning, match=rf"'on' argument of {name} is "
                                                        r"deprecated.*use 'as_of'"):
                assert call(on=day) == same
            with pytest.raises(InvalidInputError, match=rf"'as_of' argument of {name} and "
                                                        r"its deprecated old name 'on'"):
                call(day, on=day)
        met = store.meet_condition("R1", "C1", actor="ops", evidence="E-1",
                                   as_of=date(2026, 1, 10))
        with pytest.warns(DeprecationWarning, match=r"ReviewStore\.meet_condition"):
            old_met = store.meet_condition("R1", "C2", actor="ops", evidence="E-2",
                                           on=date(2026, 1, 10))
        assert met.met_on == old_met.met_on == date(2026, 1, 10)
        with pytest.raises(InvalidInputError, match=r"'as_of' argument.* old name 'on'"):
            store.meet_condition("R1", "C3", actor="ops", evidence="E-3",
                                 as_of=date(2026, 1, 10), on=date(2026, 1, 10))
        assert store.case("R1").conditions[2].open  # the refused call changed nothing


def test_evidence_about_another_model_version_fails(tmp_path: Path) -> None:
    pol = Policy.loads('[review.checklists.default]\nimpact_assessment = "never"\n'
                       'data_scan = false\ndisclosure = true\n')
    d = small(models=(ModelRef(model_id=ev.MODEL, version="1.0"),))
    with ReviewStore(tmp_path / "g.db", policy=pol) as store:
        store.create(d, actor="li")
        newer = ev.model_report(fair=True, version="2.0")
        store.attach("R1", newer, kind="model_risk_report", subject=f"{ev.MODEL}@1.0",
                     actor="ds")
        store.attach("R1", ev.disclosure(newer, version="2.0"), subject=f"{ev.MODEL}@1.0",
                     actor="ds")
        found = {f.control: f.message.en for f in store.evaluate("R1")}
        assert found["review.model_assessment"] == (
            "The model-risk assessment report linked for credit-scorer@1.0 is about "
            "credit-scorer@2.0.")
        assert found["review.disclosure"].endswith("is about credit-scorer@2.0.")
