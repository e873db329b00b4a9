"""End to end: ``dfgov gate`` as a subprocess on German credit, JUnit, evidence, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

DFGOV = str(Path(sys.executable).with_name("dfgov"))

PASSING = """
[model_risk]
controls = ["fairness", "validation", "security"]
favourable_label = 0
score_direction = "higher_is_unfavourable"

[fairness]
sensitive_features = ["sex"]
min_group_size = 30
n_boot = 200

[[fairness.rules]]
metric = "demographic_parity"
kind = "ratio"
threshold = 0.8
name = "four_fifths_rule"

[validation]
min_auc = 0.6
warn_auc = 0.6
"""

FAILING = PASSING.replace("threshold = 0.8", "threshold = 0.999")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import skops.io as sio

    from dfgov.cli._demo import build_demo_model

    ws = tmp_path_factory.mktemp("gate")
    model, train, test = build_demo_model()
    sio.dump(model, ws / "model.skops")
    test.drop(columns=["age_band"]).to_csv(ws / "test.csv", index=False)
    train.drop(columns=["age_band"]).to_csv(ws / "train.csv", index=False)
    decisions = test.drop(columns=["age_band"])
    decisions["decision"] = (decisions["credit_amount"] > 8000).astype(int)  # 1 = declined
    decisions.to_csv(ws / "decisions.csv", index=False)
    (ws / "pass.toml").write_text(PASSING)
    (ws / "fail.toml").write_text(FAILING)
    return ws


def gate(ws: Path, *args: str,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([DFGOV, "gate", *args], capture_output=True, text=True, cwd=ws,
                          env=full_env, timeout=300)


def test_gate_pass_and_fail_with_junit_and_evidence(workspace: Path) -> None:
    ws = workspace
    common = ["--model", "model.skops", "--data", "test.csv", "--target", "default",
              "--sensitive", "sex", "--reference-data", "train.csv"]
    from dfgov.audit import Ed25519Signer

    signer = Ed25519Signer.generate()
    signer.save(ws / "sign.pem", passphrase=b"gate passphrase")
    signer.save_public_key(ws / "sign.pub.pem")
    ok = gate(ws, *common, "--policy", "pass.toml", "--junit", "pass.xml", "--json", "pass.json",
              "--evidence", "bundle-pass", "--signing-key", "sign.pem",
              env={"DFGOV_SIGNING_KEY_PASSPHRASE": "gate passphrase"})
    assert ok.returncode == 0, ok.stderr
    root = ET.parse(ws / "pass.xml").getroot()
    assert int(root.get("failures", "1")) == 0 and int(root.get("tests", "0")) > 0
    assert json.loads((ws / "pass.json").read_text())["summary"]["exit_code"] == 0

    bad = gate(ws, *common, "--policy", "fail.toml", "--junit", "fail.xml")
    assert bad.returncode == 1, bad.stderr
    root = ET.parse(ws / "fail.xml").getroot()
    failures = root.findall(".//failure")
    assert failures and any("four_fifths" in (c.get("classname", "") + c.get("name", ""))
                            or "ratio" in c.get("name", "")
                            for c in root.findall(".//testcase") if c.find("failure") is not None)

    # the evidence bundle verifies, and a one-byte change is detected
    verify = [DFGOV, "evidence", "verify", "bundle-pass", "--public-key", "sign.pub.pem"]
    assert subprocess.run(verify, cwd=ws, capture_output=True).returncode == 0
    report = ws / "bundle-pass" / "report.json"
    raw = bytearray(report.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    report.write_bytes(bytes(raw))
    assert subprocess.run(verify, cwd=ws, capture_output=True).returncode == 1


def test_gate_precomputed_predictions_and_env_vars(workspace: Path) -> None:
    ws = workspace
    env = {"DFGOV_DATA": "decisions.csv", "DFGOV_TARGET": "default", "DFGOV_SENSITIVE": "sex",
           "DFGOV_PREDICTION_COLUMN": "decision", "DFGOV_POLICY": "pass.toml"}
    r = gate(ws, "--markdown", "-", env=env)
    assert r.returncode == 0, r.stderr
    assert "four_fifths_rule" in r.stdout and "Overall status" in r.stderr


def test_gate_bad_input_is_one_line_exit_2(workspace: Path) -> None:
    ws = workspace
    cases = [
        ["--data", "test.csv", "--target", "nope", "--model", "model.skops"],
        ["--data", "missing.csv", "--target", "default", "--prediction-column", "x"],
        ["--data", "test.csv", "--target", "default", "--sensitive", "sex,race",
         "--prediction-column", "default"],
        ["--data", "test.csv", "--target", "default"],  # neither model nor predictions
    ]
    (ws / "model.pkl").write_bytes(b"not really a pickle")
    cases.append(["--data", "test.csv", "--target", "default", "--model", "model.pkl"])
    for args in cases:
        r = gate(ws, *args)
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr
        assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) <= 4, r.stderr


def test_model_features_selected_and_mismatch_named(workspace: Path) -> None:
    import pandas as pd
    import skops.io as sio
    from sklearn.linear_model import LogisticRegression

    ws = workspace
    df = pd.read_csv(ws / "test.csv")
    numeric = ["duration_months", "credit_amount", "installment_rate"]
    sio.dump(LogisticRegression(max_iter=500).fit(df[numeric], df["default"]), ws / "lr.skops")
    # the data file also holds sex, categorical columns...: only the model's columns go in
    ok = gate(ws, "--model", "lr.skops", "--data", "test.csv", "--target", "default",
              "--sensitive", "sex", "--policy", "pass.toml", "--json", "lr.json")
    assert ok.returncode in (0, 1), ok.stderr
    df.drop(columns=["credit_amount"]).to_csv(ws / "short.csv", index=False)
    bad = gate(ws, "--model", "lr.skops", "--data", "short.csv", "--target", "default",
               "--policy", "pass.toml")
    assert bad.returncode == 2 and "credit_amount" in bad.stderr and "Traceback" not in bad.stderr


def test_reports_are_reproducible_from_precomputed(workspace: Path) -> None:
    ws = workspace
    args = ["--data", "decisions.csv", "--target", "default", "--prediction-column", "decision",
            "--sensitive", "sex", "--policy", "pass.toml", "--fixed-time", "2026-01-01T00:00:00"]
    gate(ws, *args, "--json", "a.json", "--html", "a.html")
    gate(ws, *args, "--json", "b.json", "--html", "b.html")
    a, b = json.loads((ws / "a.json").read_text()), json.loads((ws / "b.json").read_text())
    a.pop("environment"), b.pop("environment")
    assert a == b
    assert (ws / "a.html").read_text() == (ws / "b.html").read_text()
