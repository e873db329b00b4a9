"""The trend: every metric of every period, its test, and which periods are alarms.

Multiple comparisons. Each period spends an equal share
``error_rate / horizon_periods`` of the family-wise error rate, half on the
tests available when its decisions arrive (stability, decision-based
fairness, their trends) and half on the tests of its outcomes (AUC, KS,
calibration, outcome-based fairness); within each half the share is split
equally over that period's tests (Bonferroni). So the chance of any false
alarm over ``horizon_periods`` periods is at most ``error_rate``, whatever
the dependence between tests, and a period's verdicts never change when later
periods arrive. An alarm also needs the change to matter: a PSI at or above
the policy's watch level, a disparity beyond the rule's threshold, an AUC
drop beyond the tolerance.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov._stats import normal_sf, z_value
from dfgov.monitoring._fairness import (
    COMPONENTS,
    DECISION_METRICS,
    count_table,
    grouping_metrics,
    judge_rule,
)
from dfgov.monitoring._periods import consecutive, matures_on
from dfgov.monitoring._scores import auc_ks, calibration, psi_and_test
from dfgov.monitoring._stats import FeatureBins

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness import FairnessPolicy, GroupMetrics
    from dfgov.monitoring._policy import MonitoringPolicy
    from dfgov.monitoring._stats import Stats
    from dfgov.monitoring._store import PeriodRecord

__all__ = ["GROUP_COLUMNS", "TABLE_COLUMNS", "Trend", "compute_trend"]

TABLE_COLUMNS = (
    "period", "family", "metric", "grouping", "subject", "value", "lower", "upper",
    "threshold", "worse", "p_value", "test", "level", "tests", "significant", "alarm", "severity",
    "estimate", "rows", "detail",
)
PERIOD_COLUMNS = ("period", "rows", "decisions_revision", "labels_revision", "labelled",
                  "state", "labels_mature_on")
GROUP_COLUMNS = ("period", "grouping", "group", "metric", "value", "lower", "upper", "rows",
                 "estimate")


@dataclass
class Trend:
    """Every period's metrics, tests and alarms (see :attr:`table`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (period, metric, subject): ``family`` (stability,
        fairness, fairness_trend, discrimination, calibration, estimate),
        ``value`` with ``lower``/``upper`` at the policy's confidence,
        ``p_value`` of its test, the ``level`` it was judged at, ``alarm``
        (shift, sustained, breach, widening, drop, miscalibrated, or empty),
        ``severity`` and ``estimate`` (True for CBPE estimates of pending periods).
    groups : pandas.DataFrame
        Per period, grouping and group: rates with Wilson intervals, AUC.
    periods : pandas.DataFrame
        Per period: rows, revisions, labelled rows, label state.
    """

    model_id: str
    version: str
    as_of: date
    records: list[dict[str, Any]]
    group_records: list[dict[str, Any]]
    periods: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """Every period's metrics, tests and alarms (one row per period, metric, subject)."""
        import pandas as pd

        return pd.DataFrame(self.records, columns=list(TABLE_COLUMNS))

    @functools.cached_property
    def groups(self) -> pd.DataFrame:
        """Per period, grouping and group: rates with Wilson intervals."""
        import pandas as pd

        return pd.DataFrame(self.group_records, columns=list(GROUP_COLUMNS))

    def alarms(self, family: str | None = None) -> pd.DataFrame:
        """Rows that are alarms (optionally of one family)."""
        t = self.table[self.table["alarm"] != ""]
        return t if family is None else t[t["family"] == family]

    def first_alarm(self, family: str) -> str | None:
        """The first period with an alarm of ``family`` (None if there is none)."""
        a = self.alarms(family)
        return None if a.empty else str(a["period"].min())


@dataclass
class _Ctx:
    model_id: str
    version: str
    config: dict[str, Any]
    reference: Stats
    mon: MonitoringPolicy
    fair: FairnessPolicy
    as_of: date
    confidence: float
    rows: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)

    def add(self, period: str, family: str, metric: str, value: float, **kw: Any) -> None:
        row = dict.fromkeys(TABLE_COLUMNS)
        row.update(period=period, family=family, metric=metric, value=value, grouping="",
                   subject="", alarm="", severity="", estimate=False, significant=False,
                   detail="", worse="above")
        row.update(kw)
        self.rows.append(row)


