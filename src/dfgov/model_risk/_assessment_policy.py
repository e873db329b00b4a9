"""Policy section [assessment]: which model-risk controls run and how decisions are read."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from dfgov.policy import PolicySection, register_section

__all__ = ["CONTROL_NAMES", "AssessmentPolicy", "ControlName"]

ControlName = Literal[
    "fairness", "explainability", "validation", "robustness", "security", "disclosure"
]
CONTROL_NAMES: tuple[ControlName, ...] = (
    "fairness", "explainability", "validation", "robustness", "security", "disclosure"
)


@register_section
class AssessmentPolicy(PolicySection):
    """Model-risk assessment: enabled controls, label meaning and decision threshold."""

    section_name: ClassVar[str] = "assessment"

    controls: list[ControlName] = Field(
        default_factory=lambda: list(CONTROL_NAMES),
        description="Controls to run; each is skipped with a reason when its inputs are missing.",
    )
    positive_label: int | str = Field(
        1, description="The label whose probability the model's score is (predict_proba column)."
    )
    favourable_label: int | str = Field(
        1,
        description="The outcome that is good for the applicant (e.g. 0 when the target is "
        "'default'); fairness selection rates count this outcome.",
    )
    decision_threshold: float = Field(
        0.5, ge=0.0, le=1.0,
        description="A score >= this threshold predicts the positive label.",
    )
    explain_sample: int = Field(
        2000, ge=10, description="Rows sampled for SHAP explanations."
    )
    random_state: int = Field(0, description="Seed for every sampled or bootstrapped step.")
