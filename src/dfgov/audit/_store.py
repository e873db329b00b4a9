"""Storage of an audit log through SQLAlchemy Core: tables, engines, write transactions.

Two tables per log: ``<table>`` (``seq``, ``record``, ``hash``) and
``<table>_meta`` (key/value: format, algorithm, keyed, log id, key check).
Writers serialise on ``BEGIN IMMEDIATE`` (SQLite) or a table lock
(PostgreSQL); the primary key on ``seq`` is the last guard against a fork of
the chain on any other database, where a conflicting append is retried.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dfgov.errors import InputFileError, IntegrityError, InvalidInputError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["Store"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,50}")


class Store:
    """Tables of one log inside one database."""

    def __init__(self, engine: sa.Engine, table: str) -> None:
        import sqlalchemy as sa

        if not isinstance(table, str) or not _IDENT.fullmatch(table):
            raise InvalidInputError(
                "The 'table' argument of AuditLog must be an SQL identifier "
                "(letters, digits, underscore; at most 51 characters)."
            )
        self.engine = engine
        self.dialect = engine.dialect.name
        md = sa.MetaData()
        self.events = sa.Table(
            table, md,
            sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                      primary_key=True, autoincrement=False),
            sa.Column("record", sa.Text(), nullable=False),
            sa.Column("hash", sa.String(64), nullable=False),
        )
        self.meta = sa.Table(
            f"{table}_meta", md,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text(), nullable=False),
        )
        self.metadata = md
        self._exists = False  # the events table is known to exist (PostgreSQL lock choice)
        prep = engine.dialect.identifier_preparer
        self.q_events = prep.quote(table)

    # -- transactions ---------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A transaction holding the log's write lock; rolled back on any error."""
        import sqlalchemy as sa

        deadline = time.monotonic() + 120.0
        delay = 0.005
        while True:
            conn = self.engine.connect()
            try:
                self._lock(conn)
                break
            except sa.exc.OperationalError as exc:
                conn.rollback()
                conn.close()
                busy = any(w in str(exc.orig).lower() for w in ("locked", "busy"))
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
            except BaseException:
                conn.close()
                raise
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    def _lock(self, conn: sa.Connection) -> None:
        import sqlalchemy as sa

        if self.dialect == "sqlite":
            raw = conn.connection.dbapi_connection
            conn.exec_driver_sql("SELECT 1")  # SQLAlchemy autobegin (a no-op for pysqlite)
            if raw is not None and not getattr(raw, "in_transaction", True):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif self.dialect == "postgresql":
            if self._exists or sa.inspect(conn).has_table(self.events.name):
                self._exists = True
                conn.exec_driver_sql(f"LOCK TABLE {self.q_events} IN SHARE ROW EXCLUSIVE MODE")
            else:
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(704261)")

    # -- schema -----------------------------------------------------------
    def exists(self, conn: sa.Connection) -> tuple[bool, bool]:
        """Whether the events and meta tables exist."""
        import sqlalchemy as sa

        insp = sa.inspect(conn)
        return insp.has_table(self.events.name), insp.has_table(self.meta.name)

    def check_columns(self, conn: sa.Connection) -> None:
        """Raise unless both tables have the expected columns."""
        import sqlalchemy as sa

        insp = sa.inspect(conn)
        for table in (self.events, self.meta):
            if not insp.has_table(table.name):
                continue
            found = {c["name"] for c in insp.get_columns(table.name)}
            expected = {c.name for c in table.columns}
            if found != expected:
                raise InputFileError(
                    f"The table {table.name!r} exists but is not a dfgov audit table "
                    f"(columns {sorted(found)}, expected {sorted(expected)})."
                )

    def read_meta(self, conn: sa.Connection) -> dict[str, str]:
        """The meta table as a dict."""
        import sqlalchemy as sa

        rows = conn.execute(sa.select(self.meta.c.key, self.meta.c.value)).all()
        return {str(k): str(v) for k, v in rows}

    def head(self, conn: sa.Connection) -> tuple[int, str] | None:
        """``(seq, hash)`` of the last event, or None for an empty log."""
        import sqlalchemy as sa

        ev = self.events
        row = conn.execute(
            sa.select(ev.c.seq, ev.c.hash).order_by(ev.c.seq.desc()).limit(1)
        ).first()
        return None if row is None else (int(row[0]), str(row[1]))

    def insert(self, conn: sa.Connection, rows: list[tuple[int, str, str]]) -> None:
        """Insert ``(seq, record, hash)`` rows (one executemany)."""
        if self.dialect == "sqlite":
            conn.exec_driver_sql(
                f"INSERT INTO {self.q_events} (seq, record, hash) VALUES (?, ?, ?)", rows
            )
        else:
            conn.execute(self.events.insert(),
                         [{"seq": s, "record": r, "hash": h} for s, r, h in rows])

    def stream(
        self, conn: sa.Connection, *, start: int | None = 1, stop: int | None = None,
        batch: int = 20000,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Batches of raw ``(seq, record_bytes, hash)`` tuples in sequence order.

        ``start=None`` reads every row of the table, whatever its sequence
        number (verification must see rows outside the chain too).
        SQLite is read through the DBAPI cursor (one statement, so one
        consistent snapshot, and no per-row wrapper objects); other databases
        through a server-side cursor.
        """
        import sqlalchemy as sa

        conds = [] if start is None else [f"seq >= {int(start)}"]
        if stop is not None:
            conds.append(f"seq < {int(stop)}")
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        if self.dialect == "sqlite":
            raw = conn.connection.dbapi_connection
            if raw is None:  # pragma: no cover - a closed connection
                raise IntegrityError("The audit database connection is closed.")
            cur = raw.cursor()
            try:
                cur.execute(
                    f"SELECT seq, CAST(record AS BLOB), hash FROM {self.q_events}"
                    f"{where} ORDER BY seq"
                )
                while rows := cur.fetchmany(batch):
                    yield list(rows)
            finally:
                cur.close()
            return
        ev = self.events
        stmt = sa.select(ev.c.seq, ev.c.record, ev.c.hash)
        if start is not None:
            stmt = stmt.where(ev.c.seq >= start)
        if stop is not None:
            stmt = stmt.where(ev.c.seq < stop)
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            stmt.order_by(ev.c.seq)
        )
        try:
            for part in result.partitions():
                yield [(s, r.encode("utf-8") if isinstance(r, str) else r, h)
                       for s, r, h in part]
        finally:
            result.close()
