"""WaiverRegister: risk acceptances (waivers) requested, approved, revoked — all audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._sql import StoreHandle, attach_audit_log, open_engine
from dfgov._validate import renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import ConflictError, InvalidInputError, LifecycleError
from dfgov.policy import Policy, resolve_section
from dfgov.report import Report
from dfgov.review._schema import tables
from dfgov.review._waiver import Waiver
from dfgov.waivers import WAIVER_CLAUSES, WaiverPolicy, is_non_waivable

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["WaiverRegister", "load_waivers"]


def _nonempty(value: Any, name: str, caller: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"The {name!r} argument of {caller} must be a non-empty string.")
    return value


class WaiverRegister(StoreHandle):
    """The register of risk acceptances (waivers) in SQLite or any SQLAlchemy database.

    A waiver is *requested* (``request``), then *approved* or *rejected* by
    someone other than the requester, and may be *revoked*; it is active
    from ``valid_from`` through ``expires``. The policy's ``[waivers]``
    section is enforced at request and at approval: no waiver for a
    non-waivable control, none longer than ``max_days``, compensating
    controls named. Every step is an audit-log event (``waiver.request``,
    ``waiver.approve``, ``waiver.reject``, ``waiver.revoke``, and
    ``waiver.refused`` for a refused one).

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine, default "governance.db"
    audit : AuditLog, optional
        Default: an :class:`dfgov.audit.AuditLog` in the same database.
    policy : Policy, optional
    clock : Clock, optional
        Where step times and "today" are read when not given (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "review.waivers"
    clauses: ClassVar[tuple[str, ...]] = WAIVER_CLAUSES

    def __init__(
        self,
        target: str | Path | sa.Engine = "governance.db",
        *,
        audit: Any = None,
        policy: Policy | None = None,
        tables: dict[str, sa.Table] | None = None,
        clock: Clock | None = None,
        audit_log: Any = None,
    ) -> None:
        import sqlalchemy as sa

        audit_log = renamed_arg(audit, audit_log, caller="WaiverRegister",
                                new="audit", old="audit_log")

        self.clock = clock
        self.policy = policy or Policy.default()
        self.settings = resolve_section(self.policy, WaiverPolicy, "WaiverRegister")
        self.engine, self._owns = open_engine(target, "WaiverRegister")
        if tables is None:
            md = sa.MetaData()
            tables = _tables(md)
            md.create_all(self.engine)
        self._t = tables["waivers"]
        from dfgov.audit import AuditLog

        self.audit_log, self._owns_log = attach_audit_log(
            audit_log, lambda: AuditLog(self.engine), "WaiverRegister")

    # -- reading -------------------------------------------------------------------
    def get(self, waiver_id: str) -> Waiver:
        """One waiver by id."""
        import sqlalchemy as sa

        t = self._t
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.c.data).where(t.c.id == waiver_id)).first()
        if row is None:
            raise InvalidInputError(f"No waiver with id {waiver_id!r} is registered.")
        return Waiver.model_validate_json(row.data)

    def all(self, *, status: str | None = None, model: str | None = None) -> list[Waiver]:
        """Every waiver (optionally of one status or model), by id."""
        import sqlalchemy as sa

        t = self._t
        q = sa.select(t.c.data).order_by(t.c.id)
        if status is not None:
            q = q.where(t.c.status == status)
        if model is not None:
            q = q.where(t.c.model == model)
        with self.engine.connect() as conn:
            return [Waiver.model_validate_json(r.data) for r in conn.execute(q)]

    def active(self, as_of: date | None = None, *, on: date | None = None) -> list[Waiver]:
        """Approved waivers valid on ``as_of`` (default today; ``on``: its deprecated old name)."""
        day = renamed_arg(as_of, on, caller="WaiverRegister.active", new="as_of", old="on"
                          ) or now(self.clock).date()
        return [w for w in self.all(status="approved") if w.active(day)]

    def expiring(self, as_of: date | None = None, *, within_days: int | None = None,
                 on: date | None = None) -> list[Waiver]:
        """Active waivers that expire within ``within_days`` (policy default) of ``as_of``
        (default today; ``on``: its deprecated old name)."""
        day = renamed_arg(as_of, on, caller="WaiverRegister.expiring", new="as_of", old="on"
                          ) or now(self.clock).date()
        days = self.settings.expiring_within_days if within_days is None else within_days
        return [w for w in self.active(day) if (w.expires - day).days <= days]

    def report(self, as_of: date | None = None) -> Report:
        """Active and expiring waivers as a Report (en/zh-CN)."""
        from dfgov.review._report import waiver_report

        day = as_of or now(self.clock).date()
        return waiver_report(self.active(day), day, self.settings, policy=self.policy,
                             clock=self.clock)

    # -- writing -------------------------------------------------------------------
    def request(
        self,
        *,
        id: str,
        control: str,
        model: str,
        version: str,
        reason: str,
        requester: str,
        expires: date,
        valid_from: date | None = None,
        subject: str | None = None,
        finding_fingerprint: str | None = None,
        model_fingerprint: str | None = None,
        compensating_controls: Sequence[str] = (),
        dossier_id: str | None = None,
        at: datetime | None = None,
    ) -> Waiver:
        """Record a request to accept one failing finding; it has no effect until approved."""
        import sqlalchemy as sa

        caller = "WaiverRegister.request"
        _nonempty(requester, "requester", caller)
        when = at or now(self.clock)
        w = Waiver(id=id, control=control, subject=subject,
                   finding_fingerprint=finding_fingerprint, model=model, version=version,
                   model_fingerprint=model_fingerprint, reason=reason,
                   compensating_controls=tuple(compensating_controls), requester=requester,
                   requested_at=when, valid_from=valid_from or when.date(), expires=expires,
                   dossier_id=dossier_id)
        self._policy_check(w, requester, "request", today=when.date())
        with self.engine.connect() as conn:
            if conn.execute(sa.select(self._t.c.id).where(self._t.c.id == w.id)).first():
                raise InvalidInputError(f"A waiver with id {w.id!r} is already registered.")
        self._audit("waiver.request", requester, w, {"reason": reason})
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(self._t).values(
                    id=w.id, model=w.model, status=w.status, expires=w.expires, row_version=1,
                    data=w.model_dump_json()))
        except sa.exc.IntegrityError:
            self._audit("waiver.aborted", requester, w, {"step": "request"})
            raise ConflictError(f"A waiver with id {w.id!r} is already registered.") from None
        return w

    def approve(self, waiver_id: str, *, approver: str, note: str = "",
                at: datetime | None = None) -> Waiver:
        """Approve a requested waiver; the approver is never the requester."""
        caller = "WaiverRegister.approve"
        _nonempty(approver, "approver", caller)
        when = at or now(self.clock)
        w, version = self._load(waiver_id)
        if w.status != "requested":
            raise LifecycleError(f"Waiver {w.id!r} is {w.status}; only a requested waiver can "
                                 "be approved.")
        if approver == w.requester:
            self._refuse(w, approver, "approve",
                         [f"an approver other than the requester ({approver})"])
        self._policy_check(w, approver, "approve", today=when.date())
        new = w.model_copy(update={"status": "approved", "approver": approver,
                                   "decided_at": when, "decision_note": note})
        return self._commit(w, new, version, "waiver.approve", approver, {"note": note})

    def reject(self, waiver_id: str, *, approver: str, note: str,
               at: datetime | None = None) -> Waiver:
        """Reject a requested waiver (with a note)."""
        return self._end(waiver_id, "reject", ("approver", approver), ("note", note), "requested",
                         {"status": "rejected", "approver": approver,
                          "decided_at": at or now(self.clock), "decision_note": note})

    def revoke(self, waiver_id: str, *, actor: str, reason: str,
               at: datetime | None = None) -> Waiver:
        """End an approved waiver before its expiry (with a reason)."""
        return self._end(waiver_id, "revoke", ("actor", actor), ("reason", reason), "approved",
                         {"status": "revoked", "revoked_by": actor,
                          "revoked_at": at or now(self.clock)})

    def _end(self, waiver_id: str, verb: str, who: tuple[str, str], why: tuple[str, str],
             needs: str, update: dict[str, Any]) -> Waiver:
        """Reject or revoke: check who and why, the waiver's state, then write and audit."""
        caller = f"WaiverRegister.{verb}"
        _nonempty(who[1], who[0], caller)
        _nonempty(why[1], why[0], caller)
        w, version = self._load(waiver_id)
        if w.status != needs:
            article = "an" if needs[0] in "aeiou" else "a"
            raise LifecycleError(f"Waiver {w.id!r} is {w.status}; only {article} {needs} waiver "
                                 f"can be {update['status']}.")
        return self._commit(w, w.model_copy(update=update), version, f"waiver.{verb}", who[1],
                            {why[0]: why[1]})

    # -- helpers -------------------------------------------------------------------
    def _policy_check(self, w: Waiver, actor: str, step: str, *, today: date) -> None:
        s = self.settings
        problems = []
        if w.control is not None and is_non_waivable(w.control, s.non_waivable):
            problems.append(f"a waivable control: the policy forbids waivers for {w.control} "
                            "([waivers] non_waivable)")
        days = (w.expires - w.valid_from).days
        if days > s.max_days:
            problems.append(f"a validity of at most {s.max_days} days ([waivers] max_days); "
                            f"it asks for {days}")
        if s.require_compensating_controls and not [
                c for c in w.compensating_controls if c.strip()]:
            problems.append("at least one compensating control")
        if w.expires < today:
            problems.append(f"an expiry date not in the past ({w.expires.isoformat()})")
        if problems:
            self._refuse(w, actor, step, problems)

    def _refuse(self, w: Waiver, actor: str, step: str, problems: list[str]) -> None:
        self._audit("waiver.refused", actor, w, {"step": step, "missing": problems})
        done = {"request": "requested", "approve": "approved"}.get(step, step)
        raise LifecycleError(f"Waiver {w.id!r} for {w.target} cannot be {done}: it needs "
                             + "; ".join(problems) + ".")

    def _load(self, waiver_id: str) -> tuple[Waiver, int]:
        import sqlalchemy as sa

        t = self._t
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.c.data, t.c.row_version)
                               .where(t.c.id == waiver_id)).first()
        if row is None:
            raise InvalidInputError(f"No waiver with id {waiver_id!r} is registered.")
        return Waiver.model_validate_json(row.data), int(row.row_version)

    def _audit(self, action: str, actor: str, w: Waiver, extra: dict[str, Any]) -> None:
        self.audit_log.append(action=action, actor=actor, subject=w.id, payload={
            "control": w.control, "subject": w.subject,
            "finding_fingerprint": w.finding_fingerprint, "model": w.model,
            "version": w.version, "valid_from": w.valid_from.isoformat(),
            "expires": w.expires.isoformat(), "requester": w.requester,
            "compensating_controls": list(w.compensating_controls),
            "dossier_id": w.dossier_id, **extra})

    def _commit(self, old: Waiver, new: Waiver, version: int, action: str, actor: str,
                extra: dict[str, Any]) -> Waiver:
        import sqlalchemy as sa

        self._audit(action, actor, new, extra)
        t = self._t
        try:
            with self.engine.begin() as conn:
                res = conn.execute(sa.update(t).where(t.c.id == old.id,
                                                      t.c.row_version == version).values(
                    status=new.status, row_version=version + 1, data=new.model_dump_json()))
                if res.rowcount != 1:
                    raise ConflictError(f"Waiver {old.id!r} changed concurrently; nothing was "
                                        "written. Reload it and retry.")
        except ConflictError:
            self._audit("waiver.aborted", actor, new, {"step": action})
            raise
        return new


def _tables(md: sa.MetaData) -> dict[str, sa.Table]:
    return tables(md)


def load_waivers(source: str | Path | sa.Engine) -> list[Waiver]:
    """Every waiver in a waiver file (``.json``) or in a database's register.

    All states are returned — :func:`dfgov.waivers.apply_waivers` applies
    only approved, valid, in-scope ones and says why the others had no
    effect. A database without a waiver register holds none (nothing is
    created).
    """
    import sqlalchemy as sa

    from dfgov.review._schema import PREFIX
    from dfgov.review._waiver import read_waivers

    if isinstance(source, (str, Path)) and str(source).lower().endswith(".json"):
        return read_waivers(source)
    engine, owns = open_engine(source, "load_waivers", create=False)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table(PREFIX + "waivers"):
                return []
            t = tables(sa.MetaData())["waivers"]
            rows = conn.execute(sa.select(t.c.data).order_by(t.c.id)).all()
        return [Waiver.model_validate_json(r.data) for r in rows]
    except sa.exc.DatabaseError as exc:
        raise InvalidInputError(
            f"Cannot read waivers from the database ({exc.orig.__class__.__name__}).") from None
    finally:
        if owns:
            engine.dispose()
