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

from dfgov.outsourcing._frames import Portfolio, arrangement_row, build_portfolio

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
        rows.append(arrangement_row(
            a, p, _latest(list(kinds.get("contracts", {}).values()), "signed_on"),
            last_on=last["performed_on"] if last else None,
            scores=last["scores"] if last else {},
            sla=[(s["actual"], s["target"], s["higher_is_better"]) for s in last["sla_results"]]
            if last else (),
            audit_on=audit["performed_on"] if audit else None,
            exit_plan=bool(kinds.get("exit_plans")),
            test_on=test["performed_on"] if test else None,
        ))
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
    return build_portfolio(rows, inc, req, [(k[0], v) for k, v in certs.items()])
