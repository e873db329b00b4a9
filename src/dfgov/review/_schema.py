"""Tables of the review store (prefix ``dfgov_review_``) and how its database is opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov.errors import InputFileError, InvalidInputError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["PREFIX", "open_engine", "tables"]

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


def open_engine(target: Any, caller: str, *, create: bool = True) -> tuple[sa.Engine, bool]:
    """An Engine for a path, URL or Engine, and whether the caller owns (must dispose) it."""
    import sqlalchemy as sa

    if isinstance(target, sa.Engine):
        return target, False
    if isinstance(target, Path) or (isinstance(target, str) and "://" not in target):
        path = Path(target)
        if path.is_dir():
            raise InputFileError(f"The database {str(path)!r} of {caller} is a directory.")
        if not create and not path.exists():
            raise InputFileError(f"The database {str(path)!r} of {caller} does not exist.")
        url = sa.URL.create("sqlite", database=str(path))
        return sa.create_engine(url, connect_args={"timeout": 60.0}), True
    if isinstance(target, str):
        try:
            return sa.create_engine(target), True
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise InvalidInputError(
                f"The 'target' argument of {caller} is not a usable SQLAlchemy URL "
                f"({type(exc).__name__})."
            ) from None
    raise InvalidInputError(
        f"The 'target' argument of {caller} must be a path, a SQLAlchemy URL or an Engine. "
        f"Got {type(target).__name__}."
    )
