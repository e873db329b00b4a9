"""The evidence-gated review workflow: states, transitions and what each one needs.

::

    draft -> submitted -> under_review -> approved | approved_with_conditions | rejected
    approved | approved_with_conditions -> launched -> post_launch_review_due -> launched ...
    rejected -> draft;  submitted | under_review -> draft (returned);  most states -> withdrawn

Guards (each refusal names what is missing):

- submit: every required piece of evidence is linked (nothing *missing*);
- approve: nothing missing, stale or failing on the day; every role of the
  policy approved in this round, nobody rejected; without open conditions
  the result is ``approved``, with them ``approved_with_conditions``;
- launch: the evidence still holds on the launch day and no condition is
  past its deadline unmet;
- post-launch review: due (or a reason given) to open it; to complete it the
  evidence holds again and the policy's post-launch roles approved;
- reject, return, withdraw: a reason.

Four eyes: the submitter of a round never signs it, never approves or
rejects it; one person signs once per round.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dfgov._validate import check_choice
from dfgov.report import Finding, Status
from dfgov.review._policy import ReviewPolicy
from dfgov.review._records import STATES, ReviewCase, SignOff, Transition

__all__ = ["TRANSITIONS", "apply", "missing", "sign_off_problems"]

TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "withdrawn"}),
    "submitted": frozenset({"under_review", "draft", "withdrawn"}),
    "under_review": frozenset({"approved", "approved_with_conditions", "rejected", "draft",
                               "withdrawn"}),
    "approved": frozenset({"launched", "withdrawn"}),
    "approved_with_conditions": frozenset({"launched", "withdrawn"}),
    "rejected": frozenset({"draft"}),
    "launched": frozenset({"post_launch_review_due", "withdrawn"}),
    "post_launch_review_due": frozenset({"launched", "withdrawn"}),
    "withdrawn": frozenset(),
}
_REASON_NEEDED = frozenset({"rejected", "withdrawn", "draft"})
_REVIEWER_STEPS = frozenset({("submitted", "under_review"), ("under_review", "approved"),
                             ("under_review", "approved_with_conditions"),
                             ("under_review", "rejected")})


def _problems(findings: list[Finding], *, only_missing: bool = False) -> list[str]:
    """English sentences naming each missing (or stale/failing) piece of evidence."""
    out = []
    for f in findings:
        if f.status not in (Status.FAIL, Status.ERROR):
            continue
        if only_missing and f.details.get("problem") != "missing":
            continue
        out.append(f.message.en)
    return out


def _signers(case: ReviewCase, roles: list[str]) -> list[str]:
    """Roles of ``roles`` without an approving sign-off this round, and any rejection."""
    current = case.current_sign_offs()
    approved = {s.role for s in current if s.decision == "approve"}
    out = [f"The sign-off of role {r} is missing." for r in roles if r not in approved]
    rejected = sorted({s.role for s in current if s.decision == "reject"})
    if rejected:
        out.append(f"Rejected this round by {', '.join(rejected)}.")
    return out


def missing(case: ReviewCase, to: str, *, actor: str, reason: str, as_of: date,
            findings: list[Finding], settings: ReviewPolicy) -> list[str]:
    """What ``case`` lacks to move to ``to`` on day ``as_of``, as sentences (empty: allowed).

    ``findings`` are the checklist findings on that day (see ``evaluate``).
    """
    check_choice(to, STATES, caller="ReviewStore.transition", parameter="to")
    frm = case.state
    if to not in TRANSITIONS[frm]:
        return [f"There is no transition {frm} -> {to}."]
    out: list[str] = []
    if to in _REASON_NEEDED and not reason.strip():
        out.append("A reason is required.")
    if to == "submitted":
        out += _problems(findings, only_missing=True)
    elif (frm, to) in _REVIEWER_STEPS and actor == case.submitter:
        out.append(f"A reviewer other than the submitter is required ({actor} submitted "
                   "this round).")
    if to in ("approved", "approved_with_conditions"):
        out += _problems(findings)
        out += _signers(case, list(settings.roles))
        has_open = bool(case.open_conditions())
        if to == "approved" and has_open:
            out.append("Conditions are open (approve with conditions instead).")
        if to == "approved_with_conditions" and not has_open:
            out.append("No condition is open (approve without conditions instead).")
    elif to == "launched" and frm != "post_launch_review_due":
        out += _problems(findings)
        out += _overdue(case, as_of)
    elif to == "post_launch_review_due":
        due = case.next_review_due
        if not reason.strip() and (due is None or as_of < due):
            out.append(f"The post-launch review is not due before "
                       f"{due.isoformat() if due else '—'}; an early one needs a reason.")
    elif frm == "post_launch_review_due" and to == "launched":
        if actor == case.submitter:
            out.append(f"A reviewer other than the one who opened this review is required "
                       f"({actor} opened it).")
        out += _problems(findings)
        out += _signers(case, list(settings.post_launch_roles))
        out += _overdue(case, as_of)
    return out


def _overdue(case: ReviewCase, as_of: date) -> list[str]:
    return [f"Condition {c.id} is not met and its deadline {c.deadline.isoformat()} has passed."
            for c in case.conditions if c.overdue(as_of)]


def sign_off_problems(case: ReviewCase, sign: SignOff, settings: ReviewPolicy) -> list[str]:
    """Why ``sign`` may not be recorded on ``case`` (empty: it may)."""
    out: list[str] = []
    if case.state not in ("under_review", "post_launch_review_due"):
        out.append(f"the review to be under review or in post-launch review (it is {case.state})")
    roles = settings.roles if case.state == "under_review" else settings.post_launch_roles
    if sign.role not in roles:
        out.append(f"a role the policy asks for ({', '.join(roles)}); got {sign.role}")
    if sign.person == case.submitter:
        out.append(f"a signer other than the submitter ({sign.person} opened this round)")
    if sign.person == case.dossier.owner and sign.role != "business":
        out.append(f"a signer independent of the product owner for role {sign.role}")
    current = case.current_sign_offs()
    if any(s.person == sign.person for s in current):
        out.append(f"a person who has not signed this round ({sign.person} already signed)")
    if any(s.role == sign.role for s in current):
        out.append(f"a role not yet signed this round ({sign.role} already signed)")
    return out


def apply(case: ReviewCase, to: str, *, actor: str, reason: str, at: datetime,
          settings: ReviewPolicy) -> ReviewCase:
    """The case after the transition (no checks: see :func:`missing`)."""
    upd: dict[str, object] = {"state": to}
    day = at.date()
    if to in ("submitted", "post_launch_review_due"):  # a new round
        upd["round"] = case.round + 1
        upd["submitter"] = actor
    if to == "launched":  # a launch, or a completed post-launch review
        if case.state != "post_launch_review_due":
            upd["launched_on"] = day
        upd["next_review_due"] = day + timedelta(days=settings.post_launch_review_days)
    rec = Transition(from_state=case.state, to_state=to, at=at, actor=actor, reason=reason)
    return case.model_copy(update={**upd, "history": (*case.history, rec)})
