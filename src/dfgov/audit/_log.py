"""The append-only, hash-chained audit log (:class:`AuditLog`)."""

from __future__ import annotations

import getpass
import json
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._hashing import check_algorithm
from dfgov._sql import open_engine
from dfgov.audit._canonical import (
    FORMAT,
    EventParts,
    chain_function,
    genesis_hash,
    key_check,
    prepare_event,
)
from dfgov.audit._event import AuditEvent, VerifyResult
from dfgov.audit._store import Store
from dfgov.errors import InputFileError, IntegrityError, InvalidInputError, KeyStateError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["AuditLog"]

_FIELDS = frozenset({"action", "actor", "subject", "payload"})


def _time_bound(value: str | datetime | None, name: str) -> str | None:
    """A time bound in the events' own format (UTC, whole seconds, rounded up)."""
    if value is None:
        return None
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InvalidInputError(
            f"The {name!r} argument of AuditLog.events must be a timezone-aware datetime "
            "or an ISO 8601 time with an offset, e.g. '2026-01-31T00:00:00+00:00'."
        )
    when = when.astimezone(UTC)
    if when.microsecond:
        when = when.replace(microsecond=0) + timedelta(seconds=1)
    return when.isoformat()


def _default_actor() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no login name (containers)
        return "unknown"


