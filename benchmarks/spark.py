"""Fairness statistics on Spark vs Spark's own ``groupBy(...).count()``, and driver memory.

Run: ``python benchmarks/spark.py [--rows 10000000] [--groups 20]
[--memory-rows 10000000 40000000] [--check-rows 1000000]``. Targets (issue 10):

* ``--rows`` scored rows, ``--groups`` groups, ``local[2]``: all fairness
  statistics (``group_metrics_from_spark``: one aggregation, the collect, the
  in-memory metrics and a 1,000-replicate bootstrap from the counts) in
  <= 2x the time of ``groupBy(group, y_true, y_pred).count().collect()`` on
  the same cached DataFrame.
* The driver (this Python process) holds only the cell table: its peak
  memory is printed after each size of ``--memory-rows`` (generated on the
  fly, not cached) and should not grow with the rows.
* Equality with in-memory ``GroupMetrics`` on ``--check-rows`` rows
  (collected with ``toPandas``).

Times are the median of ``--repeat`` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any


def _session(memory: str) -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]").appName("dfgov-benchmark")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", memory)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _decisions(spark: Any, n: int, groups: int) -> Any:
    """Scored decisions generated in Spark: group, label, decision (selection depends on group)."""
    from pyspark.sql import functions as F

    g = (F.col("id") * 7919 % groups).cast("int")
    return spark.range(n).select(
        g.alias("group"),
        (F.rand(1) < 0.3).cast("int").alias("y"),
        (F.rand(2) < 0.2 + g / (groups * 5)).cast("int").alias("p"),
    )


def _median(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--groups", type=int, default=20)
    ap.add_argument("--memory-rows", type=int, nargs="*", default=[10_000_000, 40_000_000])
    ap.add_argument("--check-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--driver-memory", default="2g")
    args = ap.parse_args()
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                            FutureWarning)

    t0 = time.perf_counter()
    spark = _session(args.driver_memory)
    print(f"Spark {spark.version}, local[2], session start {time.perf_counter() - t0:.1f} s")
    import numpy as np
    import pandas as pd

    from dfgov.model_risk.fairness import GroupMetrics
    from dfgov.spark import group_metrics_from_spark

    # -- driver memory vs rows (first, before anything large is in this process) ------
    print(f"driver (Python) peak RSS after session start: {_rss_mib():7.1f} MiB")
    for n in args.memory_rows:
        data = _decisions(spark, n, args.groups)
        t = time.perf_counter()
        gm = group_metrics_from_spark(data, y_true="y", y_pred="p", sensitive_features="group")
        print(f"  {n:>12,} rows (not cached): {time.perf_counter() - t:7.2f} s, "
              f"driver (Python) peak RSS {_rss_mib():7.1f} MiB, "
              f"{int(gm.cell_rows.sum()):,} rows counted")

    # -- equality with in-memory on check-rows ---------------------------------------
    small = _decisions(spark, args.check_rows, args.groups)
    pdf = small.toPandas()
    got = group_metrics_from_spark(small, y_true="y", y_pred="p", sensitive_features="group")
    want = GroupMetrics(y_true=pdf["y"], y_pred=pdf["p"], sensitive_features=pdf["group"])
    pd.testing.assert_frame_equal(got.by_group, want.by_group, rtol=0, atol=0)
    assert np.array_equal(got.cell_rows, want.cell_rows)
    print(f"equal to in-memory GroupMetrics on {args.check_rows:,} rows: yes (exact)")
    del pdf

    # -- time vs groupBy().count() -----------------------------------------------------
    df = _decisions(spark, args.rows, args.groups).cache()
    df.count()

    def peer() -> Any:
        return df.groupBy("group", "y", "p").count().collect()

    def ours() -> Any:
        gm = group_metrics_from_spark(df, y_true="y", y_pred="p", sensitive_features="group")
        gm.difference()
        gm.ratio()
        gm.bootstrap(1000, random_state=0).disparity_ci("equalized_odds")
        return gm

    t_peer = _median(peer, args.repeat)
    t_ours = _median(ours, args.repeat)
    gm = ours()
    print(f"{args.rows:,} rows, {args.groups} groups ({len(gm.by_group)} in the table, "
          f"{int((gm.cell_rows > 0).sum())} cells collected)")
    print(f"  groupBy(group, y, p).count().collect(): {t_peer:8.2f} s")
    print(f"  group_metrics_from_spark + disparities + 1,000 bootstrap: {t_ours:8.2f} s"
          f"   ratio {t_ours / t_peer:.2f}x (target <= 2x)")
    df.unpersist()

    spark.stop()


if __name__ == "__main__":
    main()
