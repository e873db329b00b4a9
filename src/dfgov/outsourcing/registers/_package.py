"""Pre-export validation of the DORA templates and the xBRL-CSV report package."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Set
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dfgov._validate import param_error
from dfgov.errors import InvalidInputError
from dfgov.outsourcing._ids import lei_is_valid
from dfgov.outsourcing.registers._csv import formula_cells
from dfgov.outsourcing.registers._data import RegisterData, ReportingEntity
from dfgov.outsourcing.registers._dora import (
    _CODE_LISTS,
    _LEI_CODE,
    _LEI_COLUMNS,
    ALL_TEMPLATES,
    DORA_TEMPLATES,
    TAXONOMY_MODULE,
    RegisterIssue,
    dora_tables,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["export_dora_package", "validate_dora"]

_YES = "eba_BT:x28"
_CONTRACT_REFS = ("B_02.02", "B_03.01", "B_03.02", "B_03.03", "B_04.01", "B_05.02", "B_07.01")
_PROVIDER_REFS = (("B_02.02", "c0030"), ("B_03.02", "c0020"), ("B_05.02", "c0030"),
                  ("B_05.02", "c0060"), ("B_07.01", "c0020"))
_CRITICAL_NEEDS = ("c0100", "c0110", "c0120", "c0130", "c0180")


class _Col:
    """A template column as a numpy object array of strings ('' for missing)."""

    def __init__(self, values: pd.Series) -> None:
        self.v = values.fillna("").astype(str).to_numpy(dtype=object)
        self.empty = self.v == ""

    def isin(self, allowed: Set[str]) -> Any:
        import pandas as pd

        return pd.Series(self.v, dtype=object).isin(list(allowed)).to_numpy()

    def __eq__(self, other: object) -> Any:
        return self.v == other

    def __ne__(self, other: object) -> Any:
        return self.v != other

    def __lt__(self, other: _Col) -> Any:
        return self.v < other.v


def _columns(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, _Col]]:
    out: dict[str, dict[str, _Col]] = {}
    for t, cols in DORA_TEMPLATES.items():
        frame = tables[t]
        if list(frame.columns) != list(cols):
            raise InvalidInputError(f"Template {t}: the columns are not its EBA column codes.")
        out[t] = {c: _Col(frame[c]) for c in cols}
    return out


def validate_dora(tables: dict[str, pd.DataFrame]) -> list[RegisterIssue]:
    """Check mandatory fields, code lists, LEIs and references; return the issues found."""
    return _validate(_columns(tables))


def _validate(cols_of: dict[str, dict[str, _Col]]) -> list[RegisterIssue]:
    issues: list[RegisterIssue] = []

    def add(t: str, c: str, rule: str, bad: Any) -> None:
        n = int(bad.sum())
        if n:
            issues.append(RegisterIssue(t, c, rule, n))

    for t, cols in DORA_TEMPLATES.items():
        for c, (_, mandatory) in cols.items():
            if mandatory:
                add(t, c, "mandatory value missing", cols_of[t][c].empty)

    def col(t: str, c: str) -> _Col:
        return cols_of[t][c]

    for (t, c), allowed in _CODE_LISTS.items():
        v = col(t, c)
        add(t, c, "value not in the code list", ~v.empty & ~v.isin(allowed))
    for t, c in _LEI_COLUMNS:
        v = col(t, c)
        add(t, c, "not a valid ISO 17442 LEI", ~v.empty & ~_lei_ok(v))
    b0501 = cols_of["B_05.01"]
    is_lei = b0501["c0020"] == _LEI_CODE
    add("B_05.01", "c0010", "not a valid ISO 17442 LEI", is_lei & ~_lei_ok(b0501["c0010"]))
    add("B_05.01", "c0090", "currency missing for a reported expense",
        ~b0501["c0100"].empty & b0501["c0090"].empty)
    for t, c in (("B_02.01", "c0010"), ("B_05.01", "c0010"), ("B_06.01", "c0010")):
        v = col(t, c)
        dup = pd_duplicated(v.v)
        add(t, c, "duplicate key", dup & ~v.empty)
    refs = set(col("B_02.01", "c0010").v)
    for t in _CONTRACT_REFS:
        add(t, "c0010", "contract reference not in B_02.01", ~col(t, "c0010").isin(refs))
    for c in ("c0010", "c0020"):
        add("B_02.03", c, "contract reference not in B_02.01", ~col("B_02.03", c).isin(refs))
    over = col("B_02.01", "c0030")
    add("B_02.01", "c0030", "overarching reference not in B_02.01",
        ~over.empty & ~over.isin(refs))
    provs = set(b0501["c0010"].v)
    for t, c in _PROVIDER_REFS:
        v = col(t, c)
        add(t, c, "provider code not in B_05.01", ~v.empty & ~v.isin(provs))
    entities = set(col("B_01.02", "c0010").v)
    for t in ("B_02.02", "B_03.01", "B_04.01"):
        add(t, "c0020", "entity LEI not in B_01.02", ~col(t, "c0020").isin(entities))
    b0202, b0601 = cols_of["B_02.02"], cols_of["B_06.01"]
    add("B_02.02", "c0050", "function identifier not in B_06.01",
        ~b0202["c0050"].isin(set(b0601["c0010"].v)))
    add("B_02.02", "c0080", "end date before start date",
        ~b0202["c0080"].empty & (b0202["c0080"] < b0202["c0070"]))
    critical = b0202["c0050"].isin(set(b0601["c0010"].v[b0601["c0050"] == _YES]))
    for c in _CRITICAL_NEEDS:
        add("B_02.02", c, "mandatory for a critical or important function",
            critical & b0202[c].empty)
    stores = b0202["c0140"] == _YES
    add("B_02.02", "c0150", "mandatory when data is stored", stores & b0202["c0150"].empty)
    add("B_02.02", "c0170", "mandatory when data of a critical function is stored",
        stores & critical & b0202["c0170"].empty)
    b0701 = cols_of["B_07.01"]
    hard = b0701["c0050"].isin({"eba_ZZ:x959", "eba_ZZ:x960"})
    add("B_07.01", "c0060", "mandatory when not or hardly substitutable",
        hard & b0701["c0060"].empty)
    # xBRL-CSV takes each value as the reported fact, so a spreadsheet formula
    # cannot be neutralised (an apostrophe would misreport it): refuse it.
    import numpy as np

    for t, template in cols_of.items():
        for c, column in template.items():
            add(t, c, "text begins with a spreadsheet formula character (=, +, -, @, tab, CR)",
                np.array(formula_cells(column.v), dtype=bool))
    return issues


def pd_duplicated(values: Any) -> Any:
    """Boolean mask of values seen earlier in the array."""
    import numpy as np

    seen: set[Any] = set()
    out = np.zeros(len(values), dtype=bool)
    for i, x in enumerate(values):
        if x in seen:
            out[i] = True
        seen.add(x)
    return out


def _lei_ok(values: _Col) -> Any:
    import pandas as pd

    uniq = {v: lei_is_valid(v) for v in set(values.v)}
    return pd.Series(values.v, dtype=object).map(uniq).to_numpy(dtype=bool)


def export_dora_package(
    data: RegisterData,
    entity: ReportingEntity,
    path: str | Path,
    *,
    reference_date: date,
    consolidation: Literal["IND", "CON"] = "IND",
    taxonomy: str = TAXONOMY_MODULE,
    decimals_monetary: int = -3,
) -> Path:
    """Validate and write the register as an xBRL-CSV report package (a ``.zip``).

    Layout: ``<name>/META-INF/reportPackage.json``, ``<name>/reports/report.json``,
    ``parameters.csv``, ``FilingIndicators.csv`` and one ``b_XX.XX.csv`` per
    reported template (headers are the EBA column codes).

    Raises
    ------
    InvalidInputError
        When the pre-export validation finds issues (they are listed; nothing is written).
    """
    tables = dora_tables(data, entity, reference_date=reference_date)
    cols_of = _columns(tables)
    issues = _validate(cols_of)
    if issues:
        listed = "; ".join(str(i) for i in issues[:10])
        more = f"; and {len(issues) - 10} more" if len(issues) > 10 else ""
        raise InvalidInputError(
            f"The DORA register fails pre-export validation: {listed}{more}.")
    out = Path(path)
    if out.suffix.lower() != ".zip":
        raise param_error("export_dora_package", "path", "must end in '.zip'",
                          got_text=f"the suffix {out.suffix!r}")
    root = out.stem
    stamp = (reference_date.year, reference_date.month, reference_date.day, 0, 0, 0)
    reported = {t: len(tables[t]) > 0 for t in DORA_TEMPLATES}
    params = [("entityID", f"rs:{entity.lei}.{consolidation}"),
              ("refPeriod", reference_date.isoformat()),
              ("baseCurrency", f"iso4217:{entity.currency}"), ("decimalsInteger", "0"),
              ("decimalsMonetary", str(decimals_monetary))]
    files: dict[str, str] = {
        "META-INF/reportPackage.json": _json(
            {"documentInfo": {"documentType": "https://xbrl.org/report-package/2023"}}),
        "reports/report.json": _json({"documentInfo": {
            "documentType": "https://xbrl.org/2021/xbrl-csv", "extends": [taxonomy]}}),
        "reports/parameters.csv": "name,value\n" + "".join(f"{k},{v}\n" for k, v in params),
        "reports/FilingIndicators.csv": "templateID,reported\n" + "".join(
            f"{t},{'true' if reported.get(t, False) else 'false'}\n" for t in ALL_TEMPLATES),
    }
    for t in tables:
        if reported[t]:
            files[f"reports/{t.lower()}.csv"] = _csv(cols_of[t])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content.encode("utf-8"), compresslevel=1)
    tmp.replace(out)
    return out


def _csv(cols: dict[str, _Col]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(cols))
    w.writerows(zip(*(c.v for c in cols.values()), strict=True))
    return buf.getvalue()


def _json(obj: object) -> str:
    return json.dumps(obj, indent=2, sort_keys=True) + "\n"
