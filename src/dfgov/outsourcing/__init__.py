"""Measure 16, external partners: outsourcing records, lifecycle, review, registers.

Imports are lazy: ``import dfgov.outsourcing`` loads neither pandas nor SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.outsourcing._case import CASE_RECORDS, OutsourcingCase, TransitionRecord
    from dfgov.outsourcing._concentration import ConcentrationAnalysis, hhi
    from dfgov.outsourcing._due import due_items
    from dfgov.outsourcing._frames import Portfolio, portfolio_frames
    from dfgov.outsourcing._guards import MISSING_CODES, Missing
    from dfgov.outsourcing._ids import lei_is_valid, uscc_is_valid
    from dfgov.outsourcing._lifecycle import (
        STATES,
        TRANSITIONS,
        Lifecycle,
        TransitionEvidence,
        WeekdayCalendar,
    )
    from dfgov.outsourcing._policy import OutsourcingPolicy
    from dfgov.outsourcing._records import (
        Arrangement,
        Assessment,
        BusinessFunction,
        Certification,
        Contract,
        DueDiligence,
        DueDiligenceFinding,
        ExitPlan,
        ExitTest,
        Incident,
        Notification,
        Provider,
        RegulatorRequest,
        SlaResult,
        State,
        Subcontractor,
    )
    from dfgov.outsourcing._review import OutsourcingReview
    from dfgov.outsourcing._store import OutsourcingRegistry

__all__ = [
    "CASE_RECORDS",
    "MISSING_CODES",
    "STATES",
    "TRANSITIONS",
    "Arrangement",
    "Assessment",
    "BusinessFunction",
    "Certification",
    "ConcentrationAnalysis",
    "Contract",
    "DueDiligence",
    "DueDiligenceFinding",
    "ExitPlan",
    "ExitTest",
    "Incident",
    "Lifecycle",
    "Missing",
    "Notification",
    "OutsourcingCase",
    "OutsourcingPolicy",
    "OutsourcingRegistry",
    "OutsourcingReview",
    "Portfolio",
    "Provider",
    "RegulatorRequest",
    "SlaResult",
    "State",
    "Subcontractor",
    "TransitionEvidence",
    "TransitionRecord",
    "WeekdayCalendar",
    "due_items",
    "hhi",
    "lei_is_valid",
    "portfolio_frames",
    "uscc_is_valid",
]

_REC = "._records"
__getattr__, __dir__ = lazy_exports(__name__, {
    "MISSING_CODES": "._guards",
    "Missing": "._guards",
    "STATES": "._lifecycle",
    "TRANSITIONS": "._lifecycle",
    "Lifecycle": "._lifecycle",
    "TransitionEvidence": "._lifecycle",
    "WeekdayCalendar": "._lifecycle",
    "CASE_RECORDS": "._case",
    "OutsourcingCase": "._case",
    "TransitionRecord": "._case",
    "ConcentrationAnalysis": "._concentration",
    "hhi": "._concentration",
    "due_items": "._due",
    "portfolio_frames": "._frames",
    "Portfolio": "._frames",
    "lei_is_valid": "._ids",
    "uscc_is_valid": "._ids",
    "OutsourcingPolicy": "._policy",
    "OutsourcingReview": "._review",
    "OutsourcingRegistry": "._store",
    **{n: _REC for n in (
        "Arrangement", "Assessment", "BusinessFunction", "Certification", "Contract",
        "DueDiligence", "DueDiligenceFinding", "ExitPlan", "ExitTest", "Incident",
        "Notification", "Provider", "RegulatorRequest", "SlaResult", "State", "Subcontractor",
    )},
})
