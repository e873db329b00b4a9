"""Reports (en / zh-CN) of a review's state and of the active and expiring waivers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dfgov.clock import Clock
from dfgov.i18n import text
from dfgov.policy import Policy
from dfgov.report import Finding, Report, Status, Table, WaiverRef
from dfgov.review._messages import roles_label, state_label
from dfgov.review._policy import ReviewPolicy
from dfgov.review._records import ReviewCase
from dfgov.review._waiver import Waiver
from dfgov.waivers import WAIVER_CLAUSES, WaiverPolicy

__all__ = ["review_report", "waiver_report"]

_CLAUSES = ("AP-16", "JR/T 0221-2021 §6.5")
_STATE_STATUS = {
    "draft": Status.WARN, "submitted": Status.WARN, "under_review": Status.WARN,
    "approved": Status.PASS, "approved_with_conditions": Status.PASS, "rejected": Status.FAIL,
    "launched": Status.PASS, "post_launch_review_due": Status.WARN, "withdrawn": Status.SKIPPED,
}


def _round_roles(case: ReviewCase, settings: ReviewPolicy) -> list[str]:
    opened = [h.to_state for h in case.history if h.to_state in (
        "submitted", "post_launch_review_due")]
    if opened and opened[-1] == "post_launch_review_due":
        return list(settings.post_launch_roles)
    return list(settings.roles)


def _workflow_findings(case: ReviewCase, settings: ReviewPolicy, day: date) -> list[Finding]:
    out = [Finding(control="review.state", status=_STATE_STATUS[case.state], subject=case.id,
                   clauses=_CLAUSES, message=text(
                       "review.state", id=case.id, product=case.dossier.product,
                       state=state_label(case.state), round=case.round),
                   details={"state": case.state, "round": case.round})]
    if case.round >= 1 and case.state not in ("draft", "submitted", "withdrawn"):
        roles = _round_roles(case, settings)
        current = case.current_sign_offs()
        approved = [r for r in roles if any(s.role == r and s.decision == "approve"
                                            for s in current)]
        rejected = sorted({s.role for s in current if s.decision == "reject"})
        waiting = [r for r in roles if r not in approved]
        if rejected:
            status, msg = Status.FAIL, text("review.signoffs_rejected", round=case.round,
                                             roles=roles_label(rejected))
        elif waiting:
            status, msg = Status.WARN, text("review.signoffs_missing", round=case.round,
                                             roles=roles_label(waiting))
        else:
            status, msg = Status.PASS, text("review.signoffs_ok", round=case.round,
                                             roles=roles_label(approved))
        out.append(Finding(control="review.sign_offs", status=status, subject=case.id,
                           message=msg, clauses=_CLAUSES,
                           details={"round": case.round, "missing": waiting,
                                    "rejected": rejected}))
    for c in case.conditions:
        if not c.open:
            status, key = Status.PASS, "review.condition_met"
        elif c.overdue(day):
            status, key = Status.FAIL, "review.condition_overdue"
        else:
            status, key = Status.WARN, "review.condition_open"
        out.append(Finding(
            control="review.conditions", status=status, subject=f"{case.id}/{c.id}",
            clauses=_CLAUSES, message=text(key, id=c.id, text=c.text, owner=c.owner,
                                            deadline=c.deadline.isoformat(),
                                            met_on=str(c.met_on), met_by=c.met_by or ""),
            details={"deadline": c.deadline.isoformat(), "met_on": str(c.met_on or "")}))
    due = case.next_review_due
    if due is not None and case.state in ("launched", "post_launch_review_due"):
        days = (due - day).days
        if days < 0:
            status, key = Status.FAIL, "review.post_launch_overdue"
        elif days <= settings.due_soon_days or case.state == "post_launch_review_due":
            status, key = Status.WARN, "review.post_launch_soon"
        else:
            status, key = Status.PASS, "review.post_launch_scheduled"
        out.append(Finding(control="review.post_launch", status=status, subject=case.id,
                           metric="days_until_due", value=float(days), clauses=_CLAUSES,
                           message=text(key, subject=case.dossier.product,
                                         due=due.isoformat())))
    return out


def _dossier_rows(case: ReviewCase) -> list[tuple[Any, ...]]:
    d = case.dossier
    flows = "; ".join(
        f"{f.source} → {f.destination}" + (" (cross-border)" if f.cross_border else "")
        for f in d.data_flows)
    datasets = ", ".join(f"{x.name} ({'/'.join(x.categories) or '—'})" for x in d.datasets)
    return [
        ("product", d.product), ("product_type", d.product_type), ("owner", d.owner),
        ("channel", d.channel), ("description", d.description or None),
        ("launch_date", d.launch_date.isoformat() if d.launch_date else None),
        ("models", ", ".join(m.key for m in d.models) or None),
        ("datasets", datasets or None),
        ("arrangements", ", ".join(d.arrangements) or None), ("data_flows", flows or None),
        ("state", case.state), ("round", case.round), ("launched_on", str(case.launched_on or
                                                                           "") or None),
        ("next_review_due", case.next_review_due.isoformat() if case.next_review_due
         else None),
    ]


def _tables(case: ReviewCase) -> list[Table]:
    def cols(*keys: str) -> tuple[Any, ...]:
        return tuple(text(f"review.col.{k}") for k in keys)

    return [
        Table(title=text("review.table.dossier"), columns=cols("field", "value"),
              rows=tuple(_dossier_rows(case))),
        Table(title=text("review.table.evidence"),
              columns=cols("kind", "subject", "digest", "added", "by"),
              rows=tuple((e.kind, e.subject, e.ref[:16], e.added_at.isoformat(), e.added_by)
                         for e in case.evidence)),
        Table(title=text("review.table.signoffs"),
              columns=cols("round", "role", "person", "decision", "at"),
              rows=tuple((s.round, s.role, s.person, s.decision, s.at.isoformat())
                         for s in case.sign_offs)),
        Table(title=text("review.table.conditions"),
              columns=cols("id", "text", "deadline", "owner", "met"),
              rows=tuple((c.id, c.text, c.deadline.isoformat(), c.owner,
                          c.met_on.isoformat() if c.met_on else None)
                         for c in case.conditions)),
        Table(title=text("review.table.history"),
              columns=cols("at", "from", "to", "by", "reason"),
              rows=tuple((h.at.isoformat(), h.from_state or None, h.to_state, h.actor,
                          h.reason or None) for h in case.history)),
    ]


def review_report(case: ReviewCase, checklist: Sequence[Finding], settings: ReviewPolicy,
                  day: date, *, policy: Policy | None = None,
                  clock: Clock | None = None) -> Report:
    """The review's state on ``day``: workflow findings, checklist findings and tables."""
    findings = [*_workflow_findings(case, settings, day), *checklist]
    return Report.build(
        findings, title=text("review.title", product=case.dossier.product), policy=policy,
        tables=_tables(case), clock=clock,
        metadata={"review_id": case.id, "state": case.state, "round": case.round,
                  "as_of": day.isoformat(), "product_type": case.dossier.product_type,
                  "next_review_due": case.next_review_due.isoformat()
                  if case.next_review_due else None},
    )


