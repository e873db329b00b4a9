"""Policy section [model_risk]: the one decision vocabulary every model-risk control reads.

Which label is favourable to the applicant, which score direction means
favourable, the one decision threshold, which controls run and which must be
judged for a pass. The per-control copies of these (``[fairness] pos_label``,
``[validation] threshold``, ``[robustness] threshold``, ``[security] threshold``,
``[explainability] adverse/adverse_threshold``) are gone: a policy still
setting one fails validation with a message naming the key to use instead.
This section was called ``[assessment]`` before; that name is refused with the
same kind of message.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator

from dfgov.policy import PolicySection, register_section

__all__ = ["CONTROL_NAMES", "AssessmentPolicy", "ControlName", "ModelRiskPolicy",
           "ScoreDirection"]

ControlName = Literal[
    "fairness", "explainability", "validation", "robustness", "security", "disclosure"
]
CONTROL_NAMES: tuple[ControlName, ...] = (
    "fairness", "explainability", "validation", "robustness", "security", "disclosure"
)
#: What a higher score means for the applicant.
ScoreDirection = Literal["higher_is_unfavourable", "higher_is_favourable"]


@register_section
class ModelRiskPolicy(PolicySection):
    """Model risk: decision vocabulary (favourable label, score direction, threshold), controls."""

    section_name: ClassVar[str] = "model_risk"
    former_names: ClassVar[tuple[str, ...]] = ("assessment",)
    moved_keys: ClassVar[dict[str, str]] = {
        "positive_label": 'write score_direction = "higher_is_unfavourable" when a score is '
        'the probability of the unfavourable label (e.g. of default), "higher_is_favourable" '
        "when it is the probability of the favourable one.",
    }

    favourable_label: StrictBool | StrictInt | StrictStr | None = Field(
        None,
        description="REQUIRED: the label value favourable to the applicant, e.g. 0 when the "
        "target is 'default' (1 = defaulted), \"approve\" for approve/deny decisions. dfgov "
        "never guesses it: without it the gate exits 2 and lists the label values it found.",
        examples=[0],
    )
    score_direction: ScoreDirection | None = Field(
        None,
        description="REQUIRED with a model or scores: \"higher_is_unfavourable\" when a score is "
        "the probability of the unfavourable label (a probability of default), "
        "\"higher_is_favourable\" when it is the probability of the favourable one.",
        examples=["higher_is_unfavourable"],
    )
    decision_threshold: float = Field(
        0.5, ge=0.0, le=1.0,
        description="The one operating point: a score >= this decides for the outcome the "
        "score is the probability of. Every control (fairness of derived decisions, "
        "precision/recall, flip rates, evasion, adverse-action reasons) judges it.",
    )
    controls: list[ControlName] = Field(
        default_factory=lambda: list(CONTROL_NAMES),
        description="Controls to run; each is skipped with a reason when its inputs are missing.",
    )
    required: list[ControlName] | None = Field(
        None,
        description="Controls that must be judged for a pass: one not judged (missing input, "
        "too little data, unsupported model, an error) fails the run. Unset: fairness "
        "whenever sensitive features are named (in [fairness] or with the data).",
        examples=[["fairness", "validation"]],
    )
    explain_sample: int = Field(
        2000, ge=10, description="Rows sampled for SHAP explanations."
    )
    random_state: int = Field(0, description="Seed for every sampled or bootstrapped step.")

    @model_validator(mode="after")
    def _required_enabled(self) -> ModelRiskPolicy:
        if self.required:
            off = [c for c in self.required if c not in self.controls]
            if off:
                raise ValueError(f"required controls {off} are not in controls")
        return self

    def required_controls(self, *, sensitive_named: bool) -> tuple[str, ...]:
        """The controls that must be judged: ``required``, or its default."""
        if self.required is not None:
            return tuple(self.required)
        if sensitive_named and "fairness" in self.controls:
            return ("fairness",)
        return ()


#: Deprecated name of :class:`ModelRiskPolicy` (the section was ``[assessment]``); kept for
#: one release so imports keep working. The TOML section name ``[assessment]`` is refused.
AssessmentPolicy = ModelRiskPolicy
