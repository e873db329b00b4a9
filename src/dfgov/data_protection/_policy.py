"""Policy section [data_protection]."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from dfgov._pii import DISPLAY_KEEP
from dfgov.policy import PolicySection, register_section

__all__ = ["AnonymityRules", "DataProtectionPolicy", "MaskingRules"]

Category = Literal["C1", "C2", "C3"]


class MaskingRules(BaseModel):
    """Display masking (JR/T 0171-2020 Annex A; JR/T 0223-2021 Annex C).

    The defaults are also what dfgov's own outputs use when they mask identifiers.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    mask_char: str = Field("*", min_length=1, max_length=1, description="Masking character.")
    mobile_keep: tuple[int, int] = Field(
        DISPLAY_KEEP["mobile"],
        description="Mobile numbers: leading and trailing characters shown.",
    )
    resident_id_keep: tuple[int, int] = Field(
        DISPLAY_KEEP["resident_id"],
        description=(
            "Resident IDs: leading and trailing characters shown. The default (1, 1) hides "
            "region and birth date; (6, 4) shows the region and leaves about 34 candidates "
            "to anyone who knows the birth year (one who knows the birth date: one)."
        ),
    )
    bank_card: Literal["first6_last4", "last4"] = Field(
        "first6_last4", description="Card numbers: first 6 and last 4, or the last 4 only."
    )
    default_keep: tuple[int, int] = Field(
        DISPLAY_KEEP["default"],
        description="Other identifiers: leading and trailing characters shown.",
    )


class AnonymityRules(BaseModel):
    """De-identification gate before data leaves the bank (GB/T 35273-2020 §6.2)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quasi_identifiers: tuple[str, ...] = Field(
        (), description="Quasi-identifier columns; empty disables the anonymity check."
    )
    sensitive: tuple[str, ...] = Field(
        (), description="Sensitive attribute columns for l-diversity and t-closeness."
    )
    k: int = Field(5, ge=1, description="Minimum equivalence-class size (k-anonymity).")
    l: int = Field(2, ge=1, description="Minimum distinct (or entropy) l-diversity.")  # noqa: E741
    l_kind: Literal["distinct", "entropy"] = Field(
        "distinct", description="Which l-diversity to judge."
    )
    t: float = Field(0.2, ge=0.0, le=1.0, description="Maximum t-closeness distance.")
    max_prosecutor_risk: float = Field(
        0.2, ge=0.0, le=1.0, description="Maximum prosecutor re-identification risk (1/min class)."
    )


@register_section
class DataProtectionPolicy(PolicySection):
    """Data protection: classification profile, masking rules, anonymity thresholds, export and display profiles."""  # noqa: E501

    section_name: ClassVar[str] = "data_protection"

    profile: Literal["storage", "display", "export"] = Field(
        "storage",
        description=(
            "What the scanned data is for: 'storage' (inventory only), 'display' (C3 never "
            "shown, C2 masked) or 'export' (no C3, C2 masked or pseudonymised)."
        ),
    )
    min_share: float = Field(
        0.6, gt=0.0, le=1.0,
        description="Share of non-null values that must validate to type a column by values.",
    )
    min_confidence: float = Field(
        0.5, gt=0.0, le=1.0, description="Confidence below which a column stays unclassified."
    )
    sample: int | None = Field(
        None, ge=1, description="Rows sampled per column (None: every row)."
    )
    random_state: int = Field(0, description="Seed of the row sample.")
    column_types: dict[str, str] = Field(
        default_factory=dict,
        description="Declared data type per column name (overrides detection).",
    )
    categories: dict[str, Category | None] = Field(
        default_factory=dict, description="JR/T 0171-2020 category per data type (overrides)."
    )
    levels: dict[str, int] = Field(
        default_factory=dict, description="JR/T 0197-2020 level 1-5 per data type (overrides)."
    )
    important_data: tuple[str, ...] = Field(
        (), description="Columns that are important data (JR/T 0197-2020 level 5)."
    )
    masking: MaskingRules = Field(default_factory=MaskingRules, description="Display masking.")
    anonymity: AnonymityRules = Field(
        default_factory=AnonymityRules,
        description="k-anonymity, l-diversity and t-closeness thresholds.",
    )