class AuditLog:
    """Append-only, hash-chained, optionally keyed log of consequential acts.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine
        A path to an SQLite file (created when missing), any SQLAlchemy URL
        (``postgresql+psycopg://...``), or an existing Engine shared with other
        stores; the log lives in its own two tables there.
    algorithm : {"sha256", "sm3"}, optional
        Chain hash of a new log (default SHA-256). An existing log keeps its
        own; naming a different one is an error.
    hmac_key : bytes, optional
        Key (at least 16 bytes) of an HMAC chain: without it nobody, not even
        someone able to rewrite the whole table, can forge a chain that
        verifies. Fixed when the log is created; needed to append and verify.
    actor : str, optional
        Default actor of appended events (default: the OS login name).
    table : str
        Name of the events table (the meta table is ``<table>_meta``).
    create : bool
        Create the file and tables when missing (False: raise instead).

    Raises
    ------
    InputFileError
        The target is not an SQLite file, or holds a table of that name that
        is not an audit log, or (``create=False``) has no log.
    KeyStateError
        The key does not match the log's, or a keyed log is opened without one.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "governance.db")
    >>> log = AuditLog(path, actor="ci")
    >>> event = log.append(action="gate.run", subject="model-7", payload={"status": "pass"})
    >>> event.seq, log.verify().ok
    (1, True)
    >>> log.close()
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "audit.log"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "AP-17",
        "JR/T 0221-2021 §6.4",
        "EU AI Act Art.12",
    )

    def __init__(
        self,
        target: str | Path | sa.Engine,
        *,
        algorithm: str | None = None,
        hmac_key: bytes | None = None,
        actor: str | None = None,
        table: str = "dfgov_audit_events",
        create: bool = True,
    ) -> None:
        if algorithm is not None:
            check_algorithm(algorithm)
        if hmac_key is not None and (not isinstance(hmac_key, bytes) or len(hmac_key) < 16):
            raise InvalidInputError(
                "The 'hmac_key' argument of AuditLog must be bytes of length at least 16."
            )
        if actor is not None and (not isinstance(actor, str) or not actor):
            raise InvalidInputError(
                "The 'actor' argument of AuditLog must be a non-empty string or None."
            )
        self._key = hmac_key
        self.actor = actor or _default_actor()
        self.table = table
        self._engine, self._owns_engine = open_engine(target, "AuditLog", create=create)
        try:
            self._store = Store(self._engine, table)
            meta = self._open(create=create, algorithm=algorithm)
        except BaseException:
            self.close()
            raise
        self.algorithm: str = meta["algorithm"]
        self.log_id: str = meta["log_id"]
        self.keyed: bool = meta["keyed"] == "1"
        self._chain = chain_function(self.algorithm, self._key)
        self._genesis = genesis_hash(self._chain, self.log_id)

    # -- opening --------------------------------------------------------
    def _open(self, *, create: bool, algorithm: str | None) -> dict[str, str]:
        import sqlalchemy as sa

        store = self._store
        try:
            with store.engine.connect() as conn:
                # Unlocked, each check is its own snapshot: only trust "both exist"
                # here; anything else is decided again under the write lock.
                has_events, has_meta = store.exists(conn)
                if has_events and has_meta:
                    meta = self._checked_meta(conn, True)
                    return self._match(meta, algorithm)
                if (has_events or has_meta) and not create:
                    self._checked_meta(conn, False)
            if not create:
                raise InputFileError(
                    f"There is no audit log (table {self.table!r}) in this database."
                )
            with store.write() as conn:
                has_events, has_meta = store.exists(conn)
                if has_events or has_meta:
                    meta = self._checked_meta(conn, has_events and has_meta)
                    return self._match(meta, algorithm)
                store.metadata.create_all(conn)
                alg = algorithm or "sha256"
                log_id = secrets.token_hex(16)
                meta = {
                    "format": FORMAT,
                    "algorithm": alg,
                    "log_id": log_id,
                    "keyed": "1" if self._key is not None else "0",
                }
                if self._key is not None:
                    meta["key_check"] = key_check(alg, self._key, log_id)
                conn.execute(store.meta.insert(), [{"key": k, "value": v} for k, v in
                                                   meta.items()])
                return meta
        except sa.exc.DatabaseError as exc:
            raise InputFileError(
                f"The audit database cannot be read: {exc.orig.__class__.__name__}."
            ) from None

    def _checked_meta(self, conn: sa.Connection, both: bool) -> dict[str, str]:
        self._store.check_columns(conn)
        if not both:
            raise InputFileError(
                f"The database has only one of the tables {self.table!r} and "
                f"{self.table + '_meta'!r}: it is not an intact audit log."
            )
        meta = self._store.read_meta(conn)
        if meta.get("format") != FORMAT or meta.get("algorithm") not in ("sha256", "sm3") \
                or meta.get("keyed") not in ("0", "1") or not meta.get("log_id"):
            raise InputFileError(
                f"The table {self.table + '_meta'!r} is not the metadata of a "
                f"{FORMAT} audit log."
            )
        return meta

    def _match(self, meta: dict[str, str], algorithm: str | None) -> dict[str, str]:
        if algorithm is not None and algorithm != meta["algorithm"]:
            raise InvalidInputError(
                f"The 'algorithm' argument of AuditLog is {algorithm!r} but the log "
                f"uses {meta['algorithm']!r}."
            )
        if meta["keyed"] == "1":
            if self._key is None:
                raise KeyStateError(
                    "This audit log is keyed: pass its 'hmac_key' to append or verify."
                )
            expected = key_check(meta["algorithm"], self._key, meta["log_id"])
            if meta.get("key_check") != expected:
                raise KeyStateError(
                    "The 'hmac_key' is not the key this audit log was created with."
                )
        return meta

    # -- writing --------------------------------------------------------
    def append(
        self,
        *,
        action: str,
        actor: str | None = None,
        subject: str | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> AuditEvent:
        """Append one event and return it as stored.

        Parameters
        ----------
        action : str
            What was done, e.g. ``"assessment.run"``, ``"gate.decision"``.
        actor : str, optional
            Who did it (default: the log's actor).
        subject : str, optional
            What it concerns.
        payload : mapping, optional
            JSON-compatible details (canonicalised; numpy values unwrapped).
        """
        return self.append_many(
            [{"action": action, "actor": actor, "subject": subject, "payload": payload}]
        )[0]

    def append_many(self, events: Iterable[Mapping[str, Any]]) -> list[AuditEvent]:
        """Append a batch of events in one transaction (all or none).

        Each item is a mapping with the keys of :meth:`append`.
        """
        parts: list[EventParts] = []
        allowed = _FIELDS
        for i, item in enumerate(events):
            if type(item) is not dict and not isinstance(item, Mapping):
                raise InvalidInputError(
                    f"Item {i} of 'events' must be a mapping with 'action', 'actor', "
                    f"'subject' and 'payload'. Got {type(item).__name__}."
                )
            if not item.keys() <= allowed:
                unknown = set(item) - allowed
                raise InvalidInputError(
                    f"Item {i} of 'events' has unknown keys {sorted(map(str, unknown))}; "
                    "allowed: action, actor, subject, payload."
                )
            actor = item.get("actor") or self.actor
            p = prepare_event(action=item.get("action"), actor=actor,
                              subject=item.get("subject"), payload=item.get("payload"),
                              algorithm=self.algorithm)
            parts.append(p)
        if not parts:
            return []
        return self._write(parts)

    def _write(self, parts: Sequence[EventParts]) -> list[AuditEvent]:
        import sqlalchemy as sa

        if self._key is not None and not self.keyed:
            raise KeyStateError(
                "An 'hmac_key' was given but this audit log is recorded as unkeyed; "
                "refusing to append (run verify())."
            )
        chain = self._chain
        deadline = time.monotonic() + 120.0
        attempt = 0
        while True:
            seen: tuple[int, str] | None = None
            try:
                with self._store.write() as conn:
                    seen = self._store.head(conn)
                    last, prev = seen if seen is not None else (0, self._genesis)
                    # The wall clock, never SOURCE_DATE_EPOCH or a pinned report time, so
                    # an event cannot be backdated; verify() reports time going backwards.
                    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
                    time_json = json.dumps(stamp)
                    rows: list[tuple[int, str, str]] = []
                    out: list[AuditEvent] = []
                    for i, p in enumerate(parts, start=last + 1):
                        record = p.record(i, time_json)
                        h = chain(prev.encode() + record.encode("utf-8"))
                        rows.append((i, record, h))
                        out.append(AuditEvent(i, stamp, p.actor, p.action, p.subject,
                                              p.payload_digest, p.payload_json, prev, h))
                        prev = h
                    self._store.insert(conn, rows)
                return out
            except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
                # Retry only when another writer got in first (databases without a
                # write lock) or the database was busy; otherwise it is a real failure.
                # Either way the transaction was rolled back: nothing was written.
                attempt += 1
                busy = isinstance(exc, sa.exc.OperationalError) and "locked" in str(exc.orig)
                if not busy:
                    with self._engine.connect() as conn:
                        moved = self._store.head(conn) != seen
                if not (busy or moved) or time.monotonic() > deadline:
                    raise IntegrityError(
                        f"Appending to the audit log failed ({exc.orig.__class__.__name__}); "
                        "nothing was written."
                    ) from exc
                time.sleep(min(0.005 * attempt, 0.1))

    # -- reading --------------------------------------------------------
    def head(self) -> str | None:
        """Chain hash of the last event (None when the log is empty): keep it as an anchor."""
        with self._engine.connect() as conn:
            h = self._store.head(conn)
        return None if h is None else h[1]

    def __len__(self) -> int:
        with self._engine.connect() as conn:
            h = self._store.head(conn)
        return 0 if h is None else h[0]

    def events(
        self,
        start: int = 1,
        stop: int | None = None,
        *,
        action: str | None = None,
        actor: str | None = None,
        subject: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        limit: int | None = None,
    ) -> Iterator[AuditEvent]:
        """Iterate events with ``start <= seq < stop``, optionally filtered.

        ``since``/``until`` are timezone-aware datetimes or ISO 8601 texts with
        an offset (inclusive / exclusive);
        ``action``, ``actor`` and ``subject`` match exactly. Events are read
        in batches; the filters do not verify the chain (use :meth:`verify`).
        """
        for name, value in (("start", start), ("stop", stop), ("limit", limit)):
            if value is not None and (not isinstance(value, int) or value < 0):
                raise InvalidInputError(
                    f"The {name!r} argument of AuditLog.events must be a non-negative int."
                )
        since_s = _time_bound(since, "since")
        until_s = _time_bound(until, "until")
        start = max(start, 1)
        n = 0
        with self._engine.connect() as conn:
            prev = self._genesis
            if start > 1:
                import sqlalchemy as sa

                ev = self._store.events
                found = conn.execute(sa.select(ev.c.hash).where(ev.c.seq == start - 1)).first()
                prev = str(found[0]) if found is not None else ""
            for batch in self._store.stream(conn, start=start, stop=stop, batch=5000):
                for _seq, record, h in batch:
                    event = AuditEvent.from_record(record, prev, str(h))
                    prev = str(h)
                    if (action is not None and event.action != action) \
                            or (actor is not None and event.actor != actor) \
                            or (subject is not None and event.subject != subject) \
                            or (since_s is not None and event.time < since_s) \
                            or (until_s is not None and event.time >= until_s):
                        continue
                    yield event
                    n += 1
                    if limit is not None and n >= limit:
                        return

    def verify(self, anchor: str | None = None) -> VerifyResult:
        """Check every row of the events table in one streaming pass.

        Detects an edited field (any byte of a record or of a stored hash), a
        deleted event (a gap, or missing first events), a row outside the
        chain (numbered below 1), an inserted or reordered event (the chain
        breaks where it sits), an event dated before its predecessor and,
        given ``anchor``, a truncated tail. With an HMAC key, a table
        rewritten without the key does not verify. Without a key, an ok
        result proves only that the chain is consistent — anyone able to
        write the database can rebuild one — and says so
        (:attr:`VerifyResult.proves`, :attr:`VerifyResult.message`).

        Parameters
        ----------
        anchor : str, optional
            A head hash recorded earlier (:meth:`head`): the log must still
            contain it, so a truncated tail is detected.

        Returns
        -------
        VerifyResult
            ``ok``, the number of events verified, the head hash and, when not
            ok, the first bad sequence number and the reason.

        Raises
        ------
        KeyStateError
            The log is keyed and this object has no key, or another key.
        InputFileError
            The database cannot be read.
        """
        import sqlalchemy as sa

        from dfgov.audit._verify import verify_chain

        try:
            with self._engine.connect() as conn:
                meta = self._store.read_meta(conn)
                return verify_chain(self._store, conn, meta, self._key, anchor=anchor)
        except sa.exc.DatabaseError as exc:
            raise InputFileError(
                f"The audit database cannot be read: {exc.orig.__class__.__name__}."
            ) from None

    # -- lifecycle ------------------------------------------------------
    def close(self) -> None:
        """Release the database connections (an Engine passed in is left open)."""
        engine = getattr(self, "_engine", None)
        if engine is not None and getattr(self, "_owns_engine", False):
            engine.dispose()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        url = self._engine.url.render_as_string(hide_password=True)
        return (
            f"AuditLog({url!r}, table={self.table!r}, algorithm={self.algorithm!r}, "
            f"keyed={self.keyed})"
        )

    def __getstate__(self) -> None:
        raise TypeError("AuditLog cannot be pickled (it holds a key and connections).")
