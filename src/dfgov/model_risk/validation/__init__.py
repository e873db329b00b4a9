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
        expected_calibration_error,
        gini,
        hosmer_lemeshow,
        ks_statistic,
        roc_auc,
        threshold_metrics,
    )
    from dfgov.model_risk.validation._policy import (
        RobustnessPolicy,
        SecurityPolicy,
        ValidationPolicy,
    )
    from dfgov.model_risk.validation._stability import (
        FeatureStability,
        population_stability_index,
        psi_band,
        stability_table,
    )
    from dfgov.model_risk.validation._validation_check import ValidationCheck

__all__ = [
    "CalibrationCurve",
    "FeatureStability",
    "HosmerLemeshow",
    "RobustnessPolicy",
    "SecurityPolicy",
    "ThresholdMetrics",
    "ValidationCheck",
    "ValidationPolicy",
    "brier_score",
    "calibration_curve",
    "expected_calibration_error",
    "gini",
    "hosmer_lemeshow",
    "ks_statistic",
    "population_stability_index",
    "psi_band",
    "roc_auc",
    "stability_table",
    "threshold_metrics",
]

_EXPORTS = {
    **dict.fromkeys(
        ["CalibrationCurve", "HosmerLemeshow", "ThresholdMetrics", "brier_score",
         "calibration_curve", "expected_calibration_error", "gini", "hosmer_lemeshow",
         "ks_statistic", "roc_auc", "threshold_metrics"], "._metrics"),
    **dict.fromkeys(["RobustnessPolicy", "SecurityPolicy", "ValidationPolicy"], "._policy"),
    **dict.fromkeys(
        ["FeatureStability", "population_stability_index", "psi_band", "stability_table"],
        "._stability"),
    "ValidationCheck": "._validation_check",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
