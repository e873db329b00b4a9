"""Outsourcing records: provider, arrangement, due diligence, contract, assessment,
incident, regulator request, notification, exit plan and exit test.

Every record is an immutable pydantic model; bad input raises
:class:`~dfgov.errors.InvalidInputError` naming the field and the rule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import Field, field_validator, model_validator

from dfgov.outsourcing._base import Record
from dfgov.outsourcing._codes import (
    Impact,
    Reliance,
    Sensitiveness,
    Substitutability,
    TerminationReason,
)
from dfgov.outsourcing._types import CountryCode, CurrencyCode, IctServiceType, Lei, Uscc

__all__ = [
    "CRITERIA",
    "CRITICAL_CLAUSES",
    "DUE_DILIGENCE_ITEMS",
    "MANDATORY_CLAUSES",
    "OUTSOURCING_TYPES",
    "Arrangement",
    "Assessment",
    "BusinessFunction",
    "Certification",
    "Contract",
    "DueDiligence",
    "DueDiligenceFinding",
    "ExitPlan",
    "ExitTest",
    "Incident",
    "Notification",
    "Provider",
    "RegulatorRequest",
    "SlaResult",
    "Subcontractor",
]

OUTSOURCING_TYPES = (
    "consulting_planning", "development_testing", "operation_maintenance",
    "security_services", "business_support",
)  # 141 Art.12
OutsourcingType = Literal[
    "consulting_planning", "development_testing", "operation_maintenance",
    "security_services", "business_support",
]
DUE_DILIGENCE_ITEMS = (
    "business_condition", "experience", "internal_control", "security", "related_party",
)  # 141 Art.17
DueDiligenceItem = Literal[
    "business_condition", "experience", "internal_control", "security", "related_party"
]
#: Clauses every contract needs: 141 Art.21/22 and DORA Art.30(2).
MANDATORY_CLAUSES: tuple[str, ...] = (
    "service_description", "locations", "data_protection", "data_access_return",
    "service_levels", "incident_assistance", "authority_cooperation", "termination_rights",
    "security_training", "audit_rights", "regulator_access", "subcontracting_terms",
    "change_management", "transition",
)
#: Extra clauses for critical or important functions: DORA Art.30(3).
CRITICAL_CLAUSES: tuple[str, ...] = (
    "quantitative_slas", "notice_and_reporting", "bcp_testing", "tlpt_participation",
    "monitoring_access", "exit_strategy",
)
CRITERIA = (
    "sla", "security", "resilience", "financial", "compliance", "concentration",
    "subcontracting",
)
Criterion = Literal[
    "sla", "security", "resilience", "financial", "compliance", "concentration",
    "subcontracting",
]
DataCategory = Literal["C1", "C2", "C3"]
#: A lifecycle state (``Arrangement.status``); ``dfgov.outsourcing.TRANSITIONS`` links them.
State = Literal[
    "proposed", "pre_assessment", "due_diligence", "approved", "regulator_notified",
    "contracted", "active", "under_review", "remediation", "suspended", "exiting", "exited",
    "rejected",
]
#: States of a running arrangement (reviewed, subject to knock-outs and due work).
RUNNING: tuple[State, ...] = ("active", "under_review", "remediation", "suspended")
#: States in which an arrangement counts towards concentration (a contract is in force).
IN_FORCE: tuple[State, ...] = ("contracted", *RUNNING, "exiting")


class Certification(Record):
    """A provider certification (e.g. ISO/IEC 27001) and its expiry."""

    name: str = Field(min_length=1)
    valid_until: date


class Provider(Record):
    """An external partner (ICT third-party service provider)."""

    id: str = Field(min_length=1, max_length=64)
    legal_name: str = Field(min_length=1)
    lei: Lei | None = None
    uscc: Uscc | None = None
    country: CountryCode
    ultimate_parent_id: str | None = None
    ultimate_parent_lei: Lei | None = None
    group: str | None = None
    person_type: Literal["legal", "natural"] = "legal"
    related_party: bool = False
    certifications: tuple[Certification, ...] = ()

    @property
    def parent_key(self) -> str:
        """The ultimate parent's id (the provider itself when it is the ultimate parent)."""
        return self.ultimate_parent_id or self.id


