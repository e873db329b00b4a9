"""Bundled real data for examples, the demo and tests (works offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.datasets._german import load_german_credit as load_german_credit

_EXPORTS = {
    "load_german_credit": "._german",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
