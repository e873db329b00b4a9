"""Deprecated package: the identifier validators are public from ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov._lazy import lazy_exports

_EXPORTS: dict[str, str] = {}
__all__: list[str] = []
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, deprecated={
    "KINDS": "dfgov.data_protection.KINDS",
    "Kind": "dfgov.data_protection.Kind",
    "find_pii": "dfgov.data_protection.find_pii",
    "is_unionpay": "dfgov.data_protection.is_unionpay",
    "is_valid": "dfgov.data_protection.is_valid",
    "kinds": "dfgov.data_protection.kinds",
})
