"""The guarded outsourcing lifecycle.

::

    proposed -> pre_assessment -> due_diligence -> approved -> [regulator_notified] -> contracted
      -> active <-> under_review <-> remediation -> suspended -> exiting -> exited
    (any state before contracted) -> rejected

Every transition demands its evidence; an illegal one raises
:class:`~dfgov.errors.LifecycleError` naming what is missing. Every
transition is appended to an audit log (any object with ``append(...)``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Literal, Protocol

from pydantic import Field

from dfgov.audit import AuditSink
from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.outsourcing._base import Record
from dfgov.outsourcing._case import OutsourcingCase, TransitionRecord
from dfgov.outsourcing._codes import TerminationReason
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import Arrangement

__all__ = [
    "STATES",
    "TRANSITIONS",
    "AuditSink",
    "Lifecycle",
    "TransitionEvidence",
    "WeekdayCalendar",
    "WorkingDayCalendar",
]

STATES: tuple[str, ...] = (
    "proposed", "pre_assessment", "due_diligence", "approved", "regulator_notified",
    "contracted", "active", "under_review", "remediation", "suspended", "exiting", "exited",
    "rejected",
)
_PRE = ("proposed", "pre_assessment", "due_diligence", "approved", "regulator_notified")
_RUNNING = ("active", "under_review", "remediation", "suspended")
TRANSITIONS: dict[str, frozenset[str]] = {
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
_AUDIT_ACTION = "outsourcing.transition"


class WorkingDayCalendar(Protocol):
    """A calendar that can count working days (plug in a bank-holiday calendar)."""

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start``."""


