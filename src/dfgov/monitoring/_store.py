"""The monitoring store: baselines and per-period statistics in SQLAlchemy tables.

Two tables, in SQLite by default or any SQLAlchemy database (shareable with the
audit log, the model inventory and the outsourcing register):

* ``dfgov_monitor_models``: one baseline per model version (its configuration
  as JSON and the reference statistics as a blob);
* ``dfgov_monitor_periods``: one row per revision of a period's decision or
  outcome statistics. A revision is never overwritten: adding a period again
  (``replace=True``) or a later label batch writes revision ``n + 1``.

Every write is one transaction followed by an audit-log event carrying the
blob's SHA-256; if the event cannot be written, the row is removed again, so
a failed write leaves the store as it was. :meth:`MonitoringStore.verify`
checks every blob against its digest and the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dfgov._hashing import digest
from dfgov._sql import StoreHandle, attach_audit_log, open_engine
from dfgov._validate import renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import ColumnError, ConflictError, IntegrityError
from dfgov.monitoring._stats import Stats

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["MonitoringStore", "PeriodRecord"]

Kind = Literal["decisions", "labels"]


@dataclass(frozen=True)
class PeriodRecord:
    """One stored revision of a period's statistics."""

    model_id: str
    version: str
    period: str
    kind: Kind
    revision: int
    rows: int
    as_of: str
    recorded_at: str
    digest: str
    stats: Stats | None = None


