"""Reading tables and models for the command line (CSV or Parquet; skops models)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dfgov.errors import ColumnError, InputFileError, MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_table", "split_columns"]


def split_columns(value: str | None) -> list[str]:
    """``"a, b"`` → ``["a", "b"]``; None or empty → ``[]``."""
    if not value:
        return []
    return [c.strip() for c in value.split(",") if c.strip()]


def read_table(path: Path, *, columns: Sequence[str] | None = None,
               option: str = "--data") -> pd.DataFrame:
    """Read a CSV or Parquet file, optionally only ``columns``.

    Raises :class:`InputFileError` for an unreadable file and
    :class:`ColumnError` naming any requested column that is absent.
    """
    import pandas as pd

    if not path.is_file():
        raise InputFileError(f"{option}: no such file {str(path)!r}.")
    suffix = path.suffix.lower()
    wanted = list(dict.fromkeys(columns)) if columns else None
    try:
        if suffix in (".parquet", ".pq"):
            try:
                import pyarrow.parquet as pq
            except ImportError:
                raise MissingDependencyError("pyarrow", "parquet",
                                             purpose="reading Parquet files") from None
            schema_names = pq.read_schema(path).names
            if wanted:
                _check_columns(wanted, schema_names, option)
            table = pq.read_table(path, columns=wanted)
            frame: pd.DataFrame = table.to_pandas()
            return frame
        if suffix in (".csv", ".txt", ".gz"):
            header = pd.read_csv(path, nrows=0).columns
            if any(not str(c).isprintable() for c in header):
                raise InputFileError(f"{option}: {str(path)!r} is not a readable CSV file "
                                     "(its header holds binary data).")
            if wanted:
                _check_columns(wanted, list(header), option)
            return pd.read_csv(path, usecols=wanted)
    except (ColumnError, InputFileError, MissingDependencyError):
        raise
    except Exception as exc:  # pandas/pyarrow parse errors of many kinds
        raise InputFileError(
            f"{option}: cannot read {str(path)!r} as {suffix.lstrip('.') or 'a table'} "
            f"({type(exc).__name__})."
        ) from None
    raise InputFileError(f"{option}: {str(path)!r} must be a .csv or .parquet file.")


def _show(name: object) -> str:
    text = str(name)
    return text[:40] if text.isprintable() else repr(text)[:40]


def _check_columns(wanted: Sequence[str], present: Sequence[str], option: str) -> None:
    missing = [c for c in wanted if c not in present]
    if missing:
        raise ColumnError(
            f"{option}: column(s) {missing} not found; the file has {len(present)} columns "
            f"({', '.join(_show(c) for c in list(present)[:15])}"
            f"{', ...' if len(present) > 15 else ''})."
        )
