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
    from dfgov.monitoring._counts import PeriodCounts
    from dfgov.monitoring._due import DueItem, due, due_items
    from dfgov.monitoring._monitor import Monitor
    from dfgov.monitoring._policy import MonitoringPolicy
    from dfgov.monitoring._simulate import SimulatedHistory, simulate_history
    from dfgov.monitoring._store import MonitoringStore, PeriodRecord
    from dfgov.monitoring._trend import Trend
    from dfgov.monitoring._vocabulary import Decisions, decision_vocabulary

__all__ = [
    "Decisions",
    "DueItem",
    "Monitor",
    "MonitoringPolicy",
    "MonitoringStore",
    "PeriodCounts",
    "PeriodRecord",
    "SimulatedHistory",
    "Trend",
    "decision_vocabulary",
    "due",
    "due_items",
    "simulate_history",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "Decisions": "._vocabulary",
    "DueItem": "._due",
    "Monitor": "._monitor",
    "MonitoringPolicy": "._policy",
    "MonitoringStore": "._store",
    "PeriodCounts": "._counts",
    "PeriodRecord": "._store",
    "SimulatedHistory": "._simulate",
    "simulate_history": "._simulate",
    "Trend": "._trend",
    "decision_vocabulary": "._vocabulary",
    "due": "._due",
    "due_items": "._due",
})
