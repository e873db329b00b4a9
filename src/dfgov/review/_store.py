"""ReviewStore: compliance reviews of new business in SQLite or any SQLAlchemy database.

Every act is appended to the audit log first and then written in one
transaction guarded by the dossier's ``version``: a stale write raises
:class:`~dfgov.errors.ConflictError`, leaves the store as it was, and is
followed by a ``review.aborted`` event. A refused step (missing evidence,
four-eyes rule) raises :class:`~dfgov.errors.LifecycleError` naming what is
missing and is recorded as a ``review.refused`` event.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from dfgov._sql import StoreHandle, attach_audit_log, open_engine
from dfgov._validate import check_choice, param_error, renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import ConflictError, InvalidInputError, LifecycleError
from dfgov.policy import Policy, resolve_section
from dfgov.report import Finding, Report
from dfgov.review._checklist import evaluate
from dfgov.review._evidence import encode_artefact, infer_subject
from dfgov.review._policy import ReviewPolicy
from dfgov.review._records import (
    EVIDENCE_KINDS,
    Condition,
    Dossier,
    EvidenceKind,
    EvidenceLink,
    ReviewCase,
    SignOff,
    Transition,
)
from dfgov.review._schema import tables
from dfgov.review._sources import StoreSources
from dfgov.review._workflow import apply, missing, sign_off_problems

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dfgov.review._due import DueItem
    from dfgov.review._waiver_store import WaiverRegister

__all__ = ["ReviewStore"]


def _actor(value: Any, name: str, caller: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"The {name!r} argument of {caller} must be a non-empty string.")
    return value


def _when(at: datetime | None, caller: str, clock: Clock | None) -> datetime:
    if at is None:
        return now(clock)
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise param_error(caller, "at", "must be a timezone-aware datetime")
    return at


class ReviewStore(StoreHandle):
    """Compliance reviews of new business (measure 16), with their evidence and workflow.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine, default "governance.db"
        SQLite file, SQLAlchemy URL, or an Engine shared with the other
        stores (audit log, model inventory, outsourcing register) — the
        review reads outsourcing states and disclosure publications there.
    audit : AuditLog, optional
        Receives every step; by default an :class:`dfgov.audit.AuditLog` in
        the same database. Publication of disclosures is checked in it.
    policy : Policy, optional
        Its ``[review]`` section (checklists, roles, intervals),
        ``[waivers]`` and ``[disclosure]`` sections; defaults otherwise.
    actor : str
        Default actor of system events (e.g. a post-launch review falling due).
    clock : Clock, optional
        Where step times and "today" are read when not given (default
        :data:`dfgov.clock.SYSTEM_CLOCK`); the waiver register shares it.

    Examples
    --------
    >>> from dfgov.review import Dossier, ReviewStore
    >>> store = ReviewStore("sqlite://")
    >>> case = store.create(Dossier(id="R1", product="Savings app", product_type="deposit",
    ...                             owner="alice"), actor="alice")
    >>> case.state, store.submit("R1", actor="alice").state
    ('draft', 'submitted')
    >>> store.close()
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "review"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "AP-17",
        "JR/T 0221-2021 §6.5",
        "JR/T 0287-2023",
        "PIPL Art.55",
        "PIPL Art.56",
        "CBIRC-2021-141 Art.15",
        "SR 11-7 §VI",
    )

    def __init__(
        self,
        target: str | Path | sa.Engine = "governance.db",
        *,
        audit: Any = None,
        policy: Policy | None = None,
        actor: str = "dfgov",
        clock: Clock | None = None,
        audit_log: Any = None,
    ) -> None:
        import sqlalchemy as sa

        audit_log = renamed_arg(audit, audit_log, caller="ReviewStore",
                                new="audit", old="audit_log")

        self.actor = _actor(actor, "actor", "ReviewStore")
        self.clock = clock
        if policy is not None and not isinstance(policy, Policy):
            raise InvalidInputError(
                f"The 'policy' argument of ReviewStore must be a dfgov.Policy or None. "
                f"Got {type(policy).__name__}.")
        self.policy = policy or Policy.default()
        self.settings = resolve_section(self.policy, ReviewPolicy, "ReviewStore")
        self.engine, self._owns = open_engine(target, "ReviewStore")
        md = sa.MetaData()
        self._t = tables(md)
        md.create_all(self.engine)
        from dfgov.audit import AuditLog

        self.audit_log, self._owns_log = attach_audit_log(
            audit_log, lambda: AuditLog(self.engine, actor=actor), "ReviewStore")
        self.sources = StoreSources(self.engine, self._t["artefacts"], self.audit_log,
                                    self.policy)
        self._waivers: WaiverRegister | None = None

    # -- lifecycle ---------------------------------------------------------------
    @property
    def waivers(self) -> WaiverRegister:
        """The waiver (risk acceptance) register in the same database and audit log."""
        if self._waivers is None:
            from dfgov.review._waiver_store import WaiverRegister

            self._waivers = WaiverRegister(self.engine, audit=self.audit_log,
                                           policy=self.policy, tables=self._t,
                                           clock=self.clock)
        return self._waivers

    # -- reading -----------------------------------------------------------------
    def case(self, review_id: str) -> ReviewCase:
        """The review: dossier, state, evidence, sign-offs, conditions, history, version."""
        import sqlalchemy as sa

        t = self._t["dossiers"]
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.c.data, t.c.version).where(t.c.id == review_id)).first()
        if row is None:
            raise InvalidInputError(f"No review with id {review_id!r} is in the store.")
        case = ReviewCase.model_validate_json(row.data)
        return case.model_copy(update={"version": int(row.version)})

    def cases(self, *, state: str | None = None) -> list[ReviewCase]:
        """Every review (optionally only those in ``state``), by id."""
        import sqlalchemy as sa

        t = self._t["dossiers"]
        q = sa.select(t.c.data, t.c.version).order_by(t.c.id)
        if state is not None:
            q = q.where(t.c.state == state)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [ReviewCase.model_validate_json(r.data).model_copy(
            update={"version": int(r.version)}) for r in rows]

    def artefact(self, digest: str) -> Any:
        """The stored evidence with ``digest`` (Report, AlgorithmDisclosure, ImpactAssessment).

        None when nothing with this digest is stored. Raises
        :class:`~dfgov.errors.IntegrityError` when the stored text no longer
        has its digest.
        """
        return self.sources.artefact(digest)

    # -- judging -----------------------------------------------------------------
    def evaluate(self, review_id: str | ReviewCase, *, as_of: date | None = None) -> list[Finding]:
        """The checklist findings of the review on day ``as_of`` (default today)."""
        case = review_id if isinstance(review_id, ReviewCase) else self.case(review_id)
        return evaluate(case, self.sources, self.settings, as_of=as_of or now(self.clock).date())

    def report(self, review_id: str, *, as_of: date | None = None) -> Report:
        """The review's state as a Report (en/zh-CN): checklist, sign-offs, conditions, history."""
        from dfgov.review._report import review_report

        case = self.case(review_id)
        day = as_of or now(self.clock).date()
        return review_report(case, self.evaluate(case, as_of=day), self.settings, day,
                             policy=self.policy, clock=self.clock)

    def due(self, as_of: date | None = None) -> list[DueItem]:
        """Post-launch reviews, conditions and waiver expiries due by ``as_of`` + due_soon_days."""
        from dfgov.review._due import due_items

        return due_items(self, as_of)

    # -- writing: dossier and evidence ----------------------------------------------
    def create(self, dossier: Dossier, *, actor: str, at: datetime | None = None) -> ReviewCase:
        """Open a review of ``dossier`` in state ``draft``."""
        import sqlalchemy as sa

        caller = "ReviewStore.create"
        actor = _actor(actor, "actor", caller)
        when = _when(at, caller, self.clock)
        if not isinstance(dossier, Dossier):
            raise InvalidInputError(f"The 'dossier' argument of {caller} must be a Dossier.")
        self.settings.checklist(dossier.product_type)  # a PolicyError when there is none
        case = ReviewCase(dossier=dossier, version=1, history=(Transition(
            from_state="", to_state="draft", at=when, actor=actor, reason="created"),))
        t = self._t["dossiers"]
        with self.engine.connect() as conn:
            if conn.execute(sa.select(t.c.id).where(t.c.id == dossier.id)).first() is not None:
                raise InvalidInputError(f"A review with id {dossier.id!r} already exists.")
        self._audit("review.create", actor, dossier.id, {
            "product": dossier.product, "product_type": dossier.product_type,
            "owner": dossier.owner, "models": [m.key for m in dossier.models],
            "datasets": [d.name for d in dossier.datasets],
            "arrangements": list(dossier.arrangements)})
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(t).values(
                    id=dossier.id, product_type=dossier.product_type, state=case.state,
                    next_review_due=None, version=1, data=case.model_dump_json()))
        except sa.exc.IntegrityError:
            self._audit("review.aborted", actor, dossier.id, {"step": "create"})
            raise ConflictError(f"A review with id {dossier.id!r} already exists.") from None
        return case

    def update_dossier(self, dossier: Dossier, *, actor: str, at: datetime | None = None,
                       expected_version: int | None = None) -> ReviewCase:
        """Replace the dossier of a review in ``draft`` (links to evidence are kept)."""
        caller = "ReviewStore.update_dossier"
        actor = _actor(actor, "actor", caller)
        case = self._load(dossier.id, expected_version)
        if case.state != "draft":
            self._refuse(case.id, actor, "update", f"Review {dossier.id!r} is {case.state}; "
                         "the dossier can change only in draft (return it to draft with a "
                         "reason first).")
        self.settings.checklist(dossier.product_type)
        new = case.model_copy(update={"dossier": dossier})
        return self._commit(case, new, "review.update", actor, {
            "product_type": dossier.product_type, "at": _when(at, caller, self.clock).isoformat()})

    def attach(
        self, review_id: str, evidence: Any, *, kind: EvidenceKind | None = None,
        subject: str | None = None, actor: str, at: datetime | None = None,
    ) -> EvidenceLink:
        """Store a piece of evidence and link it to the review.

        Parameters
        ----------
        evidence : Report, AlgorithmDisclosure or ImpactAssessment
            A Report needs ``kind``: ``model_risk_report``,
            ``data_protection_scan`` or ``data_security_assessment``.
        subject : str, optional
            The model key (``model_id@version``), dataset name or (for an
            impact assessment) the review id; inferred when only one fits.
        """
        caller = "ReviewStore.attach"
        actor = _actor(actor, "actor", caller)
        kind, text, digest = encode_artefact(evidence, kind)
        case = self._load(review_id, None)
        subject = infer_subject(case.dossier, kind, evidence, subject)
        self.sources.store_artefact(kind, text, digest)
        return self._link(case, kind, digest, subject, actor, _when(at, caller, self.clock))

    def link(self, review_id: str, kind: EvidenceKind, digest: str, *, subject: str,
             actor: str, at: datetime | None = None) -> EvidenceLink:
        """Link evidence already in the store (attached to any review) by its digest."""
        caller = "ReviewStore.link"
        actor = _actor(actor, "actor", caller)
        check_choice(kind, EVIDENCE_KINDS, caller=caller, parameter="kind")
        if self.artefact(digest) is None:
            raise InvalidInputError(
                f"No evidence with digest {str(digest)[:16]}… is stored; attach it first.")
        case = self._load(review_id, None)
        subject = infer_subject(case.dossier, kind, None, subject)
        return self._link(case, kind, digest, subject, actor, _when(at, caller, self.clock))

    def _link(self, case: ReviewCase, kind: EvidenceKind, digest: str, subject: str,
              actor: str, when: datetime) -> EvidenceLink:
        if case.state not in ("draft", "submitted", "under_review", "launched",
                              "post_launch_review_due"):
            self._refuse(case.id, actor, "evidence", f"Review {case.id!r} is {case.state}; "
                         "evidence can be added in draft, submitted, under_review, launched "
                         "or post_launch_review_due.")
        link = EvidenceLink(kind=kind, ref=digest, subject=subject, added_at=when,
                            added_by=actor)
        new = case.model_copy(update={"evidence": (*case.evidence, link)})
        self._commit(case, new, "review.evidence", actor,
                     {"kind": kind, "subject": subject, "digest": digest})
        return link

    # -- writing: workflow -----------------------------------------------------------
    def transition(self, review_id: str, to: str, *, actor: str, reason: str = "",
                   at: datetime | None = None, expected_version: int | None = None,
                   ) -> ReviewCase:
        """Check, audit and store one workflow step; see :mod:`dfgov.review` for the guards."""
        caller = "ReviewStore.transition"
        actor = _actor(actor, "actor", caller)
        when = _when(at, caller, self.clock)
        case = self._load(review_id, expected_version)
        findings = self.evaluate(case, as_of=when.date()) if to in (
            "submitted", "approved", "approved_with_conditions", "launched") else []
        problems = missing(case, to, actor=actor, reason=reason, as_of=when.date(),
                           findings=findings, settings=self.settings)
        if problems:
            self._audit("review.refused", actor, case.id,
                        {"from": case.state, "to": to, "missing": problems})
            raise LifecycleError(f"Review {case.id!r} cannot move {case.state} -> {to}: "
                                 + " ".join(problems))
        new = apply(case, to, actor=actor, reason=reason, at=when, settings=self.settings)
        return self._commit(case, new, "review.transition", actor, {
            "from": case.state, "to": to, "reason": reason, "round": new.round,
            "at": when.isoformat(),
            "next_review_due": new.next_review_due.isoformat() if new.next_review_due else None})

    def submit(self, review_id: str, *, actor: str, at: datetime | None = None) -> ReviewCase:
        """draft → submitted: every required piece of evidence must be linked."""
        return self.transition(review_id, "submitted", actor=actor, at=at)

    def start_review(self, review_id: str, *, actor: str, at: datetime | None = None
                     ) -> ReviewCase:
        """submitted → under_review, by someone other than the submitter."""
        return self.transition(review_id, "under_review", actor=actor, at=at)

    def approve(self, review_id: str, *, actor: str, at: datetime | None = None) -> ReviewCase:
        """under_review → approved, or approved_with_conditions when conditions are open."""
        to = "approved_with_conditions" if self.case(review_id).open_conditions() \
            else "approved"
        return self.transition(review_id, to, actor=actor, at=at)

    def reject(self, review_id: str, *, actor: str, reason: str,
               at: datetime | None = None) -> ReviewCase:
        """under_review → rejected (a reason is required)."""
        return self.transition(review_id, "rejected", actor=actor, reason=reason, at=at)

    def launch(self, review_id: str, *, actor: str, at: datetime | None = None) -> ReviewCase:
        """approved[_with_conditions] → launched; sets the first post-launch review date."""
        return self.transition(review_id, "launched", actor=actor, at=at)

    def open_post_launch_review(self, review_id: str, *, actor: str, reason: str = "",
                                at: datetime | None = None) -> ReviewCase:
        """launched → post_launch_review_due (when due, or earlier with a reason)."""
        return self.transition(review_id, "post_launch_review_due", actor=actor, reason=reason,
                               at=at)

    def complete_post_launch_review(self, review_id: str, *, actor: str,
                                    at: datetime | None = None) -> ReviewCase:
        """post_launch_review_due → launched; the evidence must hold again; next date set."""
        caller = "ReviewStore.complete_post_launch_review"
        when = _when(at, caller, self.clock)
        case = self.case(review_id)
        actor = _actor(actor, "actor", caller)
        if case.state != "post_launch_review_due":
            self._refuse(case.id, actor, "complete_post_launch_review", f"Review {review_id!r} "
                         f"is {case.state}; no post-launch review is open.")
        findings = self.evaluate(case, as_of=when.date())
        problems = missing(case, "launched", actor=actor, reason="", as_of=when.date(),
                           findings=findings, settings=self.settings)
        if problems:
            self._audit("review.refused", actor, case.id,
                        {"from": case.state, "to": "launched", "missing": problems})
            raise LifecycleError(f"Review {case.id!r} cannot complete its post-launch review: "
                                 + " ".join(problems))
        new = apply(case, "launched", actor=actor, reason="post-launch review completed",
                    at=when, settings=self.settings)
        return self._commit(case, new, "review.transition", actor, {
            "from": case.state, "to": "launched", "reason": "post-launch review completed",
            "round": new.round, "at": when.isoformat(),
            "next_review_due": new.next_review_due.isoformat() if new.next_review_due else None})

    def withdraw(self, review_id: str, *, actor: str, reason: str,
                 at: datetime | None = None) -> ReviewCase:
        """Any open state → withdrawn (a reason is required)."""
        return self.transition(review_id, "withdrawn", actor=actor, reason=reason, at=at)

    def refresh(self, as_of: date | None = None, *, actor: str | None = None) -> list[ReviewCase]:
        """Open the post-launch review of every launched product whose review is due."""
        day = as_of or now(self.clock).date()
        out = []
        for case in self.cases(state="launched"):
            if case.next_review_due is not None and case.next_review_due <= day:
                out.append(self.transition(
                    case.id, "post_launch_review_due", actor=actor or self.actor,
                    reason="scheduled post-launch review due",
                    at=datetime.combine(day, datetime.min.time(), tzinfo=now(self.clock).tzinfo)))
        return out

    def sign_off(self, review_id: str, role: str, *, person: str, decision: str = "approve",
                 comment: str = "", at: datetime | None = None) -> ReviewCase:
        """Record one role's decision (``approve`` or ``reject``) in the current round."""
        caller = "ReviewStore.sign_off"
        person = _actor(person, "person", caller)
        when = _when(at, caller, self.clock)
        case = self._load(review_id, None)
        sign = SignOff(role=role, person=person, decision=decision, round=max(case.round, 1),
                       at=when, comment=comment)
        problems = sign_off_problems(case, sign, self.settings)
        if problems:
            self._audit("review.refused", person, case.id,
                        {"step": "sign_off", "role": role, "missing": problems})
            raise LifecycleError(f"Review {case.id!r}: the sign-off of {person} as {role} is "
                                 "refused: it needs " + "; ".join(problems) + ".")
        new = case.model_copy(update={"sign_offs": (*case.sign_offs, sign)})
        return self._commit(case, new, "review.sign_off", person, {
            "role": role, "decision": decision, "round": sign.round, "comment": comment})

    def add_condition(self, review_id: str, text: str, *, deadline: date, owner: str,
                      actor: str, condition_id: str | None = None,
                      at: datetime | None = None) -> Condition:
        """Attach a condition with a deadline (by a reviewer, during a review)."""
        caller = "ReviewStore.add_condition"
        actor = _actor(actor, "actor", caller)
        when = _when(at, caller, self.clock)
        case = self._load(review_id, None)
        if case.state not in ("under_review", "post_launch_review_due"):
            self._refuse(case.id, actor, "condition", f"Review {case.id!r} is {case.state}; "
                         "conditions are set during a review (under_review or "
                         "post_launch_review_due).")
        if actor == case.submitter:
            self._refuse(case.id, actor, "condition", f"Review {case.id!r}: conditions are set "
                         f"by a reviewer, not by the submitter ({actor}).")
        cid = condition_id or f"C{len(case.conditions) + 1}"
        if any(c.id == cid for c in case.conditions):
            raise InvalidInputError(f"Review {case.id!r} already has a condition {cid!r}.")
        cond = Condition(id=cid, text=text, deadline=deadline, owner=owner, created_by=actor,
                         created_at=when)
        new = case.model_copy(update={"conditions": (*case.conditions, cond)})
        self._commit(case, new, "review.condition", actor, {
            "condition": cid, "deadline": deadline.isoformat(), "owner": owner, "text": text})
        return cond

    def meet_condition(self, review_id: str, condition_id: str, *, actor: str, evidence: str,
                       as_of: date | None = None, at: datetime | None = None,
                       on: date | None = None) -> Condition:
        """Record that a condition is met (``evidence``: a reference to what shows it).

        ``as_of`` is the day it is met (default: the day of ``at``); ``on`` is its deprecated
        old name (warns; goes in the next release).
        """
        caller = "ReviewStore.meet_condition"
        actor = _actor(actor, "actor", caller)
        _actor(evidence, "evidence", caller)
        when = _when(at, caller, self.clock)
        met_on = renamed_arg(as_of, on, caller=caller, new="as_of", old="on") or when.date()
        case = self._load(review_id, None)
        found = [c for c in case.conditions if c.id == condition_id]
        if not found:
            raise InvalidInputError(f"Review {case.id!r} has no condition {condition_id!r}.")
        if not found[0].open:
            self._refuse(case.id, actor, "meet_condition", f"Condition {condition_id!r} of "
                         f"review {case.id!r} is already met.")
        met = found[0].model_copy(update={"met_on": met_on, "met_by": actor,
                                          "evidence": evidence})
        new = case.model_copy(update={"conditions": tuple(
            met if c.id == condition_id else c for c in case.conditions)})
        self._commit(case, new, "review.condition_met", actor, {
            "condition": condition_id, "met_on": met_on.isoformat(),
            "evidence": evidence})
        return met

    # -- helpers -------------------------------------------------------------------
    def _load(self, review_id: str, expected_version: int | None) -> ReviewCase:
        case = self.case(review_id)
        if expected_version is not None and case.version != expected_version:
            raise self._conflict(review_id, expected_version)
        return case

    def _refuse(self, review_id: str, actor: str, step: str, message: str) -> NoReturn:
        self._audit("review.refused", actor, review_id, {"step": step, "missing": [message]})
        raise LifecycleError(message)

    def _audit(self, action: str, actor: str, subject: str, payload: dict[str, Any]) -> None:
        self.audit_log.append(action=action, actor=actor, subject=subject, payload=payload)

    def _commit(self, old: ReviewCase, new: ReviewCase, action: str, actor: str,
                payload: dict[str, Any]) -> ReviewCase:
        """Audit, then write ``new`` if the stored version is still ``old.version``."""
        import sqlalchemy as sa

        self._audit(action, actor, old.id, payload)
        stored = new.model_copy(update={"version": old.version + 1})
        t = self._t["dossiers"]
        try:
            with self.engine.begin() as conn:  # rolled back on any error
                res = conn.execute(
                    sa.update(t).where(t.c.id == old.id, t.c.version == old.version).values(
                        version=old.version + 1, state=new.state,
                        product_type=new.dossier.product_type,
                        next_review_due=new.next_review_due, data=stored.model_dump_json()))
                if res.rowcount != 1:
                    raise self._conflict(old.id, old.version)
        except ConflictError:
            self._audit("review.aborted", actor, old.id,
                        {"step": action, "reason": "stale version"})
            raise
        return stored

    @staticmethod
    def _conflict(review_id: str, version: int) -> ConflictError:
        return ConflictError(f"Review {review_id!r} changed since version {version}; nothing "
                             "was written. Reload it and retry.")
