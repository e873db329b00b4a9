"""Policy section [data_security]: cryptography, retention/lifecycle and risk assessment.

Examples
--------
>>> from dfgov import Policy
>>> from dfgov.data_protection.crypto import DataSecurityPolicy
>>> p = Policy.loads('[data_security.crypto]\\nallowed_algorithms = ["SM4-GCM"]\\n')
>>> p.section(DataSecurityPolicy).crypto.allowed_algorithms
('SM4-GCM',)
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dfgov.policy import PolicySection, register_section

__all__ = [
    "AssessmentSettings",
    "CryptoSettings",
    "DataSecurityPolicy",
    "RetentionSettings",
]

AlgorithmName = Literal["SM4-GCM", "AES-256-GCM"]
DeterministicName = Literal["AES-SIV", "blind-index"]
MacName = Literal["HMAC-SM3", "HMAC-SHA256"]


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
