"""Policy section [fairness]."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from dfgov.policy import PolicySection, register_section

__all__ = ["FairnessPolicy", "FairnessRule", "ShiftPolicy"]

RuleMetric = Literal[
    "demographic_parity",
    "equalized_odds",
    "equal_opportunity",
    "predictive_parity",
    "selection_rate",
    "base_rate",
    "true_positive_rate",
    "false_positive_rate",
    "true_negative_rate",
    "false_negative_rate",
    "precision",
    "negative_predictive_value",
    "false_discovery_rate",
    "false_omission_rate",
    "accuracy",
    "balanced_accuracy",
    "f1",
]


class FairnessRule(BaseModel):
    """One rule: a disparity of a metric judged against a threshold.

    A ``difference`` fails when it is above the threshold, a ``ratio`` when it
    is below. With ``basis = "interval"`` the rule fails only when the whole
    confidence interval lies on the failing side of the threshold.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: RuleMetric = Field(
        "demographic_parity",
        description="Metric or composite (demographic_parity = selection rate, "
        "equal_opportunity = TPR, equalized_odds = worst of TPR and FPR, "
        "predictive_parity = precision).",
    )
    kind: Literal["difference", "ratio"] = Field(
        "difference", description="Disparity kind: 'difference' (max - min) or 'ratio' (min/max)."
    )
    method: Literal["between_groups", "to_overall"] = Field(
        "between_groups", description="Compare groups with each other or with the overall value."
    )
    threshold: float = Field(
        0.1, ge=0.0, description="Largest allowed difference, or smallest allowed ratio."
    )
    severity: Literal["warn", "fail"] = Field(
        "fail", description="Status of a breach: 'warn' or 'fail'."
    )
    basis: Literal["point", "interval"] = Field(
        "point",
        description="'point': judge the estimate; 'interval': breach only when the "
        "whole confidence interval is beyond the threshold.",
    )
    name: str | None = Field(
        None, description="Control id suffix; default '<metric>_<kind>'."
    )

    @property
    def rule_id(self) -> str:
        """Identifier used as the finding's control suffix."""
        return self.name or f"{self.metric}_{self.kind}"


def _default_rules() -> list[FairnessRule]:
    return [
        FairnessRule(metric="demographic_parity", kind="difference", threshold=0.1),
        FairnessRule(metric="demographic_parity", kind="ratio", threshold=0.8,
                     name="four_fifths_rule"),
        FairnessRule(metric="equalized_odds", kind="difference", threshold=0.1,
                     severity="warn"),
        FairnessRule(metric="equal_opportunity", kind="difference", threshold=0.1,
                     severity="warn"),
    ]


class ShiftPolicy(BaseModel):
    """Demographic-shift test: reweight a group's share by +/- delta."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    delta: float = Field(
        0.0, ge=0.0, le=0.5, description="Share shift to test (0 turns the test off)."
    )
    tolerance: float = Field(
        0.02, ge=0.0, description="Largest allowed worsening of a rule's disparity."
    )
    severity: Literal["warn", "fail"] = Field("warn", description="Status of a breach.")


@register_section
class FairnessPolicy(PolicySection):
    """Fairness rules: sensitive features, group sizes, thresholds and decision basis."""

    section_name: ClassVar[str] = "fairness"
    moved_keys: ClassVar[dict[str, str]] = {
        "pos_label": "state the outcome favourable to the applicant once, as [model_risk] "
        "favourable_label; every rate is then the rate of that outcome.",
    }

    sensitive_features: list[str] = Field(
        default_factory=list,
        description="Sensitive columns to use (empty: every column passed in).",
    )
    intersectional: bool = Field(
        True, description="Groups are intersections of the sensitive columns (else one per column)."
    )
    reference_group: str | None = Field(
        None,
        description="Group compared with every other group; intersections are "
        "written 'a & b' in column order. None: worst pair of groups.",
    )
    min_group_size: int = Field(
        30, ge=1, description="Groups with fewer rows are reported as insufficient data."
    )
    confidence: float = Field(
        0.95, gt=0.0, lt=1.0, description="Confidence level of intervals."
    )
    n_boot: int = Field(
        1000, ge=0, description="Bootstrap replicates for disparity intervals (0: none)."
    )
    stratified: bool = Field(
        False, description="Bootstrap with group sizes held fixed (stratified by group)."
    )
    random_state: int | None = Field(0, description="Seed of the bootstrap.")
    adjustment: Literal["none", "holm", "bonferroni"] = Field(
        "none",
        description="Multiple-comparison adjustment when a reference group is "
        "compared with many groups.",
    )
    power: float = Field(
        0.8, gt=0.0, lt=1.0, description="Power of the detectable-disparity note."
    )
    underpowered: Literal["pass", "warn"] = Field(
        "warn",
        description="Status of a passing rule whose groups are too small to detect "
        "a breach of its threshold.",
    )
    missing: Literal["error", "group"] = Field(
        "error", description="Missing sensitive values: an error, or a 'missing' group."
    )
    rules: list[FairnessRule] = Field(
        default_factory=_default_rules, description="Rules to judge."
    )
    shift: ShiftPolicy = Field(
        default_factory=ShiftPolicy, description="Demographic-shift test."
    )
    counterfactual_tolerance: float = Field(
        0.0, ge=0.0, le=1.0,
        description="Largest allowed share of decisions that change when only a "
        "protected attribute changes.",
    )
    counterfactual_severity: Literal["warn", "fail"] = Field(
        "fail", description="Status of a counterfactual-flip breach."
    )
