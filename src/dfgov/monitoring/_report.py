"""The report over time: trend findings (with clauses), tables and trend charts."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.monitoring._charts import Series, line_chart
from dfgov.monitoring._messages import both
from dfgov.monitoring._monitor import CLAUSES
from dfgov.monitoring._periods import consecutive
from dfgov.report import Figure, Finding, Report, Status, Table

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.monitoring._trend import Trend
    from dfgov.policy import Policy

__all__ = ["trend_findings", "trend_report"]

_FAIRNESS_CLAUSES = (*CLAUSES, "JR/T 0221-2021 §6.1")
_SEVERITY = {"fail": Status.FAIL, "warn": Status.WARN}


def _what(metric: str) -> LocalizedText:
    try:
        return text(f"monitoring.what.{metric}")
    except InvalidInputError:  # a bank's own rule name
        return LocalizedText.same(metric.replace("_", " "))


def _num(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return f"{float(v):.4g}"


Rec = dict[str, Any]


def _groups(records: list[Rec], key: Any) -> dict[Any, list[Rec]]:
    """Records by ``key(record)``, in order (records come sorted by period)."""
    out: dict[Any, list[Rec]] = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return dict(sorted(out.items(), key=lambda kv: tuple(str(k) for k in kv[0])))


def _series(records: list[Rec]) -> Iterator[tuple[tuple[str, str, str], list[Rec]]]:
    fam = ("fairness", "fairness_trend")
    parts = _groups(records, lambda r: (r["family"], r["metric"], r["grouping"],
                                        "" if r["family"] in fam else r["subject"]))
    for (family, metric, grouping, subject), part in parts.items():
        yield (family, metric, grouping or subject), part


def _started(rows: list[Rec]) -> str:
    """First period of the run of consecutive alarms ending with the last row.

    A sustained-drift alarm started when its run of watch periods did.
    """
    first = rows[-1]
    for prev, cur in zip(rows[-2::-1], rows[::-1], strict=False):
        if not prev["alarm"] or not consecutive(str(prev["period"]), str(cur["period"])):
            break
        first = prev
    detail = str(first.get("detail") or "")
    if first["alarm"] == "sustained" and detail.startswith("watch since "):
        return detail.removeprefix("watch since ")
    return str(first["period"])


def trend_findings(trend: Trend, min_rows: int) -> list[Finding]:
    """One finding per tracked series (judged on its latest period), plus label state."""
    out: list[Finding] = []
    judged = {"stability", "fairness", "fairness_trend", "discrimination", "calibration"}
    records = [r for r in trend.records if r["family"] in judged]
    for (family, metric, subject), part in _series(records):
        last = part[-1]
        what = (both("monitoring.what.trend", rule=_what(metric), window=last["subject"])
                if family == "fairness_trend" else _what(metric))
        shown = f"{subject} ({last['subject']})" if family == "fairness" else subject
        clauses = _FAIRNESS_CLAUSES if family.startswith("fairness") else CLAUSES
        control = f"monitoring.{family}.{metric}"
        details = {"period": last["period"], "p_value": last["p_value"],
                   "level": last["level"], "tests_in_period": last["tests"],
                   "alarm_periods": sorted(r["period"] for r in part if r["alarm"]),
                   "family": family}
        common = {"control": control, "metric": metric, "value": last["value"],
                  "threshold": last["threshold"], "subject": shown, "clauses": clauses}
        if last["lower"] is not None and not (isinstance(last["lower"], float)
                                              and math.isnan(last["lower"])):
            common["interval"] = (last["lower"], last["upper"])
            common["confidence"] = trend.settings["confidence"]
        if last["rows"] is not None and last["rows"] < min_rows:
            out.append(Finding(status=Status.SKIPPED, details=details, **common, message=both(
                "monitoring.finding.insufficient", what=what, subject=shown,
                period=last["period"], rows=int(last["rows"]), min=min_rows)))
        elif last["alarm"]:
            started = _started(part)
            details["started"] = started
            out.append(Finding(status=_SEVERITY.get(last["severity"], Status.WARN),
                               details=details, **common, message=both(
                "monitoring.finding.alarm", what=what, subject=shown, value=_num(last["value"]),
                period=last["period"], alarm=text(f"monitoring.alarm.{last['alarm']}"),
                started=started, threshold=_num(last["threshold"]), p=_num(last["p_value"]),
                level=_num(last["level"]))))
        else:
            earlier = details["alarm_periods"]
            note = both("monitoring.finding.earlier", periods=", ".join(earlier)) if earlier \
                else LocalizedText.same("")
            beyond = _beyond(last)
            details["beyond_threshold"] = beyond
            out.append(Finding(status=Status.PASS, details=details, **common, message=both(
                "monitoring.finding.unconfirmed" if beyond else "monitoring.finding.ok",
                what=what, subject=shown, value=_num(last["value"]), period=last["period"],
                threshold=_num(last["threshold"]), p=_num(last["p_value"]),
                level=_num(last["level"]), earlier=note)))
    out += _estimate_finding(trend)
    out.append(_labels_finding(trend))
    return out


def _beyond(row: Rec) -> bool:
    """Whether a judged value is on the failing side of its threshold (unconfirmed)."""
    v, t = row["value"], row["threshold"]
    if v is None or t is None or math.isnan(float(v)) or math.isnan(float(t)):
        return False
    return bool(v < t) if row["worse"] == "below" else bool(v > t)


def _estimate_finding(trend: Trend) -> list[Finding]:
    est = [r for r in trend.records if r["family"] == "estimate" and r["metric"] == "roc_auc"]
    if not est:
        return []
    last = est[-1]
    cal = [r for r in trend.records if r["family"] == "calibration"]
    bad = sorted(r["period"] for r in cal if r["alarm"])
    base = trend.settings.get("baseline", {}).get("roc_auc")
    params = {"n": len(est), "auc": _num(last["value"]), "period": last["period"],
              "base": _num(base)}
    if not cal or bad:
        why = (text("monitoring.estimate.no_mature") if not cal else
               text("monitoring.estimate.miscalibrated", periods=", ".join(bad)))
        status, msg = Status.WARN, both("monitoring.estimate.unconfirmed", why=why, **params)
    else:
        status, msg = Status.PASS, both("monitoring.estimate.ok", **params)
    return [Finding(control="monitoring.estimate.roc_auc", status=status, metric="roc_auc",
                    value=last["value"], subject="overall", clauses=CLAUSES, message=msg,
                    details={"estimate": True, "method": "CBPE", "period": last["period"],
                             "calibration_alarms": bad})]


def _labels_finding(trend: Trend) -> Finding:
    p = trend.periods
    if p.empty:
        return Finding(control="monitoring.labels", status=Status.SKIPPED, clauses=CLAUSES,
                       message=text("monitoring.no_periods", model=trend.model_id,
                                    version=trend.version))
    late = p[p["state"] == "labels_overdue"]
    if not late.empty:
        return Finding(control="monitoring.labels", status=Status.WARN, clauses=CLAUSES,
                       metric="overdue_periods", value=float(len(late)),
                       details={"periods": late["period"].tolist()},
                       message=text("monitoring.labels.overdue",
                                    periods=", ".join(late["period"]),
                                    due=str(late["labels_mature_on"].iloc[0])))
    return Finding(control="monitoring.labels", status=Status.PASS, clauses=CLAUSES,
                   message=text("monitoring.labels.current",
                                mature=int((p["state"] == "mature").sum()),
                                pending=int((p["state"] == "pending").sum())))


def _tables(trend: Trend) -> list[Table]:
    p = trend.periods
    rows = []
    for r in p.to_dict("records"):
        rev = r["labels_revision"]
        labels = "-" if rev is None or math.isnan(rev) else str(int(rev))
        rows.append((r["period"], int(r["rows"]), r["state"], int(r["labelled"]),
                     f"{r['decisions_revision']}/{labels}"))
    periods = Table(title=text("monitoring.table.periods"), columns=tuple(
        text(f"monitoring.col.{c}") for c in ("period", "rows", "state", "labelled",
                                              "revision")), rows=tuple(rows))
    alarm_rows = tuple(
        (r["period"], r["family"], r["metric"],
         f"{r['grouping']}: {r['subject']}" if r["grouping"] else r["subject"],
         r["value"], r["threshold"], r["p_value"], r["level"], r["alarm"])
        for r in trend.records if r["alarm"])
    alarms = Table(title=text("monitoring.table.alarms"), columns=tuple(
        text(f"monitoring.col.{c}") for c in ("period", "family", "metric", "subject", "value",
                                              "threshold", "p", "level", "alarm")),
        rows=alarm_rows)
    return [periods, alarms]


def _aligned(periods: list[str], part: list[Rec], col: str) -> list[Any]:
    m = {r["period"]: r.get(col) for r in part}
    return [m.get(p) for p in periods]


def _values(periods: list[str], part: list[Rec], col: str) -> list[float | None]:
    return [None if v is None else float(v) for v in _aligned(periods, part, col)]


def _series_of(name: str, periods: list[str], part: list[Rec], band: bool = True) -> Series:
    return Series(name, _values(periods, part, "value"),
                  lower=_values(periods, part, "lower") if band else None,
                  upper=_values(periods, part, "upper") if band else None,
                  alarms=[bool(a) for a in _aligned(periods, part, "alarm")],
                  dashed=[bool(e) for e in _aligned(periods, part, "estimate")])


def _threshold(part: list[Rec]) -> float | None:
    vals = [r["threshold"] for r in part if r["threshold"] is not None
            and not math.isnan(r["threshold"])]
    return float(vals[-1]) if vals else None


def _figures(trend: Trend) -> list[Figure]:
    periods = trend.periods["period"].tolist()
    by_family = _groups(trend.records, lambda r: (r["family"],))
    figs: list[Figure] = []
    st = by_family.get(("stability",), [])
    if st:
        subjects = _groups(st, lambda r: (r["subject"],))
        top = sorted(subjects, key=lambda k: -max(r["value"] for r in subjects[k]))
        names = [("score",)] if ("score",) in subjects else []
        names += [k for k in top if k != ("score",)][: 6 - len(names)]
        figs.append(Figure(title=text("monitoring.chart.stability"), data=line_chart(
            periods, [_series_of(k[0], periods, subjects[k], band=False) for k in names],
            threshold=_threshold(st))))
    conf = f"{trend.settings['confidence']:.0%}"
    rates = _groups(trend.group_records, lambda r: (r["grouping"], r["metric"]))
    for (grouping, metric), part in rates.items():
        series = [_series_of(str(name[0]), periods, q)
                  for name, q in _groups(part, lambda r: (r["group"],)).items()]
        figs.append(Figure(title=both("monitoring.chart.rates",
                                      metric=text(f"monitoring.metric.{metric}"),
                                      grouping=str(grouping), confidence=conf),
                           data=line_chart(periods, series)))
    fair = _groups(by_family.get(("fairness",), []), lambda r: (r["metric"], r["grouping"]))
    for (rule, grouping), part in fair.items():
        figs.append(Figure(title=both("monitoring.chart.rule", rule=_what(str(rule)),
                                      grouping=str(grouping)),
                           data=line_chart(periods, [_series_of(str(grouping), periods, part)],
                                           threshold=_threshold(part))))
    disc = [r for fam in (("discrimination",), ("estimate",)) for r in by_family.get(fam, [])
            if r["metric"] in ("roc_auc", "ks")]
    if disc:
        by_metric = _groups(disc, lambda r: (r["metric"],))
        series = [_series_of("AUC" if m == "roc_auc" else "KS", periods,
                             by_metric.get((m,), [])) for m in ("roc_auc", "ks")]
        figs.append(Figure(title=text("monitoring.chart.discrimination"),
                           data=line_chart(periods, series)))
    cal = by_family.get(("calibration",), [])
    if cal:
        figs.append(Figure(title=text("monitoring.chart.calibration"), data=line_chart(
            periods, [_series_of("ECE", periods, cal, band=False)], threshold=_threshold(cal))))
    return figs


def trend_report(trend: Trend, policy: Policy, *, started: datetime,
                 figures: bool = True, clock: Clock | None = None) -> Report:
    """The Report of a trend: findings, the periods and alarms tables, trend charts."""
    from dfgov.monitoring._policy import MonitoringPolicy

    mon = policy.section(MonitoringPolicy)
    return Report.build(
        trend_findings(trend, mon.min_period_rows),
        title=text("monitoring.report.title", model=trend.model_id, version=trend.version,
                   as_of=trend.as_of.isoformat()),
        policy=policy, started_at=started, tables=_tables(trend),
        figures=_figures(trend) if figures else (),
        clock=clock,
        fingerprints={"monitoring_subject": f"{trend.model_id}@{trend.version}"},
        metadata={"model_id": trend.model_id, "version": trend.version,
                  "as_of": trend.as_of.isoformat(), "periods": len(trend.periods),
                  "alarms": sum(1 for r in trend.records if r["alarm"]),
                  "error_rate": trend.settings["error_rate"],
                  "horizon_periods": trend.settings["horizon_periods"],
                  "baseline": trend.settings.get("baseline", {})})