def _ref_counts(ref: Stats, cur: Stats, key: str, spec: FeatureBins) -> tuple[Any, Any]:
    if spec.kind == "numeric":
        return ref[key].astype(np.float64), cur[key].astype(np.float64)
    lev = "flev_" + key.split("_", 1)[1]
    r = dict(zip(ref[lev].tolist(), ref[key].tolist(), strict=True))
    c = dict(zip(cur[lev].tolist(), cur[key].tolist(), strict=True))
    names = sorted(set(r) | set(c))
    return (np.array([r.get(n, 0) for n in names], dtype=np.float64),
            np.array([c.get(n, 0) for n in names], dtype=np.float64))


def _stability(ctx: _Ctx, period: str, st: Stats, rows: int) -> None:
    specs = [FeatureBins.from_dict(d) for d in ctx.config["features"]]
    items = [(f"feat_{j}", s) for j, s in enumerate(specs)]
    if ctx.config.get("score") and "feat___score__" in st:
        items.append(("feat___score__", FeatureBins.from_dict(ctx.config["score"])))
    for key, spec in items:
        r, c = _ref_counts(ctx.reference, st, key, spec)
        res = psi_and_test(r, c)
        subject = "score" if key == "feat___score__" else spec.name
        ctx.add(period, "stability", "psi" if subject == "score" else "csi", res["psi"],
                subject=subject, p_value=res["p_value"], threshold=ctx.mon.psi_shift,
                rows=rows, test="decisions")


def _discrimination(ctx: _Ctx, period: str, lab: Stats, base: dict[str, float]) -> None:
    hist = lab["lhist"].sum(axis=0).astype(np.float64)
    res = auc_ks(hist[1], hist[0])
    z = z_value(ctx.confidence)
    n = int(lab["n"][0])
    for metric, tol, var_key in (("roc_auc", ctx.mon.auc_tolerance, "roc_auc_var"),
                                 ("ks", ctx.mon.ks_tolerance, "ks_var")):
        v, var, b, bvar = res[metric], res[var_key], base[metric], base[var_key]
        if math.isnan(v) or math.isnan(b):
            continue
        se = math.sqrt(max(var, 0.0))
        zt = (b - tol - v) / math.sqrt(max(var + bvar, 1e-18))
        ctx.add(period, "discrimination", metric, v, subject="overall", lower=v - z * se,
                upper=v + z * se, threshold=b - tol, p_value=normal_sf(zt), rows=n, worse="below",
                test="outcomes", detail=f"baseline {b:.4f}")
    cal = calibration(lab["cal"].sum(axis=0))
    if not math.isnan(cal["hl_p"]):
        ctx.add(period, "calibration", "expected_calibration_error", cal["ece"],
                subject="overall", threshold=ctx.mon.calibration_tolerance,
                p_value=cal["hl_p"], rows=n, test="outcomes",
                detail=f"mean score {cal['mean_score']:.4f}, event rate "
                       f"{cal['event_rate']:.4f}")


def _estimate(ctx: _Ctx, period: str, st: Stats) -> None:
    hist = st["hist"].sum(axis=0).astype(np.float64)
    pos = st["hsum"].sum(axis=0)
    res = auc_ks(pos, hist - pos)
    for metric in ("roc_auc", "ks"):
        if not math.isnan(res[metric]):
            ctx.add(period, "estimate", metric, res[metric], subject="overall", estimate=True,
                    rows=int(st["n"][0]), detail="CBPE")
    total = float(hist.sum())
    if total > 0:
        ctx.add(period, "estimate", "event_rate", float(pos.sum()) / total, subject="overall",
                estimate=True, rows=int(st["n"][0]), detail="CBPE")


