"""Deprecated: k-anonymity, l-diversity, t-closeness and re-identification risk
moved to the private ``dfgov.data_protection._anonymity``.

Import its names from :mod:`dfgov.data_protection` instead; this module serves them, with a
``DeprecationWarning``, for one more release.
"""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(
    __name__,
    {
        "AnonymityCheck": "dfgov.data_protection",
        "EquivalenceClasses": "dfgov.data_protection",
        "RiskFigures": "dfgov.data_protection",
        "equivalence_classes": "dfgov.data_protection",
        "k_anonymity": "dfgov.data_protection",
        "l_diversity": "dfgov.data_protection",
        "reidentification_risk": "dfgov.data_protection",
        "smallest_classes": "dfgov.data_protection",
        "suppress_small_classes": "dfgov.data_protection",
        "t_closeness": "dfgov.data_protection",
        "uniqueness_details": "dfgov.data_protection",
    },
)
