"""Scalar (pure-Python) identifier checks, and the patterns and tables both forms share.

``dfgov.data_protection`` (``is_valid``) validates whole columns with numpy and Arrow;
this module validates one value at a time, for free text and for the output
redactor, without importing numpy or pyarrow. Both read the same tables
(:mod:`dfgov._pii._tables`), the same patterns (``*_PATTERN`` here, valid in
Python ``re`` and in RE2) and the same date rule, and a hypothesis test keeps
the two forms equal.

Every check takes the *compact* form of a value (:func:`compact`): NFKC
(full-width to ASCII), upper case, whitespace and hyphens removed. E-mail and
IPv4 checks take the trimmed form instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import cache

from dfgov._pii._tables import CARD_IIN, IBAN_BBAN, PROVINCES

__all__ = [
    "CHECKS",
    "EMAIL_PATTERN",
    "IPV4_PATTERN",
    "LANDLINE_PATTERN",
    "MOBILE_PATTERN",
    "MOBILE_PREFIX",
    "birth_date_ok",
    "card_iin_ok",
    "compact",
    "luhn_ok",
]

#: Mainland mobile: optional ``86``/``+86``/``0086`` (``(+86)`` too), then ``1[3-9]`` + 9 digits.
MOBILE_PREFIX = r"(?:\(?(?:\+|00)?86\)?)"
MOBILE_PATTERN = rf"^{MOBILE_PREFIX}?1[3-9][0-9]{{9}}$"
#: Mainland landline: area code (``010``, ``02x``, ``0xxx``; ``(0755)``; after ``+86``/``0086``
#: the trunk ``0`` is optional and may be written ``(0)``), then 7-8 digits starting 2-9.
LANDLINE_PATTERN = (
    r"^(?:\(?(?:\+|00)86\)?\(?0?\)?|\(?0)(?:10|2[0-9]|[3-9][0-9]{2})\)?[2-9][0-9]{6,7}$"
)
EMAIL_PATTERN = (
    r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4_PATTERN = rf"^{_OCTET}(?:\.{_OCTET}){{3}}$"

_MOBILE = re.compile(MOBILE_PATTERN)
_LANDLINE = re.compile(LANDLINE_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_IPV4 = re.compile(IPV4_PATTERN)
_SPACE_HYPHEN = re.compile(r"[\s\-]+")
_DIGITS = re.compile(r"[0-9]+")


def compact(value: str) -> str:
    """NFKC, upper case, without whitespace and hyphens (the form identifiers are checked in)."""
    return _SPACE_HYPHEN.sub("", unicodedata.normalize("NFKC", value)).upper()


def _digits(c: str) -> bool:
    return _DIGITS.fullmatch(c) is not None


def birth_date_ok(y: int, m: int, d: int, today: date | None = None) -> bool:
    """A real calendar date from 1900-01-01 up to today (no one is born in the future)."""
    if y < 1900:
        return False
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    return born <= (today or date.today())


# -- resident IDs, USCC --------------------------------------------------------

_RIC_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def cn_resident_id(c: str) -> bool:
    """18-character resident ID: province, birth date, GB 11643 check character."""
    if len(c) != 18 or not _digits(c[:17]):
        return False
    if "10X98765432"[sum(int(x) * w for x, w in zip(c, _RIC_W, strict=False)) % 11] != c[17]:
        return False
    return c[:2] in PROVINCES and birth_date_ok(int(c[6:10]), int(c[10:12]), int(c[12:14]))


def cn_resident_id_15(c: str) -> bool:
    """Legacy 15-digit resident ID: province and birth date (19YYMMDD)."""
    if len(c) != 15 or not _digits(c):
        return False
    return c[:2] in PROVINCES and birth_date_ok(1900 + int(c[6:8]), int(c[8:10]), int(c[10:12]))


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VAL = {ch: i for i, ch in enumerate(_USCC_ALPHABET)}
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)


def cn_uscc(c: str) -> bool:
    """Unified social credit code (GB 32100) with its embedded organisation code (GB 11714)."""
    if len(c) != 18 or not _digits(c[:8]) or any(ch not in _USCC_VAL for ch in c[8:]):
        return False
    total = sum(_USCC_VAL[ch] * w for ch, w in zip(c, _USCC_W, strict=False))
    if (31 - total % 31) % 31 != _USCC_VAL[c[17]]:
        return False
    org = c[8:17]  # characters of the USCC alphabet: all valid base-36 digits
    k = 11 - sum(int(ch, 36) * w for ch, w in zip(org, _ORG_W, strict=False)) % 11
    return org[8] == {10: "X", 11: "0"}.get(k, str(k))


# -- cards, IBAN -----------------------------------------------------------------

_IIN_BY_WIDTH: dict[int, list[tuple[int, int, frozenset[int]]]] = {}
for _scheme, _lo, _hi, _lengths in CARD_IIN:
    _IIN_BY_WIDTH.setdefault(len(_lo), []).append((int(_lo), int(_hi), frozenset(_lengths)))


def card_iin_ok(c: str) -> bool:
    """Whether the digits ``c`` start with a card scheme's issuer range at an allowed length."""
    n = len(c)
    for width, ranges in _IIN_BY_WIDTH.items():
        head = int(c[:width])
        for lo, hi, lengths in ranges:
            if lo <= head <= hi and n in lengths:
                return True
    return False


