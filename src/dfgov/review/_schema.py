"""Tables of the review store (prefix ``dfgov_review_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["PREFIX", "tables"]

PREFIX = "dfgov_review_"


def tables(md: sa.MetaData) -> dict[str, sa.Table]:
    """Define the store's tables on ``md``: dossiers, artefacts, waivers."""
    import sqlalchemy as sa

    return {
        "dossiers": sa.Table(
            PREFIX + "dossiers", md,
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("product_type", sa.String(200), nullable=False),
            sa.Column("state", sa.String(32), nullable=False, index=True),
            sa.Column("next_review_due", sa.Date),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        ),
        "artefacts": sa.Table(
            PREFIX + "artefacts", md,
            sa.Column("digest", sa.String(64), primary_key=True),
            sa.Column("kind", sa.String(40), nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        ),
        "waivers": sa.Table(
            PREFIX + "waivers", md,
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("model", sa.String(64), nullable=False, index=True),
            sa.Column("status", sa.String(16), nullable=False, index=True),
            sa.Column("expires", sa.Date, nullable=False),
            sa.Column("row_version", sa.Integer, nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        ),
    }