def _fairness(ctx: _Ctx, kind: str, periods: list[str], stats: list[Stats],
              rows: dict[str, int]) -> None:
    names = list(ctx.config["sensitive"])
    if not names or not periods:
        return
    table = count_table(periods, stats, names, kind)
    groupings = [names] if ctx.fair.intersectional or len(names) == 1 else [[n] for n in names]
    rules = [r for r in ctx.fair.rules
             if (r.metric in DECISION_METRICS) == (kind == "decisions")]
    rates = ["selection_rate"] if kind == "decisions" else ["true_positive_rate",
                                                             "false_positive_rate"]
    for grouping in groupings:
        gm = grouping_metrics(table, grouping, ctx.fair)
        if gm is None:
            continue
        label = " & ".join(grouping)
        levels = [str(p) for p in gm.overall.index]
        _group_rates(ctx, gm, label, levels, rates)
        for rule in rules:
            series: list[tuple[str, float, float]] = []
            for period, res in zip(levels, judge_rule(gm, rule, ctx.confidence), strict=True):
                if res is None:
                    continue
                ctx.add(period, "fairness", rule.rule_id, res.value, grouping=label,
                        subject=f"{res.low} vs {res.high}", lower=res.lower, upper=res.upper,
                        threshold=rule.threshold, p_value=res.p_value, rows=rows.get(period),
                        test=kind, severity=rule.severity,
                        worse="above" if rule.kind == "difference" else "below")
                series.append((period, res.value, res.se))
            _widening(ctx, series, rule.rule_id, rule.kind, label, kind)


def _group_rates(ctx: _Ctx, gm: GroupMetrics, label: str, levels: list[str],
                 rates: list[str]) -> None:
    index = list(gm.sensitive_index)
    for metric in rates:
        vals = gm.values(metric)
        ci = gm.wilson(metric, ctx.confidence)
        lo = ci["lower"].to_numpy().reshape(vals.shape)
        hi = ci["upper"].to_numpy().reshape(vals.shape)
        sizes = gm.cell_rows.sum(axis=-1)
        for c, period in enumerate(levels):
            for g, key in enumerate(index):
                if math.isnan(vals[c, g]):
                    continue
                ctx.groups.append({
                    "period": period, "grouping": label,
                    "group": " & ".join(map(str, key)) if isinstance(key, tuple) else str(key),
                    "metric": metric, "value": float(vals[c, g]), "lower": float(lo[c, g]),
                    "upper": float(hi[c, g]), "rows": int(sizes[c, g]), "estimate": False})


def _widening(ctx: _Ctx, series: list[tuple[str, float, float]], rule_id: str, kind: str,
              label: str, test: str) -> None:
    w = ctx.mon.trend_window
    for end in range(w - 1, len(series)):
        window = series[end - w + 1: end + 1]
        if not all(consecutive(a[0], b[0]) for a, b in itertools.pairwise(window)):
            continue
        se = np.array([s for _, _, s in window], dtype=np.float64)
        if not np.isfinite(se).all():
            continue
        se = np.maximum(se, 1e-6)
        y = np.array([v for _, v, _ in window]) * (1.0 if kind == "difference" else -1.0)
        x = np.arange(w, dtype=np.float64)
        wt = 1.0 / se**2
        xm = float((wt * x).sum() / wt.sum())
        sxx = float((wt * (x - xm) ** 2).sum())
        slope = float((wt * (x - xm) * (y - (wt * y).sum() / wt.sum())).sum() / sxx)
        change = slope * (w - 1)
        ctx.add(window[-1][0], "fairness_trend", rule_id, change, grouping=label,
                subject=f"{window[0][0]}..{window[-1][0]}", threshold=ctx.mon.trend_min_change,
                p_value=normal_sf(slope * math.sqrt(sxx)), test=test, severity="warn")