def luhn_ok(c: str) -> bool:
    """Luhn (ISO/IEC 7812-1) check digit of a digit string."""
    total = 0
    for i, ch in enumerate(reversed(c)):
        v = ord(ch) - 48
        if i % 2:
            v = v * 2 - 9 if v > 4 else v * 2
        total += v
    return total % 10 == 0


def bank_card(c: str) -> bool:
    """13-19 digits in a card scheme's issuer range, with a right Luhn check digit."""
    return 13 <= len(c) <= 19 and _digits(c) and luhn_ok(c) and card_iin_ok(c)


@cache
def _iban_structures() -> dict[str, re.Pattern[str]]:
    cls = {"n": "[0-9]", "a": "[A-Z]", "c": "[0-9A-Z]"}
    out = {}
    for cc, struct in IBAN_BBAN.items():
        parts = re.findall(r"([0-9]+)!([nac])", struct)
        out[cc] = re.compile("".join(f"{cls[k]}{{{n}}}" for n, k in parts))
    return out


def iban(c: str) -> bool:
    """IBAN (ISO 13616): registry length and BBAN structure, mod 97 = 1. Dots are separators."""
    c = c.replace(".", "")
    if not 15 <= len(c) <= 34 or not _digits(c[2:4]):
        return False
    bban = _iban_structures().get(c[:2])
    if bban is None or not bban.fullmatch(c, 4):
        return False
    return int("".join(str(int(ch, 36)) for ch in c[4:] + c[:4])) % 97 == 1


# -- contact, network ---------------------------------------------------------------


def cn_mobile(c: str) -> bool:
    """Mainland mobile number (optional country prefix)."""
    return _MOBILE.fullmatch(c) is not None


def cn_landline(c: str) -> bool:
    """Mainland landline with area code."""
    return _LANDLINE.fullmatch(c) is not None


def email(t: str) -> bool:
    """E-mail address (trimmed form)."""
    return 6 <= len(t) <= 254 and _EMAIL.fullmatch(t) is not None


def ipv4(t: str) -> bool:
    """IPv4 address in dotted-decimal (trimmed form)."""
    return _IPV4.fullmatch(t) is not None


#: Scalar check per kind, and whether it reads the trimmed (True) or compact (False) form.
CHECKS: dict[str, tuple[Callable[[str], bool], bool]] = {
    "cn_resident_id": (cn_resident_id, False),
    "cn_resident_id_15": (cn_resident_id_15, False),
    "bank_card": (bank_card, False),
    "cn_uscc": (cn_uscc, False),
    "iban": (iban, False),
    "cn_mobile": (cn_mobile, False),
    "cn_landline": (cn_landline, False),
    "email": (email, True),
    "ipv4": (ipv4, True),
}
