"""An arrangement's dossier: the arrangement with every record that is evidence for it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from pydantic import Field

from dfgov._validate import param_error
from dfgov.errors import InvalidInputError
from dfgov.outsourcing._base import Record
from dfgov.outsourcing._records import (
    Arrangement,
    Assessment,
    Contract,
    DueDiligence,
    ExitPlan,
    ExitTest,
    Incident,
    Notification,
    Provider,
    RegulatorRequest,
    State,
)

__all__ = ["CASE_RECORDS", "OutsourcingCase", "TransitionRecord"]


class TransitionRecord(Record):
    """One lifecycle transition as it happened."""

    from_state: State
    to_state: State
    at: datetime
    actor: str
    evidence: dict[str, Any] = Field(default_factory=dict)


#: Record kinds a case holds, by field name (read-only): the ``kind`` of a record
#: given as JSON (``dfgov vendor add-records``) and the store's record kinds.
CASE_RECORDS: Mapping[str, type[Record]] = MappingProxyType({
    "due_diligence": DueDiligence,
    "contracts": Contract,
    "assessments": Assessment,
    "incidents": Incident,
    "regulator_requests": RegulatorRequest,
    "notifications": Notification,
    "exit_plans": ExitPlan,
    "exit_tests": ExitTest,
})


class OutsourcingCase(Record):
    """The arrangement, its provider and the records that are its evidence.

    Immutable: :meth:`add` returns a new case. ``version`` is the store's
    optimistic-concurrency version (0 for a case never stored).
    """

    provider: Provider
    arrangement: Arrangement
    due_diligence: tuple[DueDiligence, ...] = ()
    contracts: tuple[Contract, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    incidents: tuple[Incident, ...] = ()
    regulator_requests: tuple[RegulatorRequest, ...] = ()
    notifications: tuple[Notification, ...] = ()
    exit_plans: tuple[ExitPlan, ...] = ()
    exit_tests: tuple[ExitTest, ...] = ()
    history: tuple[TransitionRecord, ...] = ()
    version: int = 0

    @property
    def id(self) -> str:
        """The arrangement id."""
        return self.arrangement.id

    @property
    def status(self) -> State:
        """The lifecycle state."""
        return self.arrangement.status

    def add(self, *records: Record) -> OutsourcingCase:
        """A copy with ``records`` appended to their kinds (each must concern this arrangement)."""
        update: dict[str, tuple[Any, ...]] = {}
        for rec in records:
            name = field_for(rec)
            if getattr(rec, "arrangement_id", None) != self.arrangement.id:
                raise InvalidInputError(
                    f"{type(rec).__name__}.arrangement_id must equal the case's arrangement id."
                )
            update[name] = (*update.get(name, getattr(self, name)), rec)
        return self.model_copy(update=update)

    # -- evidence views -------------------------------------------------
    @property
    def contract(self) -> Contract | None:
        """The most recently signed contract."""
        return max(self.contracts, key=lambda c: c.signed_on, default=None)

    @property
    def exit_plan(self) -> ExitPlan | None:
        """The exit plan of the highest version."""
        return max(self.exit_plans, key=lambda p: p.version, default=None)

    @property
    def notification(self) -> Notification | None:
        """The latest regulator notification."""
        return max(self.notifications, key=lambda n: n.notified_on, default=None)

    def last_assessment(self, *, kind: str | None = None) -> Assessment | None:
        """The latest assessment (of ``kind`` if given)."""
        pool = [a for a in self.assessments if kind is None or a.kind == kind]
        return max(pool, key=lambda a: a.performed_on, default=None)

    def last_exit_test(self) -> ExitTest | None:
        """The latest exit drill."""
        return max(self.exit_tests, key=lambda t: t.performed_on, default=None)

    def open_major_incidents(self) -> tuple[Incident, ...]:
        """Major or critical incidents not yet remediated."""
        return tuple(
            i for i in self.incidents if i.severity != "minor" and i.remediated_on is None
        )

    def open_regulator_requests(self) -> tuple[RegulatorRequest, ...]:
        """Regulator requests not yet closed."""
        return tuple(r for r in self.regulator_requests if r.closed_on is None)

    def expired_certifications(self, as_of: date) -> tuple[str, ...]:
        """Names of the provider's certifications expired at ``as_of``."""
        return tuple(c.name for c in self.provider.certifications if c.valid_until < as_of)


def field_for(record: Record) -> str:
    """The case field that holds records of ``record``'s type."""
    for name, cls in CASE_RECORDS.items():
        if isinstance(record, cls):
            return name
    raise param_error(
        "OutsourcingCase.add", "records",
        f"must be records a case holds ({', '.join(c.__name__ for c in CASE_RECORDS.values())})",
        got_text=f"type {type(record).__name__}")
