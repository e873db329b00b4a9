"""The inventory's rules that need no database: risk tiers, identities, today."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Any, Literal

from dfgov._validate import check_choice
from dfgov.errors import InvalidInputError
from dfgov.report import Status

__all__ = ["identity", "risk_tier"]

Level = Literal["low", "medium", "high"]
_LEVEL = {"low": 1, "medium": 2, "high": 3}


def risk_tier(materiality: Level, complexity: Level, use: Level) -> int:
    """Tier 1 (highest risk) to 3 from materiality, complexity and use (each low/medium/high).

    Tier 1 when materiality is high or the three levels sum to 8 or more
    (high = 3, medium = 2, low = 1); tier 2 when they sum to 6 or 7; else 3.
    """
    for name, v in (("materiality", materiality), ("complexity", complexity), ("use", use)):
        check_choice(v, list(_LEVEL), caller="risk_tier", parameter=name)
    score = _LEVEL[materiality] + _LEVEL[complexity] + _LEVEL[use]
    if materiality == "high" or score >= 8:
        return 1
    return 2 if score >= 6 else 3


def _text_arg(value: Any, name: str, caller: str) -> str:
    if not isinstance(value, str) or not identity(value):
        raise InvalidInputError(f"The {name!r} argument of {caller} must be a non-empty string.")
    return value


def identity(name: str) -> str:
    """A person's name as compared for independence: NFKC, format characters dropped,
    whitespace collapsed, case-folded — so ``"Alice"``, ``"alice "``, ``"ＡＬＩＣＥ"`` and
    ``"al\u200bice"`` are one person.

    >>> identity(" Ａlice\u200b  Smith ") == identity("alice smith")
    True
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split()).casefold()


def _today() -> date:
    """Today by the wall clock (never SOURCE_DATE_EPOCH: a pinned clock must not move
    the line between past and future)."""
    return datetime.now(UTC).date()


def _passed(status: object) -> bool:
    return status in (Status.PASS.value, Status.WARN.value)
