"""Policy section [disclosure]."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from dfgov.policy import PolicySection, register_section

__all__ = ["DEFAULT_REQUIRED_FIELDS", "DisclosurePolicy"]

#: Fields an algorithm disclosure must fill by default (JR/T 0287-2023 areas + model card).
DEFAULT_REQUIRED_FIELDS: tuple[str, ...] = (
    "name", "version", "algorithm_type", "logic", "main_factors", "scenario", "decision_use",
    "data_sources", "excluded_attributes", "responsible_entity", "appeal_channel",
    "human_oversight", "last_assessment_date", "performance", "limitations",
)


@register_section
class DisclosurePolicy(PolicySection):
    """Algorithm disclosure (JR/T 0287-2023): required fields and audience."""

    section_name: ClassVar[str] = "disclosure"

    required_fields: list[str] = Field(
        default_factory=lambda: list(DEFAULT_REQUIRED_FIELDS),
        description="Fields of AlgorithmDisclosure that must be filled before publication.",
    )
    missing_status: Literal["fail", "warn"] = Field(
        "fail", description="Status of the finding for each missing required field."
    )
    max_assessment_age_days: int | None = Field(
        365, ge=1,
        description="A last assessment older than this many days is reported (unset: no limit).",
    )
    audience: Literal["public", "regulator", "internal"] = Field(
        "public", description="Who the disclosure is written for (recorded in the document)."
    )