def waiver_report(active: Sequence[Waiver], day: date, settings: WaiverPolicy, *,
                  policy: Policy | None = None, clock: Clock | None = None) -> Report:
    """Active waivers on ``day``: each ``waived`` (accepted), or a warning when expiring."""
    findings: list[Finding] = []
    rows = []
    for w in sorted(active, key=lambda x: (x.expires, x.id)):
        left = (w.expires - day).days
        params = {"id": w.id, "target": w.target, "model": w.model, "version": w.version,
                  "expires": w.expires.isoformat(), "approver": w.approver or "",
                  "compensating": "; ".join(w.compensating_controls) or "—", "days": left}
        expiring = left <= settings.expiring_within_days
        findings.append(Finding(
            control="review.waivers", subject=w.id, clauses=WAIVER_CLAUSES,
            status=Status.WARN if expiring else Status.WAIVED,
            waiver=None if expiring else WaiverRef(id=w.id, approver=w.approver or "",
                                                   expires=w.expires),
            message=text("waiver.expiring" if expiring else "waiver.active", **params),
            metric="days_left", value=float(left),
            details={"model": w.model, "version": w.version, "control": w.control,
                     "finding_subject": w.subject, "dossier_id": w.dossier_id}))
        rows.append((w.id, w.target, f"{w.model}@{w.version}", w.requester, w.approver,
                     w.valid_from.isoformat(), w.expires.isoformat(), left,
                     "; ".join(w.compensating_controls) or None))
    if not findings:
        findings.append(Finding(control="review.waivers", status=Status.PASS,
                                clauses=WAIVER_CLAUSES, message=text("waiver.none")))
    cols = tuple(text(k) for k in (
        "review.col.id", "waiver.col.target", "waiver.col.model", "waiver.col.requester",
        "waiver.col.approver", "waiver.col.valid_from", "waiver.col.expires",
        "waiver.col.days_left", "waiver.col.compensating"))
    return Report.build(findings, title=text("waiver.title", day=day.isoformat()),
                        policy=policy, tables=[Table(title=text("waiver.table"), columns=cols,
                                                     rows=tuple(rows))],
                        metadata={"as_of": day.isoformat(), "active": len(active)},
                        clock=clock)
