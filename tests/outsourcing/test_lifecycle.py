"""Guarded lifecycle: each transition demands its evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.audit import MemoryAuditLog
from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.outsourcing import (
    TRANSITIONS,
    DueDiligenceFinding,
    Lifecycle,
    Notification,
    OutsourcingCase,
    TransitionEvidence,
    WeekdayCalendar,
)
from tests.conftest import budget

from . import factory as f


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 9, tzinfo=UTC)


def approved_case(lc: Lifecycle, **arr: object) -> OutsourcingCase:
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement(**arr))
    case = lc.transition(case, "pre_assessment", actor="alice", at=at(2025, 1, 2))
    case = lc.transition(case, "due_diligence", actor="alice", at=at(2025, 1, 3),
                         evidence=TransitionEvidence(pre_assessment="PA-1", senior_approver="cro"))
    case = case.add(f.due_diligence())
    return lc.transition(case, "approved", actor="bob", at=at(2025, 1, 20),
                         evidence=TransitionEvidence(approver="bob"))


def test_transition_table_is_closed() -> None:
    for frm, tos in TRANSITIONS.items():
        assert tos <= set(TRANSITIONS), frm
    assert TRANSITIONS["exited"] == frozenset()


def test_unknown_state_and_illegal_edge() -> None:
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    with pytest.raises(InvalidInputError, match="'to' argument"):
        Lifecycle().transition(case, "bogus", actor="a")
    with pytest.raises(LifecycleError, match="no transition proposed -> active"):
        Lifecycle().transition(case, "active", actor="a")


def test_approval_needs_dd_and_a_second_person() -> None:
    lc = Lifecycle()
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    case = lc.transition(case, "pre_assessment", actor="alice", at=at(2025, 1, 2))
    with pytest.raises(LifecycleError, match="senior_approver"):
        lc.transition(case, "due_diligence", actor="alice",
                      evidence=TransitionEvidence(pre_assessment="PA-1"))
    case = lc.transition(case, "due_diligence", actor="alice", at=at(2025, 1, 3),
                         evidence=TransitionEvidence(pre_assessment="PA", senior_approver="cro"))
    with pytest.raises(LifecycleError, match="completed due diligence"):
        lc.transition(case, "approved", actor="bob", evidence=TransitionEvidence(approver="bob"))
    bad = f.due_diligence(items_covered=("security",), findings=(DueDiligenceFinding(
        item="security", severity="critical", description="no MFA"),))
    with pytest.raises(LifecycleError) as err:
        lc.transition(case.add(bad), "approved", actor="alice",
                      evidence=TransitionEvidence(approver="alice"))
    msg = str(err.value)
    assert "business_condition" in msg and "open critical" in msg
    assert "an approver other than the requester" in msg


def test_contract_needs_clauses_exit_plan_and_notice_period() -> None:
    audit = MemoryAuditLog()
    lc = Lifecycle(audit=audit)
    case = approved_case(lc)
    with pytest.raises(LifecycleError, match="regulator notification"):
        lc.transition(case.add(f.contract(), f.exit_plan()), "contracted", actor="a")
    case = case.add(Notification(arrangement_id="A1", notified_on=date(2025, 2, 3),
                                 authority="NFRA", reference="N-1"))
    case = lc.transition(case, "regulator_notified", actor="alice", at=at(2025, 2, 3))
    partial = f.contract(clauses=frozenset({"service_description"}))
    with pytest.raises(LifecycleError) as err:
        lc.transition(case.add(partial), "contracted", actor="alice", at=at(2025, 3, 3))
    assert "audit_rights" in str(err.value) and "exit plan" in str(err.value)
    # 20 working days after Mon 2025-02-03 is Mon 2025-03-03; a day earlier is refused.
    early = f.contract(signed_on=date(2025, 2, 28))
    with pytest.raises(LifecycleError, match="2025-03-03"):
        lc.transition(case.add(early, f.exit_plan()), "contracted", actor="a", at=at(2025, 3, 3))
    ok = lc.transition(case.add(f.contract(), f.exit_plan()), "contracted", actor="alice",
                       at=at(2025, 3, 3))
    assert ok.status == "contracted"
    assert [e["payload"]["to"] for e in audit.events][-1] == "contracted"


def test_holiday_calendar_moves_the_earliest_signing_date() -> None:
    cal = WeekdayCalendar(holidays={date(2025, 2, 4)})
    assert cal.add_working_days(date(2025, 2, 3), 20) == date(2025, 3, 4)
    lc = Lifecycle(calendar=cal)
    case = approved_case(lc).add(Notification(
        arrangement_id="A1", notified_on=date(2025, 2, 3), authority="NFRA", reference="N"))
    case = lc.transition(case, "regulator_notified", actor="a", at=at(2025, 2, 3))
    with pytest.raises(LifecycleError, match="2025-03-04"):
        lc.transition(case.add(f.contract(), f.exit_plan()), "contracted", actor="a")


def test_non_listed_outsourcing_contracts_directly() -> None:
    lc = Lifecycle()
    case = approved_case(lc, important=False, importance_rationale=None, cross_border=False)
    with pytest.raises(LifecycleError, match="listed outsourcing"):
        lc.transition(case, "regulator_notified", actor="a")
    case = lc.transition(case.add(f.contract(clauses=frozenset(
        f.MANDATORY_CLAUSES))), "contracted", actor="a", at=at(2025, 3, 3))
    assert case.status == "contracted"


def test_refused_transition_is_not_audited() -> None:
    audit = MemoryAuditLog()
    lc = Lifecycle(audit=audit)
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    with pytest.raises(LifecycleError):
        lc.transition(case, "rejected", actor="a")
    assert audit.events == []
    case = lc.transition(case, "rejected", actor="a", evidence=TransitionEvidence(reason="cost"))
    assert audit.events[0]["action"] == "outsourcing.transition"
    assert audit.events[0]["payload"]["evidence"] == {"reason": "cost"}
    assert TRANSITIONS[case.status] == frozenset()


def _rich_case() -> OutsourcingCase:
    """A case holding every kind of evidence, so that only the lifecycle rules decide."""
    from dfgov.outsourcing import Assessment

    return OutsourcingCase(provider=f.provider(), arrangement=f.arrangement()).add(
        f.due_diligence(), f.contract(), f.exit_plan(),
        Notification(arrangement_id="A1", notified_on=date(2025, 1, 2), authority="NFRA",
                     reference="N"),
        Assessment(arrangement_id="A1", performed_on=date(2025, 12, 31), performed_by="r",
                   conclusion="satisfactory"),
        Assessment(arrangement_id="A1", performed_on=date(2025, 12, 31), performed_by="r",
                   kind="post_exit", conclusion="satisfactory"),
    )


FULL = TransitionEvidence(
    reason="r", pre_assessment="PA", senior_approver="cro", approver="bob",
    remediation_plan="RP", remediation_deadline=date(2026, 3, 1), termination_reason="other",
    data_returned="RET", access_revoked_on=date(2025, 12, 30))


@budget.medium
@given(st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=25),
       st.lists(st.booleans(), min_size=25, max_size=25))
def test_random_walks_follow_the_table_and_the_guards(targets: list[str],
                                                      full: list[bool]) -> None:
    audit = MemoryAuditLog()
    lc = Lifecycle(audit=audit)
    case = _rich_case()
    when = at(2025, 12, 31)
    for to, with_evidence in zip(targets, full, strict=False):
        ev = FULL if with_evidence else None
        missing = lc.missing(case, to, ev, as_of=when.date())
        before = case
        try:
            case = lc.transition(case, to, actor="alice", evidence=ev, at=when)
        except LifecycleError:
            assert missing and case is before
        else:
            assert not missing and to in TRANSITIONS[before.status]
            assert case.history[-1].from_state == before.status
    assert len(audit.events) == len(case.history)
    assert [e["payload"]["to"] for e in audit.events] == [h.to_state for h in case.history]
    states = [h.to_state for h in case.history]
    if "exited" in states:
        assert states[states.index("exited") - 1] == "exiting"
