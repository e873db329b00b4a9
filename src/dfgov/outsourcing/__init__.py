"""Measure 16, external partners: outsourcing records, lifecycle, review, registers.

Names load on first use: ``import dfgov.outsourcing`` loads neither pandas nor SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.outsourcing._case import CASE_RECORDS as CASE_RECORDS
    from dfgov.outsourcing._case import OutsourcingCase as OutsourcingCase
    from dfgov.outsourcing._case import TransitionRecord as TransitionRecord
    from dfgov.outsourcing._concentration import ConcentrationAnalysis as ConcentrationAnalysis
    from dfgov.outsourcing._concentration import hhi as hhi
    from dfgov.outsourcing._due import due_items as due_items
    from dfgov.outsourcing._frames import Portfolio as Portfolio
    from dfgov.outsourcing._frames import portfolio_frames as portfolio_frames
    from dfgov.outsourcing._guards import MISSING_CODES as MISSING_CODES
    from dfgov.outsourcing._guards import Missing as Missing
    from dfgov.outsourcing._ids import lei_is_valid as lei_is_valid
    from dfgov.outsourcing._ids import uscc_is_valid as uscc_is_valid
    from dfgov.outsourcing._lifecycle import STATES as STATES
    from dfgov.outsourcing._lifecycle import TRANSITIONS as TRANSITIONS
    from dfgov.outsourcing._lifecycle import Lifecycle as Lifecycle
    from dfgov.outsourcing._lifecycle import TransitionEvidence as TransitionEvidence
    from dfgov.outsourcing._lifecycle import WeekdayCalendar as WeekdayCalendar
    from dfgov.outsourcing._policy import OutsourcingPolicy as OutsourcingPolicy
    from dfgov.outsourcing._records import Arrangement as Arrangement
    from dfgov.outsourcing._records import Assessment as Assessment
    from dfgov.outsourcing._records import BusinessFunction as BusinessFunction
    from dfgov.outsourcing._records import Certification as Certification
    from dfgov.outsourcing._records import Contract as Contract
    from dfgov.outsourcing._records import DueDiligence as DueDiligence
    from dfgov.outsourcing._records import DueDiligenceFinding as DueDiligenceFinding
    from dfgov.outsourcing._records import ExitPlan as ExitPlan
    from dfgov.outsourcing._records import ExitTest as ExitTest
    from dfgov.outsourcing._records import Incident as Incident
    from dfgov.outsourcing._records import Notification as Notification
    from dfgov.outsourcing._records import Provider as Provider
    from dfgov.outsourcing._records import RegulatorRequest as RegulatorRequest
    from dfgov.outsourcing._records import SlaResult as SlaResult
    from dfgov.outsourcing._records import State as State
    from dfgov.outsourcing._records import Subcontractor as Subcontractor
    from dfgov.outsourcing._review import OutsourcingReview as OutsourcingReview
    from dfgov.outsourcing._store import OutsourcingRegistry as OutsourcingRegistry

_EXPORTS = {
    "CASE_RECORDS": "._case",
    "OutsourcingCase": "._case",
    "TransitionRecord": "._case",
    "ConcentrationAnalysis": "._concentration",
    "hhi": "._concentration",
    "due_items": "._due",
    "Portfolio": "._frames",
    "portfolio_frames": "._frames",
    "MISSING_CODES": "._guards",
    "Missing": "._guards",
    "lei_is_valid": "._ids",
    "uscc_is_valid": "._ids",
    "Lifecycle": "._lifecycle",
    "STATES": "._lifecycle",
    "TRANSITIONS": "._lifecycle",
    "TransitionEvidence": "._lifecycle",
    "WeekdayCalendar": "._lifecycle",
    "OutsourcingPolicy": "._policy",
    "Arrangement": "._records",
    "Assessment": "._records",
    "BusinessFunction": "._records",
    "Certification": "._records",
    "Contract": "._records",
    "DueDiligence": "._records",
    "DueDiligenceFinding": "._records",
    "ExitPlan": "._records",
    "ExitTest": "._records",
    "Incident": "._records",
    "Notification": "._records",
    "Provider": "._records",
    "RegulatorRequest": "._records",
    "SlaResult": "._records",
    "State": "._records",
    "Subcontractor": "._records",
    "OutsourcingReview": "._review",
    "OutsourcingRegistry": "._store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
