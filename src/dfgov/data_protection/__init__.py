"""Measure 17, data protection: detection, classification, masking, anonymity, cryptography.

Names are imported lazily, so ``import dfgov.data_protection`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.data_protection._policy import DataProtectionPolicy
    from dfgov.data_protection.detect._text import find_pii
    from dfgov.data_protection.detect._validators import is_valid, kinds

__all__ = [
    "DataProtectionPolicy",
    "find_pii",
    "is_valid",
    "kinds",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "DataProtectionPolicy": "._policy",
        "find_pii": ".detect._text",
        "is_valid": ".detect._validators",
        "kinds": ".detect._validators",
    },
)
