"""Columnar view of a portfolio of cases: what the vectorised review and the registers read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov.errors import ColumnError
from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._records import CRITERIA

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ARRANGEMENT_COLUMNS", "Portfolio", "arrangement_row", "build_portfolio", "portfolio_frames",
]

#: Columns of :attr:`Portfolio.arrangements` (dates are ``datetime64``; missing = NaT/NaN).
ARRANGEMENT_COLUMNS: tuple[str, ...] = (
    "arrangement_id", "provider_id", "parent_id", "group", "provider_country", "status",
    "important", "function_id", "ict_service_type", "annual_cost", "currency",
    "substitutability", "data_country", "cross_border", "non_onsite", "intra_group",
    "related_party", "last_assessment", "last_audit", "exit_plan", "last_exit_test",
    "contract_start", "contract_end", "notice_days", *(f"score_{c}" for c in CRITERIA),
)
INCIDENT_COLUMNS = ("arrangement_id", "severity", "deadline", "reported_at", "remediated_on")
REQUEST_COLUMNS = ("arrangement_id", "closed_on")
CERTIFICATION_COLUMNS = ("provider_id", "valid_until")
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
            "arrangements": ARRANGEMENT_COLUMNS, "incidents": INCIDENT_COLUMNS,
            "requests": REQUEST_COLUMNS, "certifications": CERTIFICATION_COLUMNS,
        }
        for name, cols in need.items():
            frame = getattr(self, name)
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ColumnError(f"Portfolio.{name} lacks the column(s) {missing}.")


def arrangement_row(
    a: Mapping[str, Any], p: Mapping[str, Any], contract: Mapping[str, Any] | None, *,
    last_on: Any, scores: Mapping[Any, float], sla: Sequence[tuple[float, float, bool]],
    audit_on: Any, exit_plan: bool, test_on: Any,
) -> dict[str, Any]:
    """One row of :attr:`Portfolio.arrangements` from the arrangement and provider fields.

    ``a``, ``p`` and ``contract`` are field mappings (a record's ``__dict__`` or its stored
    JSON); ``last_on``, ``scores`` and ``sla`` (``(actual, target, higher_is_better)``)
    describe the latest periodic assessment (``last_on`` None: none).
    """
    row: dict[str, Any] = {
        "arrangement_id": a["id"], "provider_id": p["id"],
        "parent_id": p.get("ultimate_parent_id") or p["id"], "group": p.get("group"),
        "provider_country": p["country"], "status": a["status"],
        "important": a["important"], "function_id": a["function_id"],
        "ict_service_type": a["ict_service_type"], "annual_cost": a["annual_cost"],
        "currency": a["currency"], "substitutability": a["substitutability"],
        "data_country": (a["data_countries"] or a["service_countries"])[0],
        "cross_border": a["cross_border"], "non_onsite": a["non_onsite"],
        "intra_group": a["intra_group"], "related_party": p.get("related_party", False),
        "last_assessment": last_on, "last_audit": audit_on, "exit_plan": exit_plan,
        "last_exit_test": test_on,
        "contract_start": contract["start"] if contract else None,
        "contract_end": contract["end"] if contract else None,
        "notice_days": contract["notice_days_entity"] if contract else None,
    }
    for crit in CRITERIA:
        row[f"score_{crit}"] = scores.get(crit)
    if last_on is not None and "sla" not in scores and sla:
        met = sum((act >= tgt) if higher else (act <= tgt) for act, tgt, higher in sla)
        row["score_sla"] = 100.0 * met / len(sla)
    return row


def _dates(values: Any, *, utc: bool = False) -> Any:
    """ISO strings, ``date``/``datetime`` objects or None as ``datetime64[us]`` (one rule)."""
    import pandas as pd

    return pd.to_datetime(values, format="ISO8601", utc=utc).astype(
        "datetime64[us, UTC]" if utc else "datetime64[us]")


def build_portfolio(
    rows: Sequence[Mapping[str, Any]], incidents: Sequence[Mapping[str, Any]],
    requests: Sequence[Mapping[str, Any]], certifications: Iterable[tuple[str, Any]],
) -> Portfolio:
    """Type the frames of a :class:`Portfolio` (one builder for records and stored rows).

    Dates become ``datetime64[us]`` and instants ``datetime64[us, UTC]``, whether
    they arrive as ISO strings or as ``date``/``datetime`` objects.
    """
    import pandas as pd

    arr = pd.DataFrame(list(rows), columns=list(ARRANGEMENT_COLUMNS))
    for col in _DATES:
        arr[col] = _dates(arr[col])
    for col in (*(f"score_{c}" for c in CRITERIA), "annual_cost", "notice_days"):
        arr[col] = arr[col].astype("float64")
    inc = pd.DataFrame(list(incidents), columns=list(INCIDENT_COLUMNS))
    for col in ("deadline", "reported_at"):
        inc[col] = _dates(inc[col], utc=True)
    inc["remediated_on"] = _dates(inc["remediated_on"])
    req = pd.DataFrame(list(requests), columns=list(REQUEST_COLUMNS))
    req["closed_on"] = _dates(req["closed_on"])
    certs = pd.DataFrame(list(certifications), columns=list(CERTIFICATION_COLUMNS))
    certs["valid_until"] = _dates(certs["valid_until"])
    return Portfolio(arr, inc, req, certs)


def portfolio_frames(cases: Iterable[OutsourcingCase], *, incident_hours: int = 24) -> Portfolio:
    """Flatten cases into a :class:`Portfolio` (one row per arrangement)."""
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
        rows.append(arrangement_row(
            a.__dict__, p.__dict__, c.__dict__ if c else None,
            last_on=last.performed_on if last else None,
            scores=last.scores if last else {},
            sla=[(r.actual, r.target, r.higher_is_better) for r in last.sla_results]
            if last else (),
            audit_on=audit.performed_on if audit else None,
            exit_plan=case.exit_plan is not None,
            test_on=test.performed_on if test else None,
        ))
        for i in case.incidents:
            inc.append({"arrangement_id": a.id, "severity": i.severity,
                        "deadline": i.deadline(incident_hours), "reported_at": i.reported_at,
                        "remediated_on": i.remediated_on})
        for r in case.regulator_requests:
            req.append({"arrangement_id": a.id, "closed_on": r.closed_on})
        for cert in p.certifications:
            certs[(p.id, cert.name)] = cert.valid_until
    return build_portfolio(rows, inc, req, [(k[0], v) for k, v in certs.items()])
