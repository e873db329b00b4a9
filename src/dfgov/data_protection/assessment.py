"""Deprecated: the data-security risk assessment
moved to the private ``dfgov.data_protection._security_assessment``.

Import its names from :mod:`dfgov.data_protection` instead; this module serves them, with a
``DeprecationWarning``, for one more release.
"""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(
    __name__,
    {
        "ColumnControls": "dfgov.data_protection",
        "ColumnRecord": "dfgov.data_protection",
        "DataSecurityAssessment": "dfgov.data_protection",
        "DatasetControls": "dfgov.data_protection",
    },
)
