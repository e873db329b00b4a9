"""Builders of valid outsourcing records for the tests."""

from __future__ import annotations

from datetime import date

from dfgov.outsourcing._ids import lei_check_digits, uscc_check_char
from dfgov.outsourcing._records import (
    CRITICAL_CLAUSES,
    DUE_DILIGENCE_ITEMS,
    MANDATORY_CLAUSES,
    Arrangement,
    Contract,
    DueDiligence,
    ExitPlan,
    Provider,
)


def lei(seed: str) -> str:
    base = (seed.upper() + "0" * 18)[:18]
    return base + lei_check_digits(base)


def uscc(seed: str) -> str:
    first = ("91" + "110000" + (seed.upper() + "0" * 9)[:9])[:17]
    return first + uscc_check_char(first)


BANK_LEI = lei("BANK")


def provider(pid: str = "P1", **kw: object) -> Provider:
    data: dict[str, object] = {
        "id": pid, "legal_name": f"Provider {pid}", "lei": lei(pid), "country": "DE",
    }
    data.update(kw)
    return Provider(**data)  # type: ignore[arg-type]


def arrangement(aid: str = "A1", pid: str = "P1", **kw: object) -> Arrangement:
    data: dict[str, object] = {
        "id": aid, "provider_id": pid, "entity_lei": BANK_LEI, "function_id": "F1",
        "service": "core banking hosting", "outsourcing_type": "operation_maintenance",
        "ict_service_type": "S17", "important": True,
        "importance_rationale": "supports payments", "data_categories": ("C2", "C3"),
        "service_countries": ("DE",), "data_countries": ("DE",), "cross_border": True,
        "annual_cost": 1_000_000.0, "currency": "EUR", "substitutability": "difficult",
        "requester": "alice",
    }
    data.update(kw)
    return Arrangement(**data)  # type: ignore[arg-type]


def due_diligence(aid: str = "A1", **kw: object) -> DueDiligence:
    data: dict[str, object] = {
        "arrangement_id": aid, "performed_on": date(2025, 1, 10), "performed_by": "dd-team",
        "items_covered": DUE_DILIGENCE_ITEMS,
    }
    data.update(kw)
    return DueDiligence(**data)  # type: ignore[arg-type]


def contract(aid: str = "A1", **kw: object) -> Contract:
    data: dict[str, object] = {
        "reference": f"C-{aid}", "arrangement_id": aid, "signed_on": date(2025, 3, 3),
        "start": date(2025, 3, 10), "end": date(2028, 3, 9), "notice_days_entity": 180,
        "notice_days_provider": 365, "governing_law": "DE",
        "clauses": frozenset(MANDATORY_CLAUSES + CRITICAL_CLAUSES),
    }
    data.update(kw)
    return Contract(**data)  # type: ignore[arg-type]


def exit_plan(aid: str = "A1", **kw: object) -> ExitPlan:
    data: dict[str, object] = {
        "arrangement_id": aid, "version": 1, "approved_on": date(2025, 2, 1),
        "triggers": ("provider insolvency", "sustained SLA breach"),
        "success_criteria": ("data migrated and verified",), "alternative_providers": ("P2",),
        "transition_days": 180,
    }
    data.update(kw)
    return ExitPlan(**data)  # type: ignore[arg-type]
