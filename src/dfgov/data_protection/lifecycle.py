"""Deprecated module (one release): retention and deletion plans are public from
``dfgov.data_protection``, ``crypto_shred`` from ``dfgov.data_protection.crypto``."""

from __future__ import annotations

from dfgov._lazy import deprecated_aliases

__getattr__ = deprecated_aliases(__name__, {
    "DeletionItem": "dfgov.data_protection.DeletionItem",
    "DeletionPlan": "dfgov.data_protection.DeletionPlan",
    "Holding": "dfgov.data_protection.Holding",
    "crypto_shred": "dfgov.data_protection.crypto.crypto_shred",
    "execute_plan": "dfgov.data_protection.execute_plan",
    "plan_deletions": "dfgov.data_protection.plan_deletions",
    "retention_days": "dfgov.data_protection.retention_days",
})
