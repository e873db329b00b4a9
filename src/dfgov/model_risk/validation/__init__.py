"""Model validation: discrimination, calibration, stability, robustness, security."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.validation._metrics import (
        CalibrationCurve,
        HosmerLemeshow,
        ThresholdMetrics,
        brier_score,
        calibration_curve,
        chi2_sf,
        directional_ks,
        expected_calibration_error,
        gini,
        hosmer_lemeshow,
        ks_statistic,
        roc_auc,
        threshold_metrics,
    )
    from dfgov.model_risk.validation._model_io import (
        TRUSTED_NAMES,
        ModelProvenance,
        is_forbidden_type,
        load_model,
        model_provenance,
    )
    from dfgov.model_risk.validation._policy import (
        RobustnessPolicy,
        SecurityPolicy,
        ValidationPolicy,
    )
    from dfgov.model_risk.validation._robustness import (
        EdgeBehaviour,
        MonotonicityResult,
        PerturbationResult,
        edge_case_test,
        monotonicity_test,
        perturbation_test,
    )
    from dfgov.model_risk.validation._robustness_check import RobustnessCheck
    from dfgov.model_risk.validation._security import (
        EvasionResult,
        MembershipInference,
        dependency_inventory,
        evasion_test,
        membership_inference,
    )
    from dfgov.model_risk.validation._security_check import SecurityCheck
    from dfgov.model_risk.validation._stability import (
        ConstantFeatureError,
        FeatureStability,
        check_psi_options,
        population_stability_index,
        psi_band,
        psi_from_counts,
        stability_table,
    )
    from dfgov.model_risk.validation._validation_check import ValidationCheck

__all__ = [
    "TRUSTED_NAMES",
    "CalibrationCurve",
    "ConstantFeatureError",
    "EdgeBehaviour",
    "EvasionResult",
    "FeatureStability",
    "HosmerLemeshow",
    "MembershipInference",
    "ModelProvenance",
    "MonotonicityResult",
    "PerturbationResult",
    "RobustnessCheck",
    "RobustnessPolicy",
    "SecurityCheck",
    "SecurityPolicy",
    "ThresholdMetrics",
    "ValidationCheck",
    "ValidationPolicy",
    "brier_score",
    "calibration_curve",
    "check_psi_options",
    "chi2_sf",
    "dependency_inventory",
    "directional_ks",
    "edge_case_test",
    "evasion_test",
    "expected_calibration_error",
    "gini",
    "hosmer_lemeshow",
    "is_forbidden_type",
    "ks_statistic",
    "load_model",
    "membership_inference",
    "model_provenance",
    "monotonicity_test",
    "perturbation_test",
    "population_stability_index",
    "psi_band",
    "psi_from_counts",
    "roc_auc",
    "stability_table",
    "threshold_metrics",
]

_EXPORTS = {
    **dict.fromkeys(
        ["CalibrationCurve", "HosmerLemeshow", "ThresholdMetrics", "brier_score",
         "calibration_curve", "chi2_sf", "directional_ks", "expected_calibration_error",
         "gini", "hosmer_lemeshow", "ks_statistic", "roc_auc", "threshold_metrics"], "._metrics"),
    **dict.fromkeys(["RobustnessPolicy", "SecurityPolicy", "ValidationPolicy"], "._policy"),
    **dict.fromkeys(
        ["ConstantFeatureError", "FeatureStability", "check_psi_options",
         "population_stability_index", "psi_band", "psi_from_counts", "stability_table"],
        "._stability"),
    **dict.fromkeys(["TRUSTED_NAMES", "ModelProvenance", "is_forbidden_type", "load_model",
                     "model_provenance"], "._model_io"),
    **dict.fromkeys(
        ["EdgeBehaviour", "MonotonicityResult", "PerturbationResult", "edge_case_test",
         "monotonicity_test", "perturbation_test"], "._robustness"),
    **dict.fromkeys(
        ["EvasionResult", "MembershipInference", "dependency_inventory", "evasion_test",
         "membership_inference"], "._security"),
    "RobustnessCheck": "._robustness_check",
    "SecurityCheck": "._security_check",
    "ValidationCheck": "._validation_check",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
