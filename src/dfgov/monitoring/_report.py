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
    import pandas as pd

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


def _series(table: pd.DataFrame) -> Iterator[tuple[tuple[str, str, str], pd.DataFrame]]:
    keyed = table.assign(_key=table["subject"].where(
        ~table["family"].isin(["fairness", "fairness_trend"]), ""))
    for key, part in keyed.groupby(["family", "metric", "grouping", "_key"], sort=True):
        family, metric, grouping, subject = (str(k) for k in key)
        yield (family, metric, grouping or subject), part.sort_values("period")


def _started(part: pd.DataFrame) -> str:
    rows = part.to_dict("records")
    start = str(rows[-1]["period"])
    for prev, cur in zip(rows[-2::-1], rows[::-1], strict=False):
        if not (prev["alarm"] or (prev["significant"] and prev["family"] == "stability")) or \
                not consecutive(str(prev["period"]), str(cur["period"])):
            break
        start = str(prev["period"])
    return start


def trend_findings(trend: Trend, min_rows: int) -> list[Finding]:
    """One finding per tracked series (judged on its latest period), plus label state."""
    out: list[Finding] = []
    t = trend.table
    judged = t[t["family"].isin(["stability", "fairness", "fairness_trend", "discrimination",
                                 "calibration"])]
    for (family, metric, subject), part in _series(judged):
        last = part.iloc[-1]
        what = (both("monitoring.what.trend", rule=_what(metric), window=last["subject"])
                if family == "fairness_trend" else _what(metric))
        shown = f"{subject} ({last['subject']})" if family == "fairness" else subject
        clauses = _FAIRNESS_CLAUSES if family.startswith("fairness") else CLAUSES
        control = f"monitoring.{family}.{metric}"
        details = {"period": last["period"], "p_value": last["p_value"],
                   "level": last["level"], "tests_in_period": last["tests"],
                   "alarm_periods": sorted(part.loc[part["alarm"] != "", "period"].tolist()),
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


def _beyond(row: pd.Series) -> bool:
    """Whether a judged value is on the failing side of its threshold (unconfirmed)."""
    v, t = row["value"], row["threshold"]
    if v is None or t is None or math.isnan(float(v)) or math.isnan(float(t)):
        return False
    return bool(v < t) if row["worse"] == "below" else bool(v > t)


def _estimate_finding(trend: Trend) -> list[Finding]:
    est = trend.table[(trend.table["family"] == "estimate")
                      & (trend.table["metric"] == "roc_auc")]
    if est.empty:
        return []
    last = est.sort_values("period").iloc[-1]
    cal = trend.table[trend.table["family"] == "calibration"]
    bad = sorted(cal.loc[cal["alarm"] != "", "period"].tolist())
    base = trend.settings.get("baseline", {}).get("roc_auc")
    params = {"n": len(est), "auc": _num(last["value"]), "period": last["period"],
              "base": _num(base)}
    if cal.empty or bad:
        why = (text("monitoring.estimate.no_mature") if cal.empty else
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
    a = trend.alarms()
    alarm_rows = tuple(
        (r["period"], r["family"], r["metric"],
         f"{r['grouping']}: {r['subject']}" if r["grouping"] else r["subject"],
         r["value"], r["threshold"], r["p_value"], r["level"], r["alarm"])
        for r in a.to_dict("records"))
    alarms = Table(title=text("monitoring.table.alarms"), columns=tuple(
        text(f"monitoring.col.{c}") for c in ("period", "family", "metric", "subject", "value",
                                              "threshold", "p", "level", "alarm")),
        rows=alarm_rows)
    return [periods, alarms]


def _aligned(periods: list[str], part: pd.DataFrame, col: str) -> list[float | None]:
    m = dict(zip(part["period"], part[col], strict=True))
    return [None if m.get(p) is None else float(m[p]) for p in periods]


def _figures(trend: Trend) -> list[Figure]:
    t, periods = trend.table, trend.periods["period"].tolist()
    figs: list[Figure] = []
    st = t[t["family"] == "stability"]
    if not st.empty:
        top = st.groupby("subject")["value"].max().sort_values(ascending=False)
        names = ["score"] if "score" in top.index else []
        names += [s for s in top.index if s != "score"][: 6 - len(names)]
        series = [Series(n, _aligned(periods, st[st["subject"] == n], "value"),
                         alarms=[a != "" for a in _aligned_str(periods, st[st["subject"] == n])])
                  for n in names]
        figs.append(Figure(title=text("monitoring.chart.stability"),
                           data=line_chart(periods, series, threshold=_threshold(st))))
    g = trend.groups
    conf = f"{trend.settings['confidence']:.0%}"
    for (grouping, metric), part in g.groupby(["grouping", "metric"], sort=True):
        series = [Series(str(name), _aligned(periods, q, "value"),
                         lower=_aligned(periods, q, "lower"), upper=_aligned(periods, q, "upper"))
                  for name, q in part.groupby("group", sort=True)]
        figs.append(Figure(title=both("monitoring.chart.rates",
                                       metric=text(f"monitoring.metric.{metric}"),
                                       grouping=str(grouping), confidence=conf),
                           data=line_chart(periods, series)))
    fair = t[t["family"] == "fairness"]
    for (rule, grouping), part in fair.groupby(["metric", "grouping"], sort=True):
        series = [Series(f"{grouping}", _aligned(periods, part, "value"),
                         lower=_aligned(periods, part, "lower"),
                         upper=_aligned(periods, part, "upper"),
                         alarms=[a != "" for a in _aligned_str(periods, part)])]
        figs.append(Figure(title=both("monitoring.chart.rule", rule=_what(str(rule)),
                                       grouping=str(grouping)),
                           data=line_chart(periods, series, threshold=_threshold(part))))
    disc = t[t["family"].isin(["discrimination", "estimate"]) & t["metric"].isin(["roc_auc",
                                                                                   "ks"])]
    if not disc.empty:
        series = []
        for metric in ("roc_auc", "ks"):
            part = disc[disc["metric"] == metric]
            series.append(Series(
                "AUC" if metric == "roc_auc" else "KS", _aligned(periods, part, "value"),
                lower=_aligned(periods, part, "lower"), upper=_aligned(periods, part, "upper"),
                alarms=[a != "" for a in _aligned_str(periods, part)],
                dashed=[bool(e) for e in _aligned_flag(periods, part)]))
        figs.append(Figure(title=text("monitoring.chart.discrimination"),
                           data=line_chart(periods, series)))
    cal = t[t["family"] == "calibration"]
    if not cal.empty:
        figs.append(Figure(title=text("monitoring.chart.calibration"), data=line_chart(
            periods, [Series("ECE", _aligned(periods, cal, "value"),
                             alarms=[a != "" for a in _aligned_str(periods, cal)])],
            threshold=_threshold(cal))))
    return figs


def _threshold(part: pd.DataFrame) -> float | None:
    vals = part["threshold"].dropna()
    return None if vals.empty else float(vals.iloc[-1])


def _aligned_str(periods: list[str], part: pd.DataFrame) -> list[str]:
    m = dict(zip(part["period"], part["alarm"], strict=True))
    return [str(m.get(p, "")) for p in periods]


def _aligned_flag(periods: list[str], part: pd.DataFrame) -> list[bool]:
    m = dict(zip(part["period"], part["estimate"], strict=True))
    return [bool(m.get(p, False)) for p in periods]


def trend_report(trend: Trend, policy: Policy, *, started: datetime,
                 figures: bool = True) -> Report:
    """The Report of a trend: findings, the periods and alarms tables, trend charts."""
    from dfgov.monitoring._policy import MonitoringPolicy

    mon = policy.section(MonitoringPolicy)
    return Report.build(
        trend_findings(trend, mon.min_period_rows),
        title=text("monitoring.report.title", model=trend.model_id, version=trend.version,
                   as_of=trend.as_of.isoformat()),
        policy=policy, started_at=started, tables=_tables(trend),
        figures=_figures(trend) if figures else (),
        fingerprints={"monitoring_subject": f"{trend.model_id}@{trend.version}"},
        metadata={"model_id": trend.model_id, "version": trend.version,
                  "as_of": trend.as_of.isoformat(), "periods": len(trend.periods),
                  "alarms": len(trend.alarms()), "error_rate": trend.settings["error_rate"],
                  "horizon_periods": trend.settings["horizon_periods"],
                  "baseline": trend.settings.get("baseline", {})})
