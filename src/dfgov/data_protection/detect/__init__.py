"""Identifier validators and column/text detectors.

``is_valid(values, kind)`` checks identifiers (with their check characters) over
whole columns at once; ``find_pii(texts)`` finds identifiers inside free text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.data_protection.detect._text import find_pii
    from dfgov.data_protection.detect._validators import KINDS, Kind, is_unionpay, is_valid, kinds

__all__ = ["KINDS", "Kind", "find_pii", "is_unionpay", "is_valid", "kinds"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "KINDS": "._validators",
        "Kind": "._validators",
        "find_pii": "._text",
        "is_unionpay": "._validators",
        "is_valid": "._validators",
        "kinds": "._validators",
    },
)
