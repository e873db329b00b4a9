"""Mask personal identifiers in every text that leaves dfgov.

:func:`redact_text` finds identifiers with dfgov's own detector
(:func:`~dfgov._pii._text.find_spans`) and masks each span with the display rule
of its kind (JR/T 0171-2020 Annex A defaults, :data:`DISPLAY_KEEP`); separators
and a country prefix stay as written, so ``+86 138-1234-5678`` becomes
``+86 138-****-5678``. :func:`redact` does the same through nested JSON data
(dict keys too) and for integers that are identifiers. A masked text is never
detected again, so redaction is idempotent.

The vocabulary (reports, findings, tables, audit payloads, errors) calls these at
construction; this module imports nothing beyond the standard library.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dfgov._pii._text import TEXT_KINDS, find_spans, might_hold

__all__ = [
    "CONTACT_KINDS",
    "DISPLAY_KEEP",
    "REDACT_KINDS",
    "ROLE_KEYS",
    "mask_span",
    "redact",
    "redact_text",
]

#: Kinds masked in outputs by default: identifiers of people and their accounts and
#: contacts. Organisation codes (USCC, LEI, BIC) and IP addresses are left alone.
REDACT_KINDS: frozenset[str] = frozenset({
    "cn_resident_id", "cn_resident_id_15", "bank_card", "iban", "cn_mobile", "cn_landline",
    "email",
})

#: Contact points an accountable person or the bank publishes on purpose (the gate's
#: actor, a disclosure's contact): kept in values under :data:`ROLE_KEYS`.
CONTACT_KINDS: frozenset[str] = frozenset({"email", "cn_landline"})
#: Keys whose values name an accountable role; their e-mail and landline stay readable.
ROLE_KEYS: frozenset[str] = frozenset({
    "actor", "operator", "contact", "owner", "developer", "validator", "approver",
})

#: Characters shown at the start and at the end of a masked identifier, per data type
#: (the defaults of ``[data_protection.masking]``). A resident ID shows its first and
#: last character only: region and birth date stay hidden (see the residual-risk table
#: in the data-protection docs).
DISPLAY_KEEP: dict[str, tuple[int, int]] = {
    "resident_id": (1, 1),
    "mobile": (3, 4),
    "bank_card": (6, 4),
    "account_number": (0, 4),
    "default": (1, 1),
}

_KIND_KEEP = {
    "cn_resident_id": DISPLAY_KEEP["resident_id"],
    "cn_resident_id_15": DISPLAY_KEEP["resident_id"],
    "bank_card": DISPLAY_KEEP["bank_card"],
    "cn_mobile": DISPLAY_KEEP["mobile"],
    "iban": DISPLAY_KEEP["account_number"],
}
_MASK = "*"
_SMALLEST = 10**9  # integers below this cannot be an identifier dfgov masks


def mask_span(span: str, kind: str) -> str:
    """``span`` (one identifier of ``kind``) masked by its display rule."""
    if kind == "email":
        at = span.rfind("@")
        return span[:1] + _MASK * 3 + span[at:]
    if kind == "ipv4":
        return ".".join([*span.split(".")[:2], _MASK, _MASK])
    pos = [i for i, ch in enumerate(span) if ch.isalnum()]
    if kind == "cn_mobile":
        pos = pos[len(pos) - 11:]  # the country prefix (86, 0086) stays as written
    elif kind == "cn_landline":
        lead = span.lstrip(" (（")
        pos = pos[2 if lead[:1] in "+＋" else 4 if lead.startswith("00") else 0:]
    first, last = _KIND_KEEP.get(kind, DISPLAY_KEEP["default"])
    hide = pos if len(pos) <= first + last else pos[first: len(pos) - last]
    chars = list(span)
    for i in hide:
        chars[i] = _MASK
    return "".join(chars)


def redact_text(text: str, kinds: Collection[str] = REDACT_KINDS) -> str:
    """``text`` with every identifier of ``kinds`` masked (the same object when none)."""
    if "ipv4" not in kinds and not might_hold(text):
        return text
    spans = find_spans(text, kinds)
    while spans:
        parts: list[str] = []
        pos = 0
        for start, end, kind in spans:
            parts.append(text[pos:start])
            parts.append(mask_span(text[start:end], kind))
            pos = end
        parts.append(text[pos:])
        text = "".join(parts)
        # A digit left visible can join the digits before it into a new identifier
        # ("…0100 1*****3"): mask until the detector finds nothing.
        spans = find_spans(text, kinds)
    return text


def _number(value: int, kinds: Collection[str]) -> int | str:
    if -_SMALLEST < value < _SMALLEST:
        return value
    s = str(value)
    out = redact_text(s, kinds)
    return value if out == s else out


def redact(value: Any, kinds: frozenset[str] = REDACT_KINDS) -> Any:
    """Nested JSON data with identifiers masked in strings, dict keys and integers.

    An integer (or integral float) that is an identifier becomes its masked text;
    containers are rebuilt (lists and tuples keep their type); other values are
    returned as they are. Values under a :data:`ROLE_KEYS` key keep e-mail
    addresses and landlines (an actor's address, a published contact).
    """
    if isinstance(value, str):
        return redact_text(value, kinds)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _number(value, kinds)
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= _SMALLEST:
            out = _number(int(value), kinds)
            return value if isinstance(out, int) else out
        return value
    if isinstance(value, dict):
        res: dict[Any, Any] = {}
        for k, v in value.items():
            key = redact_text(k, kinds) if isinstance(k, str) else k
            while key in res and key is not k:  # two identifiers masked alike: keep both
                key = f"{key}'"
            res[key] = redact(v, kinds - CONTACT_KINDS if k in ROLE_KEYS else kinds)
        return res
    if isinstance(value, list):
        return [redact(v, kinds) for v in value]
    if isinstance(value, tuple):
        return tuple(redact(v, kinds) for v in value)
    return value


assert set(TEXT_KINDS) >= REDACT_KINDS
