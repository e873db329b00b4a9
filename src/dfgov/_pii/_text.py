"""Identifiers inside free text, with boundaries that work next to Chinese characters.

``\\b`` does not separate "卡号" from the digits that follow it (CJK characters
are word characters), so candidates are delimited by explicit look-arounds on
ASCII and full-width letters and digits instead. Each candidate is then
validated by the scalar checks (:mod:`dfgov._pii._check`) in priority order, so
a span is reported only when its check character (or structure) is right.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from dfgov._pii._check import CHECKS, compact

__all__ = ["ID_CUE", "TEXT_KINDS", "find_spans", "might_hold"]

#: Kinds looked for in free text, in priority order (the first valid kind labels a span).
#: An 18-character value valid both as a resident ID and as a card number is a resident
#: ID. A 15-digit value valid both as an American Express number and as a legacy resident
#: ID (provinces 34 and 37) is a card unless the words just before it name an ID
#: (身份证, 证件, ID, ...): see :data:`ID_CUE`.
TEXT_KINDS: tuple[str, ...] = (
    "cn_resident_id", "bank_card", "cn_uscc", "iban", "cn_mobile", "cn_landline",
    "cn_resident_id_15", "email", "ipv4",
)
#: Words that, right before a span, make an ambiguous 15-digit value a resident ID.
ID_CUE = re.compile(r"(?:身份证|证件|公民|居民|(?<![A-Za-z])(?:ID|Id|id)(?![A-Za-z]))"
                    r"[^0-9A-Za-z]{0,6}(?:[号码]{0,2}|no\.?|number)?[^0-9A-Za-z]{0,4}$")

_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_D = "[0-9０-９]"
_SEP = "[ \\-－()（）]"
_PREFIX = "(?:[(（]?(?:[+＋]|00)86[)）]?[ \\-]?)"
_CANDIDATE = re.compile(
    rf"(?<![{_ALNUM}@.])(?:"
    rf"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    rf"|(?P<ip>(?:[0-9]{{1,3}}\.){{3}}[0-9]{{1,3}})"
    rf"|(?P<iban>[A-Z]{{2}}[0-9]{{2}}(?:[ .]?[A-Z0-9]){{11,30}})"
    rf"|(?P<uscc>[0-9]{{8}}[0-9A-Z]{{10}})"
    rf"|(?P<num>{_PREFIX}?[(（]?{_D}(?:{_SEP}?{_D}){{8,22}}[XxＸｘ]?)"
    rf")(?![{_ALNUM}]|@)"
)
# Every candidate except an IPv4 address holds "@", two capitals and two digits, or a
# digit where a candidate may start followed by seven more digits or separators:
# cheap tests (character classes, no alternation) that skip most text, hexadecimal
# hashes too.
_RUN = "[0-9０-９][0-9０-９ \\-－()（）]{7}"
_START = f"(?<![{_ALNUM}@.])"
# In JSON text an escape ("\\n", "\\u001b") may stand before a candidate's first character.
_JSON_START = f"(?:{_START}|(?<=\\\\[nrtbf\"\\\\/])|(?<=\\\\u[0-9a-fA-F]{{4}}))"
_RUN_ANY = re.compile(_RUN)
_RUN_HERE = re.compile(_START + _RUN)
_RUN_JSON = re.compile(_JSON_START + _RUN)
_CODE_ANY = re.compile("[A-Z]{2}[0-9]{2}")
_CODE_HERE = re.compile(_START + "[A-Z]{2}[0-9]{2}")
_CODE_JSON = re.compile(_JSON_START + "[A-Z]{2}[0-9]{2}")


def might_hold(text: str, *, serialised: bool = False) -> bool:
    """False when ``text`` cannot hold an identifier of any kind but IPv4 (a fast pre-test).

    ``serialised=True`` for JSON text: it also answers for the strings encoded inside.
    """
    if "@" in text:
        return True
    if serialised:  # the boundary alternatives are slower: test without them first
        return bool((_RUN_ANY.search(text) and _RUN_JSON.search(text))
                    or (_CODE_ANY.search(text) and _CODE_JSON.search(text)))
    return bool(_RUN_HERE.search(text) or _CODE_HERE.search(text))


def find_spans(text: str, kinds: Collection[str] = TEXT_KINDS) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every validated identifier in ``text``, in order.

    Parameters
    ----------
    text : str
    kinds : collection of str
        Kinds to look for (a subset of :data:`TEXT_KINDS`); priority order applies.
    """
    out: list[tuple[int, int, str]] = []
    order = [k for k in TEXT_KINDS if k in kinds]
    for m in _CANDIDATE.finditer(text):
        start, end = m.span()
        if m.group("num") is not None:
            # drop a leading separator the optional prefix allowed
            while start < end and text[start] in " -":
                start += 1
        cand = text[start:end]
        packed = trimmed = None
        for kind in order:
            check, wants_trimmed = CHECKS[kind]
            if wants_trimmed:
                trimmed = cand.strip() if trimmed is None else trimmed
                ok = check(trimmed)
            else:
                packed = compact(cand) if packed is None else packed
                ok = check(packed)
            if ok:
                if (kind == "bank_card" and "cn_resident_id_15" in order and packed is not None
                        and len(packed) == 15 and CHECKS["cn_resident_id_15"][0](packed)
                        and ID_CUE.search(text, max(start - 16, 0), start)):
                    kind = "cn_resident_id_15"
                out.append((start, end, kind))
                break
    return out
