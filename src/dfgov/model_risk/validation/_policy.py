"""Policy sections [validation], [robustness] and [security]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["RobustnessPolicy", "SecurityPolicy", "ValidationPolicy"]


@register_section
class ValidationPolicy(PolicySection):
    """Discrimination, calibration and stability (PSI/CSI) thresholds."""

    section_name: ClassVar[str] = "validation"


@register_section
class RobustnessPolicy(PolicySection):
    """Perturbation, monotonicity and missing/out-of-range input checks."""

    section_name: ClassVar[str] = "robustness"


@register_section
class SecurityPolicy(PolicySection):
    """Model security assessment: membership inference, evasion, dependencies, model format."""

    section_name: ClassVar[str] = "security"
