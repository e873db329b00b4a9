"""Model validation: discrimination, calibration, stability, robustness, security."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.validation._metrics import CalibrationCurve as CalibrationCurve
    from dfgov.model_risk.validation._metrics import HosmerLemeshow as HosmerLemeshow
    from dfgov.model_risk.validation._metrics import ThresholdMetrics as ThresholdMetrics
    from dfgov.model_risk.validation._metrics import brier_score as brier_score
    from dfgov.model_risk.validation._metrics import calibration_curve as calibration_curve
    from dfgov.model_risk.validation._metrics import chi2_sf as chi2_sf
    from dfgov.model_risk.validation._metrics import directional_ks as directional_ks
    from dfgov.model_risk.validation._metrics import (
        expected_calibration_error as expected_calibration_error,
    )
    from dfgov.model_risk.validation._metrics import gini as gini
    from dfgov.model_risk.validation._metrics import hosmer_lemeshow as hosmer_lemeshow
    from dfgov.model_risk.validation._metrics import ks_statistic as ks_statistic
    from dfgov.model_risk.validation._metrics import roc_auc as roc_auc
    from dfgov.model_risk.validation._metrics import threshold_metrics as threshold_metrics
    from dfgov.model_risk.validation._model_io import TRUSTED_NAMES as TRUSTED_NAMES
    from dfgov.model_risk.validation._model_io import ModelProvenance as ModelProvenance
    from dfgov.model_risk.validation._model_io import is_forbidden_type as is_forbidden_type
    from dfgov.model_risk.validation._model_io import load_model as load_model
    from dfgov.model_risk.validation._model_io import model_provenance as model_provenance
    from dfgov.model_risk.validation._policy import RobustnessPolicy as RobustnessPolicy
    from dfgov.model_risk.validation._policy import SecurityPolicy as SecurityPolicy
    from dfgov.model_risk.validation._policy import ValidationPolicy as ValidationPolicy
    from dfgov.model_risk.validation._robustness import EdgeBehaviour as EdgeBehaviour
    from dfgov.model_risk.validation._robustness import MonotonicityResult as MonotonicityResult
    from dfgov.model_risk.validation._robustness import PerturbationResult as PerturbationResult
    from dfgov.model_risk.validation._robustness import edge_case_test as edge_case_test
    from dfgov.model_risk.validation._robustness import monotonicity_test as monotonicity_test
    from dfgov.model_risk.validation._robustness import perturbation_test as perturbation_test
    from dfgov.model_risk.validation._robustness_check import RobustnessCheck as RobustnessCheck
    from dfgov.model_risk.validation._security import EvasionResult as EvasionResult
    from dfgov.model_risk.validation._security import MembershipInference as MembershipInference
    from dfgov.model_risk.validation._security import dependency_inventory as dependency_inventory
    from dfgov.model_risk.validation._security import evasion_test as evasion_test
    from dfgov.model_risk.validation._security import membership_inference as membership_inference
    from dfgov.model_risk.validation._security_check import SecurityCheck as SecurityCheck
    from dfgov.model_risk.validation._stability import ConstantFeatureError as ConstantFeatureError
    from dfgov.model_risk.validation._stability import FeatureStability as FeatureStability
    from dfgov.model_risk.validation._stability import check_psi_options as check_psi_options
    from dfgov.model_risk.validation._stability import (
        population_stability_index as population_stability_index,
    )
    from dfgov.model_risk.validation._stability import psi_band as psi_band
    from dfgov.model_risk.validation._stability import psi_from_counts as psi_from_counts
    from dfgov.model_risk.validation._stability import stability_table as stability_table
    from dfgov.model_risk.validation._validation_check import ValidationCheck as ValidationCheck

_EXPORTS = {
    "CalibrationCurve": "._metrics",
    "HosmerLemeshow": "._metrics",
    "ThresholdMetrics": "._metrics",
    "brier_score": "._metrics",
    "calibration_curve": "._metrics",
    "chi2_sf": "._metrics",
    "directional_ks": "._metrics",
    "expected_calibration_error": "._metrics",
    "gini": "._metrics",
    "hosmer_lemeshow": "._metrics",
    "ks_statistic": "._metrics",
    "roc_auc": "._metrics",
    "threshold_metrics": "._metrics",
    "ModelProvenance": "._model_io",
    "TRUSTED_NAMES": "._model_io",
    "is_forbidden_type": "._model_io",
    "load_model": "._model_io",
    "model_provenance": "._model_io",
    "RobustnessPolicy": "._policy",
    "SecurityPolicy": "._policy",
    "ValidationPolicy": "._policy",
    "EdgeBehaviour": "._robustness",
    "MonotonicityResult": "._robustness",
    "PerturbationResult": "._robustness",
    "edge_case_test": "._robustness",
    "monotonicity_test": "._robustness",
    "perturbation_test": "._robustness",
    "RobustnessCheck": "._robustness_check",
    "EvasionResult": "._security",
    "MembershipInference": "._security",
    "dependency_inventory": "._security",
    "evasion_test": "._security",
    "membership_inference": "._security",
    "SecurityCheck": "._security_check",
    "ConstantFeatureError": "._stability",
    "FeatureStability": "._stability",
    "check_psi_options": "._stability",
    "population_stability_index": "._stability",
    "psi_band": "._stability",
    "psi_from_counts": "._stability",
    "stability_table": "._stability",
    "ValidationCheck": "._validation_check",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
