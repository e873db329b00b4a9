"""Policy section [outsourcing]."""

from __future__ import annotations

from typing import ClassVar

from dfgov.policy import PolicySection, register_section

__all__ = ["OutsourcingPolicy"]


@register_section
class OutsourcingPolicy(PolicySection):
    """Outsourcing: review weights, knock-out rules, review frequencies and deadlines."""

    section_name: ClassVar[str] = "outsourcing"