class MonitoringStore(StoreHandle):
    """Baselines and period statistics of monitored models, with an audit trail.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine, default "governance.db"
        SQLite file, SQLAlchemy URL, or an Engine shared with other stores.
    audit : AuditLog or object with ``append(...)``, optional
        Receives one event per write; by default a :class:`dfgov.audit.AuditLog`
        in the same database.
    actor : str
        Default actor of the audit events.
    clock : Clock, optional
        Where ``recorded_at`` times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`).
    """

    def __init__(self, target: str | Path | sa.Engine = "governance.db", *,
                 audit: Any = None, actor: str = "dfgov",
                 clock: Clock | None = None, audit_log: Any = None) -> None:
        import sqlalchemy as sa

        audit_log = renamed_arg(audit, audit_log, caller="MonitoringStore",
                                new="audit", old="audit_log")

        self.engine, self._owns = open_engine(target, "MonitoringStore")
        md = sa.MetaData()
        self._models = sa.Table(
            "dfgov_monitor_models", md,
            sa.Column("model_id", sa.String(200), primary_key=True),
            sa.Column("version", sa.String(100), primary_key=True),
            sa.Column("config", sa.Text, nullable=False),
            sa.Column("reference", sa.LargeBinary, nullable=False),
            sa.Column("digest", sa.String(64), nullable=False),
            sa.Column("recorded_at", sa.String(40), nullable=False),
        )
        self._periods = sa.Table(
            "dfgov_monitor_periods", md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("model_id", sa.String(200), nullable=False),
            sa.Column("version", sa.String(100), nullable=False),
            sa.Column("period", sa.String(20), nullable=False),
            sa.Column("kind", sa.String(10), nullable=False),
            sa.Column("revision", sa.Integer, nullable=False),
            sa.Column("rows", sa.BigInteger, nullable=False),
            sa.Column("as_of", sa.String(40), nullable=False),
            sa.Column("recorded_at", sa.String(40), nullable=False),
            sa.Column("stats", sa.LargeBinary, nullable=False),
            sa.Column("digest", sa.String(64), nullable=False),
            sa.UniqueConstraint("model_id", "version", "period", "kind", "revision",
                                name="dfgov_monitor_periods_revision"),
        )
        md.create_all(self.engine)
        from dfgov.audit import AuditLog

        self.audit_log, self._owns_log = attach_audit_log(
            audit_log, lambda: AuditLog(self.engine, actor=actor), "MonitoringStore")
        self.actor = actor
        self.clock = clock

    # -- baselines ---------------------------------------------------------
    def write_baseline(self, model_id: str, version: str, config: dict[str, Any],
                       reference: Stats, *, actor: str | None = None) -> None:
        """Store a model version's baseline (an error if it already has one)."""
        import sqlalchemy as sa

        blob = reference.to_bytes()
        text = json.dumps(config, sort_keys=True, ensure_ascii=False)
        sha = digest(blob)
        row = {"model_id": model_id, "version": version, "config": text,
               "reference": blob, "digest": sha, "recorded_at": now(self.clock).isoformat()}
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(self._models).values(**row))
        except sa.exc.IntegrityError:
            raise ConflictError(
                f"Model {model_id!r} version {version!r} already has a monitoring baseline."
            ) from None
        t = self._models
        self._audit("monitoring.baseline", actor, model_id, version,
                    {"digest": sha, "config_sha256": digest(text.encode("utf-8"))},
                    sa.delete(t).where(t.c.model_id == model_id, t.c.version == version))

    def baseline(self, model_id: str, version: str) -> tuple[dict[str, Any], Stats]:
        """The configuration and reference statistics of a model version."""
        import sqlalchemy as sa

        t = self._models
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.model_id == model_id,
                                                  t.c.version == version)).first()
        if row is None:
            raise ColumnError(
                f"Model {model_id!r} version {version!r} has no monitoring baseline; start "
                "monitoring it first (Monitor.start or 'dfgov monitor init')."
            )
        blob = bytes(row.reference)
        if digest(blob) != row.digest:
            raise IntegrityError(
                f"The stored baseline of {model_id!r} version {version!r} does not match its "
                "digest."
            )
        return json.loads(row.config), Stats.from_bytes(blob)

    def models(self) -> list[tuple[str, str]]:
        """Every monitored (model id, version)."""
        import sqlalchemy as sa

        t = self._models
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.c.model_id, t.c.version).order_by(
                t.c.model_id, t.c.version))
            return [(str(r[0]), str(r[1])) for r in rows]

    # -- periods -----------------------------------------------------------
    def write_period(self, model_id: str, version: str, period: str, kind: Kind,
                     stats: Stats, *, rows: int, as_of: str, replace: bool,
                     actor: str | None = None, extra: dict[str, Any] | None = None) -> int:
        """Store a new revision of a period's statistics; return its revision number.

        ``replace=False`` refuses a period that already has statistics of this kind.
        """
        import sqlalchemy as sa

        t = self._periods
        blob = stats.to_bytes()
        sha = digest(blob)
        key = (t.c.model_id == model_id, t.c.version == version, t.c.period == period,
               t.c.kind == kind)
        try:
            with self.engine.begin() as conn:
                last = conn.execute(sa.select(sa.func.max(t.c.revision)).where(*key)).scalar()
                if last is not None and not replace:
                    raise ConflictError(
                        f"Period {period!r} of {model_id!r} version {version!r} already has "
                        f"{kind} statistics (revision {last}); pass replace=True to record a "
                        "new revision."
                    )
                revision = 1 if last is None else int(last) + 1
                conn.execute(sa.insert(t).values(
                    model_id=model_id, version=version, period=period, kind=kind,
                    revision=revision, rows=int(rows), as_of=as_of,
                    recorded_at=now(self.clock).isoformat(), stats=blob, digest=sha))
        except sa.exc.IntegrityError:
            raise ConflictError(
                f"Period {period!r} of {model_id!r} version {version!r} was written "
                "concurrently; nothing was written. Retry."
            ) from None
        payload = {"period": period, "kind": kind, "revision": revision, "rows": int(rows),
                   "as_of": as_of, "digest": sha, **(extra or {})}
        self._audit(f"monitoring.{kind}", actor, model_id, version, payload,
                    sa.delete(t).where(*key, t.c.revision == revision))
        return revision

    def records(self, model_id: str, version: str, *, kind: Kind | None = None,
                period: str | None = None, latest: bool = True, with_stats: bool = True
                ) -> list[PeriodRecord]:
        """Stored revisions (only the latest of each period by default), by period."""
        import sqlalchemy as sa

        t = self._periods
        cols = [t.c.period, t.c.kind, t.c.revision, t.c.rows, t.c.as_of, t.c.recorded_at,
                t.c.digest] + ([t.c.stats] if with_stats else [])
        q = sa.select(*cols).where(t.c.model_id == model_id, t.c.version == version)
        if kind is not None:
            q = q.where(t.c.kind == kind)
        if period is not None:
            q = q.where(t.c.period == period)
        if latest:
            sub = (sa.select(t.c.period, t.c.kind, sa.func.max(t.c.revision).label("rev"))
                   .where(t.c.model_id == model_id, t.c.version == version)
                   .group_by(t.c.period, t.c.kind).subquery())
            q = q.join(sub, sa.and_(t.c.period == sub.c.period, t.c.kind == sub.c.kind,
                                    t.c.revision == sub.c.rev))
        q = q.order_by(t.c.period, t.c.kind, t.c.revision)
        out: list[PeriodRecord] = []
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                stats = None
                if with_stats:
                    blob = bytes(r.stats)
                    if digest(blob) != r.digest:
                        raise IntegrityError(
                            f"The stored {r.kind} statistics of period {r.period!r} "
                            f"(revision {r.revision}) do not match their digest."
                        )
                    stats = Stats.from_bytes(blob)
                out.append(PeriodRecord(model_id, version, str(r.period), r.kind,
                                        int(r.revision), int(r.rows), str(r.as_of),
                                        str(r.recorded_at), str(r.digest), stats))
        return out

    def verify(self) -> list[str]:
        """Problems found: blobs not matching their digest or without an audit event.

        An empty list means every stored baseline and revision matches its
        digest and a ``monitoring.*`` audit event recorded that digest (the
        audit log's own chain is checked by ``AuditLog.verify``).
        """
        import sqlalchemy as sa

        recorded: set[str] = set()
        events = getattr(self.audit_log, "events", None)
        if callable(events):
            for ev in events():
                if ev.action.startswith("monitoring."):
                    recorded.add(str(json.loads(ev.payload_json).get("digest", "")))
        problems: list[str] = []
        with self.engine.connect() as conn:
            m = self._models
            for r in conn.execute(sa.select(m.c.model_id, m.c.version, m.c.reference,
                                            m.c.digest)):
                where = f"baseline of {r.model_id}@{r.version}"
                problems += _check(bytes(r.reference), str(r.digest), where, recorded,
                                   callable(events))
            t = self._periods
            for p in conn.execute(sa.select(t.c.model_id, t.c.version, t.c.period, t.c.kind,
                                            t.c.revision, t.c.stats, t.c.digest)):
                where = (f"{p.kind} of period {p.period} of {p.model_id}@{p.version} "
                         f"(revision {p.revision})")
                problems += _check(bytes(p.stats), str(p.digest), where, recorded,
                                   callable(events))
        return problems

    # -- audit ---------------------------------------------------------------
    def _audit(self, action: str, actor: str | None, model_id: str, version: str,
               payload: dict[str, Any], undo: Any) -> None:
        try:
            self.audit_log.append(action=action, actor=actor or self.actor,
                                  subject=f"{model_id}@{version}", payload=payload)
        except BaseException:
            with self.engine.begin() as conn:  # a failed write leaves the store as it was
                conn.execute(undo)
            raise


def _check(blob: bytes, sha: str, where: str, recorded: set[str], audited: bool) -> list[str]:
    out = []
    if digest(blob) != sha:
        out.append(f"The {where} does not match its digest.")
    if audited and sha not in recorded:
        out.append(f"The {where} has no audit-log event recording its digest.")
    return out
