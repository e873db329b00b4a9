"""Columnar view of a portfolio of cases: what the vectorised review and the registers read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov.errors import ColumnError
from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._records import CRITERIA

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ARRANGEMENT_COLUMNS", "Portfolio", "portfolio_frames"]

#: Columns of :attr:`Portfolio.arrangements` (dates are ``datetime64``; missing = NaT/NaN).
ARRANGEMENT_COLUMNS: tuple[str, ...] = (
    "arrangement_id", "provider_id", "parent_id", "group", "provider_country", "status",
    "important", "function_id", "ict_service_type", "annual_cost", "currency",
    "substitutability", "data_country", "cross_border", "non_onsite", "intra_group",
    "related_party", "last_assessment", "last_audit", "exit_plan", "last_exit_test",
    "contract_start", "contract_end", "notice_days", *(f"score_{c}" for c in CRITERIA),
)
_DATES = ("last_assessment", "last_audit", "last_exit_test", "contract_start", "contract_end")


@dataclass(frozen=True)
class Portfolio:
    """Arrangements, incidents, regulator requests and certifications as DataFrames.

    Build it with :func:`portfolio_frames` from cases, or directly from a
    bank's own tables with the columns listed in ``ARRANGEMENT_COLUMNS``
    (incidents: ``arrangement_id, severity, deadline, reported_at, remediated_on``;
    requests: ``arrangement_id, closed_on``; certifications:
    ``provider_id, valid_until``).
    """

    arrangements: pd.DataFrame
    incidents: pd.DataFrame
    requests: pd.DataFrame
    certifications: pd.DataFrame

    def __post_init__(self) -> None:
        need = {
            "arrangements": ARRANGEMENT_COLUMNS,
            "incidents": ("arrangement_id", "severity", "deadline", "reported_at",
                          "remediated_on"),
            "requests": ("arrangement_id", "closed_on"),
            "certifications": ("provider_id", "valid_until"),
        }
        for name, cols in need.items():
            frame = getattr(self, name)
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ColumnError(f"Portfolio.{name} lacks the column(s) {missing}.")



def portfolio_frames(cases: Iterable[OutsourcingCase], *, incident_hours: int = 24) -> Portfolio:
    """Flatten cases into a :class:`Portfolio` (one row per arrangement)."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    inc: list[dict[str, Any]] = []
    req: list[dict[str, Any]] = []
    certs: dict[tuple[str, str], Any] = {}
    for case in cases:
        a, p = case.arrangement, case.provider
        last = max((x for x in case.assessments if x.kind in ("periodic", "annual")),
                   key=lambda x: x.performed_on, default=None)
        audit = case.last_assessment(kind="audit")
        test = case.last_exit_test()
        c = case.contract
        row: dict[str, Any] = {
            "arrangement_id": a.id, "provider_id": p.id, "parent_id": p.parent_key,
            "group": p.group, "provider_country": p.country, "status": a.status,
            "important": a.important, "function_id": a.function_id,
            "ict_service_type": a.ict_service_type, "annual_cost": a.annual_cost,
            "currency": a.currency, "substitutability": a.substitutability,
            "data_country": (a.data_countries or a.service_countries)[0],
            "cross_border": a.cross_border, "non_onsite": a.non_onsite,
            "intra_group": a.intra_group, "related_party": p.related_party,
            "last_assessment": last.performed_on if last else None,
            "last_audit": audit.performed_on if audit else None,
            "exit_plan": case.exit_plan is not None,
            "last_exit_test": test.performed_on if test else None,
            "contract_start": c.start if c else None,
            "contract_end": c.end if c else None,
            "notice_days": c.notice_days_entity if c else None,
        }
        for crit in CRITERIA:
            row[f"score_{crit}"] = last.scores.get(crit) if last else None  # type: ignore[call-overload]
        if last is not None and "sla" not in last.scores and last.sla_results:
            met = sum(r.met for r in last.sla_results)
            row["score_sla"] = 100.0 * met / len(last.sla_results)
        rows.append(row)
        for i in case.incidents:
            inc.append({"arrangement_id": a.id, "severity": i.severity,
                        "deadline": i.deadline(incident_hours), "reported_at": i.reported_at,
                        "remediated_on": i.remediated_on})
        for r in case.regulator_requests:
            req.append({"arrangement_id": a.id, "closed_on": r.closed_on})
        for cert in p.certifications:
            certs[(p.id, cert.name)] = cert.valid_until
    arr = pd.DataFrame(rows, columns=list(ARRANGEMENT_COLUMNS))
    for col in _DATES:
        arr[col] = pd.to_datetime(arr[col])
    for crit in CRITERIA:
        arr[f"score_{crit}"] = arr[f"score_{crit}"].astype("float64")
    arr["annual_cost"] = arr["annual_cost"].astype("float64")
    arr["notice_days"] = arr["notice_days"].astype("float64")
    incidents = pd.DataFrame(
        inc, columns=["arrangement_id", "severity", "deadline", "reported_at", "remediated_on"])
    for col in ("deadline", "reported_at"):
        incidents[col] = pd.to_datetime(incidents[col], utc=True)
    incidents["remediated_on"] = pd.to_datetime(incidents["remediated_on"])
    requests = pd.DataFrame(req, columns=["arrangement_id", "closed_on"])
    requests["closed_on"] = pd.to_datetime(requests["closed_on"])
    cert_frame = pd.DataFrame(
        [(k[0], v) for k, v in certs.items()], columns=["provider_id", "valid_until"])
    cert_frame["valid_until"] = pd.to_datetime(cert_frame["valid_until"])
    return Portfolio(arr, incidents, requests, cert_frame)
