"""``dfgov vendor``: import, list, show, transition with evidence files, review, export."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dfgov.cli._app import main
from dfgov.outsourcing import BusinessFunction, DueDiligenceFinding, OutsourcingRegistry

from . import factory as f


def dump(rec: Any, kind: str | None = None) -> dict[str, Any]:
    d = rec.model_dump(mode="json")
    return {"kind": kind, **d} if kind else d


@pytest.fixture
def db(tmp_path: Path) -> str:
    data = {
        "providers": [dump(f.provider())],
        "functions": [dump(BusinessFunction(
            id="F1", name="Payments", licensed_activity="eba_TA:x1", critical=True,
            last_assessed=date(2025, 1, 1), rto_hours=4, rpo_hours=1, impact="high"))],
        "arrangements": [dump(f.arrangement(data_sensitiveness="high",
                                            substitutability_reason="migration",
                                            cross_border=False))],
        "records": [dump(f.due_diligence(findings=(DueDiligenceFinding(
            item="security", severity="critical", description="x"),)), "due_diligence")],
    }
    src = tmp_path / "import.json"
    src.write_text(json.dumps(data), "utf-8")
    path = str(tmp_path / "governance.db")
    assert main(["vendor", "import", str(src), "--db", path]) == 0
    return path


def ev(tmp_path: Path, name: str, obj: dict[str, Any]) -> str:
    p = tmp_path / name
    p.write_text(json.dumps(obj), "utf-8")
    return str(p)


def test_walk_through_the_cli(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def run(*args: str) -> int:
        return main(["vendor", *args, "--db", db])

    assert run("list") == 0
    assert "A1\tP1\tproposed\timportant" in capsys.readouterr().out
    at = "--at=2025-01-02T09:00:00+00:00"
    assert run("transition", "A1", "pre_assessment", "--actor", "alice", at) == 0
    assert run("transition", "A1", "due_diligence", "--actor", "alice", at, "--evidence",
               ev(tmp_path, "pa.json", {"pre_assessment": "PA", "senior_approver": "cro"})) == 0
    capsys.readouterr()
    # refused: open critical finding -> exit 2, one line naming the missing evidence
    approve = ev(tmp_path, "ap.json", {"approver": "bob"})
    assert run("transition", "A1", "approved", "--actor", "bob", at, "--evidence", approve) == 2
    assert "open critical" in capsys.readouterr().err
    resolved = ev(tmp_path, "ap2.json", {"approver": "bob", "records": [dump(f.due_diligence(
        performed_on=date(2025, 1, 20)), "due_diligence")]})
    assert run("transition", "A1", "approved", "--actor", "bob", at, "--evidence", resolved) == 0
    # a refused transition with attached records writes nothing
    bad = ev(tmp_path, "c.json", {"records": [dump(f.contract(clauses=frozenset()),
                                                   "contracts")]})
    assert run("transition", "A1", "contracted", "--actor", "a", at, "--evidence", bad) == 2
    with OutsourcingRegistry(db) as reg:
        case = reg.case("A1")
    assert case.contracts == () and case.status == "approved"
    notify = ev(tmp_path, "n.json", {"records": [{
        "kind": "notifications", "arrangement_id": "A1", "notified_on": "2025-02-03",
        "authority": "NFRA", "reference": "N-1"}]})
    assert run("transition", "A1", "regulator_notified", "--actor", "a", at,
               "--evidence", notify) == 0
    good = ev(tmp_path, "c2.json", {"records": [dump(f.contract(), "contracts"),
                                                dump(f.exit_plan(), "exit_plans")]})
    assert run("transition", "A1", "contracted", "--actor", "a",
               "--at=2025-03-03T09:00:00+00:00", "--evidence", good) == 0
    assert run("transition", "A1", "active", "--actor", "ops",
               "--at=2025-03-10T09:00:00+00:00") == 0
    capsys.readouterr()
    assert run("show", "A1") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["arrangement"]["status"] == "active" and len(shown["history"]) == 6
    assert main(["audit", "verify", db]) == 0
    capsys.readouterr()
    # review: the arrangement has never been assessed -> a failing control, exit 1
    assert run("review", "--as-of", "2026-06-01", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert any(x["control"] == "outsourcing.assessment_due" and x["status"] == "fail"
               for x in report["findings"])
    entity = ev(tmp_path, "entity.json", {"lei": f.BANK_LEI, "name": "Bank", "country": "DE",
                                          "competent_authority": "BaFin"})
    out = tmp_path / "roi.zip"
    assert run("export", "dora", "--out", str(out), "--entity", entity,
               "--reference-date", "2025-12-31") == 0
    with zipfile.ZipFile(out) as zf:
        assert "roi/reports/b_02.02.csv" in zf.namelist()
    assert run("export", "eba", "--out", str(tmp_path / "eba.csv")) == 0
    assert run("export", "ledger", "--out", str(tmp_path / "ledger.csv")) == 0
    assert "外包编号" in (tmp_path / "ledger.csv").read_text("utf-8-sig")
    assert run("export", "annual", "--year", "2025", "--out", str(tmp_path / "a.json")) == 0
    assert json.loads((tmp_path / "a.json").read_text("utf-8"))["metadata"]["year"] == 2025


def test_cli_bad_input(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    assert main(["vendor", "transition", "A1", "pre_assessment", "--actor", "a",
                 "--evidence", str(bad), "--db", db]) == 2
    assert "--evidence" in capsys.readouterr().err
    assert main(["vendor", "export", "dora", "--out", str(tmp_path / "x.zip"),
                 "--db", db]) == 2
    assert "--entity" in capsys.readouterr().err
    kinds = ev(tmp_path, "k.json", {"records": [{"kind": "gossip"}]})
    assert main(["vendor", "transition", "A1", "pre_assessment", "--actor", "a",
                 "--evidence", kinds, "--db", db]) == 2
    assert "kind must be one of" in capsys.readouterr().err
    assert main(["vendor", "transition", "A1", "on_hold", "--actor", "a", "--db", db]) == 2
    assert "'TO' argument of dfgov vendor transition must be one of" in capsys.readouterr().err
    assert main(["vendor", "list", "--status", "on_hold", "--db", db]) == 2  # not an empty list
    assert "'--status' argument of dfgov vendor list" in capsys.readouterr().err
