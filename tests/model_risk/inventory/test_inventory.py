"""ModelInventory: round trip, forward-only lifecycle, overdue query, audit trail, sharing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from dfgov.audit import AuditLog, MemoryAuditLog
from dfgov.errors import ColumnError, ConflictError, InvalidInputError, LifecycleError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.inventory import ModelInventory, risk_tier
from dfgov.model_risk.validation import ValidationCheck
from dfgov.report import Report, Status

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


@pytest.fixture(scope="module")
def report() -> Report:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    return ValidationCheck(vocabulary=CREDIT).run(
            y=y, y_score=np.clip(0.4 * y + 0.6 * rng.random(300), 0, 1))


def test_risk_tier() -> None:
    assert risk_tier("high", "low", "low") == 1
    assert risk_tier("medium", "high", "high") == 1
    assert risk_tier("medium", "medium", "medium") == 2
    assert risk_tier("low", "medium", "low") == 3
    with pytest.raises(InvalidInputError, match="'use'"):
        risk_tier("low", "low", "extreme")  # type: ignore[arg-type]


def test_round_trip_lifecycle_and_audit(tmp_path: Path, report: Report) -> None:
    db = tmp_path / "gov.db"
    inv = ModelInventory(db, actor="ci")
    rec = inv.register("pd", "1.0", owner="alice", name="Retail PD", materiality="high")
    assert rec.status == "development" and rec.tier == 1 and rec.row_version == 1
    with pytest.raises(LifecycleError, match="no validation report"):
        inv.transition("pd", "1.0", "validated", approver="bob")
    validated = date.today() - timedelta(days=30)
    rec = inv.record_validation("pd", "1.0", report, as_of=validated)
    assert rec.next_review_due == validated + timedelta(days=365)  # tier 1: 365 days
    assert rec.report_digests == (report.digest,)
    inv.transition("pd", "1.0", "validated", approver="val-team", reason="independent review")
    with pytest.raises(LifecycleError, match="independent of the owner"):
        inv.transition("pd", "1.0", "approved", approver="alice")
    inv.transition("pd", "1.0", "approved", approver="cro")
    with pytest.raises(LifecycleError, match="overdue"):
        inv.transition("pd", "1.0", "production", approver="cro",
                       as_of=validated + timedelta(days=366))
    inv.transition("pd", "1.0", "production", approver="cro")
    with pytest.raises(LifecycleError, match="forward one step"):
        inv.transition("pd", "1.0", "validated", approver="cro")
    inv.close()

    again = ModelInventory(db)  # reopen: everything persisted
    rec = again.get("pd", "1.0")
    assert (rec.status, rec.approver, rec.owner, rec.name) == ("production", "cro", "alice",
                                                               "Retail PD")
    assert [h["to_status"] for h in again.history("pd", "1.0")] == [
        "validated", "approved", "production"]
    again.transition("pd", "1.0", "retired", approver="cro")
    with pytest.raises(LifecycleError, match="'retired'"):
        again.transition("pd", "1.0", "retired", approver="cro")
    again.close()

    log = AuditLog(db)
    actions = [e.action for e in log.events(subject="pd@1.0")]
    assert actions == ["inventory.register", "inventory.validation", "inventory.transition",
                       "inventory.transition", "inventory.transition", "inventory.transition"]
    assert log.verify().ok
    log.close()


def test_overdue_query_and_findings(tmp_path: Path, report: Report) -> None:
    with ModelInventory(tmp_path / "inv.db") as inv:
        inv.register("a", "1", owner="o", materiality="high")  # tier 1, 365 days
        inv.register("b", "1", owner="o", materiality="low", complexity="low", use="low")
        inv.register("c", "1", owner="o")  # never validated, stays in development
        for m in ("a", "b"):
            inv.record_validation(m, "1", report, as_of=date(2025, 1, 1))
            inv.transition(m, "1", "validated", approver="v")
        overdue = inv.overdue(as_of=date(2026, 3, 1))
        assert [r.key for r in overdue] == ["a@1"]  # tier 3 has 1,095 days
        assert [r.key for r in inv.overdue(as_of=date(2028, 6, 1))] == ["a@1", "b@1"]
        assert inv.overdue(as_of=date(2025, 6, 1)) == []
        (f,) = inv.findings(as_of=date(2026, 3, 1))
        assert f.status is Status.FAIL and f.subject == "a@1" and f.value == 59.0
        assert "SR 11-7 §VI" in f.clauses and "逾期" in f.message.zh_cn
        assert inv.findings(as_of=date(2025, 6, 1))[0].status is Status.PASS
        table = inv.table()
        assert [row[0] for row in table.rows] == ["a", "b", "c"]
        assert [r.key for r in inv.records(status="development")] == ["c@1"]
        rec = inv.link_report("c", "1", "b" * 64, kind="monitoring")
        assert rec.report_digests == ("b" * 64,)
        with pytest.raises(InvalidInputError, match="'report'"):
            inv.link_report("c", "1", "B" * 64)


def test_shares_an_engine_with_the_audit_log(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'shared.db'}")
    log = AuditLog(engine)
    inv = ModelInventory(engine, audit=log)
    inv.register("m", "1", owner="o")
    assert [e.action for e in log.events()] == ["inventory.register"]
    assert set(sa.inspect(engine).get_table_names()) >= {"dfgov_model_inventory",
                                                         "dfgov_audit_events"}
    inv.close()
    log.close()
    engine.dispose()


def test_duck_typed_audit_log_and_bad_input(tmp_path: Path) -> None:
    rec = MemoryAuditLog()
    inv = ModelInventory(f"sqlite:///{tmp_path / 'x.db'}", audit=rec)
    inv.register("m", "1", owner="o")
    assert rec.events[0]["action"] == "inventory.register"
    assert rec.events[0]["subject"] == "m@1"
    with pytest.raises(ConflictError, match="already"):
        inv.register("m", "1", owner="o")
    with pytest.raises(ColumnError, match="'zz'"):
        inv.get("zz", "1")
    with pytest.raises(InvalidInputError, match="'approver'"):
        inv.transition("m", "1", "validated", approver="")
    with pytest.raises(InvalidInputError, match="'report'"):
        inv.record_validation("m", "1", "not-a-digest")
    stale = inv.get("m", "1")
    inv.link_report("m", "1", "a" * 64, kind="monitoring")  # a digest alone: status unknown
    with pytest.raises(LifecycleError, match="no passing report"):
        inv.record_validation("m", "1", "a" * 64, as_of=date(2026, 1, 1))
    with pytest.raises(ConflictError, match="concurrently"):
        inv._update(stale, {"owner": "mallory"})
    assert inv.get("m", "1").owner == "o"
    with pytest.raises(InvalidInputError, match="'review_days'"):
        ModelInventory(tmp_path / "y.db", review_days={1: 10})
    inv.close()


def test_record_validation_as_of_and_the_deprecated_on(tmp_path: Path, report: Report) -> None:
    """``as_of`` names the validation date; ``on=`` warns and gives the same record."""
    inv = ModelInventory(tmp_path / "gov.db", actor="ci")
    day = date.today() - timedelta(days=10)
    for m in ("new", "old", "both"):
        inv.register(m, "1", owner="alice")
    new = inv.record_validation("new", "1", report, as_of=day)
    with pytest.warns(DeprecationWarning, match=r"'on' argument of ModelInventory\."
                                                r"record_validation is deprecated.*'as_of'"):
        old = inv.record_validation("old", "1", report, on=day)
    assert (new.last_validation, new.next_review_due) == (old.last_validation,
                                                          old.next_review_due)
    assert new.last_validation == day
    with pytest.raises(InvalidInputError, match=r"'as_of' argument .* old name 'on'"):
        inv.record_validation("both", "1", report, as_of=day, on=day)
    assert inv.get("both", "1").last_validation is None
    inv.close()
