"""Policy section [data_security]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["DataSecurityPolicy"]


@register_section
class DataSecurityPolicy(PolicySection):
    """Data security: allowed algorithms, deterministic options, retention, risk-assessment settings."""

    section_name: ClassVar[str] = "data_security"
