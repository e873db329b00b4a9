"""Model inventory (SR 11-7): versions, owners, risk tiers, lifecycle, validation due dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.inventory._store import (
        STATUSES,
        ModelInventory,
        ModelRecord,
        ModelStatus,
        risk_tier,
    )

__all__ = ["STATUSES", "ModelInventory", "ModelRecord", "ModelStatus", "risk_tier"]

__getattr__, __dir__ = lazy_exports(__name__, dict.fromkeys(__all__, "._store"))
