"""Policy section [monitoring]: periods, label maturity, statistics, alarm rules."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from dfgov._field_order import not_above
from dfgov.policy import PolicySection, register_section

__all__ = ["MonitoringPolicy"]


@register_section
class MonitoringPolicy(PolicySection):
    """Monitoring over time: periods, late labels, stored statistics and alarm rules."""

    section_name: ClassVar[str] = "monitoring"

    frequency: Literal["month", "quarter"] = Field(
        "month", description="Length of a monitoring period (by application date)."
    )
    maturity_months: int = Field(
        6, ge=0, le=60,
        description="Months after a period ends until its outcome labels are mature.",
    )
    min_mature_share: float = Field(
        1.0, gt=0.0, le=1.0,
        description="With per-row label dates: share of labelled rows whose label date has "
        "passed for the period to count as mature.",
    )
    score_resolution: int = Field(
        1000, ge=10, le=100_000,
        description="Equal-width score bins on [0, 1] kept per group (AUC, KS, estimates).",
    )
    calibration_bins: int = Field(
        10, ge=2, le=100, description="Equal-width bins of the calibration test and ECE."
    )
    feature_bins: int = Field(
        10, ge=2, le=100, description="Quantile bins of numeric features (PSI/CSI), as validation."
    )
    max_levels: int = Field(
        50, ge=2,
        description="Most levels a categorical feature or sensitive column may have "
        "(more looks like an identifier and is refused).",
    )
    psi_watch: float = Field(0.1, ge=0.0, description="PSI/CSI at or above this is 'watch'.")
    psi_shift: float = Field(0.25, ge=0.0, description="PSI/CSI above this is a shift.")
    sustained_periods: int = Field(
        3, ge=1, description="Consecutive 'watch' periods that raise a sustained-drift alarm."
    )
    error_rate: float = Field(
        0.05, gt=0.0, lt=1.0,
        description="Chance of any false alarm within 'horizon_periods' periods (family-wise).",
    )
    horizon_periods: int = Field(
        36, ge=1,
        description="Periods over which 'error_rate' is spent (each period gets an equal part).",
    )
    auc_tolerance: float = Field(
        0.03, ge=0.0, le=1.0,
        description="AUC drop below the validation baseline tolerated before an alarm.",
    )
    ks_tolerance: float = Field(
        0.05, ge=0.0, le=1.0,
        description="KS drop below the validation baseline tolerated before an alarm.",
    )
    calibration_tolerance: float = Field(
        0.05, ge=0.0, le=1.0,
        description="Expected calibration error tolerated before a calibration alarm.",
    )
    trend_window: int = Field(
        6, ge=3, description="Periods in the window of the widening-disparity trend test."
    )
    trend_min_change: float = Field(
        0.05, ge=0.0,
        description="Smallest widening of a disparity over the window that raises an alarm.",
    )
    min_period_rows: int = Field(
        100, ge=1, description="Periods with fewer rows are reported, not judged."
    )
    estimate: bool = Field(
        True,
        description="Estimate pending periods' performance from calibrated scores (CBPE).",
    )
    due_soon_days: int = Field(
        30, ge=0, description="'dfgov due': work due within this many days is listed as soon due."
    )

    _psi_order = not_above("psi_watch", "psi_shift")
