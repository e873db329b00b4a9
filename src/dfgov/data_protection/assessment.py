"""Deprecated module: import the risk assessment from ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov._lazy import deprecated_aliases

__getattr__ = deprecated_aliases(__name__, {
    "ColumnControls": "dfgov.data_protection.ColumnControls",
    "ColumnRecord": "dfgov.data_protection.ColumnRecord",
    "DataSecurityAssessment": "dfgov.data_protection.DataSecurityAssessment",
    "DatasetControls": "dfgov.data_protection.DatasetControls",
})
