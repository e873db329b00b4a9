"""``due``: one report of overdue and soon-due work from the stores of one database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dfgov.cli import main
from dfgov.data_protection import AssessmentRegister, DataSecurityAssessment
from dfgov.model_risk import ModelInventory
from dfgov.outsourcing import (
    Notification,
    OutsourcingRegistry,
    TransitionEvidence,
    due_items,
)
from dfgov.report import Report
from tests.outsourcing import factory as f


@dataclass
class _Col:
    column: str
    category: str | None
    level: int


def _active_arrangement(reg: OutsourcingRegistry) -> None:
    def at(day: int, month: int = 1) -> datetime:
        return datetime(2025, month, day, 9, tzinfo=UTC)

    reg.add_provider(f.provider("P1"))
    reg.add_arrangement(f.arrangement())
    reg.transition("A1", "pre_assessment", actor="alice", at=at(2))
    reg.transition("A1", "due_diligence", actor="alice", at=at(3),
                   evidence=TransitionEvidence(pre_assessment="PA-1", senior_approver="cro"))
    reg.add_records("A1", f.due_diligence())
    reg.transition("A1", "approved", actor="bob", at=at(20),
                   evidence=TransitionEvidence(approver="bob"))
    reg.add_records("A1", Notification(arrangement_id="A1", notified_on=date(2025, 2, 3),
                                       authority="NFRA", reference="N-1"))
    reg.transition("A1", "regulator_notified", actor="alice", at=at(3, 2))
    reg.add_records("A1", f.contract(), f.exit_plan())
    reg.transition("A1", "contracted", actor="alice", at=at(3, 3))
    reg.transition("A1", "active", actor="ops", at=at(10, 3))


def _passing_report() -> Report:
    from dfgov.i18n import LocalizedText
    from dfgov.report import Finding, Status

    return Report.build([Finding(control="validation.auc", status=Status.PASS,
                                 message=LocalizedText.same("AUC 0.81 >= 0.70"))])


def _governance_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    # model inventory: one validated model, review due 2026-01-15
    with ModelInventory(engine) as inv:
        inv.register("pd-scorecard", "3", owner="alice", materiality="high")
        inv.record_validation("pd-scorecard", "3", _passing_report(), as_of=date(2025, 1, 15))
        inv.transition("pd-scorecard", "3", "validated", approver="bob")
    # data-security assessment of the customer table, next due a year later
    report = DataSecurityAssessment().run(
        [_Col("id_number", "C2", 3)],
        {"name": "customers", "impact_assessment_at": "2025-03-01",
         "columns": {"id_number": {"encryption": "SM4-GCM", "masked": True,
                                   "retention_days": 1825}}},
        as_of=datetime(2025, 6, 1, tzinfo=UTC))
    with AssessmentRegister(engine) as reg:
        reg.record(report)
    # outsourcing register: an important arrangement active since 2025-03-10
    with OutsourcingRegistry(engine) as ors:
        _active_arrangement(ors)
    engine.dispose()
    return url


def test_due_lists_every_store_of_one_database(tmp_path: Path) -> None:
    from dfgov.monitoring import due

    url = _governance_db(tmp_path / "governance.db")
    report = due(url, as_of=date(2026, 3, 20))
    assert isinstance(report, Report)
    assert report.metadata["stores"] == ["model_inventory", "data_security_assessments",
                                         "outsourcing_register"]
    by = {(x.details["area"], x.control.split(".")[-1], x.subject): x for x in report.findings}
    # the model's validation (due 2026-01-15 for a tier-1 model) is overdue
    inv = by[("model_risk", "validation", "pd-scorecard@3")]
    assert inv.status.value == "fail" and inv.details["due"] == "2026-01-15"
    # the outsourcing assessment (12 months after the contract start) is overdue
    assert by[("outsourcing", "assessment", "A1")].status.value == "fail"
    assert by[("outsourcing", "exit_test", "A1")].status.value == "fail"
    # the data-security assessment is due on 2026-06-01: listed, not yet soon due
    rows = {(r[2], r[4]): r for r in report.tables[0].rows}
    assert rows[("data_protection", "customers")][0] == "2026-06-01"
    assert ("data_protection", "assessment", "customers") not in by
    later = due(url, as_of=date(2026, 5, 10))
    soon = {(x.details["area"], x.subject): x for x in later.findings}
    assert soon[("data_protection", "customers")].status.value == "warn"
    assert "数据安全风险评估" in soon[("data_protection", "customers")].message.zh_cn
    assert report.exit_code == 1
    # the outsourcing review and due_items agree on what is overdue
    with OutsourcingRegistry(url) as ors:
        items = due_items(ors)
    assert {i["kind"] for i in items} == {"assessment", "exit_test", "audit", "contract_end"}


def test_due_command(tmp_path: Path, capsys: Any) -> None:
    _governance_db(tmp_path / "governance.db")
    code = main(["due", "--db", str(tmp_path / "governance.db"), "--as-of", "2026-03-20",
                 "--json", "-"])
    assert code == 1
    out = json.loads(capsys.readouterr().out)
    assert any(x["control"] == "due.model_risk.validation" for x in out["findings"])
    assert main(["due", "--db", str(tmp_path / "missing.db")]) == 2
    assert "no such database" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    sa.create_engine(f"sqlite:///{empty}").connect().close()
    assert main(["due", "--db", str(empty), "--json", "-"]) == 2
    assert "no governance store" in capsys.readouterr().err


def test_due_command_lists_the_review_register(tmp_path: Path, capsys: Any) -> None:
    from datetime import timedelta

    from dfgov.clock import now
    from dfgov.review import ReviewStore

    path = tmp_path / "governance.db"
    expires = now().date() + timedelta(days=90)
    with ReviewStore(path) as store:
        store.waivers.request(id="W-1", control="validation.auc", model="pd-lr", version="1",
                              reason="model being redeveloped", requester="li",
                              expires=expires, compensating_controls=["monthly AUC"])
        store.waivers.approve("W-1", approver="cro")
    as_of = (expires - timedelta(days=10)).isoformat()
    assert main(["due", "--db", str(path), "--as-of", as_of, "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["metadata"]["stores"] == ["review_register"]
    item = next(x for x in out["findings"] if x["control"] == "due.review.expiry")
    assert item["status"] == "warn" and item["subject"] == "W-1"
