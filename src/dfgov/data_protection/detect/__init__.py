"""Deprecated: identifier validators and detectors
moved to the private ``dfgov.data_protection._detect``.

Import its names from :mod:`dfgov.data_protection` instead; this module serves them, with a
``DeprecationWarning``, for one more release.
"""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(
    __name__,
    {
        "KINDS": "dfgov.data_protection",
        "Kind": "dfgov.data_protection",
        "find_pii": "dfgov.data_protection",
        "is_unionpay": "dfgov.data_protection",
        "is_valid": "dfgov.data_protection",
        "kinds": "dfgov.data_protection",
    },
)
