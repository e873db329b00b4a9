"""Deprecated module (one release): retention and deletion plans are public from
``dfgov.data_protection``, ``crypto_shred`` from ``dfgov.data_protection.crypto``."""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

_NEW = {
    **dict.fromkeys(["DeletionItem", "DeletionPlan", "Holding", "execute_plan", "plan_deletions",
                     "retention_days"], "dfgov.data_protection"),
    "crypto_shred": "dfgov.data_protection.crypto",
}
__getattr__ = moved_names(__name__, _NEW)
