"""SQL store of the outsourcing register (SQLite by default, any SQLAlchemy URL).

Transactions keep every write whole; a ``version`` column gives optimistic
concurrency: an update based on a stale read raises
:class:`~dfgov.errors.ConflictError` and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._sql import Closable
from dfgov._validate import check_choice, param_error
from dfgov.errors import ConflictError, InvalidInputError, LifecycleError
from dfgov.outsourcing._base import Record
from dfgov.outsourcing._case import CASE_RECORDS, OutsourcingCase, TransitionRecord, field_for
from dfgov.outsourcing._lifecycle import (
    STATES,
    AuditSink,
    Lifecycle,
    TransitionEvidence,
    WorkingDayCalendar,
)
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import Arrangement, BusinessFunction, Provider, State
from dfgov.outsourcing._schema import tables as _tables
from dfgov.policy import resolve_section

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table

    from dfgov.outsourcing._frames import Portfolio
    from dfgov.policy import Policy

__all__ = ["OutsourcingRegistry"]

#: Natural keys: a later record with the same key supersedes the earlier one.
_KEYS: dict[str, str] = {
    "contracts": "reference", "incidents": "id", "exit_plans": "version",
    "regulator_requests": "subject",
}


class OutsourcingRegistry(Closable):
    """The outsourcing register in a SQL database.

    Parameters
    ----------
    url : str, Path or sqlalchemy.Engine
        A SQLAlchemy URL (default ``sqlite:///governance.db``), a path to an
        SQLite file, or an Engine (e.g. the one an ``AuditLog`` uses) to share
        the database.
    audit : object with ``append(...)``, optional
        Audit log that receives every transition (``dfgov.audit.AuditLog``).
    policy : Policy or OutsourcingPolicy, optional
        The ``[outsourcing]`` section (its defaults when omitted).
    calendar : WorkingDayCalendar, optional
        Working days for the notification rule (default Monday-Friday).

    Examples
    --------
    >>> reg = OutsourcingRegistry("sqlite://")
    >>> reg.arrangements()
    []
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "outsourcing.registry"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "CBIRC-2021-141 Art.27",
        "EBA/GL/2019/02 ¶54",
        "EBA/GL/2019/02 ¶55",
        "DORA Art.28",
    )

    def __init__(
        self,
        url: str | Path | Engine = "sqlite:///governance.db",
        *,
        audit: AuditSink | None = None,
        policy: Policy | OutsourcingPolicy | None = None,
        calendar: WorkingDayCalendar | None = None,
    ) -> None:
        from sqlalchemy import MetaData, create_engine
        from sqlalchemy.exc import ArgumentError

        section = resolve_section(policy, OutsourcingPolicy, "OutsourcingRegistry")
        if isinstance(url, Path) or (isinstance(url, str) and "://" not in url):
            url = f"sqlite:///{Path(url)}"
        self._owns_engine = isinstance(url, str)
        if isinstance(url, str):
            try:
                self.engine = create_engine(url)
            except (ArgumentError, ImportError) as exc:
                raise param_error(  # the URL itself may hold a password: never shown
                    "OutsourcingRegistry", "url", "must be a usable SQLAlchemy URL",
                    got_text=f"one that fails ({exc.__class__.__name__})") from None
        else:
            self.engine = url
        self.lifecycle = Lifecycle(section, calendar=calendar, audit=audit)
        self._md = MetaData()
        self._t = _tables(self._md)
        self._md.create_all(self.engine)

    def close(self) -> None:
        """Release the database connections (of an engine this registry created)."""
        if self._owns_engine:
            self.engine.dispose()

    # -- providers and functions -------------------------------------
    def add_provider(self, provider: Provider) -> None:
        """Insert a new provider (its id must be new)."""
        self._insert("providers", provider.id, {
            "id": provider.id, "version": 1, "data": provider.model_dump_json(),
        })

    def update_provider(self, provider: Provider, *, expected_version: int) -> int:
        """Replace a provider if its stored version is ``expected_version``; return the new one."""
        from sqlalchemy import update

        t = self._t["providers"]
        with self.engine.begin() as conn:
            res = conn.execute(
                update(t).where(t.c.id == provider.id, t.c.version == expected_version)
                .values(version=expected_version + 1, data=provider.model_dump_json())
            )
            if res.rowcount != 1:
                raise ConflictError(
                    f"Provider {provider.id!r} changed since version {expected_version} "
                    "(or does not exist); reload it and retry."
                )
        return expected_version + 1

    def provider(self, provider_id: str) -> tuple[Provider, int]:
        """A provider and its version."""
        from sqlalchemy import select

        t = self._t["providers"]
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.data, t.c.version).where(t.c.id == provider_id)).first()
        if row is None:
            raise InvalidInputError("No provider with the given 'provider_id' is registered.")
        return Provider.model_validate_json(row.data), int(row.version)

    def providers(self) -> list[Provider]:
        """Every provider, by id."""
        from sqlalchemy import select

        t = self._t["providers"]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.data).order_by(t.c.id)).all()
        return [Provider.model_validate_json(r.data) for r in rows]

    def add_function(self, function: BusinessFunction) -> None:
        """Insert or replace a business function (DORA B_06.01)."""
        from sqlalchemy import delete, insert

        t = self._t["functions"]
        with self.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.id == function.id))
            conn.execute(insert(t).values(id=function.id, data=function.model_dump_json()))

    def functions(self) -> list[BusinessFunction]:
        """Every business function, by id."""
        from sqlalchemy import select

        t = self._t["functions"]
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.data).order_by(t.c.id)).all()
        return [BusinessFunction.model_validate_json(r.data) for r in rows]

    # -- arrangements --------------------------------------------------
    def add_arrangement(self, arrangement: Arrangement) -> None:
        """Register a new arrangement; it starts in ``proposed`` and its provider must exist."""
        if arrangement.status != "proposed":
            raise LifecycleError(
                "A new arrangement must have status 'proposed'; later states are reached "
                "through transitions."
            )
        self.provider(arrangement.provider_id)
        self._insert("arrangements", arrangement.id, {
            "id": arrangement.id, "provider_id": arrangement.provider_id,
            "status": arrangement.status, "version": 1, "data": arrangement.model_dump_json(),
        })

    def update_arrangement(self, arrangement: Arrangement, *, expected_version: int) -> int:
        """Replace an arrangement's data (not its status); return the new version."""
        with self.engine.begin() as conn:
            stored = self._version(conn, arrangement.id)
            if stored[1] != arrangement.status:
                raise LifecycleError(
                    "update_arrangement cannot change 'status'; use transition()."
                )
            self._bump(conn, arrangement.id, expected_version,
                       data=arrangement.model_dump_json())
        return expected_version + 1

    def add_records(
        self, arrangement_id: str, *records: Record, expected_version: int | None = None
    ) -> int:
        """Append evidence records (all or none); return the arrangement's new version."""
        from sqlalchemy import insert

        rows = []
        for rec in records:
            kind = field_for(rec)
            if getattr(rec, "arrangement_id", None) != arrangement_id:
                raise InvalidInputError(
                    f"{type(rec).__name__}.arrangement_id must equal the 'arrangement_id' argument."
                )
            rows.append({"arrangement_id": arrangement_id, "kind": kind,
                         "data": rec.model_dump_json()})
        with self.engine.begin() as conn:
            version = self._version(conn, arrangement_id)[0]
            if expected_version is not None and version != expected_version:
                raise self._conflict(arrangement_id, expected_version)
            if rows:
                conn.execute(insert(self._t["records"]), rows)
            self._bump(conn, arrangement_id, version)
        return version + 1

    def arrangements(self, *, status: State | None = None) -> list[Arrangement]:
        """Arrangements (optionally only those in ``status``), by id."""
        from sqlalchemy import select

        t = self._t["arrangements"]
        q = select(t.c.data).order_by(t.c.id)
        if status is not None:
            check_choice(status, STATES, caller="OutsourcingRegistry.arrangements",
                         parameter="status")
            q = q.where(t.c.status == status)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [Arrangement.model_validate_json(r.data) for r in rows]

    def case(self, arrangement_id: str) -> OutsourcingCase:
        """The arrangement's dossier: provider, records, history and version."""
        cases = self.cases(ids=[arrangement_id])
        if not cases:
            raise InvalidInputError("No arrangement with the given 'arrangement_id' is registered.")
        return cases[0]

    def cases(
        self, *, status: State | None = None, ids: Sequence[str] | None = None
    ) -> list[OutsourcingCase]:
        """Dossiers of the arrangements (optionally filtered), by id."""
        from sqlalchemy import select

        ta, tr, th, tp = (self._t[k] for k in ("arrangements", "records", "history", "providers"))
        qa = select(ta.c.id, ta.c.data, ta.c.version).order_by(ta.c.id)
        if status is not None:
            check_choice(status, STATES, caller="OutsourcingRegistry.cases", parameter="status")
            qa = qa.where(ta.c.status == status)
        if ids is not None:
            qa = qa.where(ta.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            arr_rows = conn.execute(qa).all()
            wanted = [r.id for r in arr_rows]
            recs = conn.execute(select(tr.c.arrangement_id, tr.c.kind, tr.c.data)
                                .where(tr.c.arrangement_id.in_(wanted)).order_by(tr.c.seq)).all()
            hist = conn.execute(select(th).where(th.c.arrangement_id.in_(wanted))
                                .order_by(th.c.seq)).all()
            provs = {r.id: r.data for r in conn.execute(select(tp.c.id, tp.c.data)).all()}
        by_arr: dict[str, dict[str, dict[Any, Record]]] = {}
        for r in recs:
            cls = CASE_RECORDS[r.kind]
            rec = cls.model_validate_json(r.data)
            slot = by_arr.setdefault(r.arrangement_id, {}).setdefault(r.kind, {})
            key_field = _KEYS.get(r.kind)
            slot[getattr(rec, key_field) if key_field else len(slot)] = rec
        hist_by: dict[str, list[TransitionRecord]] = {}
        for h in hist:
            at = h.at if h.at.tzinfo else h.at.replace(tzinfo=UTC)
            hist_by.setdefault(h.arrangement_id, []).append(TransitionRecord(
                from_state=h.from_state, to_state=h.to_state, at=at, actor=h.actor,
                evidence=json.loads(h.evidence)))
        out = []
        parsed: dict[str, Provider] = {}
        for r in arr_rows:
            arr = Arrangement.model_validate_json(r.data)
            prov = parsed.get(arr.provider_id)
            if prov is None:
                prov = parsed[arr.provider_id] = Provider.model_validate_json(
                    provs[arr.provider_id])
            kinds: dict[str, Any] = {k: tuple(v.values()) for k, v in by_arr.get(r.id, {}).items()}
            # every part was validated just above: assemble without validating again
            out.append(OutsourcingCase.model_construct(
                provider=prov, arrangement=arr, history=tuple(hist_by.get(r.id, ())),
                version=int(r.version), **kinds,
            ))
        return out

    def add_many(
        self,
        *,
        providers: Sequence[Provider] = (),
        functions: Sequence[BusinessFunction] = (),
        arrangements: Sequence[Arrangement] = (),
        records: Sequence[Record] = (),
    ) -> None:
        """Bulk import in one transaction: everything is written, or nothing.

        The same rules as the single-item methods apply: new provider and
        arrangement ids, arrangements in ``proposed`` whose provider exists
        (stored or in this batch), records of known arrangements. Each
        arrangement that receives records gets one version bump.
        """
        from sqlalchemy import delete, insert, select, update

        tp, tf, ta, tr = (self._t[k] for k in ("providers", "functions", "arrangements",
                                               "records"))
        for a in arrangements:
            if a.status != "proposed":
                raise LifecycleError(
                    "A new arrangement must have status 'proposed'; later states are reached "
                    "through transitions.")
        rec_rows = []
        for rec in records:
            aid = getattr(rec, "arrangement_id", None)
            rec_rows.append({"arrangement_id": aid, "kind": field_for(rec),
                             "data": rec.model_dump_json()})
        _unique([p.id for p in providers], "provider")
        _unique([a.id for a in arrangements], "arrangement")
        with self.engine.begin() as conn:
            def existing(table: Table, ids: Sequence[str]) -> set[str]:
                found: set[str] = set()
                for i in range(0, len(ids), 500):
                    chunk = list(ids[i:i + 500])
                    found.update(conn.execute(select(table.c.id).where(table.c.id.in_(chunk)))
                                 .scalars())
                return found

            if existing(tp, [p.id for p in providers]):
                raise InvalidInputError("A provider with this id is already registered.")
            if existing(ta, [a.id for a in arrangements]):
                raise InvalidInputError("An arrangement with this id is already registered.")
            known_p = {p.id for p in providers}
            need_p = sorted({a.provider_id for a in arrangements} - known_p)
            if len(existing(tp, need_p)) != len(need_p):
                raise InvalidInputError(
                    "An arrangement's 'provider_id' is neither registered nor in the batch.")
            new_a = {a.id for a in arrangements}
            need_a = sorted({str(r["arrangement_id"]) for r in rec_rows} - new_a)
            if len(existing(ta, need_a)) != len(need_a):
                raise InvalidInputError(
                    "A record's 'arrangement_id' is neither registered nor in the batch.")
            if providers:
                conn.execute(insert(tp), [{"id": p.id, "version": 1,
                                           "data": p.model_dump_json()} for p in providers])
            if functions:
                conn.execute(delete(tf).where(tf.c.id.in_([f.id for f in functions])))
                conn.execute(insert(tf), [{"id": f.id, "data": f.model_dump_json()}
                                          for f in functions])
            if arrangements:
                conn.execute(insert(ta), [{
                    "id": a.id, "provider_id": a.provider_id, "status": a.status,
                    "version": 1, "data": a.model_dump_json()} for a in arrangements])
            if rec_rows:
                conn.execute(insert(tr), rec_rows)
                touched = sorted({str(r["arrangement_id"]) for r in rec_rows})
                for i in range(0, len(touched), 500):
                    conn.execute(update(ta).where(ta.c.id.in_(touched[i:i + 500]))
                                 .values(version=ta.c.version + 1))

    def portfolio(self) -> Portfolio:
        """Every arrangement as a columnar :class:`Portfolio` for :class:`OutsourcingReview`.

        Faster than ``portfolio_frames(self.cases())`` (no per-record models) and
        equal to it.
        """
        from dfgov.outsourcing._load import load_portfolio

        return load_portfolio(self.engine, self._t,
                              incident_hours=self.lifecycle.section.incident_report_hours)

    # -- lifecycle -----------------------------------------------------
    def transition(
        self, arrangement_id: str, to: State, *, actor: str,
        evidence: TransitionEvidence | None = None, at: datetime | None = None,
        expected_version: int | None = None,
    ) -> OutsourcingCase:
        """Check the evidence, audit and store one transition; return the updated case.

        The audit event is appended before the store is updated; should the
        update then lose a race, an ``outsourcing.transition_aborted`` event
        follows and :class:`ConflictError` is raised (the store is unchanged).
        """
        from dfgov.clock import now

        if not actor:
            raise param_error("OutsourcingRegistry.transition", "actor",
                              "is required (who moves the case)")
        case = self.case(arrangement_id)
        if expected_version is not None and case.version != expected_version:
            raise self._conflict(arrangement_id, expected_version)
        when = at or now(self.lifecycle.clock)
        lc = self.lifecycle
        lc.check(case, to, evidence, as_of=when.date())
        new = lc.apply(case, to, actor=actor, evidence=evidence, at=when)
        lc.audit_event(new, new.history[-1])
        try:
            self._store_transition(new, case.version)
        except ConflictError:
            if lc.audit is not None:
                lc.audit.append(action="outsourcing.transition_aborted", actor=actor,
                                subject=arrangement_id,
                                payload={"to": to, "reason": "stale version"})
            raise
        return new.model_copy(update={"version": case.version + 1})

    def enforce_knockouts(
        self, arrangement_id: str, *, actor: str, at: datetime | None = None
    ) -> OutsourcingCase:
        """Move the arrangement to the state its knock-outs force, if any."""
        from dfgov.clock import now

        when = at or now(self.lifecycle.clock)
        case = self.case(arrangement_id)
        move = self.lifecycle.knockout_move(case, when.date())
        if move is None:
            return case
        target, evidence = move
        return self.transition(arrangement_id, target, actor=actor, at=when, evidence=evidence,
                               expected_version=case.version)

    def _store_transition(self, new: OutsourcingCase, version: int) -> None:
        from sqlalchemy import insert

        h = new.history[-1]
        with self.engine.begin() as conn:
            self._bump(conn, new.id, version, data=new.arrangement.model_dump_json(),
                       status=new.status)
            conn.execute(insert(self._t["history"]).values(
                arrangement_id=new.id, from_state=h.from_state, to_state=h.to_state,
                at=h.at.astimezone(UTC), actor=h.actor,
                evidence=json.dumps(h.evidence, sort_keys=True)))

    # -- helpers -------------------------------------------------------
    def _insert(self, table: str, key: str, values: dict[str, Any]) -> None:
        from sqlalchemy import insert, select

        t = self._t[table]
        with self.engine.begin() as conn:
            if conn.execute(select(t.c.id).where(t.c.id == key)).first() is not None:
                raise InvalidInputError(
                    f"A {table[:-1]} with this id is already registered; update it instead."
                )
            conn.execute(insert(t).values(**values))

    def _version(self, conn: Connection, arrangement_id: str) -> tuple[int, str]:
        from sqlalchemy import select

        t = self._t["arrangements"]
        row = conn.execute(
            select(t.c.version, t.c.status).where(t.c.id == arrangement_id)
        ).first()
        if row is None:
            raise InvalidInputError("No arrangement with the given 'arrangement_id' is registered.")
        return int(row.version), str(row.status)

    def _bump(self, conn: Connection, arrangement_id: str, version: int, **values: Any) -> None:
        from sqlalchemy import update

        t = self._t["arrangements"]
        res = conn.execute(
            update(t).where(t.c.id == arrangement_id, t.c.version == version)
            .values(version=version + 1, **values)
        )
        if res.rowcount != 1:
            raise self._conflict(arrangement_id, version)

    @staticmethod
    def _conflict(arrangement_id: str, version: int) -> ConflictError:
        return ConflictError(
            f"Arrangement {arrangement_id!r} changed since version {version}; "
            "nothing was written. Reload it and retry."
        )

    def __repr__(self) -> str:
        return f"OutsourcingRegistry({self.engine.url.render_as_string(hide_password=True)!r})"


def _unique(ids: Sequence[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise InvalidInputError(f"The batch holds the same {what} id twice.")
