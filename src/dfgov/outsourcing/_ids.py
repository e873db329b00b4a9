"""Scalar check-character validators for provider identifiers.

Small on purpose: the data-protection area owns vectorised validators, and
areas do not import each other.

Examples
--------
>>> lei_is_valid("5493001KJTIIGC8Y1R12")
True
>>> uscc_is_valid("91110000802100433B")
True
"""

from __future__ import annotations

import re

__all__ = ["lei_check_digits", "lei_is_valid", "uscc_check_char", "uscc_is_valid"]

_LEI = re.compile(r"[A-Z0-9]{18}[0-9]{2}")
_LEI_DIGITS = str.maketrans({c: str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def lei_is_valid(value: str) -> bool:
    """Whether ``value`` is an ISO 17442 LEI: 18 alphanumerics, 2 digits, ISO 7064 mod 97 = 1."""
    if not isinstance(value, str) or not _LEI.fullmatch(value):
        return False
    return int(value.translate(_LEI_DIGITS)) % 97 == 1


def lei_check_digits(base: str) -> str:
    """The two ISO 17442 check digits for an 18-character LEI ``base``."""
    if not re.fullmatch(r"[A-Z0-9]{18}", base):
        raise ValueError("an LEI base is 18 upper-case alphanumerics")
    return f"{98 - int((base + '00').translate(_LEI_DIGITS)) % 97:02d}"


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters of a USCC."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_is_valid(value: str) -> bool:
    """Whether ``value`` is a GB 32100-2015 unified social credit code.

    18 characters from the code's 31-character alphabet (no I, O, S, V, Z),
    characters 3-8 an administrative-division number, and a matching check
    character (weights 3^i mod 31).
    """
    if not isinstance(value, str) or len(value) != 18:
        return False
    if any(c not in _USCC_ALPHABET for c in value) or not value[2:8].isdigit():
        return False
    return uscc_check_char(value[:17]) == value[17]
