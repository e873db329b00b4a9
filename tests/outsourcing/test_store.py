"""SQL store: transactions, optimistic concurrency, nothing half-written (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from dfgov.audit import MemoryAuditLog
from dfgov.errors import ConflictError, InvalidInputError, LifecycleError
from dfgov.outsourcing import (
    Assessment,
    BusinessFunction,
    Notification,
    OutsourcingRegistry,
    TransitionEvidence,
)

from . import factory as f


@pytest.fixture
def reg(db_url: str) -> Iterator[OutsourcingRegistry]:
    with OutsourcingRegistry(db_url) as r:
        r.add_provider(f.provider("P1"))
        r.add_arrangement(f.arrangement("A1"))
        yield r


def _snapshot(r: OutsourcingRegistry) -> Any:
    return [c.model_dump() for c in r.cases()], r.providers()


def test_round_trip(reg: OutsourcingRegistry) -> None:
    case = reg.case("A1")
    assert case.arrangement == f.arrangement("A1") and case.provider == f.provider("P1")
    assert case.version == 1
    reg.add_function(BusinessFunction(id="F1", name="Payments", licensed_activity="eba_TA:x1",
                                      last_assessed=date(2025, 1, 1), rto_hours=4, rpo_hours=1))
    assert [fn.id for fn in reg.functions()] == ["F1"]
    assert [a.id for a in reg.arrangements(status="proposed")] == ["A1"]
    assert reg.arrangements(status="active") == []


def test_duplicates_and_unknown_ids_are_refused(reg: OutsourcingRegistry) -> None:
    with pytest.raises(InvalidInputError, match="already registered"):
        reg.add_provider(f.provider("P1"))
    with pytest.raises(InvalidInputError, match="already registered"):
        reg.add_arrangement(f.arrangement("A1"))
    with pytest.raises(InvalidInputError, match="provider_id"):
        reg.add_arrangement(f.arrangement("A2", pid="NOPE"))
    with pytest.raises(InvalidInputError, match="arrangement_id"):
        reg.case("NOPE")
    with pytest.raises(LifecycleError, match="proposed"):
        reg.add_arrangement(f.arrangement("A3", status="active"))


def test_stale_update_is_rejected_and_nothing_written(reg: OutsourcingRegistry) -> None:
    v = reg.case("A1").version
    reg.update_arrangement(f.arrangement("A1", annual_cost=5.0), expected_version=v)
    before = _snapshot(reg)
    with pytest.raises(ConflictError, match="changed since version"):
        reg.update_arrangement(f.arrangement("A1", annual_cost=7.0), expected_version=v)
    with pytest.raises(ConflictError):
        reg.add_records("A1", f.due_diligence(), expected_version=v)
    with pytest.raises(ConflictError):
        reg.transition("A1", "pre_assessment", actor="a", expected_version=v)
    assert _snapshot(reg) == before
    assert reg.case("A1").arrangement.annual_cost == 5.0


def test_provider_optimistic_concurrency(reg: OutsourcingRegistry) -> None:
    p, v = reg.provider("P1")
    assert reg.update_provider(p.model_copy(update={"legal_name": "New"}), expected_version=v) == 2
    with pytest.raises(ConflictError):
        reg.update_provider(p, expected_version=v)
    assert reg.provider("P1")[0].legal_name == "New"


def test_status_changes_only_through_transitions(reg: OutsourcingRegistry) -> None:
    with pytest.raises(LifecycleError, match="transition"):
        reg.update_arrangement(f.arrangement("A1", status="active"), expected_version=1)


def test_two_writers_one_wins(db_url: str, reg: OutsourcingRegistry) -> None:
    """A second registry on the same database holds a stale read and loses."""
    with OutsourcingRegistry(db_url) as other:
        stale = other.case("A1")
        reg.transition("A1", "pre_assessment", actor="alice")
        with pytest.raises(ConflictError):
            other.transition("A1", "rejected", actor="bob", expected_version=stale.version,
                             evidence=TransitionEvidence(reason="too late"))
        with pytest.raises(ConflictError):
            other._store_transition(
                other.lifecycle.apply(stale, "pre_assessment", actor="b",
                                      at=reg.case("A1").history[0].at), stale.version)
    assert reg.case("A1").status == "pre_assessment"
    assert len(reg.case("A1").history) == 1


def test_failed_batch_writes_nothing(reg: OutsourcingRegistry) -> None:
    before = _snapshot(reg)
    wrong = Assessment(arrangement_id="A2", performed_on=date(2025, 1, 1), performed_by="x",
                       conclusion="satisfactory")
    with pytest.raises(InvalidInputError, match="arrangement_id"):
        reg.add_records("A1", f.due_diligence(), wrong)
    assert _snapshot(reg) == before


def test_failure_inside_transition_rolls_back(
    reg: OutsourcingRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history insert fails after the status update: the transaction leaves no trace."""
    before = _snapshot(reg)
    table = reg._t["history"]
    real_insert = __import__("sqlalchemy").insert

    def broken_insert(t: Any) -> Any:
        if t is table:
            raise RuntimeError("disk full")
        return real_insert(t)

    monkeypatch.setattr("sqlalchemy.insert", broken_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        reg.transition("A1", "pre_assessment", actor="alice")
    monkeypatch.undo()
    assert _snapshot(reg) == before


def test_failed_audit_append_writes_nothing(db_url: str) -> None:
    class BrokenAudit:
        def append(self, **event: Any) -> None:
            raise OSError("audit log unavailable")

    with OutsourcingRegistry(db_url, audit=BrokenAudit()) as r:
        r.add_provider(f.provider("P1"))
        r.add_arrangement(f.arrangement("A1"))
        with pytest.raises(OSError, match="unavailable"):
            r.transition("A1", "pre_assessment", actor="alice")
        assert r.case("A1").status == "proposed" and r.case("A1").history == ()


def test_lost_race_is_audited_as_aborted(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    audit = MemoryAuditLog()
    with OutsourcingRegistry(db_url, audit=audit) as r, OutsourcingRegistry(db_url) as other:
        r.add_provider(f.provider("P1"))
        r.add_arrangement(f.arrangement("A1"))
        real_event = r.lifecycle.audit_event

        def racing_event(*a: Any, **k: Any) -> None:
            real_event(*a, **k)
            other.add_records("A1", Notification(arrangement_id="A1", notified_on=date.today(),
                                                 authority="NFRA", reference="R"))

        monkeypatch.setattr(r.lifecycle, "audit_event", racing_event)
        with pytest.raises(ConflictError):
            r.transition("A1", "pre_assessment", actor="alice")
        assert [e["action"] for e in audit.events] == [
            "outsourcing.transition", "outsourcing.transition_aborted"]
        assert r.case("A1").status == "proposed"


def test_shares_an_engine(db_url: str) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    try:
        with OutsourcingRegistry(engine) as a:
            a.add_provider(f.provider("P9"))
        assert [p.id for p in OutsourcingRegistry(engine).providers()] == ["P9"]
    finally:
        engine.dispose()


def test_bad_url_and_plain_path(tmp_path: Any) -> None:
    with pytest.raises(InvalidInputError, match="'url'"):
        OutsourcingRegistry("nosuchdialect://x")
    with OutsourcingRegistry(tmp_path / "g.db") as r:
        r.add_provider(f.provider())
    with OutsourcingRegistry(str(tmp_path / "g.db")) as r:
        assert [p.id for p in r.providers()] == ["P1"]


def test_add_many_is_all_or_nothing(reg: OutsourcingRegistry) -> None:
    fn = BusinessFunction(id="F9", name="HR", licensed_activity="eba_TA:x2",
                          last_assessed=date(2025, 1, 1), rto_hours=72, rpo_hours=24)
    reg.add_many(providers=[f.provider("P2"), f.provider("P3")], functions=[fn],
                 arrangements=[f.arrangement("A2", "P2"), f.arrangement("A3", "P1")],
                 records=[f.due_diligence("A2"), f.due_diligence("A1"), f.contract("A1")])
    assert [a.id for a in reg.arrangements()] == ["A1", "A2", "A3"]
    assert reg.case("A1").version == 2 and len(reg.case("A1").contracts) == 1
    assert reg.case("A3").version == 1
    before = _snapshot(reg)
    for bad, match in [
        ({"providers": [f.provider("P1")]}, "already registered"),
        ({"providers": [f.provider("P8"), f.provider("P8")]}, "twice"),
        ({"arrangements": [f.arrangement("A1")]}, "already registered"),
        ({"arrangements": [f.arrangement("A9", "P404")]}, "provider_id"),
        ({"providers": [f.provider("P7")], "records": [f.due_diligence("A404")]},
         "arrangement_id"),
    ]:
        with pytest.raises(InvalidInputError, match=match):
            reg.add_many(**bad)  # type: ignore[arg-type]
    with pytest.raises(LifecycleError):
        reg.add_many(providers=[f.provider("P6")],
                     arrangements=[f.arrangement("A6", "P6", status="active")])
    assert _snapshot(reg) == before
