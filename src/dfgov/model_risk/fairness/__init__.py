"""Fairness: exact group metrics from counts, intervals, FairnessCheck, mitigation.

Group metrics follow fairlearn's ``MetricFrame`` names and semantics and are
computed from weighted confusion counts in one pass; intervals come from
Wilson score intervals or a bootstrap over the confusion cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._check import FairnessCheck
    from dfgov.model_risk.fairness._intervals import Bootstrap
    from dfgov.model_risk.fairness._metrics import GroupMetrics
    from dfgov.model_risk.fairness._policy import FairnessPolicy, FairnessRule

__all__ = [
    "Bootstrap",
    "FairnessCheck",
    "FairnessPolicy",
    "FairnessRule",
    "GroupMetrics",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Bootstrap": "._intervals",
        "FairnessCheck": "._check",
        "FairnessPolicy": "._policy",
        "FairnessRule": "._policy",
        "GroupMetrics": "._metrics",
    },
)
