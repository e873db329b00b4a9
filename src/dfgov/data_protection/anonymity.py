"""Deprecated module: k-anonymity and friends now live in ``dfgov.data_protection``."""

from __future__ import annotations

from dfgov.data_protection._moved import moved_names

__getattr__ = moved_names(__name__, dict.fromkeys(
    ["AnonymityCheck", "EquivalenceClasses", "RiskFigures", "equivalence_classes", "k_anonymity",
     "l_diversity", "reidentification_risk", "smallest_classes", "suppress_small_classes",
     "t_closeness", "uniqueness_details"],
    "dfgov.data_protection"))
