"""SM2-signed evidence bundles and audit-log anchors, from Python and from the CLI.

The end-to-end test runs ``dfgov evidence keygen --algorithm sm2``, ``dfgov gate
--signing-key`` (the algorithm told from the key) and ``dfgov evidence verify`` as
subprocesses on German credit, and OpenSSL 3 verifies the bundle's manifest
signature on its own, as an auditor without dfgov would.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dfgov import Policy
from dfgov.audit import (
    AuditLog,
    Ed25519Signer,
    SM2Signer,
    save_evidence,
    sign_anchor,
    verify_anchor,
    verify_evidence,
)
from dfgov.cli import main
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status
from tests.sm2_oracles import needs_openssl, openssl_verify

DFGOV = str(Path(sys.executable).with_name("dfgov"))
SIGNER = SM2Signer.generate()
PASS = "a long passphrase"


def _report() -> Report:
    return Report.build(
        [Finding(control="fairness.dp", status=Status.PASS, message=LocalizedText.same("ok"),
                 value=0.03, threshold=0.1)],
        policy=Policy.default(), fingerprints={"model": "ab" * 32},
    )


def run(*args: str, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DFGOV, *args], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})})


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_evidence(_report(), tmp_path_factory.mktemp("sm2ev") / "bundle", signer=SIGNER,
                         algorithm="sm3")


def test_bundle_records_its_algorithm_and_verifies(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["signature_algorithm"] == "sm2-sm3"
    assert manifest["signer_id_hex"] == b"1234567812345678".hex()
    assert manifest["algorithm"] == "sm3" and manifest["key_id"] == SIGNER.key_id
    result = verify_evidence(bundle, SIGNER.public_key_pem())
    assert result.ok and result.signature_algorithm == "sm2-sm3"


def test_key_of_another_algorithm_fails_clearly(bundle: Path) -> None:
    result = verify_evidence(bundle, Ed25519Signer.generate().public_key_pem())
    assert not result.ok and not result.signature_ok
    assert "signed with sm2-sm3 but the given public key is ed25519" in result.problems[0]
    assert "sm2-sm3" in result.messages[0].get("zh-CN")
    other = verify_evidence(bundle, SM2Signer.generate().public_key_pem())
    assert not other.ok and "does not verify" in other.problems[0]


def test_signer_id_is_recorded_and_a_mismatch_is_named(tmp_path: Path) -> None:
    signer = SM2Signer(SIGNER._key, signer_id="risk-office@bank.example")
    b = save_evidence(_report(), tmp_path / "b", signer=signer)
    assert verify_evidence(b, signer.verifier()).ok
    result = verify_evidence(b, SIGNER.public_key_pem())  # default ID
    assert not result.ok
    assert b"risk-office@bank.example".hex() in result.problems[0]


@needs_openssl
def test_openssl_verifies_the_manifest_signature(bundle: Path, tmp_path: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text())
    sig = tmp_path / "manifest.der"
    sig.write_bytes(base64.b64decode((bundle / "manifest.sig").read_text()))
    pub = tmp_path / "pub.pem"
    pub.write_bytes(SIGNER.public_key_pem())
    signer_id = bytes.fromhex(manifest["signer_id_hex"])
    assert openssl_verify(pub, bundle / "manifest.json", sig, signer_id)
    changed = tmp_path / "manifest.json"
    raw = bytearray((bundle / "manifest.json").read_bytes())
    raw[5] ^= 1
    changed.write_bytes(bytes(raw))
    assert not openssl_verify(pub, changed, sig, signer_id)


def test_signed_anchor_detects_truncation_and_forgery(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.db", algorithm="sm3")
    for i in range(5):
        log.append(action="gate.decision", subject=f"m{i}", payload={"i": i})
    doc = sign_anchor(log, SIGNER, note="CHG-1234")
    assert doc["signature_algorithm"] == "sm2-sm3" and doc["anchor"]["events"] == 5
    pub = SIGNER.public_key_pem()
    assert verify_anchor(log, doc, pub).ok
    log.append(action="later", subject=None, payload={})
    assert verify_anchor(log, json.dumps(doc), pub).ok  # an old anchor stays valid

    forged = json.loads(json.dumps(doc))
    forged["anchor"]["events"] = 4
    r = verify_anchor(log, forged, pub)
    assert not r.ok and r.code == "anchor_signature"
    r = verify_anchor(log, doc, Ed25519Signer.generate().public_key_pem())
    assert not r.ok and "signed with sm2-sm3" in (r.reason or "")
    other = AuditLog(tmp_path / "b.db")
    other.append(action="x", subject=None, payload={})
    r = verify_anchor(other, doc, pub)
    assert not r.ok and r.code == "anchor_log"

    with log._engine.begin() as conn:  # truncate the tail behind the log's back
        conn.exec_driver_sql("DELETE FROM dfgov_audit_events WHERE seq >= 4")
    r = verify_anchor(log, doc, pub)
    assert not r.ok and r.code == "anchor"
    with pytest.raises(InputFileError, match="dfgov-audit-anchor/1"):
        verify_anchor(log, b"{}", pub)
    with pytest.raises(InvalidInputError, match="empty"):
        sign_anchor(AuditLog(tmp_path / "c.db"), SIGNER)
    log.close()
    other.close()


@pytest.fixture(scope="module")
def gate_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dfgov.datasets import load_german_credit

    ws = tmp_path_factory.mktemp("sm2gate")
    df = load_german_credit()
    df = df.assign(decision=(df["credit_amount"] > 8000).astype(int))
    df.to_csv(ws / "decisions.csv", index=False)
    (ws / "policy.toml").write_text(
        '[model_risk]\ncontrols = ["fairness"]\nscore_direction = "higher_is_unfavourable"\n'
        'favourable_label = 0\n'
        '[fairness]\nsensitive_features = ["sex"]\nmin_group_size = 30\nn_boot = 50\n')
    (ws / "sm-policy.toml").write_text(
        (ws / "policy.toml").read_text()
        + '[data_security.crypto]\nsignature_algorithm = "sm2-sm3"\n')
    return ws


def test_gate_signs_with_sm2_and_the_cli_verifies(gate_ws: Path) -> None:
    ws, env = gate_ws, {"DFGOV_SIGNING_PASSPHRASE": PASS, "DFGOV_SIGNING_KEY_PASSPHRASE": PASS}
    k = run("evidence", "keygen", "sm2.pem", "--public-key", "sm2.pub.pem", "--algorithm", "sm2",
            cwd=ws, env=env)
    assert k.returncode == 0 and "algorithm=sm2-sm3" in k.stdout, k.stderr
    assert b"ENCRYPTED PRIVATE KEY" in (ws / "sm2.pem").read_bytes()
    g = run("gate", "--data", "decisions.csv", "--target", "default", "--sensitive", "sex",
            "--prediction-column", "decision", "--policy", "sm-policy.toml",
            "--evidence", "bundle", "--signing-key", "sm2.pem", "--json", "r.json",
            cwd=ws, env=env)
    assert g.returncode in (0, 1), g.stderr
    manifest = json.loads((ws / "bundle" / "manifest.json").read_text())
    assert manifest["signature_algorithm"] == "sm2-sm3"

    v = run("evidence", "verify", "bundle", "--public-key", "sm2.pub.pem", "--algorithm", "sm2",
            cwd=ws)
    assert v.returncode == 0 and v.stdout.startswith("ok") and "sm2-sm3" in v.stdout, v.stderr
    report = ws / "bundle" / "report.json"
    raw = bytearray(report.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # one byte changed
    report.write_bytes(bytes(raw))
    v = run("evidence", "verify", "bundle", "--public-key", "sm2.pub.pem", cwd=ws)
    assert v.returncode == 1 and "report.json" in v.stderr
    raw[len(raw) // 2] ^= 0x01
    report.write_bytes(bytes(raw))
    assert run("evidence", "verify", "bundle", "--public-key", "sm2.pub.pem",
               cwd=ws).returncode == 0

    # a key of the other algorithm: verification fails and says why; --algorithm refuses it
    assert main(["evidence", "keygen", str(ws / "ed.pem"), "--public-key",
                 str(ws / "ed.pub.pem"), "--unencrypted"]) == 0
    v = run("evidence", "verify", "bundle", "--public-key", "ed.pub.pem", cwd=ws)
    assert v.returncode == 1 and "signed with sm2-sm3" in v.stderr
    v = run("evidence", "verify", "bundle", "--public-key", "ed.pub.pem", "--algorithm", "sm2",
            cwd=ws)
    assert v.returncode == 2 and "sm2-sm3 is required" in v.stderr


def test_policy_chooses_the_algorithm(gate_ws: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gate_ws
    monkeypatch.setenv("DFGOV_SIGNING_PASSPHRASE", PASS)
    assert main(["evidence", "keygen", str(ws / "p.pem"), "--public-key", str(ws / "p.pub"),
                 "--policy", str(ws / "sm-policy.toml")]) == 0
    assert b"ENCRYPTED" in (ws / "p.pem").read_bytes()
    assert SM2Signer.load(ws / "p.pem", passphrase=PASS.encode()).algorithm == "sm2-sm3"
    assert main(["evidence", "keygen", str(ws / "q.pem"), "--public-key", str(ws / "q.pub"),
                 "--policy", str(ws / "sm-policy.toml"), "--algorithm", "ed25519"]) == 2
    monkeypatch.delenv("DFGOV_SIGNING_PASSPHRASE")
    assert main(["evidence", "keygen", str(ws / "ed2.pem"), "--public-key",
                 str(ws / "ed2.pub"), "--unencrypted"]) == 0
    g = run("gate", "--data", "decisions.csv", "--target", "default", "--sensitive", "sex",
            "--prediction-column", "decision", "--policy", "sm-policy.toml",
            "--evidence", "bundle-ed", "--signing-key", "ed2.pem", cwd=ws)
    assert g.returncode == 2 and "sm2-sm3 is required" in g.stderr
    assert not (ws / "bundle-ed").exists()


def test_anchor_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DFGOV_SIGNING_KEY_PASSPHRASE", PASS)
    SIGNER.save(tmp_path / "k.pem", passphrase=PASS.encode())
    SIGNER.save_public_key(tmp_path / "k.pub")
    log = AuditLog(tmp_path / "g.db")
    log.append(action="gate.decision", subject="m", payload={})
    log.close()
    db, anchor = str(tmp_path / "g.db"), str(tmp_path / "anchor.json")
    assert main(["evidence", "anchor", db, "--signing-key", str(tmp_path / "k.pem"),
                 "--out", anchor, "--note", "release 7"]) == 0
    assert "algorithm=sm2-sm3" in capsys.readouterr().out
    assert main(["evidence", "anchor", db, "--signing-key", str(tmp_path / "k.pem"),
                 "--out", anchor]) == 2  # exists
    assert main(["evidence", "verify-anchor", db, anchor, "--public-key",
                 str(tmp_path / "k.pub")]) == 0
    doc = json.loads(Path(anchor).read_text())
    doc["anchor"]["note"] = "release 8"
    Path(anchor).write_text(json.dumps(doc))
    assert main(["evidence", "verify-anchor", db, anchor, "--public-key",
                 str(tmp_path / "k.pub")]) == 1
