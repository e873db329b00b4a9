"""Measure 16, models and algorithms: fairness, explainability, validation, disclosure, inventory.

The names below load on first use (``import dfgov.model_risk`` stays light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk._adapt_other import CallableModel, OnnxModel
    from dfgov.model_risk._adapter import ModelAdapter, adapt
    from dfgov.model_risk._policy import AssessmentPolicy as AssessmentPolicy
    from dfgov.model_risk._policy import ModelRiskPolicy
    from dfgov.model_risk._vocabulary import DecisionVocabulary
    from dfgov.model_risk.assessment import AssessmentContext, ModelRiskAssessment
    from dfgov.model_risk.disclosure import AlgorithmDisclosure
    from dfgov.model_risk.explain import ExplainabilityCheck, Explainer
    from dfgov.model_risk.fairness import FairnessCheck, GroupMetrics
    from dfgov.model_risk.inventory import ModelInventory
    from dfgov.model_risk.validation import (
        RobustnessCheck,
        SecurityCheck,
        ValidationCheck,
        load_model,
        model_provenance,
    )

__all__ = [
    "AlgorithmDisclosure",
    "AssessmentContext",
    "CallableModel",
    "DecisionVocabulary",
    "ExplainabilityCheck",
    "Explainer",
    "FairnessCheck",
    "GroupMetrics",
    "ModelAdapter",
    "ModelInventory",
    "ModelRiskAssessment",
    "ModelRiskPolicy",
    "OnnxModel",
    "RobustnessCheck",
    "SecurityCheck",
    "ValidationCheck",
    "adapt",
    "load_model",
    "model_provenance",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AlgorithmDisclosure": ".disclosure",
        "AssessmentContext": ".assessment",
        "AssessmentPolicy": "._policy",  # deprecated name of ModelRiskPolicy (one release)
        "CallableModel": "._adapt_other",
        "DecisionVocabulary": "._vocabulary",
        "ExplainabilityCheck": ".explain",
        "Explainer": ".explain",
        "FairnessCheck": ".fairness",
        "GroupMetrics": ".fairness",
        "ModelAdapter": "._adapter",
        "ModelInventory": ".inventory",
        "ModelRiskAssessment": ".assessment",
        "ModelRiskPolicy": "._policy",
        "OnnxModel": "._adapt_other",
        "RobustnessCheck": ".validation",
        "SecurityCheck": ".validation",
        "ValidationCheck": ".validation",
        "adapt": "._adapter",
        "load_model": ".validation",
        "model_provenance": ".validation",
    },
)
