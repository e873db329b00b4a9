"""Shared checks for the Spark adapters: the optional import and schema-level validation.

Everything here looks only at a DataFrame's schema, so bad input is refused
before any Spark job runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from dfgov.errors import ColumnError, InvalidInputError, MissingDependencyError

__all__ = [
    "column_type",
    "require_columns",
    "require_dataframe",
    "require_numeric",
    "require_pyspark",
]

_NUMERIC = ("ByteType", "ShortType", "IntegerType", "LongType", "FloatType", "DoubleType",
            "DecimalType")


def require_pyspark() -> Any:
    """Import :mod:`pyspark.sql` or raise :class:`MissingDependencyError` naming the extra."""
    try:
        import pyspark.sql
    except ImportError:
        raise MissingDependencyError("pyspark", "spark", purpose="dfgov.spark") from None
    return pyspark.sql


def require_dataframe(df: Any, arg: str, caller: str) -> None:
    """Refuse anything that is not a Spark DataFrame (classic or Spark Connect)."""
    sql = require_pyspark()
    classes: tuple[type[Any], ...] = (sql.DataFrame,)
    # A Spark Connect DataFrame (a subclass of the above from Spark 4 on): its module is
    # already imported when one exists, and importing it here would cost time and warnings.
    connect = sys.modules.get("pyspark.sql.connect.dataframe")
    if connect is not None:
        classes = (*classes, connect.DataFrame)
    if not isinstance(df, classes):
        raise InvalidInputError(
            f"The {arg!r} argument of {caller} must be a Spark DataFrame. "
            f"Got {type(df).__name__} instead."
        )


def require_columns(df: Any, columns: Sequence[str], arg: str, caller: str) -> None:
    """Every name in ``columns`` is a column of ``df`` (checked on the schema)."""
    names = set(df.columns)
    for c in columns:
        if not isinstance(c, str):
            raise InvalidInputError(
                f"The {arg!r} argument of {caller} must name columns as strings."
            )
        if c not in names:
            raise ColumnError(
                f"The column {c!r} named in the {arg!r} argument of {caller} is not in the "
                "DataFrame."
            )


def column_type(df: Any, column: str) -> str:
    """The Spark type name of a column (``"LongType"``, ``"StringType"``, ...)."""
    return type(df.schema[column].dataType).__name__


def require_numeric(df: Any, column: str, arg: str, caller: str, *,
                    allow_bool: bool = False) -> None:
    """The column is numeric (or boolean where allowed), judged from the schema."""
    kind = column_type(df, column)
    if kind in _NUMERIC or (allow_bool and kind == "BooleanType"):
        return
    rule = "numeric or boolean" if allow_bool else "numeric"
    raise InvalidInputError(
        f"The {arg!r} column {column!r} of {caller} must be {rule}. Got {kind} instead."
    )