class Subcontractor(Record):
    """A link in the ICT supply chain (rank 2 = the direct provider's sub-contractor)."""

    provider_id: str = Field(min_length=1)
    rank: int = Field(ge=2)
    recipient_id: str = Field(min_length=1)
    country: CountryCode
    ict_service_type: IctServiceType


class BusinessFunction(Record):
    """A business function supported by ICT services (DORA B_06.01)."""

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    licensed_activity: str = Field(pattern=r"^eba_TA:x\d+$")
    critical: bool | None = None
    reasons: str | None = Field(None, max_length=300)
    last_assessed: date
    rto_hours: int = Field(ge=0)
    rpo_hours: int = Field(ge=0)
    impact: Impact = "not_assessed"


class Arrangement(Record):
    """An outsourcing arrangement: one service of one provider for one function."""

    id: str = Field(min_length=1, max_length=64)
    provider_id: str = Field(min_length=1)
    entity_lei: Lei
    function_id: str = Field(min_length=1)
    service: str = Field(min_length=1)
    outsourcing_type: OutsourcingType
    ict_service_type: IctServiceType
    important: bool
    importance_rationale: str | None = None
    data_categories: tuple[DataCategory, ...] = ()
    service_countries: tuple[CountryCode, ...] = Field(min_length=1)
    data_countries: tuple[CountryCode, ...] = ()
    cross_border: bool = False
    intra_group: bool = False
    non_onsite: bool = False
    subcontractors: tuple[Subcontractor, ...] = ()
    annual_cost: float = Field(ge=0)
    currency: CurrencyCode
    substitutability: Substitutability
    substitutability_reason: Literal["no_alternatives", "migration", "both"] | None = None
    reliance: Reliance = "material"
    data_sensitiveness: Sensitiveness | None = None
    reintegration: Literal["easy", "difficult", "highly_complex"] = "difficult"
    discontinuing_impact: Impact = "not_assessed"
    alternative_providers: tuple[str, ...] = ()
    requester: str = Field(min_length=1)
    status: State = "proposed"
    termination_reason: TerminationReason | None = None

    @model_validator(mode="after")
    def _rationale(self) -> Arrangement:
        if self.important and not self.importance_rationale:
            raise ValueError("importance_rationale is required when important is true")
        return self

    @property
    def stores_data(self) -> bool:
        """Whether the provider stores the bank's data (data countries given)."""
        return bool(self.data_countries)


class DueDiligenceFinding(Record):
    """One due-diligence finding; ``critical`` ones block approval until resolved."""

    item: DueDiligenceItem
    severity: Literal["low", "medium", "high", "critical"]
    description: str = Field(min_length=1)
    resolved: bool = False


class DueDiligence(Record):
    """Due diligence per 141 Art.17 (business, experience, controls, security, related party)."""

    arrangement_id: str
    performed_on: date
    performed_by: str = Field(min_length=1)
    items_covered: tuple[DueDiligenceItem, ...]
    findings: tuple[DueDiligenceFinding, ...] = ()
    completed: bool = True

    @property
    def missing_items(self) -> tuple[str, ...]:
        """Art.17 items not covered."""
        return tuple(i for i in DUE_DILIGENCE_ITEMS if i not in self.items_covered)

    @property
    def open_critical(self) -> int:
        """Number of unresolved critical findings."""
        return sum(1 for f in self.findings if f.severity == "critical" and not f.resolved)


