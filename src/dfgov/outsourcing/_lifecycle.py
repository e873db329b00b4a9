"""The guarded outsourcing lifecycle.

::

    proposed -> pre_assessment -> due_diligence -> approved -> [regulator_notified] -> contracted
      -> active <-> under_review <-> remediation -> suspended -> exiting -> exited
    (any state before contracted) -> rejected

``GUARDS`` lists every legal ``(from, to)`` with what it demands (``TRANSITIONS`` is
derived from it). Every transition demands its evidence; an illegal one raises
:class:`~dfgov.errors.LifecycleError` naming what is missing. Every
transition is appended to an audit log (any object with ``append(...)``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, get_args

from pydantic import Field

from dfgov._validate import check_choice, param_error, renamed_arg
from dfgov.audit import AuditSink
from dfgov.errors import LifecycleError
from dfgov.outsourcing import _guards as g
from dfgov.outsourcing._base import Record
from dfgov.outsourcing._case import OutsourcingCase, TransitionRecord
from dfgov.outsourcing._codes import TerminationReason
from dfgov.outsourcing._guards import Guard, Missing
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import RUNNING, Arrangement, State
from dfgov.policy import resolve_section

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = [
    "GUARDS",
    "STATES",
    "TRANSITIONS",
    "AuditSink",
    "Lifecycle",
    "State",
    "TransitionEvidence",
    "WeekdayCalendar",
    "WorkingDayCalendar",
]

STATES: tuple[State, ...] = get_args(State)
_PRE: tuple[State, ...] = (
    "proposed", "pre_assessment", "due_diligence", "approved", "regulator_notified")

#: What each legal transition demands, keyed by ``(from, to)``: the one source of the
#: state machine (``TRANSITIONS`` is derived from it). No guard: the move is free.
GUARDS: dict[tuple[State, State], tuple[Guard, ...]] = {
    ("proposed", "pre_assessment"): (),
    ("pre_assessment", "due_diligence"): (g.pre_assessment,),
    ("due_diligence", "approved"): (g.approval,),
    ("approved", "regulator_notified"): (g.notification,),
    ("approved", "contracted"): (g.contracting,),
    ("regulator_notified", "contracted"): (g.contracting,),
    **{(s, "rejected"): (g.reason,) for s in _PRE},
    ("contracted", "active"): (g.contract_start,),
    ("active", "under_review"): (g.reason,),
    ("under_review", "active"): (g.review_closed,),
    ("under_review", "remediation"): (g.remediation,),
    ("remediation", "active"): (g.review_closed,),
    ("remediation", "under_review"): (g.reason,),
    ("suspended", "under_review"): (g.reason,),
    **{(s, "suspended"): (g.reason,) for s in ("active", "under_review", "remediation")},
    **{(s, "exiting"): (g.termination,) for s in ("contracted", *RUNNING)},
    ("exiting", "exited"): (g.exited,),
}
#: The legal next states of each state (from :data:`GUARDS`).
TRANSITIONS: dict[State, frozenset[State]] = {
    s: frozenset(to for frm, to in GUARDS if frm == s) for s in STATES
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


class Lifecycle:
    """Checks and applies lifecycle transitions.

    Parameters
    ----------
    policy : Policy or OutsourcingPolicy, optional
        The ``[outsourcing]`` section (deadlines, the notification rule,
        knock-out rules); its defaults when omitted.
    calendar : WorkingDayCalendar, optional
        Counts the working days between notification and signing
        (default: Monday-Friday, no holidays).
    audit : object with ``append(action=, actor=, subject=, payload=)``, optional
        Receives one event per transition.
    clock : dfgov.clock.Clock, optional
        Where the time of a transition is read when ``at`` is not given (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).

    Attributes
    ----------
    section : OutsourcingPolicy
        The ``[outsourcing]`` section in force (resolved from ``policy``).

    Examples
    --------
    >>> from dfgov.outsourcing import Arrangement, OutsourcingCase, Provider
    >>> case = OutsourcingCase(
    ...     provider=Provider(id="P1", legal_name="Example Cloud", country="IE"),
    ...     arrangement=Arrangement(
    ...         id="A1", provider_id="P1", entity_lei="BANKDE00000000000030", function_id="F1",
    ...         service="hosting", outsourcing_type="operation_maintenance",
    ...         ict_service_type="S17", important=False, service_countries=("IE",),
    ...         annual_cost=1e5, currency="EUR", substitutability="easy", requester="alice"))
    >>> lc = Lifecycle()
    >>> [(m.code, m.text.zh_cn) for m in lc.missing(case, "rejected", as_of=date(2025, 1, 2))]
    [('evidence.reason', '变更理由（evidence.reason）')]
    >>> lc.missing(case, "pre_assessment", as_of=date(2025, 1, 2))
    []
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
        policy: Policy | OutsourcingPolicy | None = None,
        *,
        calendar: WorkingDayCalendar | None = None,
        audit: AuditSink | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.policy = policy
        self.section = resolve_section(policy, OutsourcingPolicy, "Lifecycle")
        self.calendar = calendar
        self.audit = audit
        self.clock = clock

    def requires_notification(self, arrangement: Arrangement) -> bool:
        """Whether the arrangement is listed outsourcing to notify before signing."""
        flags = {
            "important": arrangement.important,
            "cross_border": arrangement.cross_border,
            "non_onsite": arrangement.non_onsite,
            "intra_group": arrangement.intra_group,
        }
        return any(flags[f] for f in self.section.notify_when)

    # -- guards -------------------------------------------------------
    def missing(
        self,
        case: OutsourcingCase,
        to: State,
        evidence: TransitionEvidence | None = None,
        *,
        as_of: date | None = None,
        on: date | None = None,
    ) -> list[Missing]:
        """What ``case`` still needs to move to ``to`` on date ``as_of`` (empty: allowed).

        ``as_of`` is required; ``on`` is its deprecated old name (warns; goes in the next
        release).

        Returns
        -------
        list of Missing
            Each with a stable ``code`` (see ``MISSING_CODES``) and its text in en and
            zh-CN; ``no_transition`` alone when ``(case.status, to)`` is not in ``GUARDS``.
        """
        day = renamed_arg(as_of, on, caller="Lifecycle.missing", new="as_of", old="on",
                          required=True)
        check_choice(to, STATES, caller="Lifecycle.missing", parameter="to")
        frm = case.status
        guards = GUARDS.get((frm, to))
        if guards is None:
            return [g.missing("no_transition", frm=frm, to=to)]
        ev = evidence or TransitionEvidence()
        return [m for guard in guards for m in guard(self, case, ev, day)]

    # -- knock-outs ---------------------------------------------------
    def knockouts(self, case: OutsourcingCase, as_of: date | None = None, *,
                  on: date | None = None) -> dict[str, str]:
        """Knock-out events present on ``as_of`` and the state each forces.

        ``as_of`` is required; ``on`` is its deprecated old name (warns; goes in the next
        release).
        """
        day = renamed_arg(as_of, on, caller="Lifecycle.knockouts", new="as_of", old="on",
                          required=True)
        rules = self.section.knockouts
        found: dict[str, str] = {}
        if case.open_major_incidents():
            found["major_incident"] = rules.major_incident
        if case.open_regulator_requests():
            found["regulator_request"] = rules.regulator_request
        if case.expired_certifications(day):
            found["expired_certification"] = rules.expired_certification
        return found

    # -- applying -----------------------------------------------------
    def check(
        self, case: OutsourcingCase, to: State, evidence: TransitionEvidence | None = None,
        *, as_of: date | None = None, on: date | None = None,
    ) -> None:
        """Raise :class:`LifecycleError` naming the missing evidence on ``as_of``, if any.

        ``as_of`` is required; ``on`` is its deprecated old name (warns; goes in the next
        release).
        """
        day = renamed_arg(as_of, on, caller="Lifecycle.check", new="as_of", old="on",
                          required=True)
        missing = self.missing(case, to, evidence, as_of=day)
        if missing:
            raise LifecycleError(
                f"Arrangement {case.id!r} cannot move {case.status} -> {to}: missing "
                + "; ".join(str(m) for m in missing) + "."
            )

    def apply(
        self, case: OutsourcingCase, to: State, *, actor: str,
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
        self, case: OutsourcingCase, to: State, *, actor: str,
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
            raise param_error("Lifecycle.transition", "actor", "is required (who moves the case)")
        when = at or now(self.clock)
        self.check(case, to, evidence, as_of=when.date())
        new = self.apply(case, to, actor=actor, evidence=evidence, at=when)
        self.audit_event(new, new.history[-1])
        return new

    def knockout_move(
        self, case: OutsourcingCase, as_of: date
    ) -> tuple[State, TransitionEvidence] | None:
        """The transition a running arrangement's knock-outs force on ``as_of``, if any.

        ``("suspended", evidence)`` when a knock-out forces suspension, else
        ``("under_review", evidence)``; ``None`` when nothing is forced, the arrangement is
        not running, or it is already in (or beyond) the forced state.
        """
        ko = self.knockouts(case, as_of)
        if not ko or case.status not in RUNNING or case.status == "suspended":
            return None
        target: State = "suspended" if "suspended" in ko.values() else "under_review"
        if case.status == target:
            return None
        return target, TransitionEvidence(knockouts=tuple(sorted(ko)))

    def enforce_knockouts(
        self, case: OutsourcingCase, *, actor: str, at: datetime | None = None
    ) -> OutsourcingCase:
        """Move a running arrangement to the state its knock-outs force (if any)."""
        from dfgov.clock import now

        when = at or now(self.clock)
        move = self.knockout_move(case, when.date())
        if move is None:
            return case
        target, ev = move
        return self.transition(case, target, actor=actor, evidence=ev, at=when)
