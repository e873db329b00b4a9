"""Deprecated: retention periods and deletion plans
moved to the private ``dfgov.data_protection._retention``.

Import its names from :mod:`dfgov.data_protection` instead; this module serves them, with a
``DeprecationWarning``, for one more release.
"""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(
    __name__,
    {
        "DeletionItem": "dfgov.data_protection",
        "DeletionPlan": "dfgov.data_protection",
        "Holding": "dfgov.data_protection",
        "crypto_shred": "dfgov.data_protection.crypto",
        "execute_plan": "dfgov.data_protection",
        "plan_deletions": "dfgov.data_protection",
        "retention_days": "dfgov.data_protection",
    },
)
