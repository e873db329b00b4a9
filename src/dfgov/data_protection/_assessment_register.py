"""A register of data-security risk assessments (measure 17's "regular" assessments).

:class:`~dfgov.data_protection.DataSecurityAssessment` judges one dataset and
says in its Report when the next assessment is due; this register keeps
those Reports' dates (never their findings' data) in SQLite or any
SQLAlchemy database — the same database as the audit log, the model
inventory and the outsourcing register if wanted — so what is overdue can be
listed across datasets.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._sql import StoreHandle, attach_audit_log, open_engine
from dfgov._validate import renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import InvalidInputError
from dfgov.report import Report

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["AssessmentRegister"]

_TABLE = "dfgov_data_security_assessments"
_CLAUSES = ("AP-17", "JR/T 0223-2021", "PIPL Art.55")


class AssessmentRegister(StoreHandle):
    """Dates and digests of data-security assessment Reports, per dataset.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine, default "governance.db"
        SQLite file, SQLAlchemy URL, or an Engine shared with other stores.
    audit : AuditLog or object with ``append(...)``, optional
        Receives one event per recorded assessment; by default an
        :class:`dfgov.audit.AuditLog` in the same database.
    actor : str
        Default actor of the audit events.
    clock : Clock, optional
        Where ``recorded_at`` times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`).

    Examples
    --------
    >>> reg = AssessmentRegister("sqlite://")
    >>> reg.due_items()
    []
    >>> reg.close()
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_security.assessment_register"
    clauses: ClassVar[tuple[str, ...]] = _CLAUSES

    def __init__(self, target: str | Path | sa.Engine = "governance.db", *,
                 audit: Any = None, actor: str = "dfgov",
                 clock: Clock | None = None, audit_log: Any = None) -> None:
        import sqlalchemy as sa

        audit_log = renamed_arg(audit, audit_log, caller="AssessmentRegister",
                                new="audit", old="audit_log")

        self.clock = clock
        self.engine, self._owns = open_engine(target, "AssessmentRegister")
        md = sa.MetaData()
        self._t = sa.Table(
            _TABLE, md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("dataset", sa.String(500), nullable=False),
            sa.Column("assessed_on", sa.Date, nullable=False),
            sa.Column("next_due", sa.Date, nullable=False),
            sa.Column("status", sa.String(20), nullable=False),
            sa.Column("report_digest", sa.String(64), nullable=False),
            sa.Column("recorded_at", sa.String(40), nullable=False),
        )
        md.create_all(self.engine)
        from dfgov.audit import AuditLog

        self.audit_log, self._owns_log = attach_audit_log(
            audit_log, lambda: AuditLog(self.engine, actor=actor), "AssessmentRegister")
        self.actor = actor

    def record(self, report: Report, *, actor: str | None = None) -> dict[str, Any]:
        """Record a :class:`DataSecurityAssessment` Report (its dataset, dates and digest)."""
        import sqlalchemy as sa

        if not isinstance(report, Report):
            raise InvalidInputError(
                "The 'report' argument of AssessmentRegister.record must be a Report. "
                f"Got {type(report).__name__}."
            )
        meta = report.metadata
        missing = [k for k in ("dataset", "as_of", "next_assessment_due") if not meta.get(k)]
        if missing:
            raise InvalidInputError(
                "The 'report' given to AssessmentRegister.record is not a data-security "
                f"assessment: its metadata lacks {missing}."
            )
        try:
            assessed = date.fromisoformat(str(meta["as_of"])[:10])
            due = date.fromisoformat(str(meta["next_assessment_due"])[:10])
        except ValueError:
            raise InvalidInputError(
                "The 'report' given to AssessmentRegister.record has dates that are not ISO "
                "dates in 'as_of' or 'next_assessment_due'."
            ) from None
        row = {"dataset": str(meta["dataset"]), "assessed_on": assessed, "next_due": due,
               "status": report.status.value,
               "report_digest": report.digest,
               "recorded_at": now(self.clock).isoformat()}
        with self.engine.begin() as conn:
            res = conn.execute(sa.insert(self._t).values(**row))
            key = res.inserted_primary_key
            assert key is not None
        try:
            self.audit_log.append(
                action="data_security.assessment_recorded", actor=actor or self.actor,
                subject=row["dataset"],
                payload={k: str(v) for k, v in row.items() if k != "recorded_at"})
        except BaseException:
            with self.engine.begin() as conn:  # a failed write leaves the register as it was
                conn.execute(sa.delete(self._t).where(self._t.c.id == key[0]))
            raise
        return row

    def records(self) -> list[dict[str, Any]]:
        """Every recorded assessment, oldest first."""
        import sqlalchemy as sa

        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(self._t).order_by(self._t.c.id))
            return [dict(r._mapping) for r in rows]

    def due_items(self) -> list[dict[str, Any]]:
        """The next assessment of every dataset (from its latest assessment), as plain records.

        Each record has ``area`` ("data_protection"), ``kind`` ("assessment"),
        ``subject`` (dataset), ``due``, ``last`` and ``clauses``.
        """
        latest: dict[str, dict[str, Any]] = {}
        for r in self.records():
            cur = latest.get(r["dataset"])
            if cur is None or r["assessed_on"] >= cur["assessed_on"]:
                latest[r["dataset"]] = r
        return [{"area": "data_protection", "kind": "assessment", "subject": name,
                 "due": r["next_due"], "last": r["assessed_on"], "clauses": _CLAUSES}
                for name, r in sorted(latest.items())]
