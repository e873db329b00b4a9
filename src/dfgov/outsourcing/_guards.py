"""What each lifecycle transition demands: guard functions returning coded, localised gaps.

A guard takes the lifecycle (for its policy section and calendar), the case, the
evidence given with the transition and the day, and returns the :class:`Missing`
items it finds (none: the guard is satisfied). ``dfgov.outsourcing._lifecycle.GUARDS``
keys them by ``(from, to)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dfgov.i18n import LocalizedText, text
from dfgov.outsourcing import _messages  # noqa: F401  (registers the texts)

if TYPE_CHECKING:
    from dfgov.outsourcing._case import OutsourcingCase
    from dfgov.outsourcing._lifecycle import Lifecycle, TransitionEvidence

__all__ = [
    "MISSING_CODES", "Guard", "Missing", "approval", "contract_start", "contracting",
    "exited", "missing", "notification", "pre_assessment", "reason", "remediation",
    "review_closed", "termination",
]

#: Every code :meth:`Lifecycle.missing` can return (each has en and zh-CN text).
MISSING_CODES: tuple[str, ...] = (
    "no_transition",
    "evidence.reason", "evidence.pre_assessment", "evidence.senior_approver",
    "evidence.approver", "evidence.remediation_plan", "evidence.remediation_deadline",
    "evidence.termination_reason", "evidence.data_returned_or_deleted",
    "evidence.access_revoked_on",
    "due_diligence.completed", "due_diligence.items", "due_diligence.open_critical",
    "approver.independent",
    "notification.not_listed", "notification.record", "notification.required",
    "notification.waiting_period",
    "contract.record", "contract.clauses", "contract.started",
    "exit_plan.record",
    "assessment.since_review", "assessment.satisfactory", "assessment.post_exit",
    "incidents.open_major", "regulator_requests.open", "certifications.expired",
)


@dataclass(frozen=True)
class Missing:
    """One thing a transition still needs: a stable ``code`` and its text in en and zh-CN.

    ``str(item)`` is the English text (what :class:`~dfgov.errors.LifecycleError` lists).

    Examples
    --------
    >>> from dfgov.outsourcing._guards import missing
    >>> m = missing("evidence.reason")
    >>> m.code, m.text.en, m.text.zh_cn
    ('evidence.reason', 'evidence.reason', '变更理由（evidence.reason）')
    """

    code: str
    text: LocalizedText

    def __str__(self) -> str:
        return self.text.en


def missing(code: str, /, **params: object) -> Missing:
    """The :class:`Missing` item ``code`` with its catalog text (``params`` fill it in)."""
    return Missing(code, text(f"outsourcing.missing.{code}", **params))


#: A guard: (lifecycle, case, evidence, day) -> the missing items (empty: satisfied).
Guard = Callable[["Lifecycle", "OutsourcingCase", "TransitionEvidence", date], list[Missing]]


def _need(*pairs: tuple[bool, str]) -> list[Missing]:
    return [missing(code) for ok, code in pairs if not ok]


def reason(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
           ) -> list[Missing]:
    """A reason (or the knock-outs that force the move)."""
    return _need((bool(ev.reason or ev.knockouts), "evidence.reason"))


def pre_assessment(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                   ) -> list[Missing]:
    """The pre-assessment reference; senior management for important outsourcing."""
    return _need((bool(ev.pre_assessment), "evidence.pre_assessment"),
                 (bool(ev.senior_approver) or not case.arrangement.important,
                  "evidence.senior_approver"))


def approval(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
             ) -> list[Missing]:
    """Completed due diligence without gaps or open critical findings; a second person."""
    out: list[Missing] = []
    done = [d for d in case.due_diligence if d.completed]
    if not done:
        out.append(missing("due_diligence.completed"))
    else:
        dd = max(done, key=lambda d: d.performed_on)
        if dd.missing_items:
            out.append(missing("due_diligence.items", items=list(dd.missing_items)))
        if dd.open_critical:
            out.append(missing("due_diligence.open_critical", n=dd.open_critical))
    out += _need((bool(ev.approver), "evidence.approver"))
    if ev.approver and ev.approver == case.arrangement.requester:
        out.append(missing("approver.independent"))
    return out


def notification(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                 ) -> list[Missing]:
    """Listed outsourcing, and the notification record."""
    return _need((lc.requires_notification(case.arrangement), "notification.not_listed"),
                 (case.notification is not None, "notification.record"))


def contracting(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                ) -> list[Missing]:
    """Prior notification when listed; the contract and its clauses; the exit plan;
    signing no earlier than the notification period allows."""
    arr, c = case.arrangement, case.contract
    notify = lc.requires_notification(arr)
    out: list[Missing] = []
    if notify and case.status != "regulator_notified":
        out.append(missing("notification.required"))
    if c is None:
        return [*out, missing("contract.record")]
    lacking = c.missing_clauses(critical=arr.important)
    if lacking:
        out.append(missing("contract.clauses", items=list(lacking)))
    out += _need((case.exit_plan is not None or not arr.important, "exit_plan.record"))
    n = case.notification
    if notify and n is not None:
        from dfgov.outsourcing._lifecycle import WeekdayCalendar

        days = lc.section.notification_working_days
        earliest = (lc.calendar or WeekdayCalendar()).add_working_days(n.notified_on, days)
        if c.signed_on < earliest:
            out.append(missing("notification.waiting_period", date=earliest.isoformat(),
                               days=days))
    return out


def contract_start(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                   ) -> list[Missing]:
    """The contract has started."""
    c = case.contract
    return _need((c is not None and c.start <= as_of, "contract.started"))


def review_closed(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                  ) -> list[Missing]:
    """Back to active: a satisfactory assessment since the review began, no knock-out left."""
    since = max((h.at.date() for h in case.history if h.to_state == case.status),
                default=date.min)
    a = case.last_assessment()
    out: list[Missing] = []
    if a is None or a.performed_on < since:
        out.append(missing("assessment.since_review"))
    elif a.conclusion != "satisfactory":
        out.append(missing("assessment.satisfactory"))
    return out + _need((not case.open_major_incidents(), "incidents.open_major"),
                       (not case.open_regulator_requests(), "regulator_requests.open"),
                       (not case.expired_certifications(as_of), "certifications.expired"))


def remediation(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
                ) -> list[Missing]:
    """A remediation plan and its deadline."""
    return _need((bool(ev.remediation_plan), "evidence.remediation_plan"),
                 (ev.remediation_deadline is not None, "evidence.remediation_deadline"))


def termination(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
         ) -> list[Missing]:
    """A termination reason; the exit plan of important outsourcing."""
    return _need((ev.termination_reason is not None, "evidence.termination_reason"),
                 (case.exit_plan is not None or not case.arrangement.important,
                  "exit_plan.record"))


def exited(lc: Lifecycle, case: OutsourcingCase, ev: TransitionEvidence, as_of: date
           ) -> list[Missing]:
    """Data returned or deleted, access revoked, the post-exit evaluation done."""
    return _need((bool(ev.data_returned or ev.data_deleted), "evidence.data_returned_or_deleted"),
                 (ev.access_revoked_on is not None, "evidence.access_revoked_on"),
                 (case.last_assessment(kind="post_exit") is not None, "assessment.post_exit"))
