"""The monitoring store on SQLite and PostgreSQL: revisions, audit trail, fail-safe writes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

import dfgov
from dfgov.audit import AuditLog
from dfgov.errors import ColumnError, ConflictError, IntegrityError, InvalidInputError
from dfgov.monitoring import Monitor, MonitoringStore

POLICY = dfgov.Policy.loads("""
[model_risk]
score_direction = "higher_is_unfavourable"
favourable_label = 0
[fairness]
sensitive_features = ["sex"]
[monitoring]
maturity_months = 1
""")


def _frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    s = rng.random(n)
    return pd.DataFrame({"sex": rng.choice(["female", "male"], n), "income": rng.normal(size=n),
                         "purpose": rng.choice(["car", "home", "other"], n), "score": s,
                         "default": (rng.random(n) < s).astype(int),
                         "declined": (s >= 0.5).astype(int)})


def _monitor(url: Any, **kw: Any) -> Monitor:
    mon = Monitor(url, model_id="scorecard", version="2", policy=POLICY, **kw)
    mon.start(_frame(500), y_true="default", y_score="score", features=["income", "purpose"])
    return mon


def test_revisions_audit_trail_and_verify(db_url: str) -> None:
    mon = _monitor(db_url)
    assert mon.add_period("2025-01", _frame(300, 1), y_score="score", y_pred="declined") == 1
    with pytest.raises(ConflictError, match="replace=True"):
        mon.add_period("2025-01-15", _frame(300, 2), y_score="score", y_pred="declined")
    assert mon.add_period("2025-01", _frame(200, 2), y_score="score", y_pred="declined",
                          replace=True) == 2
    lab = _frame(200, 2)
    assert mon.add_labels("2025-01", lab.iloc[:100], y_true="default", y_score="score",
                          y_pred="declined", as_of="2025-03-01") == 1
    assert mon.add_labels("2025-01", lab.iloc[100:], y_true="default", y_score="score",
                          y_pred="declined", as_of="2025-03-01", mode="append") == 2
    store = mon.store
    every = store.records("scorecard", "2", latest=False, with_stats=False)
    assert [(r.kind, r.revision, r.rows) for r in every] == [
        ("decisions", 1, 300), ("decisions", 2, 200), ("labels", 1, 100), ("labels", 2, 200)]
    latest = store.records("scorecard", "2")
    assert [(r.kind, r.revision) for r in latest] == [("decisions", 2), ("labels", 2)]
    actions = [e.action for e in store.audit_log.events()]
    assert actions == ["monitoring.baseline", "monitoring.decisions", "monitoring.decisions",
                       "monitoring.labels", "monitoring.labels"]
    assert store.verify() == []
    assert store.audit_log.verify().ok
    # appended batches equal one batch of all the rows
    other = Monitor(store, model_id="scorecard", version="3", policy=POLICY)
    other.start(_frame(500), y_true="default", y_score="score", features=["income", "purpose"])
    other.add_period("2025-01", _frame(200, 2), y_score="score", y_pred="declined")
    other.add_labels("2025-01", lab, y_true="default", y_score="score", y_pred="declined",
                     as_of="2025-03-01")
    one = store.records("scorecard", "3", kind="labels")[0].stats
    two = store.records("scorecard", "2", kind="labels")[0].stats
    assert one is not None and two is not None
    for key in ("cells", "lhist", "cal", "n"):
        np.testing.assert_allclose(one[key], two[key])
    mon.close()


def test_tampering_is_detected(db_url: str) -> None:
    mon = _monitor(db_url)
    mon.add_period("2025-01", _frame(300, 1), y_score="score", y_pred="declined")
    store = mon.store
    t = sa.Table("dfgov_monitor_periods", sa.MetaData(), autoload_with=store.engine)
    with store.engine.begin() as conn:
        blob = bytearray(conn.execute(sa.select(t.c.stats)).scalar_one())
        blob[-1] ^= 1
        conn.execute(sa.update(t).values(stats=bytes(blob)))
    with pytest.raises(IntegrityError, match="digest"):
        mon.trend()
    assert any("does not match its digest" in p for p in store.verify())
    mon.close()


class _FailingLog:
    def __init__(self) -> None:
        self.calls = 0

    def append(self, **event: Any) -> None:
        self.calls += 1
        if event["action"] != "monitoring.baseline":
            raise IntegrityError("audit log unavailable")


def test_failed_audit_event_leaves_the_store_as_it_was(db_url: str) -> None:
    log = _FailingLog()
    store = MonitoringStore(db_url, audit=log)
    mon = _monitor(store)
    with pytest.raises(IntegrityError):
        mon.add_period("2025-01", _frame(300, 1), y_score="score", y_pred="declined")
    assert store.records("scorecard", "2", latest=False, with_stats=False) == []
    assert log.calls == 2
    store.close()


def test_labels_must_belong_to_the_period(tmp_path: Any) -> None:
    mon = _monitor(tmp_path / "g.db")
    with pytest.raises(InvalidInputError, match="no decisions"):
        mon.add_labels("2025-01", _frame(10), y_true="default", y_score="score",
                       y_pred="declined")
    mon.add_period("2025-01", _frame(100, 1), y_score="score", y_pred="declined")
    with pytest.raises(InvalidInputError, match="more applications"):
        mon.add_labels("2025-01", _frame(300, 1), y_true="default", y_score="score",
                       y_pred="declined")
    mon.close()


def test_bad_input_names_the_argument(tmp_path: Any) -> None:
    mon = _monitor(tmp_path / "g.db")
    with pytest.raises(ColumnError, match="income"):
        mon.add_period("2025-01", _frame(50).drop(columns="income"), y_score="score")
    bad = _frame(50)
    bad["declined"] = 7
    with pytest.raises(InvalidInputError, match="y_pred"):
        mon.add_period("2025-01", bad, y_score="score", y_pred="declined")
    with pytest.raises(InvalidInputError, match="period"):
        mon.add_period("January", _frame(50), y_score="score")
    shifted = _frame(50)
    with pytest.raises(InvalidInputError, match="index"):
        mon.add_period("2025-01", shifted, y_score=shifted["score"].set_axis(
            range(100, 150)))
    ids = _frame(120)
    ids["sex"] = [f"customer-{i}" for i in range(120)]
    with pytest.raises(ColumnError, match="max_levels") as err:
        mon.add_period("2025-02", ids, y_score="score")
    assert "customer-1" not in str(err.value)
    mon.close()


def test_stored_size_does_not_depend_on_rows(tmp_path: Any) -> None:
    mon = _monitor(tmp_path / "g.db")
    mon.add_period("2025-01", _frame(2_000, 1), y_score="score", y_pred="declined")
    mon.add_period("2025-02", _frame(200_000, 2), y_score="score", y_pred="declined")
    sizes = [len(r.stats.to_bytes()) for r in mon.store.records("scorecard", "2")
             if r.stats is not None]
    assert sizes[0] == sizes[1]
    mon.close()


def test_shared_database_with_audit_log(tmp_path: Any) -> None:
    path = tmp_path / "governance.db"
    log = AuditLog(path, actor="risk")
    engine = sa.create_engine(f"sqlite:///{path}")
    store = MonitoringStore(engine, audit=log)
    mon = _monitor(store, actor="analyst")
    mon.add_period("2025-01", _frame(300, 1), y_score="score", y_pred="declined")
    events = list(log.events())
    assert [e.actor for e in events] == ["analyst", "analyst"]
    assert store.verify() == []
    store.close()
    log.close()
    engine.dispose()


def test_label_dates_decide_maturity(tmp_path: Any) -> None:
    mon = _monitor(tmp_path / "g.db")
    frame = _frame(300, 1)
    mon.add_period("2025-01", frame, y_score="score", y_pred="declined")
    dates = pd.Series(["2025-02-15"] * 150 + ["2025-09-30"] * 150, index=frame.index)
    mon.add_labels("2025-01", frame, y_true="default", y_score="score", y_pred="declined",
                   label_dates=dates, as_of="2025-03-01")
    # by months the period would be mature (maturity 1 month), but half the labels are not final
    state = mon.trend(as_of="2025-04-01").periods.set_index("period")["state"]
    assert state["2025-01"] == "pending"
    mon.add_labels("2025-01", frame, y_true="default", y_score="score", y_pred="declined",
                   label_dates=dates, as_of="2025-10-01")
    trend = mon.trend(as_of="2025-10-02")
    assert trend.periods.set_index("period")["state"]["2025-01"] == "mature"
    assert not trend.table[trend.table["family"] == "discrimination"].empty
    mon.close()


def test_quarterly_periods(tmp_path: Any) -> None:
    from dfgov.monitoring._periods import matures_on, period_bounds, period_key

    assert period_key("2025-05-17", "quarter") == "2025-Q2"
    assert period_bounds("2025-Q4")[1].isoformat() == "2026-01-01"
    assert matures_on("2025-Q1", 6).isoformat() == "2025-10-01"
    quarterly = dfgov.Policy.from_dict({**POLICY.to_dict(), "monitoring": {
        "frequency": "quarter", "maturity_months": 1}})
    mon = Monitor(tmp_path / "q.db", model_id="q", policy=quarterly)
    mon.start(_frame(500), y_true="default", y_score="score", features=["income", "purpose"])
    mon.add_period("2025-02-10", _frame(300, 1), y_score="score", y_pred="declined")
    assert mon.trend(as_of="2025-05-01").periods["period"].tolist() == ["2025-Q1"]
    mon.close()
