"""Tables of the model inventory and how its database is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["tables", "upgrade"]


def tables(md: sa.MetaData) -> tuple[sa.Table, sa.Table, sa.Table]:
    """The models, transitions and report-link tables, defined on ``md``."""
    import sqlalchemy as sa

    models = sa.Table(
        "dfgov_model_inventory", md,
        sa.Column("model_id", sa.String(200), primary_key=True),
        sa.Column("version", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("tier", sa.Integer, nullable=False),
        sa.Column("materiality", sa.String(10), nullable=False),
        sa.Column("complexity", sa.String(10), nullable=False),
        sa.Column("use", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("approver", sa.String(200)),
        sa.Column("developer", sa.String(200)),
        sa.Column("last_validation", sa.Date),
        sa.Column("next_review_due", sa.Date),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
    )
    transitions = sa.Table(
        "dfgov_model_transitions", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("from_status", sa.String(20)),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("approver", sa.String(200), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    reports = sa.Table(
        "dfgov_model_reports", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(100), nullable=False),
        sa.Column("report_digest", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20)),
    )
    return models, transitions, reports


#: Columns added after the first release: (table, column, SQL type); all nullable.
_ADDED = (("dfgov_model_inventory", "developer", "VARCHAR(200)"),
          ("dfgov_model_reports", "status", "VARCHAR(20)"))


def upgrade(engine: sa.Engine) -> None:
    """Add the nullable columns of later versions to an inventory created earlier."""
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    missing = [(t, c, typ) for t, c, typ in _ADDED
               if insp.has_table(t) and c not in {x["name"] for x in insp.get_columns(t)}]
    if not missing:
        return
    prep = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for t, c, typ in missing:
            conn.exec_driver_sql(f"ALTER TABLE {prep.quote(t)} ADD COLUMN {prep.quote(c)} {typ}")