class WeekdayCalendar:
    """Monday-Friday working days minus the given ``holidays``.

    Examples
    --------
    >>> WeekdayCalendar().add_working_days(date(2025, 1, 3), 1)  # Friday -> Monday
    datetime.date(2025, 1, 6)
    """

    def __init__(self, holidays: frozenset[date] | set[date] | tuple[date, ...] = ()) -> None:
        self.holidays = frozenset(holidays)

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start``."""
        d, left = start, days
        while left > 0:
            d += timedelta(days=1)
            if d.weekday() < 5 and d not in self.holidays:
                left -= 1
        return d


class TransitionEvidence(Record):
    """Evidence given with a transition (records such as contracts live in the case)."""

    reason: str | None = None
    pre_assessment: str | None = Field(None, description="Reference of the pre-assessment.")
    senior_approver: str | None = Field(None, description="Senior management (141 Art.15).")
    approver: str | None = None
    remediation_plan: str | None = None
    remediation_deadline: date | None = None
    termination_reason: TerminationReason | None = None
    data_returned: str | None = Field(None, description="Reference of data-return evidence.")
    data_deleted: str | None = Field(None, description="Reference of deletion certificate.")
    access_revoked_on: date | None = None
    knockouts: tuple[str, ...] = ()


def _need(cond: bool, what: str, out: list[str]) -> None:
    if not cond:
        out.append(what)


class Lifecycle:
    """Checks and applies lifecycle transitions.

    Parameters
    ----------
    policy : OutsourcingPolicy, optional
        Deadlines and the notification rule; defaults when omitted.
    calendar : WorkingDayCalendar, optional
        Counts the working days between notification and signing
        (default: Monday-Friday, no holidays).
    audit : object with ``append(action=, actor=, subject=, payload=)``, optional
        Receives one event per transition.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "outsourcing.lifecycle"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "CBIRC-2021-141 Art.15",
        "CBIRC-2021-141 Art.17",
        "CBIRC-2021-141 Art.21",
        "CBIRC-2021-141 Art.29",
        "CBIRC-2021-141 Art.37",
        "DORA Art.28",
        "DORA Art.30",
    )

    def __init__(
        self,
        policy: OutsourcingPolicy | None = None,
        *,
        calendar: WorkingDayCalendar | None = None,
        audit: AuditSink | None = None,
    ) -> None:
        self.policy = policy
        self.calendar = calendar
        self.audit = audit

    @property
    def _policy(self) -> OutsourcingPolicy:
        return self.policy or OutsourcingPolicy()

    def requires_notification(self, arrangement: Arrangement) -> bool:
        """Whether the arrangement is listed outsourcing to notify before signing."""
        flags = {
            "important": arrangement.important,
            "cross_border": arrangement.cross_border,
            "non_onsite": arrangement.non_onsite,
            "intra_group": arrangement.intra_group,
        }
        return any(flags[f] for f in self._policy.notify_when)

    # -- guards -------------------------------------------------------
    def missing(
        self,
        case: OutsourcingCase,
        to: str,
        evidence: TransitionEvidence | None = None,
        *,
        on: date,
    ) -> list[str]:
        """The evidence missing for ``case`` to move to ``to`` on date ``on`` (empty: allowed)."""
        if to not in STATES:
            raise InvalidInputError(f"The 'to' argument must be one of {list(STATES)}. Got {to!r}.")
        frm = case.status
        if to not in TRANSITIONS.get(frm, frozenset()):
            return [f"no transition {frm} -> {to}"]
        ev = evidence or TransitionEvidence()
        arr = case.arrangement
        out: list[str] = []
        if to in ("rejected", "suspended", "under_review") or (
            frm == "remediation" and to == "under_review"
        ):
            _need(bool(ev.reason or ev.knockouts), "evidence.reason", out)
        if frm == "pre_assessment" and to == "due_diligence":
            _need(bool(ev.pre_assessment), "evidence.pre_assessment", out)
            if arr.important:
                _need(bool(ev.senior_approver), "evidence.senior_approver (141 Art.15)", out)
        elif to == "approved":
            self._dd_guard(case, ev, out)
        elif to == "regulator_notified":
            _need(self.requires_notification(arr), "listed outsourcing (no notification due)", out)
            _need(case.notification is not None, "notification record", out)
        elif to == "contracted":
            self._contract_guard(case, frm, out)
        elif to == "active" and frm == "contracted":
            c = case.contract
            _need(c is not None and c.start <= on,
                  "contract started (contract.start <= today)", out)
        elif to == "active":
            self._review_guard(case, on, out)
        elif to == "remediation":
            _need(bool(ev.remediation_plan), "evidence.remediation_plan", out)
            _need(ev.remediation_deadline is not None, "evidence.remediation_deadline", out)
        elif to == "exiting":
            _need(ev.termination_reason is not None, "evidence.termination_reason", out)
            if arr.important:
                _need(case.exit_plan is not None, "exit plan (141 Art.29, DORA Art.28(8))", out)
        elif to == "exited":
            _need(bool(ev.data_returned or ev.data_deleted),
                  "evidence.data_returned or evidence.data_deleted", out)
            _need(ev.access_revoked_on is not None, "evidence.access_revoked_on", out)
            _need(case.last_assessment(kind="post_exit") is not None,
                  "post-exit evaluation (assessment kind 'post_exit')", out)
        return out

    def _dd_guard(self, case: OutsourcingCase, ev: TransitionEvidence, out: list[str]) -> None:
        done = [d for d in case.due_diligence if d.completed]
        if not done:
            out.append("completed due diligence (141 Art.17)")
        else:
            dd = max(done, key=lambda d: d.performed_on)
            if dd.missing_items:
                out.append(f"due diligence items {list(dd.missing_items)}")
            if dd.open_critical:
                out.append(
                    f"resolution of {dd.open_critical} open critical due-diligence finding(s)"
                )
        _need(bool(ev.approver), "evidence.approver", out)
        if ev.approver and ev.approver == case.arrangement.requester:
            out.append("an approver other than the requester")

    def _contract_guard(self, case: OutsourcingCase, frm: str, out: list[str]) -> None:
        arr, c = case.arrangement, case.contract
        notify = self.requires_notification(arr)
        if notify and frm != "regulator_notified":
            out.append("regulator notification (141 Art.37)")
        if c is None:
            out.append("contract record")
            return
        miss = c.missing_clauses(critical=arr.important)
        if miss:
            out.append(f"contract clauses {list(miss)}")
        if arr.important:
            _need(case.exit_plan is not None, "exit plan (141 Art.29, DORA Art.28(8))", out)
        n = case.notification
        if notify and n is not None:
            cal = self.calendar or WeekdayCalendar()
            earliest = cal.add_working_days(n.notified_on, self._policy.notification_working_days)
            if c.signed_on < earliest:
                out.append(
                    f"contract signed on or after {earliest.isoformat()} "
                    f"({self._policy.notification_working_days} working days after notification)"
                )

    def _review_guard(self, case: OutsourcingCase, on: date, out: list[str]) -> None:
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

    # -- knock-outs ---------------------------------------------------
    def knockouts(self, case: OutsourcingCase, on: date) -> dict[str, str]:
        """Knock-out events present at ``on`` and the state each forces."""
        rules = self._policy.knockouts
        found: dict[str, str] = {}
        if case.open_major_incidents():
            found["major_incident"] = rules.major_incident
        if case.open_regulator_requests():
            found["regulator_request"] = rules.regulator_request
        if case.expired_certifications(on):
            found["expired_certification"] = rules.expired_certification
        return found

    # -- applying -----------------------------------------------------
    def check(
        self, case: OutsourcingCase, to: str, evidence: TransitionEvidence | None = None,
        *, on: date,
    ) -> None:
        """Raise :class:`LifecycleError` naming the missing evidence, if any."""
        missing = self.missing(case, to, evidence, on=on)
        if missing:
            raise LifecycleError(
                f"Arrangement {case.id!r} cannot move {case.status} -> {to}: missing "
                + "; ".join(missing) + "."
            )

    def apply(
        self, case: OutsourcingCase, to: str, *, actor: str,
        evidence: TransitionEvidence | None = None, at: datetime,
    ) -> OutsourcingCase:
        """The case after the transition (no checks, no audit: use :meth:`transition`)."""
        ev = evidence or TransitionEvidence()
        upd: dict[str, Any] = {"status": to}
        if ev.termination_reason is not None:
            upd["termination_reason"] = ev.termination_reason
        rec = TransitionRecord(
            from_state=case.status, to_state=to, at=at, actor=actor,
            evidence=ev.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        )
        return case.model_copy(update={
            "arrangement": case.arrangement.model_copy(update=upd),
            "history": (*case.history, rec),
        })

    def audit_event(self, case: OutsourcingCase, record: TransitionRecord) -> None:
        """Append the transition to the audit log, if one is configured."""
        if self.audit is not None:
            self.audit.append(
                action=_AUDIT_ACTION, actor=record.actor, subject=case.id,
                payload={
                    "from": record.from_state, "to": record.to_state,
                    "at": record.at.isoformat(), "evidence": record.evidence,
                    "provider": case.provider.id,
                },
            )

    def transition(
        self, case: OutsourcingCase, to: str, *, actor: str,
        evidence: TransitionEvidence | None = None, at: datetime | None = None,
    ) -> OutsourcingCase:
        """Check, audit and apply one transition; return the new case.

        Raises
        ------
        LifecycleError
            When the transition is illegal or evidence is missing (nothing is audited).
        """
        from dfgov.clock import now

        if not actor:
            raise InvalidInputError("The 'actor' argument of Lifecycle.transition is required.")
        when = at or now()
        self.check(case, to, evidence, on=when.date())
        new = self.apply(case, to, actor=actor, evidence=evidence, at=when)
        self.audit_event(new, new.history[-1])
        return new

    def enforce_knockouts(
        self, case: OutsourcingCase, *, actor: str, at: datetime | None = None
    ) -> OutsourcingCase:
        """Move a running arrangement to the state its knock-outs force (if any)."""
        from dfgov.clock import now

        when = at or now()
        ko = self.knockouts(case, when.date())
        if not ko or case.status not in _RUNNING:
            return case
        target: Literal["suspended", "under_review"] = (
            "suspended" if "suspended" in ko.values() else "under_review"
        )
        if case.status == target or (case.status == "suspended"):
            return case
        ev = TransitionEvidence(knockouts=tuple(sorted(ko)))
        return self.transition(case, target, actor=actor, evidence=ev, at=when)
