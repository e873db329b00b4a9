"""Policy section [explainability]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["ExplainabilityPolicy"]


@register_section
class ExplainabilityPolicy(PolicySection):
    """Explainability checks: fidelity, stability, concentration, prohibited features, proxies."""

    section_name: ClassVar[str] = "explainability"
