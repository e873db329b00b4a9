"""EBA outsourcing register (EBA/GL/2019/02 paragraphs 54 and 55) as a table / CSV."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import BusinessFunction
from dfgov.outsourcing.registers._csv import write_csv
from dfgov.outsourcing.registers._data import IN_REGISTER
from dfgov.policy import resolve_section

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.policy import Policy

__all__ = ["EBA_COLUMNS", "eba_register"]

#: Register columns; the prefix is the guideline paragraph the field serves.
EBA_COLUMNS: tuple[str, ...] = (
    "54(a) reference number", "54(b) start date", "54(b) next renewal or end date",
    "54(b) notice period institution (days)", "54(b) notice period provider (days)",
    "54(c) function and service", "54(c) data categories", "54(c) personal data",
    "54(d) category", "54(e) provider name", "54(e) registration number", "54(e) LEI",
    "54(e) registered country", "54(e) parent company", "54(f) countries of service",
    "54(f) data locations", "54(g) critical or important", "54(g) reasons",
    "54(h) cloud service model", "54(i) date of last assessment",
    "55(a) last risk assessment conclusion", "55(b) approved by", "55(b) approval date",
    "55(c) governing law", "55(d) last audit", "55(d) next audit due",
    "55(e) sub-contractors", "55(f) substitutability", "55(g) alternative providers",
    "55(h) recovery time objective (hours)", "55(i) annual cost", "55(i) currency",
)
_CLOUD = {"S17": "IaaS", "S18": "PaaS", "S19": "SaaS"}
_SUBST = {"easy": "easy", "medium": "difficult", "difficult": "difficult",
          "impossible": "impossible"}


def eba_register(
    cases: Iterable[OutsourcingCase],
    *,
    functions: Sequence[BusinessFunction] = (),
    policy: Policy | OutsourcingPolicy | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """The EBA register: ¶54 fields for every arrangement, ¶55 fields for critical ones.

    ¶55 cells stay empty for arrangements that are not critical or
    important. Written as UTF-8 CSV to ``path`` when given; in the file, a
    text cell a spreadsheet would read as a formula (``=``, ``+``, ``-``,
    ``@``, tab, carriage return first) gets a leading apostrophe (OWASP);
    the returned frame keeps the values as they are.
    """
    import pandas as pd

    pol = resolve_section(policy, OutsourcingPolicy, "eba_register")
    rto = {f.id: f.rto_hours for f in functions}
    rows: list[dict[str, Any]] = []
    for case in cases:
        a, p, c = case.arrangement, case.provider, case.contract
        if a.status not in IN_REGISTER or c is None:
            continue
        last = case.last_assessment()
        row: dict[str, Any] = dict.fromkeys(EBA_COLUMNS)
        row.update({
            "54(a) reference number": c.reference, "54(b) start date": c.start.isoformat(),
            "54(b) next renewal or end date": c.end.isoformat() if c.end else None,
            "54(b) notice period institution (days)": c.notice_days_entity,
            "54(b) notice period provider (days)": c.notice_days_provider,
            "54(c) function and service": f"{a.function_id}: {a.service}",
            "54(c) data categories": ";".join(a.data_categories) or None,
            "54(c) personal data": "yes" if {"C2", "C3"} & set(a.data_categories) else "no",
            "54(d) category": a.outsourcing_type, "54(e) provider name": p.legal_name,
            "54(e) registration number": p.uscc, "54(e) LEI": p.lei,
            "54(e) registered country": p.country,
            "54(e) parent company": p.ultimate_parent_id,
            "54(f) countries of service": ";".join(a.service_countries),
            "54(f) data locations": ";".join(a.data_countries) or None,
            "54(g) critical or important": "yes" if a.important else "no",
            "54(g) reasons": a.importance_rationale,
            "54(h) cloud service model": _CLOUD.get(a.ict_service_type),
            "54(i) date of last assessment": last.performed_on.isoformat() if last else None,
        })
        if a.important:
            audit = case.last_assessment(kind="audit")
            approval = next((h for h in reversed(case.history) if h.to_state == "approved"),
                            None)
            row.update({
                "55(a) last risk assessment conclusion": last.conclusion if last else None,
                "55(b) approved by": approval.evidence.get("approver") if approval else None,
                "55(b) approval date": approval.at.date().isoformat() if approval else None,
                "55(c) governing law": c.governing_law,
                "55(d) last audit": audit.performed_on.isoformat() if audit else None,
                "55(d) next audit due": (pd.Timestamp(audit.performed_on if audit else c.start)
                                         + pd.DateOffset(months=pol.audit_months_important))
                .date().isoformat(),
                "55(e) sub-contractors": ";".join(
                    f"{s.provider_id}@{s.country}" for s in a.subcontractors) or None,
                "55(f) substitutability": _SUBST[a.substitutability],
                "55(g) alternative providers": ";".join(a.alternative_providers) or None,
                "55(h) recovery time objective (hours)": rto.get(a.function_id),
                "55(i) annual cost": a.annual_cost, "55(i) currency": a.currency,
            })
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(EBA_COLUMNS))
    if path is not None:
        write_csv(frame, path, encoding="utf-8")
    return frame
