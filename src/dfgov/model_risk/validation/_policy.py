"""Policy sections [validation], [robustness] and [security]."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from dfgov.policy import PolicySection, register_section

__all__ = ["RobustnessPolicy", "SecurityPolicy", "ValidationPolicy"]

#: The key each section used to have for its own operating point.
_THRESHOLD_MOVED = {"threshold": "the operating point is [model_risk] decision_threshold, "
                                 "one threshold read by every control."}


@register_section
class ValidationPolicy(PolicySection):
    """Discrimination, calibration and stability (PSI/CSI) thresholds."""

    section_name: ClassVar[str] = "validation"
    moved_keys: ClassVar[dict[str, str]] = _THRESHOLD_MOVED

    min_auc: float = Field(0.7, ge=0.0, le=1.0, description="ROC AUC below this fails.")
    warn_auc: float = Field(0.75, ge=0.0, le=1.0, description="ROC AUC below this warns.")
    min_ks: float = Field(0.2, ge=0.0, le=1.0, description="KS statistic below this warns.")
    min_precision: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Precision at the threshold below this fails (unset: report only).",
    )
    min_recall: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Recall at the threshold below this fails (unset: report only).",
    )
    max_brier: float | None = Field(
        None, ge=0.0, le=1.0, description="Brier score above this fails (unset: report only)."
    )
    max_ece: float = Field(
        0.1, ge=0.0, le=1.0, description="Expected calibration error above this warns."
    )
    calibration_bins: int = Field(
        10, ge=2, le=100, description="Bins of the calibration curve and ECE."
    )
    calibration_strategy: Literal["uniform", "quantile"] = Field(
        "uniform",
        description="Calibration bins of equal width (uniform) or equal count (quantile).",
    )
    hosmer_lemeshow_groups: int = Field(
        10, ge=3, le=100, description="Groups of the Hosmer–Lemeshow test."
    )
    hosmer_lemeshow_alpha: float = Field(
        0.05,
        gt=0.0,
        lt=1.0,
        description="Hosmer–Lemeshow p-value below this warns (miscalibration).",
    )
    psi_bins: int = Field(
        10, ge=2, le=100, description="Quantile bins of numeric features for PSI/CSI."
    )
    psi_epsilon: float = Field(
        1e-4,
        gt=0.0,
        lt=0.01,
        description="Proportion used in place of 0 for a bin empty in one sample "
        "(keeps PSI finite).",
    )
    psi_watch: float = Field(0.1, ge=0.0, description="PSI at or above this is 'watch' (warn).")
    psi_shift: float = Field(0.25, ge=0.0, description="PSI above this is 'shifted' (fail).")

    @model_validator(mode="after")
    def _ordered(self) -> ValidationPolicy:
        if self.psi_shift < self.psi_watch:
            raise ValueError("psi_shift must be >= psi_watch")
        if self.warn_auc < self.min_auc:
            raise ValueError("warn_auc must be >= min_auc")
        return self


@register_section
class RobustnessPolicy(PolicySection):
    """Perturbation, monotonicity and missing/out-of-range input checks."""

    section_name: ClassVar[str] = "robustness"
    moved_keys: ClassVar[dict[str, str]] = _THRESHOLD_MOVED

    noise: float = Field(
        0.1,
        ge=0.0,
        le=10.0,
        description="Numeric perturbation: uniform noise of at most noise × the feature's "
        "standard deviation.",
    )
    swap_probability: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Categorical perturbation: probability of swapping to another observed level.",
    )
    rounds: int = Field(3, ge=1, le=100, description="Perturbation rounds.")
    max_flip_rate: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Share of decisions flipped by perturbation above this fails.",
    )
    max_mean_score_change: float = Field(
        0.05, ge=0.0, le=1.0, description="Mean absolute score change above this warns."
    )
    monotone: dict[str, Literal["increasing", "decreasing"]] = Field(
        default_factory=dict,
        description="Declared monotone features and direction of the score, e.g. "
        '{duration_months = "increasing"}.',
    )
    monotone_rows: int = Field(200, ge=1, description="Rows sampled for the monotonicity sweep.")
    monotone_grid: int = Field(20, ge=3, le=1000, description="Grid points per swept feature.")
    max_monotone_violation_share: float = Field(
        0.0, ge=0.0, le=1.0, description="Share of swept rows with a violation above this fails."
    )
    edge_rows: int = Field(
        50, ge=1, description="Rows used to test missing and out-of-range inputs per feature."
    )
    out_of_range: Literal["warn", "fail", "pass"] = Field(
        "warn", description="Status when a model silently extrapolates on out-of-range inputs."
    )
    missing: Literal["warn", "fail", "pass"] = Field(
        "pass", description="Status when a model predicts on missing inputs (it handles NaN)."
    )
    random_state: int = Field(0, description="Seed of all random draws.")


@register_section
class SecurityPolicy(PolicySection):
    """Model security assessment: membership inference, evasion, dependencies, model format."""

    section_name: ClassVar[str] = "security"
    moved_keys: ClassVar[dict[str, str]] = _THRESHOLD_MOVED

    max_membership_auc: float = Field(
        0.6,
        ge=0.5,
        le=1.0,
        description="Membership-inference attack AUC above this fails (0.5 = no leakage).",
    )
    warn_membership_auc: float = Field(
        0.55, ge=0.5, le=1.0, description="Membership-inference attack AUC above this warns."
    )
    membership_rows: int = Field(
        2000, ge=10, description="At most this many training and holdout rows each in the attack."
    )
    actionable: dict[str, float] = Field(
        default_factory=dict,
        description="Actionable features and their change budget in standard deviations, "
        "e.g. {credit_amount = 0.5}.",
    )
    evasion_rows: int = Field(
        200, ge=1, description="Declined rows sampled for the evasion search."
    )
    evasion_steps: int = Field(
        10, ge=1, le=200, description="Grid steps per feature and direction."
    )
    max_flippable_share: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of declined rows flippable within the budget above this warns "
        "(unset: report only).",
    )
    min_versions: dict[str, str] = Field(
        default_factory=dict,
        description='Minimum versions of model libraries, e.g. {scikit-learn = "1.5"}.',
    )
    unsafe_format: Literal["fail", "warn"] = Field(
        "fail", description="Status when the model was loaded from pickle or joblib."
    )
    random_state: int = Field(0, description="Seed of all random draws.")

    @model_validator(mode="after")
    def _ordered(self) -> SecurityPolicy:
        if self.max_membership_auc < self.warn_membership_auc:
            raise ValueError("max_membership_auc must be >= warn_membership_auc")
        return self
