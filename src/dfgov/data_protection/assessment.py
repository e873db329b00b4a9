"""Deprecated module: import the risk assessment from ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(__name__, dict.fromkeys(
    ["ColumnControls", "ColumnRecord", "DataSecurityAssessment", "DatasetControls"],
    "dfgov.data_protection"))