def _judge(ctx: _Ctx) -> None:
    """Levels per period and family, alarms, and sustained stability runs."""
    share = ctx.mon.error_rate / ctx.mon.horizon_periods / 2.0
    tests: dict[tuple[str, str], int] = {}
    for r in ctx.rows:
        if r.get("test") and r["p_value"] is not None and not math.isnan(r["p_value"]):
            key = (r["period"], r["test"])
            tests[key] = tests.get(key, 0) + 1
    mon = ctx.mon
    for r in ctx.rows:
        key = (r["period"], r.get("test") or "")
        if key not in tests or r["p_value"] is None or math.isnan(r["p_value"]):
            continue
        r["tests"] = tests[key]
        r["level"] = share / tests[key]
        sig = r["p_value"] <= r["level"] and (r["rows"] is None or r["rows"]
                                              >= mon.min_period_rows)
        r["significant"] = bool(sig)
        fam, v = r["family"], r["value"]
        if not sig:
            continue
        if fam == "stability" and v > mon.psi_shift:
            r["alarm"], r["severity"] = "shift", "fail"
        elif fam == "fairness":
            r["alarm"] = "breach"
        elif fam == "fairness_trend" and v >= mon.trend_min_change:
            r["alarm"] = "widening"
        elif fam == "discrimination":
            r["alarm"], r["severity"] = "drop", "fail"
        elif fam == "calibration" and v >= mon.calibration_tolerance:
            r["alarm"], r["severity"] = "miscalibrated", "warn"
    runs: dict[str, list[dict[str, Any]]] = {}
    for r in sorted((r for r in ctx.rows if r["family"] == "stability"),
                    key=lambda r: r["period"]):
        run = runs.setdefault(r["subject"], [])
        watch = r["significant"] and r["value"] >= mon.psi_watch
        if not watch or (run and not consecutive(run[-1]["period"], r["period"])):
            run.clear()
        if watch:
            run.append(r)
            if len(run) >= mon.sustained_periods and not r["alarm"]:
                r["alarm"], r["severity"] = "sustained", "warn"
                r["detail"] = f"watch since {run[0]['period']}"


def compute_trend(
    *, model_id: str, version: str, config: dict[str, Any], reference: Stats,
    decisions: list[PeriodRecord], labels: list[PeriodRecord], mon: MonitoringPolicy,
    fair: FairnessPolicy, as_of: date,
) -> Trend:
    """The trend of a model version from its stored statistics."""
    import pandas as pd

    ctx = _Ctx(model_id, version, config, reference, mon, fair, as_of, fair.confidence)
    lab = {r.period: r for r in labels}
    dec = [r for r in decisions if r.stats is not None]
    base = auc_ks(reference["lhist"].sum(axis=0)[1].astype(np.float64),
                  reference["lhist"].sum(axis=0)[0].astype(np.float64)) if (
        "lhist" in reference) else {}
    states, mature_stats, mature_periods = [], [], []
    for r in dec:
        assert r.stats is not None
        lr = lab.get(r.period)
        mature = False
        if lr is not None and lr.stats is not None:
            n_lab = int(lr.stats["n"][0])
            if bool(lr.stats["dated"][0]):
                mature = n_lab > 0 and int(lr.stats["mature"][0]) >= mon.min_mature_share * n_lab
            else:
                mature = as_of >= matures_on(r.period, mon.maturity_months)
        due = matures_on(r.period, mon.maturity_months)
        state = "mature" if mature else ("labels_overdue" if lr is None and as_of >= due
                                         else "pending")
        states.append({"period": r.period, "rows": r.rows, "decisions_revision": r.revision,
                       "labels_revision": lr.revision if lr else None,
                       "labelled": int(lr.stats["n"][0]) if lr and lr.stats else 0,
                       "state": state, "labels_mature_on": due.isoformat()})
        _stability(ctx, r.period, r.stats, r.rows)
        if mature and lr is not None and lr.stats is not None:
            mature_stats.append(lr.stats)
            mature_periods.append(r.period)
            if "lhist" in lr.stats and base:
                _discrimination(ctx, r.period, lr.stats, base)
        elif mon.estimate and "hist" in r.stats:
            _estimate(ctx, r.period, r.stats)
    rows = {r.period: r.rows for r in dec}
    _fairness(ctx, "decisions", [r.period for r in dec], [r.stats for r in dec
                                                          if r.stats is not None], rows)
    _fairness(ctx, "outcomes", mature_periods, mature_stats, rows)
    _judge(ctx)
    records = sorted(({k: r.get(k) for k in TABLE_COLUMNS} for r in ctx.rows),
                     key=lambda r: (r["period"], r["family"], r["metric"], r["grouping"],
                                    r["subject"]))
    settings = {"error_rate": mon.error_rate, "horizon_periods": mon.horizon_periods,
                "confidence": fair.confidence, "baseline": {k: base.get(k) for k in (
                    "roc_auc", "ks")} if base else {},
                "components": {k: list(v) for k, v in COMPONENTS.items()}}
    return Trend(model_id, version, as_of, records, ctx.groups,
                 pd.DataFrame(states, columns=list(PERIOD_COLUMNS)), settings)
