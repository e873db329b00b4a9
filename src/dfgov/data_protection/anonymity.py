"""Deprecated module: k-anonymity and friends now live in ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov._lazy import deprecated_aliases

__getattr__ = deprecated_aliases(__name__, {
    "AnonymityCheck": "dfgov.data_protection.AnonymityCheck",
    "EquivalenceClasses": "dfgov.data_protection.EquivalenceClasses",
    "RiskFigures": "dfgov.data_protection.RiskFigures",
    "equivalence_classes": "dfgov.data_protection.equivalence_classes",
    "k_anonymity": "dfgov.data_protection.k_anonymity",
    "l_diversity": "dfgov.data_protection.l_diversity",
    "reidentification_risk": "dfgov.data_protection.reidentification_risk",
    "smallest_classes": "dfgov.data_protection.smallest_classes",
    "suppress_small_classes": "dfgov.data_protection.suppress_small_classes",
    "t_closeness": "dfgov.data_protection.t_closeness",
    "uniqueness_details": "dfgov.data_protection.uniqueness_details",
})
