"""Bundled real data for examples, the demo and tests (works offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.datasets._german import load_german_credit

__all__ = ["load_german_credit"]

__getattr__, __dir__ = lazy_exports(__name__, {"load_german_credit": "._german"})
