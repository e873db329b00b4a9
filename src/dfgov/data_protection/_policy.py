"""Policy section [data_protection]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["DataProtectionPolicy"]


@register_section
class DataProtectionPolicy(PolicySection):
    """Data protection: classification profile, masking rules, anonymity thresholds, export and display profiles."""

    section_name: ClassVar[str] = "data_protection"
