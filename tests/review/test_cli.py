"""``dfgov review`` and ``dfgov waiver`` on one database: exit 0 done, 1 refused, 2 bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dfgov.audit import AuditLog
from dfgov.cli._app import main
from dfgov.review import read_waivers

from . import evidence as ev

POLICY = """
[review]
roles = ["compliance", "risk"]
post_launch_roles = ["risk"]

[review.checklists.default]
impact_assessment = "never"
data_security_categories = []

[waivers]
non_waivable = ["explain.prohibited_features", "security.*"]
"""


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767268800")  # 2026-01-01T12:00Z
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, "utf-8")
    dossier = tmp_path / "dossier.json"
    dossier.write_text(json.dumps({
        "id": "R-APP", "product": "Savings app", "product_type": "deposit", "owner": "li",
        "datasets": [{"name": "customers", "categories": ["C2"]}]}), "utf-8")
    scan = tmp_path / "scan.json"
    ev.scan_report(ev.customers()).save(scan)
    monkeypatch.setenv("DFGOV_DB", str(tmp_path / "governance.db"))
    monkeypatch.setenv("DFGOV_POLICY", str(policy))
    return {"dossier": str(dossier), "scan": str(scan), "db": str(tmp_path / "governance.db"),
            "dir": str(tmp_path)}


def test_review_walk_through_the_cli(setup: dict[str, str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "create", setup["dossier"], "--actor", "li"]) == 0
    assert main(["review", "submit", "R-APP", "--actor", "li"]) == 1
    assert "data-protection scan for customers is missing" in capsys.readouterr().err
    assert main(["review", "attach", "R-APP", setup["scan"], "--kind", "data_protection_scan",
                 "--actor", "dpo"]) == 0
    assert capsys.readouterr().out.startswith("data_protection_scan customers ")
    assert main(["review", "submit", "R-APP", "--actor", "li"]) == 0
    assert main(["review", "start", "R-APP", "--actor", "zhang"]) == 0
    assert main(["review", "sign", "R-APP", "--role", "risk", "--person", "li"]) == 1
    assert "other than the submitter" in capsys.readouterr().err
    assert main(["review", "sign", "R-APP", "--role", "compliance", "--person", "zhang"]) == 0
    assert main(["review", "approve", "R-APP", "--actor", "zhang"]) == 1
    assert "sign-off of role risk is missing" in capsys.readouterr().err
    assert main(["review", "sign", "R-APP", "--role", "risk", "--person", "wang",
                 "--at", "2026-01-02T09:00+08:00"]) == 0
    assert main(["review", "approve", "R-APP", "--actor", "zhang"]) == 0
    assert main(["review", "launch", "R-APP", "--actor", "li"]) == 0
    assert "approved -> launched" in capsys.readouterr().out
    assert main(["review", "check", "R-APP", "--lang", "zh-CN"]) == 0
    out = capsys.readouterr().out
    assert "创新业务合规审查：Savings app" in out and "已上线" in out
    assert main(["review", "check", "R-APP", "--format", "json", "--as-of",
                 "2026-08-01"]) == 1  # the post-launch review is overdue by then
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["status"] == "fail"
    assert main(["review", "list"]) == 0
    assert capsys.readouterr().out.split("\t")[:2] == ["R-APP", "launched"]
    assert main(["review", "due", "--as-of", "2026-06-15"]) == 0
    assert "review.post_launch_review\tR-APP" in capsys.readouterr().out
    assert main(["review", "due", "--as-of", "2026-08-01", "--refresh"]) == 1
    assert "R-APP: post-launch review opened" in capsys.readouterr().err
    assert main(["review", "show", "R-APP"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "post_launch_review_due"
    log = AuditLog(setup["db"], create=False)
    try:
        assert log.verify().ok
        assert {e.action for e in log.events()} >= {"review.create", "review.refused",
                                                    "review.transition", "review.sign_off"}
    finally:
        log.close()


def test_waiver_commands(setup: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    base = ["waiver", "request", "--model", "credit-scorer", "--version", "1.0",
            "--reason", "retraining scheduled", "--requester", "li"]
    assert main([*base, "--id", "W-1", "--control", "fairness.four_fifths_rule",
                 "--subject", "sex", "--compensating", "manual review of declines",
                 "--expires", "2026-03-31"]) == 0
    assert main([*base, "--id", "W-2", "--control", "security.evasion",
                 "--compensating", "x", "--expires", "2026-03-31"]) == 1
    assert "forbids waivers for security.evasion" in capsys.readouterr().err
    assert main([*base, "--id", "W-3", "--control", "fairness.four_fifths_rule",
                 "--expires", "2026-03-31"]) == 1
    assert "compensating control" in capsys.readouterr().err
    assert main(["waiver", "approve", "W-1", "--approver", "li"]) == 1
    assert "other than the requester" in capsys.readouterr().err
    assert main(["waiver", "approve", "W-1", "--approver", "cro"]) == 0
    assert capsys.readouterr().out.startswith("W-1: approved by cro until 2026-03-31")
    assert main(["waiver", "list", "--json"]) == 0
    listed = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(w["id"], w["status"]) for w in listed] == [("W-1", "approved")]
    assert main(["waiver", "report", "--as-of", "2026-03-10", "--lang", "zh-CN"]) == 0
    out = capsys.readouterr().out
    assert "W-1" in out and "将在 21 天后" in out
    exported = Path(setup["dir"]) / "waivers.json"
    assert main(["waiver", "export", str(exported)]) == 0
    assert [w.id for w in read_waivers(exported)] == ["W-1"]
    assert main(["waiver", "revoke", "W-1", "--actor", "cro", "--reason", "model retired"]) == 0
    assert main(["waiver", "revoke", "W-1", "--actor", "cro", "--reason", "again"]) == 1


def test_bad_input_exits_2_with_one_line(setup: dict[str, str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    assert main(["review", "create", str(bad), "--actor", "li"]) == 2
    assert main(["review", "submit", "NOPE", "--actor", "li"]) == 2
    assert main(["review", "attach", "NOPE", setup["scan"], "--kind", "evidence",
                 "--actor", "x"]) == 2
    assert main(["review", "sign", "NOPE", "--role", "risk", "--person", "x",
                 "--at", "2026-01-01T09:00"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(line.startswith(("dfgov: error:", "Usage", "Try", "Error"))
               for line in err.splitlines() if line)
    assert date(2026, 1, 1)  # the clock the fixture set
