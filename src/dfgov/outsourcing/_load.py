"""Columnar loading of the store straight into a :class:`Portfolio` (no per-record models).

Stored JSON was validated when written; this path reads it back with
``json.loads`` only, so a 30,000-arrangement review does not first build
30,000 dossiers. ``tests/outsourcing/test_load.py`` proves the frames equal
``portfolio_frames(registry.cases())``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from dfgov.outsourcing._frames import ARRANGEMENT_COLUMNS, Portfolio
from dfgov.outsourcing._records import CRITERIA

if TYPE_CHECKING:
    from sqlalchemy import Engine, Table

__all__ = ["load_portfolio"]

_KEYS = {"contracts": "reference", "incidents": "id", "exit_plans": "version",
         "regulator_requests": "subject"}


def _latest(items: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    best = None
    for it in items:  # first of equal maxima wins, as max() does
        if best is None or it[key] > best[key]:
            best = it
    return best


def load_portfolio(engine: Engine, tables: dict[str, Table], *, incident_hours: int) -> Portfolio:
    """Every stored arrangement as a :class:`Portfolio`."""
    import pandas as pd
    from sqlalchemy import select

    ta, tr, tp = tables["arrangements"], tables["records"], tables["providers"]
    with engine.connect() as conn:
        arr_rows = conn.execute(select(ta.c.id, ta.c.data).order_by(ta.c.id)).all()
        rec_rows = conn.execute(select(tr.c.arrangement_id, tr.c.kind, tr.c.data)
                                .order_by(tr.c.seq)).all()
        provs = {r.id: json.loads(r.data) for r in conn.execute(select(tp.c.id, tp.c.data))}
    recs: dict[str, dict[str, dict[Any, dict[str, Any]]]] = {}
    for r in rec_rows:
        slot = recs.setdefault(r.arrangement_id, {}).setdefault(r.kind, {})
        d = json.loads(r.data)
        key = _KEYS.get(r.kind)
        slot[d[key] if key else len(slot)] = d
    rows, inc, req = [], [], []
    for ar in arr_rows:
        a = json.loads(ar.data)
        p = provs[a["provider_id"]]
        kinds = recs.get(ar.id, {})
        assessments = list(kinds.get("assessments", {}).values())
        last = _latest([x for x in assessments if x["kind"] in ("periodic", "annual")],
                       "performed_on")
        audit = _latest([x for x in assessments if x["kind"] == "audit"], "performed_on")
        test = _latest(list(kinds.get("exit_tests", {}).values()), "performed_on")
        c = _latest(list(kinds.get("contracts", {}).values()), "signed_on")
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
            "last_assessment": last["performed_on"] if last else None,
            "last_audit": audit["performed_on"] if audit else None,
            "exit_plan": bool(kinds.get("exit_plans")),
            "last_exit_test": test["performed_on"] if test else None,
            "contract_start": c["start"] if c else None,
            "contract_end": c["end"] if c else None,
            "notice_days": c["notice_days_entity"] if c else None,
        }
        scores = last["scores"] if last else {}
        for crit in CRITERIA:
            row[f"score_{crit}"] = scores.get(crit)
        if last is not None and "sla" not in scores and last["sla_results"]:
            met = sum((s["actual"] >= s["target"]) if s["higher_is_better"]
                      else (s["actual"] <= s["target"]) for s in last["sla_results"])
            row["score_sla"] = 100.0 * met / len(last["sla_results"])
        rows.append(row)
        for i in kinds.get("incidents", {}).values():
            deadline = None
            if i["reportable"]:
                deadline = i["report_deadline"] or (
                    datetime.fromisoformat(i["detected_at"]) + timedelta(hours=incident_hours))
            inc.append({"arrangement_id": a["id"], "severity": i["severity"],
                        "deadline": deadline, "reported_at": i["reported_at"],
                        "remediated_on": i["remediated_on"]})
        for q in kinds.get("regulator_requests", {}).values():
            req.append({"arrangement_id": a["id"], "closed_on": q["closed_on"]})
    used = {row["provider_id"] for row in rows}
    certs = {(pid, c["name"]): c["valid_until"] for pid, p in provs.items() if pid in used
             for c in p.get("certifications", ())}
    arr = pd.DataFrame(rows, columns=list(ARRANGEMENT_COLUMNS))
    for col in ("last_assessment", "last_audit", "last_exit_test", "contract_start",
                "contract_end"):
        arr[col] = pd.to_datetime(arr[col], format="ISO8601")
    for crit in CRITERIA:
        arr[f"score_{crit}"] = arr[f"score_{crit}"].astype("float64")
    arr["annual_cost"] = arr["annual_cost"].astype("float64")
    arr["notice_days"] = arr["notice_days"].astype("float64")
    incidents = pd.DataFrame(
        inc, columns=["arrangement_id", "severity", "deadline", "reported_at", "remediated_on"])
    for col in ("deadline", "reported_at"):
        incidents[col] = pd.to_datetime(incidents[col], utc=True, format="ISO8601")
    incidents["remediated_on"] = pd.to_datetime(incidents["remediated_on"], format="ISO8601")
    requests = pd.DataFrame(req, columns=["arrangement_id", "closed_on"])
    requests["closed_on"] = pd.to_datetime(requests["closed_on"], format="ISO8601")
    cert_frame = pd.DataFrame([(k[0], v) for k, v in certs.items()],
                              columns=["provider_id", "valid_until"])
    cert_frame["valid_until"] = pd.to_datetime(cert_frame["valid_until"], format="ISO8601")
    return Portfolio(arr, incidents, requests, cert_frame)
