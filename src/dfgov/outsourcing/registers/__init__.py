"""Regulator registers: DORA Register of Information (xBRL-CSV), EBA register, China ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.outsourcing.registers._china import china_annual_report, china_ledger
    from dfgov.outsourcing.registers._data import RegisterData, ReportingEntity
    from dfgov.outsourcing.registers._dora import COVERAGE, RegisterIssue, dora_tables
    from dfgov.outsourcing.registers._eba import eba_register
    from dfgov.outsourcing.registers._package import export_dora_package, validate_dora

__all__ = [
    "COVERAGE",
    "RegisterData",
    "RegisterIssue",
    "ReportingEntity",
    "china_annual_report",
    "china_ledger",
    "dora_tables",
    "eba_register",
    "export_dora_package",
    "validate_dora",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "COVERAGE": "._dora",
    "RegisterIssue": "._dora",
    "dora_tables": "._dora",
    "RegisterData": "._data",
    "ReportingEntity": "._data",
    "export_dora_package": "._package",
    "validate_dora": "._package",
    "eba_register": "._eba",
    "china_annual_report": "._china",
    "china_ledger": "._china",
})
