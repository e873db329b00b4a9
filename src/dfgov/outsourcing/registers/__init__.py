"""Regulator registers: DORA Register of Information (xBRL-CSV), EBA register, China ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.outsourcing.registers._china import china_annual_report as china_annual_report
    from dfgov.outsourcing.registers._china import china_ledger as china_ledger
    from dfgov.outsourcing.registers._data import RegisterData as RegisterData
    from dfgov.outsourcing.registers._data import ReportingEntity as ReportingEntity
    from dfgov.outsourcing.registers._dora import COVERAGE as COVERAGE
    from dfgov.outsourcing.registers._dora import RegisterIssue as RegisterIssue
    from dfgov.outsourcing.registers._dora import dora_tables as dora_tables
    from dfgov.outsourcing.registers._eba import eba_register as eba_register
    from dfgov.outsourcing.registers._package import export_dora_package as export_dora_package
    from dfgov.outsourcing.registers._package import validate_dora as validate_dora

_EXPORTS = {
    "china_annual_report": "._china",
    "china_ledger": "._china",
    "RegisterData": "._data",
    "ReportingEntity": "._data",
    "COVERAGE": "._dora",
    "RegisterIssue": "._dora",
    "dora_tables": "._dora",
    "eba_register": "._eba",
    "export_dora_package": "._package",
    "validate_dora": "._package",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
