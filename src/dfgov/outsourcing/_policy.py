"""Policy section [outsourcing]."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dfgov._field_order import not_above
from dfgov.policy import PolicySection, register_section

__all__ = ["KnockoutRules", "OutsourcingPolicy", "ReviewWeights"]

KnockoutAction = Literal["under_review", "suspended"]


class ReviewWeights(BaseModel):
    """Weights of the review criteria (renormalised over the criteria that were scored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sla: float = Field(0.2, ge=0, description="SLA and KPI results.")
    security: float = Field(0.2, ge=0, description="Information security and data protection.")
    resilience: float = Field(0.15, ge=0, description="BCP, drills, RTO/RPO.")
    financial: float = Field(0.1, ge=0, description="Financial and operational health.")
    compliance: float = Field(0.15, ge=0, description="Compliance and incidents.")
    concentration: float = Field(0.1, ge=0, description="Concentration and substitutability.")
    subcontracting: float = Field(0.1, ge=0, description="Sub-contracting and location.")

    @model_validator(mode="after")
    def _positive_total(self) -> ReviewWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("the review weights must not all be zero")
        return self


class KnockoutRules(BaseModel):
    """What a knock-out forces: a review (``under_review``) or a suspension."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    major_incident: KnockoutAction = Field(
        "under_review", description="An unremediated major incident."
    )
    regulator_request: KnockoutAction = Field(
        "suspended", description="A regulator's request to review or stop the outsourcing."
    )
    expired_certification: KnockoutAction = Field(
        "under_review", description="A provider certification (e.g. ISO 27001) has expired."
    )


@register_section
class OutsourcingPolicy(PolicySection):
    """Outsourcing: review weights, knock-out rules, review frequencies and deadlines."""

    section_name: ClassVar[str] = "outsourcing"

    weights: ReviewWeights = Field(
        default_factory=ReviewWeights, description="Weights of the review criteria."
    )
    knockouts: KnockoutRules = Field(
        default_factory=KnockoutRules, description="Actions forced by knock-out events."
    )
    fail_below: float = Field(
        50.0, ge=0, le=100, description="A weighted score (0-100) below this fails."
    )
    warn_below: float = Field(
        70.0, ge=0, le=100, description="A weighted score (0-100) below this warns."
    )
    assessment_months_important: int = Field(
        12, ge=1, description="Months between assessments of important arrangements (141 Art.35)."
    )
    assessment_months_other: int = Field(
        24, ge=1, description="Months between assessments of other arrangements."
    )
    exit_test_months: int = Field(
        12, ge=1, description="Months after which an untested exit plan is due (141 Art.31)."
    )
    audit_months_important: int = Field(
        36, ge=1, description="Months within which important outsourcing must be audited (Art.36)."
    )
    notification_working_days: int = Field(
        20, ge=0, description="Working days between regulator notification and signing (Art.37)."
    )
    notify_when: tuple[
        Literal["important", "cross_border", "non_onsite", "intra_group"], ...
    ] = Field(
        ("important", "cross_border", "non_onsite"),
        description=(
            "Arrangement flags that make an arrangement 'listed' outsourcing needing prior "
            "notification (any flag suffices). A default, not law: check 141 Art.37."
        ),
    )
    incident_report_hours: int = Field(
        24, ge=1, description="Hours within which a major incident is reported (141 Art.38)."
    )
    hhi_warn: float = Field(
        0.25, ge=0, le=1,
        description="Warn when a Herfindahl-Hirschman index (shares in [0, 1]) exceeds this.",
    )
    group_share_warn: float = Field(
        0.25, ge=0, le=1,
        description="Warn when a closely connected provider group exceeds this share of spend.",
    )
    max_findings_per_control: int = Field(
        500, ge=1, description="Per-subject findings kept per control; a summary counts all."
    )

    _score_order = not_above("fail_below", "warn_below")
