"""Model inventory (SR 11-7): versions, owners, risk tiers, lifecycle, validation due dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.inventory._store import STATUSES as STATUSES
    from dfgov.model_risk.inventory._store import ModelInventory as ModelInventory
    from dfgov.model_risk.inventory._store import ModelRecord as ModelRecord
    from dfgov.model_risk.inventory._store import ModelStatus as ModelStatus
    from dfgov.model_risk.inventory._store import risk_tier as risk_tier

_EXPORTS = {
    "ModelInventory": "._store",
    "ModelRecord": "._store",
    "ModelStatus": "._store",
    "STATUSES": "._store",
    "risk_tier": "._store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
