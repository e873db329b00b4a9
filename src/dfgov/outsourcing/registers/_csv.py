"""Spreadsheet formula injection in register CSVs: neutralised, or refused where forbidden.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return (or their full-width forms ``＝ ＋ － ＠``, which some spreadsheet
input methods turn into the ASCII ones) is read by Excel, WPS or LibreOffice
as a formula — ``=HYPERLINK(...)`` leaking data, ``=cmd|' /C calc'!A0``
running a program. A provider's name or a reason written by a third party
can carry one.

- **EBA register and China ledger** (CSV files that people open in a
  spreadsheet): such a text cell gets a leading apostrophe, as OWASP
  recommends, which every spreadsheet shows as text and does not keep as
  part of the value; lines end in CRLF, so a carriage return or line feed
  inside a cell is quoted and cannot start a new row. Numbers (``-5``, ``+3.2e1``) are
  left as they are, and the returned DataFrame is never changed — only the
  written file.
- **DORA Register of Information** (xBRL-CSV): a cell is a reported fact,
  and the EBA filing rules take it byte for byte, so an apostrophe would
  misreport it. The format forbids neutralising, so dfgov refuses such a
  cell in pre-export validation instead (:func:`formula_cells`); fix the
  source record.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_START",
    "formula_cells",
    "is_formula",
    "neutralise",
    "safe_frame",
    "write_csv",
]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula(value: object) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula (numbers are not)."""
    return (isinstance(value, str) and value[:1] in FORMULA_START
            and _NUMBER.fullmatch(value) is None)


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is formula text; anything else unchanged.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5"), neutralise("ACME")
    ('\\'=HYPERLINK("http://x")', '-5', 'ACME')
    """
    return "'" + value if is_formula(value) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised (for writing a CSV)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = frame.copy()
    for col in out.columns:
        if is_object_dtype(out[col].dtype) or is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise, na_action="ignore")
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, *, encoding: str) -> None:
    """Write ``frame`` as a CSV for spreadsheets: formula cells neutralised.

    Lines end in CRLF (RFC 4180), which also makes the writer quote any cell
    holding a carriage return or a line feed, so neither can start a new row.
    """
    safe_frame(frame).to_csv(path, index=False, encoding=encoding, lineterminator="\r\n",
                             quoting=csv.QUOTE_MINIMAL)


def formula_cells(values: Iterable[str]) -> list[bool]:
    """For each value, whether it is formula text (for validation of formats that forbid
    changing values)."""
    return [v[:1] in FORMULA_START and is_formula(v) for v in values]
