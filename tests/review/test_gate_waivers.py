"""``dfgov gate --waivers``: the same failing findings fail without a waiver, are ``waived``
(exit 0, never "pass") with a valid one, and fail again after its expiry and for another
model version; a waiver for a non-waivable control is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from dfgov.audit import AuditLog
from dfgov.cli._app import main
from dfgov.errors import LifecycleError
from dfgov.review import WaiverRegister, dump_waivers

from . import evidence as ev

FAILING = ("fairness.demographic_parity_difference", "fairness.four_fifths_rule")


@pytest.fixture
def gate_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")  # 2026-03-01T12:00Z
    data = ev.german()[["default", "sex"]].assign(decision=ev.decisions(fair=False))
    csv = tmp_path / "scored.csv"
    data.to_csv(csv, index=False)
    policy = tmp_path / "policy.toml"
    policy.write_text(ev.fairness_policy().dumps(), "utf-8")
    strict = tmp_path / "strict.toml"
    strict.write_text(ev.fairness_policy().dumps()
                      + '\n[waivers]\nnon_waivable = ["fairness.four_fifths_rule"]\n', "utf-8")
    db = str(tmp_path / "governance.db")
    with WaiverRegister(db) as reg:
        for i, control in enumerate(FAILING, start=1):
            reg.request(id=f"W-{i}", control=control, subject="sex", model="scorer",
                        version="1.0", reason="retraining with a fairness constraint",
                        compensating_controls=["officer reviews every declined woman"],
                        requester="li", valid_from=date(2026, 2, 1), expires=date(2026, 4, 30),
                        at=datetime(2026, 2, 1, 9, tzinfo=UTC))
            reg.approve(f"W-{i}", approver="cro", at=datetime(2026, 2, 2, 9, tzinfo=UTC))
        exported = tmp_path / "waivers.json"
        exported.write_text(dump_waivers(reg.all()), "utf-8")
    return {"csv": str(csv), "policy": str(policy), "strict": str(strict), "db": db,
            "file": str(exported), "dir": tmp_path}


def gate(files: dict[str, Any], *extra: str, policy: str = "policy") -> list[str]:
    out = files["dir"] / "out"
    return ["gate", "--data", files["csv"], "--target", "default", "--sensitive", "sex",
            "--prediction-column", "decision", "--policy", files[policy],
            "--json", str(out / "gate.json"), "--junit", str(out / "gate.xml"),
            "--html", str(out / "gate.html"), "--markdown", str(out / "gate.md"), *extra]


def outputs(files: dict[str, Any]) -> dict[str, Any]:
    out = files["dir"] / "out"
    return {"json": json.loads((out / "gate.json").read_text("utf-8")),
            "junit": ET.fromstring((out / "gate.xml").read_text("utf-8")),
            "html": (out / "gate.html").read_text("utf-8"),
            "md": (out / "gate.md").read_text("utf-8")}


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {f["control"]: f["status"] for f in report["findings"] if f["control"] in FAILING}


def test_waived_with_a_valid_waiver_and_failing_otherwise(
        gate_files: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    scope = ["--model-id", "scorer", "--model-version", "1.0"]
    # without a waiver: the fairness findings fail the gate
    assert main(gate(gate_files)) == 1
    assert set(statuses(outputs(gate_files)["json"]).values()) == {"fail"}

    # with the approved waivers of the register: waived, exit 0, never "pass"
    assert main(gate(gate_files, "--waivers", gate_files["db"], *scope)) == 0
    err = capsys.readouterr().err
    assert "waiver W-1: applied" in err and "waived" in err
    got = outputs(gate_files)
    assert statuses(got["json"]) == dict.fromkeys(FAILING, "waived")
    assert got["json"]["summary"]["exit_code"] == 0
    assert got["json"]["summary"]["counts"]["waived"] == 2
    waived = [f for f in got["json"]["findings"] if f["status"] == "waived"]
    assert {(f["waiver"]["id"], f["waiver"]["approver"]) for f in waived} == {
        ("W-1", "cro"), ("W-2", "cro")}
    assert got["junit"].get("failures") == "0" and got["junit"].get("waived") == "2"
    for control in FAILING:
        case = got["junit"].find(f".//testcase[@classname='dfgov.{control}']")
        assert case is not None and case.find("failure") is None
        assert (case.findtext("system-out") or "").startswith("[waived]")
        row = next(r for r in got["md"].splitlines() if f"`{control}`" in r)
        assert "waived" in row and "pass" not in row.lower()
    html = got["html"]  # each waived finding's row, and the summary's verdict, say waived
    assert html.count('<td class="status"><span class="badge waived">waived</span></td>') == 2
    assert '<h2 id="dfgov-summary">Summary <span class="badge waived">waived</span>' in html
    log = AuditLog(gate_files["db"], create=False)
    try:
        applied = [json.loads(e.payload_json) for e in log.events(action="waiver.applied")]
        assert {(p["waiver"], p["model"], p["version"]) for p in applied} == {
            ("W-1", "scorer", "1.0"), ("W-2", "scorer", "1.0")}
        assert log.verify().ok
    finally:
        log.close()

    # after the expiry: no effect, the gate fails and says why
    assert main(gate(gate_files, "--waivers", gate_files["db"], *scope,
                     "--fixed-time", "2026-05-01T12:00:00+00:00")) == 1
    assert "waiver W-2: expired" in capsys.readouterr().err
    got = outputs(gate_files)
    assert set(statuses(got["json"]).values()) == {"fail"}
    notes = [f for f in got["json"]["findings"] if f["control"] == "waivers.not_applied"]
    assert {n["subject"] for n in notes} == {"W-1", "W-2"}
    assert all("expired on 2026-04-30" in n["message"]["en"] for n in notes)

    # another model version: out of scope
    assert main(gate(gate_files, "--waivers", gate_files["db"], "--model-id", "scorer",
                     "--model-version", "1.1")) == 1
    assert "covers scorer@1.0, not scorer@1.1" in capsys.readouterr().err
    assert set(statuses(outputs(gate_files)["json"]).values()) == {"fail"}


def test_a_non_waivable_control_is_refused(gate_files: dict[str, Any],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from dfgov import Policy

    strict = Policy.load(gate_files["strict"])
    with WaiverRegister(gate_files["db"], policy=strict) as reg, \
            pytest.raises(LifecycleError, match=r"forbids waivers for fairness\.four_fifths_rule"):
        reg.request(id="W-9", control="fairness.four_fifths_rule", subject="sex",
                    model="scorer", version="1.0", reason="r", requester="li",
                    compensating_controls=["x"], expires=date(2026, 4, 30))
    # a waiver approved elsewhere (a file) is refused at the gate under the strict policy
    assert main(gate(gate_files, "--waivers", gate_files["file"], "--model-id", "scorer",
                     "--model-version", "1.0", "--audit-db", gate_files["db"],
                     policy="strict")) == 1
    assert "forbids waivers for control fairness.four_fifths_rule" in capsys.readouterr().err
    assert statuses(outputs(gate_files)["json"]) == {
        "fairness.demographic_parity_difference": "waived",
        "fairness.four_fifths_rule": "fail"}


def test_gate_waiver_usage_errors_exit_2(gate_files: dict[str, Any],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(gate(gate_files, "--waivers", gate_files["db"])) == 2
    assert "needs --model-id and --model-version" in capsys.readouterr().err
    assert main(gate(gate_files, "--waivers", gate_files["file"], "--model-id", "scorer",
                     "--model-version", "1.0")) == 2
    assert "needs --audit-db" in capsys.readouterr().err
    missing = str(gate_files["dir"] / "nope.db")
    assert main(gate(gate_files, "--waivers", missing, "--model-id", "scorer",
                     "--model-version", "1.0")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_gate_subprocess_with_waivers_from_the_environment(gate_files: dict[str, Any]) -> None:
    env = {**os.environ, "DFGOV_WAIVERS": gate_files["db"], "DFGOV_MODEL_ID": "scorer",
           "DFGOV_MODEL_VERSION": "1.0"}
    dfgov = str(Path(sys.executable).with_name("dfgov"))
    done = subprocess.run([dfgov, *gate(gate_files)], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "waived" in done.stderr


def test_model_risk_assessment_applies_waivers(gate_files: dict[str, Any]) -> None:
    from dfgov.audit import MemoryAuditLog
    from dfgov.errors import InvalidInputError
    from dfgov.model_risk import ModelRiskAssessment
    from dfgov.review import load_waivers

    audit = MemoryAuditLog()
    d = ev.german()
    args = (None, None, d["default"].to_numpy())
    kw: dict[str, Any] = {"y_pred": ev.decisions(fair=False), "sensitive_features": d[["sex"]]}
    waivers = load_waivers(gate_files["db"])
    report = ModelRiskAssessment(ev.fairness_policy(), audit=audit, actor="ci").run(
        *args, **kw, waivers=waivers,
        metadata={"model_id": "scorer", "model_version": "1.0"})
    assert {f.control: f.status.value for f in report.findings
            if f.control in FAILING} == dict.fromkeys(FAILING, "waived")
    assert report.exit_code == 0
    actions = [e["action"] for e in audit.events]
    assert actions == ["waiver.applied", "waiver.applied", "assessment.run"]
    assert audit.events[-1]["payload"]["counts"]["waived"] == 2
    with pytest.raises(InvalidInputError, match="model_id"):
        ModelRiskAssessment(ev.fairness_policy()).run(*args, **kw, waivers=waivers)
