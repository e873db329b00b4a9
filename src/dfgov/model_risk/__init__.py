"""Measure 16, models and algorithms: fairness, explainability, validation, disclosure, inventory.

The names below load on first use (``import dfgov.model_risk`` stays light).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk._adapt_other import CallableModel as CallableModel
    from dfgov.model_risk._adapt_other import OnnxModel as OnnxModel
    from dfgov.model_risk._adapter import ModelAdapter as ModelAdapter
    from dfgov.model_risk._adapter import adapt as adapt
    from dfgov.model_risk._policy import ModelRiskPolicy as ModelRiskPolicy
    from dfgov.model_risk._vocabulary import DecisionVocabulary as DecisionVocabulary
    from dfgov.model_risk.assessment import AssessmentContext as AssessmentContext
    from dfgov.model_risk.assessment import ModelRiskAssessment as ModelRiskAssessment
    from dfgov.model_risk.disclosure import AlgorithmDisclosure as AlgorithmDisclosure
    from dfgov.model_risk.explain import ExplainabilityCheck as ExplainabilityCheck
    from dfgov.model_risk.explain import Explainer as Explainer
    from dfgov.model_risk.fairness import FairnessCheck as FairnessCheck
    from dfgov.model_risk.fairness import GroupMetrics as GroupMetrics
    from dfgov.model_risk.inventory import ModelInventory as ModelInventory
    from dfgov.model_risk.validation import RobustnessCheck as RobustnessCheck
    from dfgov.model_risk.validation import SecurityCheck as SecurityCheck
    from dfgov.model_risk.validation import ValidationCheck as ValidationCheck
    from dfgov.model_risk.validation import load_model as load_model
    from dfgov.model_risk.validation import model_provenance as model_provenance

_EXPORTS = {
    "CallableModel": "._adapt_other",
    "OnnxModel": "._adapt_other",
    "ModelAdapter": "._adapter",
    "adapt": "._adapter",
    "ModelRiskPolicy": "._policy",
    "DecisionVocabulary": "._vocabulary",
    "AssessmentContext": ".assessment",
    "ModelRiskAssessment": ".assessment",
    "AlgorithmDisclosure": ".disclosure",
    "ExplainabilityCheck": ".explain",
    "Explainer": ".explain",
    "FairnessCheck": ".fairness",
    "GroupMetrics": ".fairness",
    "ModelInventory": ".inventory",
    "RobustnessCheck": ".validation",
    "SecurityCheck": ".validation",
    "ValidationCheck": ".validation",
    "load_model": ".validation",
    "model_provenance": ".validation",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(
    __name__, _EXPORTS, deprecated={"AssessmentPolicy": "dfgov.model_risk.ModelRiskPolicy"})
