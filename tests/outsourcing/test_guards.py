"""The guard table: one source of the state machine, coded and localised gaps.

``_old_missing`` is the if/elif chain the table replaced, kept here as the oracle:
on random cases, states, targets and evidence the table finds exactly the same gaps,
in the same order, with the same English text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.i18n import catalog
from dfgov.outsourcing import (
    MISSING_CODES,
    STATES,
    TRANSITIONS,
    Assessment,
    Certification,
    DueDiligenceFinding,
    Incident,
    Lifecycle,
    Missing,
    Notification,
    OutsourcingCase,
    RegulatorRequest,
    TransitionEvidence,
    TransitionRecord,
    WeekdayCalendar,
)
from dfgov.outsourcing._lifecycle import GUARDS
from tests.conftest import budget

from . import factory as f

#: The transition table as it was written by hand before the guard table.
OLD_TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"pre_assessment", "rejected"}),
    "pre_assessment": frozenset({"due_diligence", "rejected"}),
    "due_diligence": frozenset({"approved", "rejected"}),
    "approved": frozenset({"regulator_notified", "contracted", "rejected"}),
    "regulator_notified": frozenset({"contracted", "rejected"}),
    "contracted": frozenset({"active", "exiting"}),
    "active": frozenset({"under_review", "suspended", "exiting"}),
    "under_review": frozenset({"active", "remediation", "suspended", "exiting"}),
    "remediation": frozenset({"active", "under_review", "suspended", "exiting"}),
    "suspended": frozenset({"under_review", "exiting"}),
    "exiting": frozenset({"exited"}),
    "exited": frozenset(),
    "rejected": frozenset(),
}


def _old_missing(lc: Lifecycle, case: OutsourcingCase, to: str, ev: TransitionEvidence,
                 on: date) -> list[str]:
    frm = case.status
    if to not in OLD_TRANSITIONS.get(frm, frozenset()):
        return [f"no transition {frm} -> {to}"]
    arr = case.arrangement
    out: list[str] = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            out.append(what)

    if to in ("rejected", "suspended", "under_review") or (
            frm == "remediation" and to == "under_review"):
        need(bool(ev.reason or ev.knockouts), "evidence.reason")
    if frm == "pre_assessment" and to == "due_diligence":
        need(bool(ev.pre_assessment), "evidence.pre_assessment")
        if arr.important:
            need(bool(ev.senior_approver), "evidence.senior_approver (141 Art.15)")
    elif to == "approved":
        done = [d for d in case.due_diligence if d.completed]
        if not done:
            out.append("completed due diligence (141 Art.17)")
        else:
            dd = max(done, key=lambda d: d.performed_on)
            if dd.missing_items:
                out.append(f"due diligence items {list(dd.missing_items)}")
            if dd.open_critical:
                out.append(
                    f"resolution of {dd.open_critical} open critical due-diligence finding(s)")
        need(bool(ev.approver), "evidence.approver")
        if ev.approver and ev.approver == case.arrangement.requester:
            out.append("an approver other than the requester")
    elif to == "regulator_notified":
        need(lc.requires_notification(arr), "listed outsourcing (no notification due)")
        need(case.notification is not None, "notification record")
    elif to == "contracted":
        c = case.contract
        notify = lc.requires_notification(arr)
        if notify and frm != "regulator_notified":
            out.append("regulator notification (141 Art.37)")
        if c is None:
            out.append("contract record")
            return out
        miss = c.missing_clauses(critical=arr.important)
        if miss:
            out.append(f"contract clauses {list(miss)}")
        if arr.important:
            need(case.exit_plan is not None, "exit plan (141 Art.29, DORA Art.28(8))")
        n = case.notification
        if notify and n is not None:
            days = lc.section.notification_working_days
            earliest = (lc.calendar or WeekdayCalendar()).add_working_days(n.notified_on, days)
            if c.signed_on < earliest:
                out.append(f"contract signed on or after {earliest.isoformat()} "
                           f"({days} working days after notification)")
    elif to == "active" and frm == "contracted":
        c = case.contract
        need(c is not None and c.start <= on, "contract started (contract.start <= today)")
    elif to == "active":
        since = max((h.at.date() for h in case.history if h.to_state == case.status),
                    default=date.min)
        a = case.last_assessment()
        if a is None or a.performed_on < since:
            out.append("an assessment performed since the review began")
        elif a.conclusion != "satisfactory":
            out.append("a satisfactory assessment conclusion")
        if case.open_major_incidents():
            out.append("remediation of open major incidents")
        if case.open_regulator_requests():
            out.append("closure of open regulator requests")
        if case.expired_certifications(on):
            out.append("renewal of expired certifications")
    elif to == "remediation":
        need(bool(ev.remediation_plan), "evidence.remediation_plan")
        need(ev.remediation_deadline is not None, "evidence.remediation_deadline")
    elif to == "exiting":
        need(ev.termination_reason is not None, "evidence.termination_reason")
        if arr.important:
            need(case.exit_plan is not None, "exit plan (141 Art.29, DORA Art.28(8))")
    elif to == "exited":
        need(bool(ev.data_returned or ev.data_deleted),
             "evidence.data_returned or evidence.data_deleted")
        need(ev.access_revoked_on is not None, "evidence.access_revoked_on")
        need(case.last_assessment(kind="post_exit") is not None,
             "post-exit evaluation (assessment kind 'post_exit')")
    return out


def test_the_table_is_the_state_machine() -> None:
    assert set(TRANSITIONS) == set(STATES)
    assert {k: set(v) for k, v in TRANSITIONS.items()} == {
        k: set(v) for k, v in OLD_TRANSITIONS.items()}
    assert set(GUARDS) == {(a, b) for a, tos in TRANSITIONS.items() for b in tos}
    reached, todo = {"proposed"}, ["proposed"]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:  # type: ignore[index]
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    assert reached == set(STATES)


def test_every_code_has_both_languages() -> None:
    cat = catalog()
    for code in MISSING_CODES:
        entry = cat[f"outsourcing.missing.{code}"]
        assert entry["en"] and re.search(r"[\u4e00-\u9fff]", entry["zh-CN"]), code


def test_missing_returns_codes_with_localised_text() -> None:
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    lc = Lifecycle()
    [gap] = lc.missing(case, "rejected", as_of=date(2025, 1, 1))
    assert isinstance(gap, Missing) and gap.code == "evidence.reason"
    assert str(gap) == gap.text.en == "evidence.reason"
    assert "理由" in gap.text.zh_cn
    [edge] = lc.missing(case, "active", as_of=date(2025, 1, 1))
    assert edge.code == "no_transition" and edge.text.en == "no transition proposed -> active"
    assert "proposed" in edge.text.zh_cn and "active" in edge.text.zh_cn


def test_the_to_argument_error_names_the_caller_and_the_value() -> None:
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
    with pytest.raises(InvalidInputError,
                       match=r"The 'to' argument of Lifecycle\.missing must be one of "
                             r"\['proposed', .*\]\. Got 'bogus'\."):
        Lifecycle().missing(case, "bogus", as_of=date(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"'actor' argument of Lifecycle\.transition"):
        Lifecycle().transition(case, "pre_assessment", actor="")


def test_a_status_outside_the_states_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"Arrangement\.status"):
        f.arrangement(status="on_hold")


DAY0 = date(2025, 1, 1)


@st.composite
def cases(draw: st.DrawFn) -> tuple[OutsourcingCase, date]:
    def day() -> date:
        return DAY0 + timedelta(days=draw(st.integers(0, 60)))  # small: equal days occur

    important = draw(st.booleans())
    arr = f.arrangement(
        status=draw(st.sampled_from(STATES)), important=important,
        importance_rationale="r" if important else None, cross_border=draw(st.booleans()),
        non_onsite=draw(st.booleans()), requester="alice")
    prov = f.provider(certifications=tuple(
        Certification(name=n, valid_until=day()) for n in ("ISO 27001", "SOC 2")
        if draw(st.booleans())))
    case = OutsourcingCase(provider=prov, arrangement=arr)
    recs: list[Any] = []
    for _ in range(draw(st.integers(0, 2))):
        items = draw(st.sampled_from([f.DUE_DILIGENCE_ITEMS, ("security",)]))
        crit = tuple(DueDiligenceFinding(item="security", severity="critical", description="d",
                                         resolved=draw(st.booleans()))
                     for _ in range(draw(st.integers(0, 2))))
        recs.append(f.due_diligence(performed_on=day(), items_covered=items, findings=crit,
                                    completed=draw(st.booleans())))
    if draw(st.booleans()):
        start = day()
        recs.append(f.contract(signed_on=day(), start=start, clauses=draw(st.sampled_from([
            frozenset(f.MANDATORY_CLAUSES + f.CRITICAL_CLAUSES), frozenset(f.MANDATORY_CLAUSES),
            frozenset({"service_description"})]))))
    if draw(st.booleans()):
        recs.append(f.exit_plan())
    if draw(st.booleans()):
        recs.append(Notification(arrangement_id="A1", notified_on=day(), authority="NFRA",
                                 reference="N"))
    for kind in draw(st.lists(st.sampled_from(["periodic", "post_exit", "audit"]), max_size=3)):
        recs.append(Assessment(arrangement_id="A1", performed_on=day(), performed_by="r",
                               kind=kind, conclusion=draw(st.sampled_from(
                                   ["satisfactory", "needs_improvement"]))))
    if draw(st.booleans()):
        t = datetime(2025, 1, 1, tzinfo=UTC)
        recs.append(Incident(id="I1", arrangement_id="A1",
                             severity=draw(st.sampled_from(["minor", "major"])),
                             occurred_at=t, detected_at=t,
                             remediated_on=draw(st.sampled_from([None, DAY0]))))
    if draw(st.booleans()):
        recs.append(RegulatorRequest(arrangement_id="A1", received_on=DAY0, authority="A",
                                     subject="s", closed_on=draw(st.sampled_from([None, DAY0]))))
    case = case.add(*recs)
    if draw(st.booleans()):  # when the current state began
        case = case.model_copy(update={"history": (TransitionRecord(
            from_state="proposed", to_state=case.status, actor="a",
            at=datetime.combine(day(), datetime.min.time(), UTC)),)})
    return case, day()


EVIDENCE = st.builds(
    TransitionEvidence,
    reason=st.sampled_from([None, "r"]), pre_assessment=st.sampled_from([None, "PA"]),
    senior_approver=st.sampled_from([None, "cro"]),
    approver=st.sampled_from([None, "alice", "bob"]),
    remediation_plan=st.sampled_from([None, "RP"]),
    remediation_deadline=st.sampled_from([None, DAY0]),
    termination_reason=st.sampled_from([None, "other"]),
    data_returned=st.sampled_from([None, "RET"]), data_deleted=st.sampled_from([None, "DEL"]),
    access_revoked_on=st.sampled_from([None, DAY0]),
    knockouts=st.sampled_from([(), ("major_incident",)]))


@budget.wide(400)  # more than the profile: 28 codes over 27 edges to cover
@given(cases(), st.data(), EVIDENCE)
def test_the_table_equals_the_old_chain(drawn: tuple[OutsourcingCase, date], data: st.DataObject,
                                        ev: TransitionEvidence) -> None:
    case, on = drawn
    legal = sorted(TRANSITIONS[case.status])  # mostly legal targets: the guards run
    to: Any = data.draw(st.sampled_from(legal) if legal and data.draw(st.integers(0, 3))
                        else st.sampled_from(STATES))
    lc = Lifecycle()
    got = lc.missing(case, to, ev, as_of=on)
    assert [str(m) for m in got] == _old_missing(lc, case, to, ev, on)
    assert all(m.code in MISSING_CODES for m in got)
    if got:
        with pytest.raises(LifecycleError) as err:
            lc.check(case, to, ev, as_of=on)
        assert all(str(m) in str(err.value) for m in got)


def test_an_assessment_on_the_day_the_review_began_counts() -> None:
    began = datetime(2025, 6, 2, 15, tzinfo=UTC)
    case = OutsourcingCase(provider=f.provider(), arrangement=f.arrangement(status="under_review"))
    case = case.model_copy(update={"history": (TransitionRecord(
        from_state="active", to_state="under_review", actor="a", at=began),)})

    def assessed(on: date) -> OutsourcingCase:
        return case.add(Assessment(arrangement_id="A1", performed_on=on, performed_by="r",
                                   conclusion="satisfactory"))

    lc = Lifecycle()
    assert lc.missing(assessed(date(2025, 6, 2)), "active", as_of=date(2025, 6, 3)) == []
    [gap] = lc.missing(assessed(date(2025, 6, 1)), "active", as_of=date(2025, 6, 3))
    assert gap.code == "assessment.since_review"


def test_as_of_is_the_evaluation_date_and_on_still_works_for_one_release() -> None:
    """``on=`` (the old keyword) warns and gives the same result; both names is an error."""
    case = OutsourcingCase(provider=f.provider(certifications=(
        Certification(name="ISO 27001", valid_until=date(2025, 1, 1)),)),
        arrangement=f.arrangement())
    lc, day = Lifecycle(), date(2025, 1, 2)
    new = lc.missing(case, "rejected", as_of=day)
    with pytest.warns(DeprecationWarning, match=r"'on' argument of Lifecycle\.missing.*'as_of'"):
        assert lc.missing(case, "rejected", on=day) == new
    assert lc.knockouts(case, day) == lc.knockouts(case, as_of=day) == {
        "expired_certification": lc.section.knockouts.expired_certification}
    with pytest.warns(DeprecationWarning, match=r"'on' argument of Lifecycle\.knockouts"):
        assert lc.knockouts(case, on=day) == lc.knockouts(case, day)
    with pytest.raises(LifecycleError, match=r"evidence\.reason"):
        lc.check(case, "rejected", as_of=day)
    with pytest.warns(DeprecationWarning, match=r"Lifecycle\.check"), \
            pytest.raises(LifecycleError, match=r"evidence\.reason"):
        lc.check(case, "rejected", on=day)
    for call in (lambda: lc.missing(case, "rejected", as_of=day, on=day),
                 lambda: lc.check(case, "rejected", as_of=day, on=day),
                 lambda: lc.knockouts(case, day, on=day)):
        with pytest.raises(InvalidInputError, match=r"'as_of' argument .* old name 'on'"):
            call()
    with pytest.raises(InvalidInputError, match=r"'as_of' argument of Lifecycle\.missing is "
                                                r"required"):
        lc.missing(case, "rejected")
