"""Regular risk assessment over time: per-period statistics, trends, alarms, what is due.

A composer over the areas: a model version's applications are added period
by period (one pass over each period's rows) and kept as sufficient
statistics in a SQL store, never as rows; outcome labels arrive later, as
revisions. The trend of every metric — stability (PSI/CSI), fairness by
group with intervals, discrimination (AUC, KS), calibration, and estimates
for periods whose labels are pending — is computed from the stored
statistics alone, with alarms controlled for multiple comparisons across
periods and groups. :func:`due` lists what is overdue or soon due across
the model inventory, data-security assessments and the outsourcing register.
Names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.monitoring._counts import PeriodCounts as PeriodCounts
    from dfgov.monitoring._due import DueItem as DueItem
    from dfgov.monitoring._due import due as due
    from dfgov.monitoring._due import due_items as due_items
    from dfgov.monitoring._monitor import Monitor as Monitor
    from dfgov.monitoring._policy import MonitoringPolicy as MonitoringPolicy
    from dfgov.monitoring._simulate import SimulatedHistory as SimulatedHistory
    from dfgov.monitoring._simulate import simulate_history as simulate_history
    from dfgov.monitoring._store import MonitoringStore as MonitoringStore
    from dfgov.monitoring._store import PeriodRecord as PeriodRecord
    from dfgov.monitoring._trend import Trend as Trend
    from dfgov.monitoring._vocabulary import Decisions as Decisions
    from dfgov.monitoring._vocabulary import decision_vocabulary as decision_vocabulary

_EXPORTS = {
    "PeriodCounts": "._counts",
    "DueItem": "._due",
    "due": "._due",
    "due_items": "._due",
    "Monitor": "._monitor",
    "MonitoringPolicy": "._policy",
    "SimulatedHistory": "._simulate",
    "simulate_history": "._simulate",
    "MonitoringStore": "._store",
    "PeriodRecord": "._store",
    "Trend": "._trend",
    "Decisions": "._vocabulary",
    "decision_vocabulary": "._vocabulary",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
