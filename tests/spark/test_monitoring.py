"""Monitoring periods counted on Spark equal the same periods counted in memory."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import InvalidInputError
from dfgov.monitoring import Monitor, MonitoringStore, simulate_history
from dfgov.spark import add_period_spark, period_counts_spark


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(str)
    return out


def test_spark_period_equals_in_memory(spark: Any, tmp_path: Any) -> None:
    h = simulate_history(4, rows=700, drift_from=3, disparity_from=4, random_state=5)
    store = MonitoringStore(tmp_path / "g.db")
    mons = {}
    for name in ("memory", "spark"):
        mon = Monitor(store, model_id=name, policy=h.policy)
        mon.start(_plain(h.reference), y_true="default", y_score="score", features=h.features)
        mons[name] = mon
    for key, frame in h.months:
        plain = _plain(frame)
        plain.loc[plain.index[:7], "credit_amount"] = np.nan  # missing values on both sides
        mons["memory"].add_period(key, plain, y_score="score", y_pred="decision")
        sdf = spark.createDataFrame(plain)
        assert add_period_spark(mons["spark"], key, sdf, y_score="score",
                                y_pred="decision") == 1
    a = store.records("memory", "1", kind="decisions")
    b = store.records("spark", "1", kind="decisions")
    for ra, rb in zip(a, b, strict=True):
        assert ra.rows == rb.rows
        sa_, sb = ra.stats, rb.stats
        assert sa_ is not None and sb is not None
        for key in ("pred", "hist", "feat___score__"):
            np.testing.assert_array_equal(sa_[key], sb[key])
        np.testing.assert_allclose(sa_["hsum"], sb["hsum"], rtol=1e-12, atol=1e-12)
    ta = mons["memory"].trend(as_of="2025-01-01").table
    tb = mons["spark"].trend(as_of="2025-01-01").table
    cols = ["period", "family", "metric", "grouping", "subject", "alarm"]
    assert ta[cols].equals(tb[cols])
    np.testing.assert_allclose(ta["value"].astype(float), tb["value"].astype(float),
                               rtol=1e-12, atol=1e-12)
    assert set(ta.loc[ta["alarm"] != "", "period"]) >= {"2024-03"}
    # decisions from the scores and the threshold, as in memory
    frame = _plain(h.months[0][1])
    counts = period_counts_spark(spark.createDataFrame(frame), mons["spark"], y_score="score")
    assert counts["rows"] == len(frame)
    dec = counts["decisions"]
    assert int(dec.loc[dec["favourable"] == 1, "rows"].sum()) == int((frame["score"] < 0.5).sum())
    bad = frame.assign(decision=frame["decision"] + 5)
    with pytest.raises(InvalidInputError, match="y_pred"):
        period_counts_spark(spark.createDataFrame(bad), mons["spark"], y_score="score",
                            y_pred="decision")
    store.close()
