"""Policy section ``[review]``: the checklist per product type, roles, review intervals."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dfgov.policy import PolicySection, register_section

__all__ = ["Checklist", "EvidenceAges", "ReviewPolicy"]

Role = Literal["compliance", "risk", "legal", "data_protection", "business"]
_ALL_ROLES: list[Role] = ["compliance", "risk", "legal", "data_protection", "business"]


def _c3() -> list[Literal["C1", "C2", "C3"]]:
    return ["C3"]


def _post_launch_roles() -> list[Role]:
    return ["compliance", "risk"]


class EvidenceAges(BaseModel):
    """How old (in days, at the date judged) each kind of evidence may be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model_risk_report: int = Field(180, ge=1, description="Model-risk assessment report.")
    disclosure: int = Field(365, ge=1, description="Algorithm disclosure (its effective date, "
                            "else its last assessment date).")
    data_protection_scan: int = Field(365, ge=1, description="Data-protection scan.")
    data_security_assessment: int = Field(365, ge=1,
                                          description="Data-security risk assessment.")
    impact_assessment: int = Field(1095, ge=1, description="Personal-information impact "
                                   "assessment (PIPL Art.55).")


class Checklist(BaseModel):
    """The evidence a product type needs before approval and launch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model_assessment: bool = Field(
        True, description="Each model: a model-risk report whose overall status is not "
        "fail or error.")
    passing_controls: list[str] = Field(
        default_factory=list, description="Control prefixes (e.g. 'fairness') the model-risk "
        "report must have judged, with no failing, erroring or skipped finding.")
    disclosure: bool = Field(
        False, description="Each model: a complete algorithm disclosure, published "
        "(a disclosure.launch or disclosure.major_change event in the audit log).")
    data_scan: bool = Field(True, description="Each dataset: a data-protection scan.")
    data_security_categories: list[Literal["C1", "C2", "C3"]] = Field(
        default_factory=_c3, description="Datasets holding any of these categories "
        "(declared or found by their scan) need a data-security assessment with every column "
        "encrypted at rest.")
    impact_assessment: Literal["always", "when_triggered", "never"] = Field(
        "when_triggered", description="When a personal-information impact assessment (PIPL "
        "Art.55) is required: always, when the dossier shows an Art.55 situation, or never.")
    outsourcing_states: list[str] = Field(
        default_factory=lambda: ["contracted", "active", "under_review", "remediation"],
        description="States an important outsourcing arrangement must be in.")
    outsourcing_states_other: list[str] = Field(
        default_factory=lambda: ["approved", "regulator_notified", "contracted", "active",
                                 "under_review", "remediation"],
        description="States any other outsourcing arrangement must be in.")
    max_age_days: EvidenceAges = Field(default_factory=EvidenceAges,
                                       description="How old evidence may be.")

    @field_validator("outsourcing_states", "outsourcing_states_other")
    @classmethod
    def _states(cls, v: list[str]) -> list[str]:
        from dfgov.outsourcing import STATES  # the lifecycle's states, one list

        unknown = [s for s in v if s not in STATES]
        if unknown:
            raise ValueError(f"unknown outsourcing states {unknown}; known: {list(STATES)}")
        return v


def _default_checklists() -> dict[str, Checklist]:
    return {
        "default": Checklist(),
        "consumer_credit": Checklist(passing_controls=["fairness"], disclosure=True,
                                     impact_assessment="always"),
    }


@register_section
class ReviewPolicy(PolicySection):
    """Compliance review of new business: checklists per product type, sign-offs, re-reviews."""

    section_name: ClassVar[str] = "review"

    roles: list[Role] = Field(
        default_factory=lambda: list(_ALL_ROLES),
        description="Roles that must approve before a product is approved (four eyes: the "
        "submitter never signs, and one person signs once per round).")
    post_launch_roles: list[Role] = Field(
        default_factory=_post_launch_roles,
        description="Roles that must approve a post-launch review.")
    post_launch_review_days: int = Field(
        180, ge=1, description="Days from launch (and from each post-launch review) to the "
        "next post-launch review.")
    due_soon_days: int = Field(
        30, ge=0, description="A review or condition due within this many days is listed as "
        "due soon.")
    accept_waived: bool = Field(
        True, description="Whether a finding waived by a valid risk acceptance counts as "
        "acceptable evidence (it is reported as a warning naming the waiver).")
    checklists: dict[str, Checklist] = Field(
        default_factory=_default_checklists,
        description="Checklist per product type; 'default' applies to types not listed. "
        "Setting this table replaces the built-in one.")

    @field_validator("roles", "post_launch_roles")
    @classmethod
    def _roles(cls, v: list[Role]) -> list[Role]:
        if not v:
            raise ValueError("at least one role must sign")
        if len(set(v)) != len(v):
            raise ValueError("lists a role twice")
        return v

    def checklist(self, product_type: str) -> Checklist:
        """The checklist of ``product_type`` (else ``default``).

        Raises
        ------
        PolicyError
            Neither the type nor ``default`` has a checklist.
        """
        from dfgov.errors import PolicyError

        found = self.checklists.get(product_type) or self.checklists.get("default")
        if found is None:
            raise PolicyError(
                f"The policy has no checklist for product type {product_type!r} and no "
                f"'default' one ([review.checklists]; known: {sorted(self.checklists)}).",
                path="review.checklists")
        return found
