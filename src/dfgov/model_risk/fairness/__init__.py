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
    from dfgov.model_risk.fairness._check import FairnessCheck, by_group_table
    from dfgov.model_risk.fairness._from_counts import group_metrics_from_counts
    from dfgov.model_risk.fairness._histogram import ScoreHistogram
    from dfgov.model_risk.fairness._intervals import Bootstrap
    from dfgov.model_risk.fairness._metrics import GroupMetrics
    from dfgov.model_risk.fairness._mitigation import MitigationResult, mitigate
    from dfgov.model_risk.fairness._plots import by_group_figure
    from dfgov.model_risk.fairness._policy import FairnessPolicy, FairnessRule, ShiftPolicy
    from dfgov.model_risk.fairness._shift import counterfactual_flip_rate, demographic_shift

__all__ = [
    "Bootstrap",
    "FairnessCheck",
    "FairnessPolicy",
    "FairnessRule",
    "GroupMetrics",
    "MitigationResult",
    "ScoreHistogram",
    "ShiftPolicy",
    "by_group_figure",
    "by_group_table",
    "counterfactual_flip_rate",
    "demographic_shift",
    "group_metrics_from_counts",
    "mitigate",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Bootstrap": "._intervals",
        "FairnessCheck": "._check",
        "FairnessPolicy": "._policy",
        "FairnessRule": "._policy",
        "GroupMetrics": "._metrics",
        "MitigationResult": "._mitigation",
        "ScoreHistogram": "._histogram",
        "ShiftPolicy": "._policy",
        "by_group_figure": "._plots",
        "by_group_table": "._check",
        "counterfactual_flip_rate": "._shift",
        "demographic_shift": "._shift",
        "group_metrics_from_counts": "._from_counts",
        "mitigate": "._mitigation",
    },
)
