"""Monitoring benchmark: trend report from the store, cost of adding a period, store size,
and the false-alarm rate of simulated histories.

Targets (issue 17):

* 36 monthly periods of 1,000,000 rows each stored: the full trend report
  (all metrics, 2 sensitive features) from the store <= 1 s;
* adding one period of 1,000,000 rows <= 1.5x one ``GroupMetrics`` plus one
  PSI/CSI computation (``stability_table`` of the same features and the
  score) on the same rows, run side by side here;
* the store's size per period does not depend on the period's rows (printed
  for 10,000 and 1,000,000 rows);
* over 100 simulated German credit histories with nothing planted, the share
  with any alarm <= 5 %.

Usage::

    python benchmarks/monitoring.py                      # everything
    python benchmarks/monitoring.py --rows 200000 --periods 12 --histories 20   # quicker
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import dfgov
from dfgov.model_risk.fairness import GroupMetrics
from dfgov.model_risk.validation import stability_table
from dfgov.monitoring import Monitor, simulate_history

POLICY = dfgov.Policy.loads("""
[model_risk]
score_direction = "higher_is_unfavourable"
favourable_label = 0
decision_threshold = 0.5
[fairness]
sensitive_features = ["sex", "age_band"]
intersectional = false
[monitoring]
maturity_months = 6
""")
NUMERIC = [f"x{i}" for i in range(10)]
CATEGORICAL = [f"c{i}" for i in range(4)]


def frame(n: int, seed: int, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, Any] = {
        "sex": pd.Categorical(rng.choice(["female", "male"], n, p=[0.4, 0.6])),
        "age_band": pd.Categorical(rng.choice(["<25", "25-40", "40-60", "60+"], n)),
    }
    lin = np.zeros(n)
    for i, c in enumerate(NUMERIC):
        data[c] = rng.normal(shift if i == 0 else 0.0, 1.0, n)
        lin += 0.3 * data[c] / (i + 1)
    for i, c in enumerate(CATEGORICAL):
        data[c] = pd.Categorical(rng.choice([f"l{k}" for k in range(4 + 2 * i)], n))
    score = 1.0 / (1.0 + np.exp(-(lin - 1.0)))
    data["score"] = score
    data["decision"] = (score >= 0.5).astype(np.int8)
    data["default"] = (rng.random(n) < score).astype(np.int8)
    return pd.DataFrame(data)


def timed(fn: Any, repeat: int = 3) -> float:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def month(i: int) -> str:
    return f"{2022 + i // 12:04d}-{i % 12 + 1:02d}"


def performance(rows: int, periods: int, db: Path) -> None:
    ref = frame(200_000, 0)
    mon = Monitor(db, model_id="bench", policy=POLICY)
    mon.start(ref, y_true="default", y_score="score", features=NUMERIC + CATEGORICAL)
    cur = frame(rows, 1)
    feats = NUMERIC + CATEGORICAL

    def peer() -> None:
        GroupMetrics(y_true=cur["default"], y_pred=cur["decision"],
                     sensitive_features=cur[["sex", "age_band"]])
        stability_table(ref[[*feats, "score"]], cur[[*feats, "score"]])

    # side by side on the same rows, interleaved so both see the same machine load
    peer_times, add_times = [], []
    for k in range(3):
        t = time.perf_counter()
        peer()
        peer_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        mon.add_period(month(0), cur, y_score="score", y_pred="decision", replace=k > 0)
        add_times.append(time.perf_counter() - t)
    peer_s, add_s = statistics.median(peer_times), statistics.median(add_times)
    t_all = time.perf_counter()
    for i in range(periods):
        if i > 0:
            mon.add_period(month(i), frame(rows, i + 1, shift=0.02 * i), y_score="score",
                           y_pred="decision")
        if i >= 6:
            mon.add_labels(month(i - 6), frame(rows, i - 5, shift=0.02 * (i - 6)),
                           y_true="default", y_score="score", y_pred="decision",
                           as_of=f"{month(i)}-28")
    fill_s = time.perf_counter() - t_all
    print(f"rows per period {rows:,}, periods {periods}, features {len(feats)} + score, "
          f"2 sensitive features (2 x 4 groups); filling the store took {fill_s:.1f} s")
    print(f"add one period: {add_s:.3f} s (median of 3); GroupMetrics + "
          f"stability_table on the same rows: {peer_s:.3f} s; ratio {add_s / peer_s:.2f}x "
          "(target <= 1.5x)")
    as_of = f"{month(periods)}-01"
    mon.report(as_of=as_of)  # warm imports
    report_s = timed(lambda: mon.report(as_of=as_of), 5)
    trend_s = timed(lambda: mon.trend(as_of=as_of), 5)
    rep = mon.report(as_of=as_of)
    print(f"full trend report from the store ({periods} periods, {len(rep.findings)} "
          f"findings, {len(rep.figures)} charts): {report_s:.3f} s (target <= 1 s); "
          f"trend alone {trend_s:.3f} s")
    small = Monitor(db, model_id="bench", version="small", policy=POLICY)
    small.start(ref, y_true="default", y_score="score", features=feats)
    small.add_period(month(0), frame(10_000, 7), y_score="score", y_pred="decision")
    small.add_labels(month(0), frame(10_000, 7), y_true="default", y_score="score",
                     y_pred="decision")
    for version, n in (("small", 10_000), ("1", rows)):
        recs = mon.store.records("bench", version) if version == "1" else small.store.records(
            "bench", version)
        sizes = {r.kind: len(r.stats.to_bytes()) for r in recs if r.stats is not None
                 and r.period == month(0)}
        print(f"stored size of a period of {n:,} rows: decisions {sizes.get('decisions', 0):,} "
              f"bytes, labels {sizes.get('labels', 0):,} bytes")
    print(f"database file: {db.stat().st_size / 1e6:.1f} MB for {periods} periods")
    small.close()
    mon.close()


def _run(h: Any) -> Any:
    """The trend of a simulated history, monitored month by month (labels 6 months late)."""
    mon = Monitor("sqlite://", model_id="sim", policy=h.policy)
    mon.start(h.reference, y_true="default", y_score="score", features=h.features)
    for i, (key, data) in enumerate(h.months, start=1):
        mon.add_period(key, data, y_score="score", y_pred="decision")
        if i > 6:
            old, labelled = h.months[i - 7]
            mon.add_labels(old, labelled, y_true="default", y_score="score",
                           y_pred="decision", as_of=f"{key}-28")
    trend = mon.trend(as_of="2026-01-01")
    mon.close()
    return trend


def _history(seed: int, model: Any) -> tuple[bool, list[str]]:
    alarms = _run(simulate_history(24, drift_from=None, disparity_from=None,
                                   random_state=seed, model=model)).alarms()
    return (not alarms.empty,
            [f"{r['period']} {r['family']} {r['metric']} {r['subject']}"
             for r in alarms.to_dict("records")])


def false_alarms(histories: int) -> None:
    model = simulate_history(1, random_state=0).model
    t = time.perf_counter()
    hits: list[tuple[int, list[str]]] = []
    for seed in range(1, histories + 1):
        any_alarm, which = _history(seed, model)
        if any_alarm:
            hits.append((seed, which))
    share = len(hits) / histories
    print(f"null histories (24 months, nothing planted): {len(hits)} of {histories} with any "
          f"alarm = {share:.1%} (target <= 5 %); {time.perf_counter() - t:.0f} s")
    for seed, which in hits:
        print(f"  seed {seed}: {', '.join(which[:4])}")
    tr = _run(simulate_history(24, drift_from=13, disparity_from=18, random_state=0,
                               model=model))
    print(f"planted history: first drift alarm {tr.first_alarm('stability')} (month 13 = "
          f"2025-01), first disparity alarm {tr.first_alarm('fairness')} (month 18 = 2025-06)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--periods", type=int, default=36)
    ap.add_argument("--histories", type=int, default=100)
    ap.add_argument("--skip-performance", action="store_true")
    args = ap.parse_args()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load: {load}; cpus: {os.cpu_count()}")
    if not args.skip_performance:
        with tempfile.TemporaryDirectory() as tmp:
            performance(args.rows, args.periods, Path(tmp) / "governance.db")
    if args.histories:
        false_alarms(args.histories)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load at the end: {load}")


if __name__ == "__main__":
    main()
