"""ModelInventory: the SR 11-7 model inventory in SQLite or any SQLAlchemy database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

import dfgov.model_risk.inventory._messages  # noqa: F401  (registers texts)
from dfgov._sql import StoreHandle, attach_audit_log, open_engine
from dfgov._validate import check_choice, param_error, renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import ColumnError, ConflictError, InvalidInputError, LifecycleError
from dfgov.i18n import text
from dfgov.model_risk.inventory._rules import Level, _passed, _text_arg, _today, identity, risk_tier
from dfgov.model_risk.inventory._schema import tables, upgrade
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dfgov.audit import AuditSink

__all__ = ["STATUSES", "ModelInventory", "ModelRecord", "ModelStatus", "risk_tier"]

ModelStatus = Literal["development", "validated", "approved", "production", "retired"]
STATUSES: tuple[ModelStatus, ...] = (
    "development", "validated", "approved", "production", "retired")
DEFAULT_REVIEW_DAYS = {1: 365, 2: 730, 3: 1095}
CLAUSES = ("AP-16", "SR 11-7 §VI", "JR/T 0221-2021 §6.5")


class ModelRecord(BaseModel):
    """One model version in the inventory."""

    model_config = ConfigDict(frozen=True, extra="forbid", protected_namespaces=())

    model_id: str
    version: str
    name: str
    owner: str
    tier: int
    materiality: str
    complexity: str
    use: str
    status: ModelStatus
    approver: str | None
    developer: str | None = None
    last_validation: date | None
    next_review_due: date | None
    report_digests: tuple[str, ...]
    created_at: str
    updated_at: str
    row_version: int

    @property
    def key(self) -> str:
        """``model_id@version``."""
        return f"{self.model_id}@{self.version}"


class ModelInventory(StoreHandle):
    """Model inventory: versions, owners, risk tiers, lifecycle and validation dates.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine, default "dfgov-inventory.db"
        SQLite file, SQLAlchemy URL, or an Engine shared with other stores
        (e.g. the AuditLog's).
    audit : AuditSink, optional
        Where every change is recorded; by default an :class:`dfgov.audit.AuditLog`
        in the same database.
    review_days : mapping of tier to days, optional
        Validation interval per tier (default 365, 730 and 1095 days for tiers 1–3).
    actor : str, optional
        Default actor of recorded changes.
    clock : Clock, optional
        Where change times and the default ``as_of`` are read (default
        :data:`dfgov.clock.SYSTEM_CLOCK`). The production gate's "not overdue as of today"
        always reads the wall clock, so a pinned clock cannot move it.

    Notes
    -----
    Status moves forward only, one step at a time — development → validated
    → approved → production — and any state may move to retired. Every move
    names an approver; validation, approval and production need an approver
    other than the owner and the developer (effective challenge; names are
    compared after NFKC normalisation, case-folding and whitespace
    collapsing), ``validated`` needs a recorded validation — a report that
    passed — and production a validation that is not overdue as of today.
    Validation dates may not lie in the future.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "model_inventory"
    clauses: ClassVar[tuple[str, ...]] = ("AP-16", "JR/T 0221-2021 §6.5", "SR 11-7 §VI")

    def __init__(
        self,
        target: str | Path | sa.Engine = "dfgov-inventory.db",
        *,
        audit: AuditSink | None = None,
        review_days: dict[int, int] | None = None,
        actor: str = "dfgov",
        clock: Clock | None = None,
        audit_log: AuditSink | None = None,
    ) -> None:
        import sqlalchemy as sa

        audit_log = renamed_arg(audit, audit_log, caller="ModelInventory",
                                new="audit", old="audit_log")

        self.clock = clock
        days = dict(DEFAULT_REVIEW_DAYS if review_days is None else review_days)
        if set(days) != {1, 2, 3} or any(not isinstance(v, int) or v < 1 for v in days.values()):
            raise InvalidInputError(
                "The 'review_days' argument of ModelInventory must map tiers 1, 2 and 3 to "
                "positive numbers of days."
            )
        self.review_days = days
        self.actor = _text_arg(actor, "actor", "ModelInventory")
        self.engine, self._owns = open_engine(target, "ModelInventory")
        md = sa.MetaData()
        self._models, self._transitions, self._reports = tables(md)
        md.create_all(self.engine)
        upgrade(self.engine)
        from dfgov.audit import AuditLog

        self.audit_log, self._owns_log = attach_audit_log(
            audit_log, lambda: AuditLog(self.engine, actor=actor), "ModelInventory")

    # -- reading ------------------------------------------------------------
    def _record(self, conn: sa.Connection, row: Any) -> ModelRecord:
        import sqlalchemy as sa

        r = self._reports
        digests = conn.execute(
            sa.select(r.c.report_digest).where(r.c.model_id == row.model_id,
                                               r.c.version == row.version).order_by(r.c.id)
        ).scalars().all()
        data = dict(row._mapping)
        return ModelRecord(**data, report_digests=tuple(digests))

    def get(self, model_id: str, version: str) -> ModelRecord:
        """The record of ``model_id`` at ``version`` (ColumnError, a KeyError, when absent)."""
        import sqlalchemy as sa

        m = self._models
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(m).where(m.c.model_id == model_id,
                                                  m.c.version == version)).first()
            if row is None:
                raise ColumnError(f"Model {model_id!r} version {version!r} is not in the "
                                  "inventory.")
            return self._record(conn, row)

    def records(self, *, status: ModelStatus | None = None) -> list[ModelRecord]:
        """Every record (optionally of one status), ordered by model id and version."""
        import sqlalchemy as sa

        m = self._models
        q = sa.select(m).order_by(m.c.model_id, m.c.version)
        if status is not None:
            check_choice(status, STATUSES, caller="ModelInventory.records", parameter="status")
            q = q.where(m.c.status == status)
        with self.engine.connect() as conn:
            return [self._record(conn, row) for row in conn.execute(q)]

    def overdue(self, as_of: date | None = None) -> list[ModelRecord]:
        """Validated, approved or production models whose review is due before ``as_of``.

        Approved or production models that were never validated count as overdue.
        """
        day = as_of or now(self.clock).date()
        active = ("validated", "approved", "production")
        return [r for r in self.records() if r.status in active and (
            r.next_review_due is None or r.next_review_due < day)]

    def history(self, model_id: str, version: str) -> list[dict[str, Any]]:
        """The status transitions of a model version, oldest first."""
        import sqlalchemy as sa

        t = self._transitions
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).where(t.c.model_id == model_id,
                                                   t.c.version == version).order_by(t.c.id))
            return [dict(r._mapping) for r in rows]

    # -- writing ------------------------------------------------------------
    def register(
        self,
        model_id: str,
        version: str,
        *,
        owner: str,
        name: str = "",
        materiality: Level = "medium",
        complexity: Level = "medium",
        use: Level = "medium",
        actor: str | None = None,
        developer: str | None = None,
    ) -> ModelRecord:
        """Add a model version in status ``development``; its tier follows :func:`risk_tier`.

        ``developer`` (who built the model, when not the owner) can, like the
        owner, never approve it.
        """
        import sqlalchemy as sa

        caller = "ModelInventory.register"
        for arg, nm in ((model_id, "model_id"), (version, "version"), (owner, "owner")):
            _text_arg(arg, nm, caller)
        if developer is not None:
            _text_arg(developer, "developer", caller)
        tier = risk_tier(materiality, complexity, use)
        stamp = now(self.clock).isoformat()
        row = {"model_id": model_id, "version": version, "name": name or model_id,
               "owner": owner, "tier": tier, "materiality": materiality,
               "complexity": complexity, "use": use, "status": "development",
               "approver": None, "developer": developer, "last_validation": None,
               "next_review_due": None, "created_at": stamp, "updated_at": stamp,
               "row_version": 1}
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(self._models).values(**row))
        except sa.exc.IntegrityError:
            raise ConflictError(
                f"Model {model_id!r} version {version!r} is already in the inventory."
            ) from None
        self._audit("inventory.register", actor, model_id, version,
                    {k: row[k] for k in ("owner", "developer", "tier", "materiality",
                                         "complexity", "use", "status")})
        return self.get(model_id, version)

    def record_validation(
        self,
        model_id: str,
        version: str,
        report: Report | str,
        *,
        as_of: date | None = None,
        actor: str | None = None,
        on: date | None = None,
    ) -> ModelRecord:
        """Record a validation; sets the next review from the tier.

        ``report`` is the validation :class:`Report`, which must have passed
        (overall ``pass`` or ``warn``, no ``error`` finding), or the digest of
        a passing report this inventory already holds for the model (linked
        with :meth:`link_report`). A bare digest the inventory has never seen
        proves nothing and is refused. The validation date (``as_of``, default
        the report's finish date) may not lie in the future; ``on`` is its deprecated
        old name (warns; goes in the next release).
        """
        caller = "ModelInventory.record_validation"
        as_of = renamed_arg(as_of, on, caller=caller, new="as_of", old="on")
        rec = self.get(model_id, version)
        if isinstance(report, Report):
            digest = self._digest(report, "record_validation")
            status = report.status.value
            if not _passed(status) or any(f.status is Status.ERROR for f in report.findings):
                raise LifecycleError(
                    f"Model {rec.key}: a validation must be a report that passed; this one's "
                    f"overall status is {status!r}."
                )
        else:
            digest = self._digest(report, "record_validation")
            if not self._known_passing(rec, digest):
                raise LifecycleError(
                    f"Model {rec.key}: the digest names no passing report this inventory holds "
                    "for it; pass the Report itself, or link it first with link_report."
                )
            status = Status.PASS.value
        day = as_of or (report.finished_at.date() if isinstance(report, Report) else _today())
        if not isinstance(day, date):
            raise param_error(caller, "as_of", "must be a date",
                              got_text=f"type {type(day).__name__}")
        if day > _today():
            raise param_error(caller, "as_of", "must not lie in the future",
                              got=day.isoformat())
        due = day + timedelta(days=self.review_days[rec.tier])
        self._update(rec, {"last_validation": day, "next_review_due": due},
                     report=(digest, "validation", status))
        self._audit("inventory.validation", actor, model_id, version,
                    {"report_digest": digest, "validated_on": day.isoformat(),
                     "next_review_due": due.isoformat(), "report_status": status})
        return self.get(model_id, version)

    def _known_passing(self, rec: ModelRecord, digest: str) -> bool:
        import sqlalchemy as sa

        r = self._reports
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(r.c.status).where(
                r.c.model_id == rec.model_id, r.c.version == rec.version,
                r.c.report_digest == digest)).scalars().all()
        return any(_passed(s) for s in found)

    def link_report(
        self,
        model_id: str,
        version: str,
        report: Report | str,
        *,
        kind: str = "assessment",
        actor: str | None = None,
    ) -> ModelRecord:
        """Link a Report (or its digest) of any kind — monitoring, assessment — to a model.

        A Report's overall status is kept with its digest (a digest alone has
        none), so :meth:`record_validation` can later accept that digest.
        """
        digest = self._digest(report, "link_report")
        _text_arg(kind, "kind", "ModelInventory.link_report")
        status = report.status.value if isinstance(report, Report) else None
        rec = self.get(model_id, version)
        self._update(rec, {}, report=(digest, kind, status))
        self._audit("inventory.report", actor, model_id, version,
                    {"report_digest": digest, "kind": kind, "report_status": status})
        return self.get(model_id, version)

    @staticmethod
    def _digest(report: Report | str, method: str) -> str:
        digest = report.digest if isinstance(report, Report) else report
        if not isinstance(digest, str) or len(digest) != 64 or any(
            c not in "0123456789abcdef" for c in digest
        ):
            raise InvalidInputError(
                f"The 'report' argument of ModelInventory.{method} must be a Report or its "
                "64-character lower-case hex digest."
            )
        return digest

    def transition(
        self,
        model_id: str,
        version: str,
        to_status: ModelStatus,
        *,
        approver: str,
        actor: str | None = None,
        reason: str = "",
        as_of: date | None = None,
    ) -> ModelRecord:
        """Move a model forward one status (or to retired), recording the approver.

        Raises
        ------
        LifecycleError
            Backward or skipping moves, a missing validation, an overdue
            validation for production, or the owner approving their own model.
        """
        caller = "ModelInventory.transition"
        _text_arg(approver, "approver", caller)
        check_choice(to_status, STATUSES, caller=caller, parameter="to_status")
        rec = self.get(model_id, version)
        cur, new = STATUSES.index(rec.status), STATUSES.index(to_status)
        if rec.status == "retired" or not (new == cur + 1 or to_status == "retired"):
            raise LifecycleError(
                f"Model {rec.key} cannot move from {rec.status!r} to {to_status!r}: status "
                "moves forward one step at a time (or to 'retired')."
            )
        if to_status == "validated" and rec.last_validation is None:
            raise LifecycleError(
                f"Model {rec.key} cannot be marked validated: no validation report is recorded "
                "(use record_validation)."
            )
        who = identity(approver)
        if to_status != "retired" and who in {identity(p) for p in (rec.owner, rec.developer)
                                              if p}:
            raise LifecycleError(
                f"Model {rec.key} cannot be {to_status} by its owner or developer: the approver "
                "must be independent of the owner and developer (names compared after "
                "Unicode normalisation, case and spacing ignored)."
            )
        if as_of is not None and not isinstance(as_of, date):
            raise param_error(caller, "as_of", "must be a date",
                              got_text=f"type {type(as_of).__name__}")
        # Checked as of today at the earliest: a past 'as_of' cannot hide an overdue validation.
        day = max(as_of or _today(), _today())
        if to_status == "production" and (rec.next_review_due is None
                                          or rec.next_review_due < day):
            raise LifecycleError(
                f"Model {rec.key} cannot go to production: its validation is overdue."
            )
        self._update(rec, {"status": to_status, "approver": approver},
                     transition=(rec.status, to_status, approver, actor or self.actor, reason))
        self._audit("inventory.transition", actor, model_id, version,
                    {"from": rec.status, "to": to_status, "approver": approver,
                     "reason": reason})
        return self.get(model_id, version)

    def _update(self, rec: ModelRecord, values: dict[str, Any], *,
                report: tuple[str, str, str | None] | None = None,
                transition: tuple[str, str, str, str, str] | None = None) -> None:
        import sqlalchemy as sa

        m = self._models
        stamp = now(self.clock).isoformat()
        with self.engine.begin() as conn:
            res = conn.execute(
                sa.update(m).where(m.c.model_id == rec.model_id, m.c.version == rec.version,
                                   m.c.row_version == rec.row_version)
                .values(**values, updated_at=stamp, row_version=rec.row_version + 1)
            )
            if res.rowcount != 1:
                raise ConflictError(
                    f"Model {rec.key} was changed concurrently; nothing was written. Retry."
                )
            if report is not None:
                conn.execute(sa.insert(self._reports).values(
                    model_id=rec.model_id, version=rec.version, report_digest=report[0],
                    kind=report[1], status=report[2], at=stamp))
            if transition is not None:
                frm, to, appr, act, why = transition
                conn.execute(sa.insert(self._transitions).values(
                    model_id=rec.model_id, version=rec.version, from_status=frm,
                    to_status=to, approver=appr, actor=act, reason=why, at=stamp))

    def _audit(self, action: str, actor: str | None, model_id: str, version: str,
               payload: dict[str, Any]) -> None:
        self.audit_log.append(action=action, actor=actor or self.actor,
                              subject=f"{model_id}@{version}", payload=payload)

    # -- reporting ----------------------------------------------------------
    def findings(self, as_of: date | None = None) -> list[Finding]:
        """A failing finding per overdue model, or one passing finding."""
        day = as_of or now(self.clock).date()
        out = []
        for r in self.overdue(day):
            if r.next_review_due is None:
                msg = text("inventory.never_validated", model=r.key, tier=r.tier,
                           status=r.status)
                value = None
            else:
                days = (day - r.next_review_due).days
                msg = text("inventory.overdue", model=r.key, tier=r.tier, status=r.status,
                           due=r.next_review_due.isoformat(), days=days)
                value = float(days)
            out.append(Finding(control="inventory.validation_due", status=Status.FAIL,
                               subject=r.key, metric="days_overdue", value=value,
                               clauses=CLAUSES, message=msg,
                               details={"tier": r.tier, "owner": r.owner}))
        if not out:
            n = len([r for r in self.records() if r.status != "retired"])
            out.append(Finding(control="inventory.validation_due", status=Status.PASS,
                               clauses=CLAUSES, message=text("inventory.current", n=n)))
        return out

    def table(self) -> Table:
        """The inventory as a report Table."""
        rows = tuple(
            (r.model_id, r.version, r.owner, r.tier, r.status,
             r.last_validation.isoformat() if r.last_validation else None,
             r.next_review_due.isoformat() if r.next_review_due else None)
            for r in self.records()
        )
        return Table(title=text("inventory.table"),
                     columns=tuple(text(f"inventory.col.{c}") for c in (
                         "model", "version", "owner", "tier", "status", "last_validation",
                         "next_review")),
                     rows=rows)
