"""Policy section [fairness]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["FairnessPolicy"]


@register_section
class FairnessPolicy(PolicySection):
    """Fairness rules: sensitive features, group sizes, thresholds and decision basis."""

    section_name: ClassVar[str] = "fairness"