class Contract(Record):
    """A signed contract: dates, notice periods, governing law and its clauses."""

    reference: str = Field(min_length=1, max_length=64)
    arrangement_id: str
    signed_on: date
    start: date
    end: date | None = None
    notice_days_entity: int = Field(ge=0)
    notice_days_provider: int = Field(ge=0)
    governing_law: CountryCode
    clauses: frozenset[str] = frozenset()
    arrangement_type: Literal["standalone", "overarching", "subsequent"] = "standalone"
    overarching_reference: str | None = None

    @field_validator("clauses")
    @classmethod
    def _clauses(cls, v: frozenset[str]) -> frozenset[str]:
        unknown = v - set(MANDATORY_CLAUSES) - set(CRITICAL_CLAUSES)
        if unknown:
            raise ValueError(f"unknown clause keys {sorted(unknown)}")
        return v

    @model_validator(mode="after")
    def _dates(self) -> Contract:
        if self.end is not None and self.end < self.start:
            raise ValueError("the contract end must not be before its start")
        if self.arrangement_type == "subsequent" and not self.overarching_reference:
            raise ValueError("a subsequent arrangement needs overarching_reference")
        return self

    def missing_clauses(self, *, critical: bool) -> tuple[str, ...]:
        """Mandatory clauses absent from the contract (DORA 30(3) too when ``critical``)."""
        need = MANDATORY_CLAUSES + (CRITICAL_CLAUSES if critical else ())
        return tuple(c for c in need if c not in self.clauses)


class SlaResult(Record):
    """One SLA/KPI measurement against its target."""

    metric: str = Field(min_length=1)
    target: float
    actual: float
    higher_is_better: bool = True

    @property
    def met(self) -> bool:
        """Whether the target was met."""
        return self.actual >= self.target if self.higher_is_better else self.actual <= self.target


class Assessment(Record):
    """A periodic assessment (or an audit: ``kind="audit"``) with scores 0-100 per criterion."""

    arrangement_id: str
    performed_on: date
    performed_by: str = Field(min_length=1)
    kind: Literal["periodic", "annual", "audit", "post_exit"] = "periodic"
    scores: dict[Criterion, float] = Field(default_factory=dict)
    sla_results: tuple[SlaResult, ...] = ()
    incident_ids: tuple[str, ...] = Field((), description="Incidents the assessment weighed.")
    conclusion: Literal["satisfactory", "needs_improvement", "unsatisfactory"]

    @field_validator("scores")
    @classmethod
    def _range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, s in v.items():
            if not 0 <= s <= 100:
                raise ValueError(f"score {k!r} must be in [0, 100]")
        return v


class Incident(Record):
    """An incident at the provider; ``reportable`` ones have a report deadline."""

    id: str = Field(min_length=1)
    arrangement_id: str
    severity: Literal["minor", "major", "critical"]
    occurred_at: datetime
    detected_at: datetime
    reportable: bool = False
    report_deadline: datetime | None = None
    reported_at: datetime | None = None
    remediated_on: date | None = None

    @model_validator(mode="after")
    def _times(self) -> Incident:
        if self.detected_at < self.occurred_at:
            raise ValueError("detected_at must not be before occurred_at")
        return self

    def deadline(self, hours: int = 24) -> datetime | None:
        """The report deadline: the explicit one, else ``detected_at + hours`` if reportable."""
        if not self.reportable:
            return None
        return self.report_deadline or self.detected_at + timedelta(hours=hours)


class RegulatorRequest(Record):
    """A supervisor's request concerning an arrangement (a knock-out while open)."""

    arrangement_id: str
    received_on: date
    authority: str = Field(min_length=1)
    subject: str = Field(min_length=1)
    closed_on: date | None = None


class Notification(Record):
    """A prior notification of listed outsourcing to the regulator (141 Art.37)."""

    arrangement_id: str
    notified_on: date
    authority: str = Field(min_length=1)
    reference: str = Field(min_length=1)


class ExitPlan(Record):
    """An exit plan (141 Art.29, DORA Art.28(8)): triggers, success criteria, alternatives."""

    arrangement_id: str
    version: int = Field(ge=1)
    approved_on: date
    triggers: tuple[str, ...] = Field(min_length=1)
    success_criteria: tuple[str, ...] = Field(min_length=1)
    alternative_providers: tuple[str, ...] = ()
    transition_days: int = Field(ge=1)


class ExitTest(Record):
    """An exit drill (141 Art.31: at least annual drills with providers)."""

    arrangement_id: str
    plan_version: int = Field(ge=1)
    performed_on: date
    kind: Literal["tabletop", "simulation", "live"]
    result: Literal["passed", "passed_with_findings", "failed"]
    findings: tuple[str, ...] = ()
