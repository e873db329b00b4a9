"""Policy section [disclosure]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["DisclosurePolicy"]


@register_section
class DisclosurePolicy(PolicySection):
    """Algorithm disclosure (JR/T 0287-2023): required fields and audience."""

    section_name: ClassVar[str] = "disclosure"
