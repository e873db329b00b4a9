"""Flat tables the regulator registers are built from (one row per provider, contract, ...)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import ColumnError
from dfgov.outsourcing._base import Record
from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._records import IN_FORCE, BusinessFunction, Provider, State
from dfgov.outsourcing._types import CountryCode, CurrencyCode, EntityType, Lei

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONTRACT_COLUMNS", "FUNCTION_COLUMNS", "IN_REGISTER", "PROVIDER_COLUMNS", "SUPPLY_COLUMNS",
    "RegisterData", "ReportingEntity",
]

#: States whose arrangements have a contract and belong in the registers.
IN_REGISTER: tuple[State, ...] = (*IN_FORCE, "exited")

PROVIDER_COLUMNS = (
    "provider_id", "lei", "legal_name", "country", "parent_id", "person_type",
)
CONTRACT_COLUMNS = (
    "contract_reference", "arrangement_id", "provider_id", "entity_lei", "function_id",
    "ict_service_type", "important", "annual_cost", "currency", "contract_type",
    "overarching_reference", "contract_start", "contract_end", "termination_reason",
    "notice_entity", "notice_provider", "governing_law", "service_country", "stores_data",
    "data_country", "processing_country", "data_sensitiveness", "reliance", "substitutability",
    "substitutability_reason", "reintegration", "discontinuing_impact", "alternative_providers",
    "exit_plan", "last_audit", "intra_group",
)
SUPPLY_COLUMNS = ("contract_reference", "ict_service_type", "provider_id", "rank",
                  "recipient_id")
FUNCTION_COLUMNS = ("function_id", "licensed_activity", "name", "critical", "reasons",
                    "last_assessed", "rto_hours", "rpo_hours", "impact")


class ReportingEntity(Record):
    """The financial entity maintaining the register (DORA B_01.01)."""

    lei: Lei
    name: str
    country: CountryCode
    entity_type: EntityType = "credit_institution"
    competent_authority: str
    currency: CurrencyCode = "EUR"
    total_assets: float | None = None

    hierarchy: Literal["ultimate_parent", "parent", "subsidiary", "outside_group"] = (
        "ultimate_parent"
    )
    parent_lei: Lei | None = None


@dataclass(frozen=True)
class RegisterData:
    """Providers, contracts, supply chains and functions as DataFrames.

    Build it with :meth:`from_cases`, or from a bank's own tables with the
    columns ``PROVIDER_COLUMNS``, ``CONTRACT_COLUMNS``, ``SUPPLY_COLUMNS``
    and ``FUNCTION_COLUMNS`` of this module (dates as ``datetime64``).
    """

    providers: pd.DataFrame
    contracts: pd.DataFrame
    supply_chain: pd.DataFrame
    functions: pd.DataFrame

    def __post_init__(self) -> None:
        for name, cols in (("providers", PROVIDER_COLUMNS), ("contracts", CONTRACT_COLUMNS),
                           ("supply_chain", SUPPLY_COLUMNS), ("functions", FUNCTION_COLUMNS)):
            missing = [c for c in cols if c not in getattr(self, name).columns]
            if missing:
                raise ColumnError(f"RegisterData.{name} lacks the column(s) {missing}.")

    @classmethod
    def from_cases(
        cls,
        cases: Iterable[OutsourcingCase],
        functions: Sequence[BusinessFunction] = (),
        *,
        providers: Sequence[Provider] = (),
    ) -> RegisterData:
        """Flatten cases (those with a contract, in a contracted or later state).

        ``providers`` adds providers that are not direct providers of a case:
        sub-contractors and ultimate parents, so their codes resolve.
        """
        import pandas as pd

        provs: dict[str, dict[str, Any]] = {p.id: _provider_row(p) for p in providers}
        rows: list[dict[str, Any]] = []
        supply: list[dict[str, Any]] = []
        for case in cases:
            a, p, c = case.arrangement, case.provider, case.contract
            if a.status not in IN_REGISTER or c is None:
                continue
            provs[p.id] = _provider_row(p)
            audit = case.last_assessment(kind="audit")
            rows.append({
                "contract_reference": c.reference, "arrangement_id": a.id, "provider_id": p.id,
                "entity_lei": a.entity_lei, "function_id": a.function_id,
                "ict_service_type": a.ict_service_type, "important": a.important,
                "annual_cost": a.annual_cost, "currency": a.currency,
                "contract_type": c.arrangement_type,
                "overarching_reference": c.overarching_reference, "contract_start": c.start,
                "contract_end": _ended(case), "termination_reason": a.termination_reason,
                "notice_entity": c.notice_days_entity, "notice_provider": c.notice_days_provider,
                "governing_law": c.governing_law, "service_country": a.service_countries[0],
                "stores_data": a.stores_data,
                "data_country": a.data_countries[0] if a.data_countries else None,
                "processing_country": (a.data_countries or a.service_countries)[0],
                "data_sensitiveness": a.data_sensitiveness, "reliance": a.reliance,
                "substitutability": a.substitutability,
                "substitutability_reason": a.substitutability_reason,
                "reintegration": a.reintegration,
                "discontinuing_impact": a.discontinuing_impact,
                "alternative_providers": "; ".join(a.alternative_providers) or None,
                "exit_plan": case.exit_plan is not None,
                "last_audit": audit.performed_on if audit else None,
                "intra_group": a.intra_group,
            })
            for s in a.subcontractors:
                supply.append({"contract_reference": c.reference,
                               "ict_service_type": s.ict_service_type,
                               "provider_id": s.provider_id, "rank": s.rank,
                               "recipient_id": s.recipient_id})
        contracts = pd.DataFrame(rows, columns=list(CONTRACT_COLUMNS))
        for col in ("contract_start", "contract_end", "last_audit"):
            contracts[col] = pd.to_datetime(contracts[col])
        fn = pd.DataFrame([{"function_id": f.id, **f.model_dump(exclude={"id"})}
                           for f in functions], columns=list(FUNCTION_COLUMNS))
        fn["last_assessed"] = pd.to_datetime(fn["last_assessed"])
        return cls(pd.DataFrame(list(provs.values()), columns=list(PROVIDER_COLUMNS)),
                   contracts, pd.DataFrame(supply, columns=list(SUPPLY_COLUMNS)), fn)


def _provider_row(p: Provider) -> dict[str, Any]:
    return {"provider_id": p.id, "lei": p.lei, "legal_name": p.legal_name, "country": p.country,
            "parent_id": p.ultimate_parent_id, "person_type": p.person_type}


def _ended(case: OutsourcingCase) -> Any:
    """The contract end, or the exit date when the arrangement exited earlier."""
    c = case.contract
    end = c.end if c is not None else None
    exits = [h.at.date() for h in case.history if h.to_state == "exited"]
    if exits and (end is None or exits[-1] < end):
        return exits[-1]
    return end
