"""Policy sections [data_protection] and [data_security].

``[data_protection]`` drives classification, masking and anonymity;
``[data_security]`` the algorithms field encryption may use, retention periods
(deletion plans) and the data-security risk assessment.

Examples
--------
>>> from dfgov import Policy
>>> from dfgov.data_protection import DataSecurityPolicy
>>> p = Policy.loads('[data_security.crypto]\\nallowed_algorithms = ["SM4-GCM"]\\n')
>>> p.section(DataSecurityPolicy).crypto.allowed_algorithms
('SM4-GCM',)
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dfgov._pii import DISPLAY_KEEP
from dfgov.policy import PolicySection, register_section

__all__ = [
    "AnonymityRules",
    "AssessmentSettings",
    "CryptoSettings",
    "DataProtectionPolicy",
    "DataSecurityPolicy",
    "MaskingRules",
    "RetentionSettings",
]

Category = Literal["C1", "C2", "C3"]
AlgorithmName = Literal["SM4-GCM", "AES-256-GCM"]
DeterministicName = Literal["AES-SIV", "blind-index"]
MacName = Literal["HMAC-SM3", "HMAC-SHA256"]


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


# -- [data_security] ------------------------------------------------------------
class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class CryptoSettings(_Table):
    """``[data_security.crypto]``: which algorithms field encryption may use."""

    allowed_algorithms: tuple[AlgorithmName, ...] = Field(
        ("SM4-GCM", "AES-256-GCM"),
        description="Field-encryption algorithms allowed (SM-only policies: [\"SM4-GCM\"]).",
    )
    default_algorithm: AlgorithmName = Field(
        "SM4-GCM", description="Algorithm FieldEncryptor uses when none is given."
    )
    allowed_deterministic: tuple[DeterministicName, ...] = Field(
        ("AES-SIV", "blind-index"),
        description=(
            "Deterministic options allowed for joins and lookups: AES-SIV "
            "deterministic encryption and/or an HMAC blind index (SM-only: [\"blind-index\"])."
        ),
    )
    mac_algorithm: MacName = Field(
        "HMAC-SM3", description="MAC for blind indexes and record integrity tags."
    )
    signature_algorithm: Literal["ed25519", "sm2-sm3"] = Field(
        "ed25519",
        description=(
            "Algorithm of evidence and anchor signatures: ed25519 (RFC 8032) or sm2-sm3 "
            "(GB/T 32918.2; GB/T 39786-2021 level 3 asks for SM2). The gate refuses a "
            "signing key of another algorithm; 'dfgov evidence keygen --policy' makes one "
            "of this algorithm."
        ),
    )
    sm_required_from_level: int = Field(
        3,
        ge=1,
        le=6,
        description=(
            "JR/T 0197 level from which encryption at rest must use SM4 "
            "(GB/T 39786-2021); 6 means never required."
        ),
    )

    @model_validator(mode="after")
    def _default_allowed(self) -> CryptoSettings:
        if self.default_algorithm not in self.allowed_algorithms:
            raise ValueError("default_algorithm must be one of allowed_algorithms")
        return self


class RetentionSettings(_Table):
    """``[data_security.retention]``: retention periods in days, by category and by level."""

    by_category: dict[Literal["C1", "C2", "C3"], int] = Field(
        default_factory=lambda: {"C1": 3650, "C2": 1825, "C3": 1825},  # type: ignore[arg-type]
        description="Retention in days per JR/T 0171 category (C1/C2/C3).",
    )
    by_level: dict[Literal["1", "2", "3", "4", "5"], int] = Field(
        default_factory=dict,
        description=(
            "Retention in days per JR/T 0197 level (\"1\"..\"5\"); where both apply "
            "the shorter period wins."
        ),
    )

    @model_validator(mode="after")
    def _positive(self) -> RetentionSettings:
        for table in (self.by_category, self.by_level):
            if any(days < 0 for days in table.values()):
                raise ValueError("retention periods must be >= 0 days")
        return self


class AssessmentSettings(_Table):
    """``[data_security.assessment]``: risk-rating thresholds of DataSecurityAssessment."""

    warn_score: int = Field(
        6, ge=1, le=25,
        description="Risk score (likelihood x impact, 1-25) from which a finding warns.",
    )
    fail_score: int = Field(
        12, ge=1, le=25, description="Risk score from which a finding fails."
    )
    mask_required_from_level: int = Field(
        3, ge=1, le=6, description="JR/T 0197 level from which display masking is required."
    )
    encryption_required_from_level: int = Field(
        3, ge=1, le=6, description="JR/T 0197 level from which encryption at rest is required."
    )
    period_days: int = Field(
        365, ge=1, description="Days between regular data-security risk assessments."
    )
    assessment_max_age_days: int = Field(
        365, ge=1, description="A personal-information impact assessment older than this is stale."
    )

    @model_validator(mode="after")
    def _order(self) -> AssessmentSettings:
        if self.warn_score > self.fail_score:
            raise ValueError("warn_score must be <= fail_score")
        return self


@register_section
class DataSecurityPolicy(PolicySection):
    """Data security: algorithms, deterministic options, retention, risk-assessment settings."""

    section_name: ClassVar[str] = "data_security"

    crypto: CryptoSettings = Field(default_factory=CryptoSettings, description="Cryptography.")
    retention: RetentionSettings = Field(
        default_factory=RetentionSettings, description="Retention periods (lifecycle)."
    )
    assessment: AssessmentSettings = Field(
        default_factory=AssessmentSettings, description="Data-security risk assessment."
    )
