"""Fairness: exact group metrics from counts, intervals, FairnessCheck, mitigation.

Group metrics follow fairlearn's ``MetricFrame`` names and semantics and are
computed from weighted confusion counts in one pass; intervals come from
Wilson score intervals or a bootstrap over the confusion cells. Heavy
libraries load on first use of a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._check import FairnessCheck as FairnessCheck
    from dfgov.model_risk.fairness._check import by_group_table as by_group_table
    from dfgov.model_risk.fairness._from_counts import (
        group_metrics_from_counts as group_metrics_from_counts,
    )
    from dfgov.model_risk.fairness._histogram import ScoreHistogram as ScoreHistogram
    from dfgov.model_risk.fairness._intervals import Bootstrap as Bootstrap
    from dfgov.model_risk.fairness._metrics import GroupMetrics as GroupMetrics
    from dfgov.model_risk.fairness._mitigation import MitigationResult as MitigationResult
    from dfgov.model_risk.fairness._mitigation import mitigate as mitigate
    from dfgov.model_risk.fairness._plots import by_group_figure as by_group_figure
    from dfgov.model_risk.fairness._policy import FairnessPolicy as FairnessPolicy
    from dfgov.model_risk.fairness._policy import FairnessRule as FairnessRule
    from dfgov.model_risk.fairness._policy import ShiftPolicy as ShiftPolicy
    from dfgov.model_risk.fairness._shift import (
        counterfactual_flip_rate as counterfactual_flip_rate,
    )
    from dfgov.model_risk.fairness._shift import demographic_shift as demographic_shift

_EXPORTS = {
    "FairnessCheck": "._check",
    "by_group_table": "._check",
    "group_metrics_from_counts": "._from_counts",
    "ScoreHistogram": "._histogram",
    "Bootstrap": "._intervals",
    "GroupMetrics": "._metrics",
    "MitigationResult": "._mitigation",
    "mitigate": "._mitigation",
    "by_group_figure": "._plots",
    "FairnessPolicy": "._policy",
    "FairnessRule": "._policy",
    "ShiftPolicy": "._policy",
    "counterfactual_flip_rate": "._shift",
    "demographic_shift": "._shift",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
