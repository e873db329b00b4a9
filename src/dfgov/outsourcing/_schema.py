"""Tables of the outsourcing store (prefix ``dfgov_outsourcing_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table

__all__ = ["PREFIX", "tables"]

PREFIX = "dfgov_outsourcing_"


def tables(md: MetaData) -> dict[str, Table]:
    """Define the store's tables on ``md``: providers, functions, arrangements, records, history."""
    from sqlalchemy import Column, DateTime, Integer, String, Table, Text

    def entry() -> tuple[Column[int], Column[str]]:
        # an append-only entry of one arrangement (records and history): sequence, arrangement
        return (Column("seq", Integer, primary_key=True, autoincrement=True),
                Column("arrangement_id", String(64), nullable=False, index=True))

    return {
        "providers": Table(
            PREFIX + "providers", md,
            Column("id", String(64), primary_key=True),
            Column("version", Integer, nullable=False),
            Column("data", Text, nullable=False),
        ),
        "functions": Table(
            PREFIX + "functions", md,
            Column("id", String(64), primary_key=True),
            Column("data", Text, nullable=False),
        ),
        "arrangements": Table(
            PREFIX + "arrangements", md,
            Column("id", String(64), primary_key=True),
            Column("provider_id", String(64), nullable=False, index=True),
            Column("status", String(32), nullable=False, index=True),
            Column("version", Integer, nullable=False),
            Column("data", Text, nullable=False),
        ),
        "records": Table(
            PREFIX + "records", md, *entry(),
            Column("kind", String(32), nullable=False),
            Column("data", Text, nullable=False),
        ),
        "history": Table(
            PREFIX + "history", md, *entry(),
            Column("from_state", String(32), nullable=False),
            Column("to_state", String(32), nullable=False),
            Column("at", DateTime(timezone=True), nullable=False),
            Column("actor", String(200), nullable=False),
            Column("evidence", Text, nullable=False),
        ),
    }
