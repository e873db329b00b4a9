"""Deprecated package: the identifier validators are public from ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(__name__, dict.fromkeys(
    ["KINDS", "Kind", "find_pii", "is_unionpay", "is_valid", "kinds"],
    "dfgov.data_protection"))
