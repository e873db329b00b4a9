"""dfgov's own personal-data detector for text, and the output redactor built on it.

A private root helper shared by the vocabulary (report, i18n, errors, audit,
CLI), which masks every text that leaves dfgov, and by
``dfgov.data_protection`` (``is_valid``), which re-uses its tables, patterns and
free-text search. Standard library only, so the vocabulary stays light.

* :mod:`._tables` — provinces (GB/T 2260), IBAN registry, country codes, card IIN ranges;
* :mod:`._check` — one-value identifier checks and the patterns the column validators share;
* :mod:`._text` — identifier spans in free text;
* :mod:`._redact` — masking of spans, texts and nested JSON data.
"""

from __future__ import annotations

from dfgov._pii._check import (
    CHECKS,
    EMAIL_PATTERN,
    IPV4_PATTERN,
    LANDLINE_PATTERN,
    MOBILE_PATTERN,
    MOBILE_PREFIX,
    birth_date_ok,
    card_iin_ok,
    compact,
    luhn_ok,
)
from dfgov._pii._redact import (
    CONTACT_KINDS,
    DISPLAY_KEEP,
    REDACT_KINDS,
    ROLE_KEYS,
    mask_span,
    redact,
    redact_text,
)
from dfgov._pii._tables import CARD_IIN, COUNTRY_CODES, IBAN_BBAN, PROVINCES
from dfgov._pii._text import TEXT_KINDS, find_spans, might_hold

__all__ = [
    "CARD_IIN",
    "CHECKS",
    "CONTACT_KINDS",
    "COUNTRY_CODES",
    "DISPLAY_KEEP",
    "EMAIL_PATTERN",
    "IBAN_BBAN",
    "IPV4_PATTERN",
    "LANDLINE_PATTERN",
    "MOBILE_PATTERN",
    "MOBILE_PREFIX",
    "PROVINCES",
    "REDACT_KINDS",
    "ROLE_KEYS",
    "TEXT_KINDS",
    "birth_date_ok",
    "card_iin_ok",
    "compact",
    "find_spans",
    "luhn_ok",
    "mask_span",
    "might_hold",
    "redact",
    "redact_text",
]
