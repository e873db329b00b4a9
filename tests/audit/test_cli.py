"""``dfgov audit`` and ``dfgov evidence`` through the console script: exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dfgov.audit import AuditLog, Ed25519Signer, save_evidence
from dfgov.cli import main
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status

DFGOV = str(Path(sys.executable).with_name("dfgov"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The console script in a subprocess (the real exit code and streams)."""
    return subprocess.run([DFGOV, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})})


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same command in-process (faster): exit code, stdout, stderr."""
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_audit_verify_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "governance.db"
    log = AuditLog(db, actor="ci")
    log.append_many([{"action": "gate.run", "subject": "m", "payload": {"i": i}}
                     for i in range(5)])
    anchor = log.head()
    assert anchor is not None
    log.close()

    r = run("audit", "verify", str(db), "--anchor", anchor)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok") and anchor in r.stdout
    code, out, _ = call(capsys, "audit", "verify", str(db), "--json", "--lang", "zh-CN")
    assert code == 0 and json.loads(out)["events"] == 5
    assert "审计哈希链一致" in json.loads(out)["message"]

    code, out, _ = call(capsys, "audit", "show", str(db), "--json", "--last", "2")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [x["seq"] for x in lines] == [4, 5]
    assert lines[0]["payload"] == {"i": 3}
    code, out, _ = call(capsys, "audit", "show", str(db))
    assert code == 0 and len(out.splitlines()) == 5

    c = sqlite3.connect(db)
    c.execute("UPDATE dfgov_audit_events SET record = replace(record, 'gate.run', "
              "'gate.skip') WHERE seq = 3")
    c.commit()
    c.close()
    r = run("audit", "verify", str(db))
    assert r.returncode == 1 and r.stdout.startswith("TAMPERED")
    assert "Event 3" in r.stderr
    code, out, _ = call(capsys, "audit", "verify", str(db), "--json")
    assert code == 1 and json.loads(out)["first_bad_seq"] == 3

    c = sqlite3.connect(db)
    c.execute("DELETE FROM dfgov_audit_events WHERE seq >= 3")
    c.commit()
    c.close()
    assert call(capsys, "audit", "verify", str(db))[0] == 0  # shorter, but consistent
    code, _, err = call(capsys, "audit", "verify", str(db), "--anchor", anchor)
    assert code == 1 and "truncated" in err


def test_audit_unreadable_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database, just text" * 20)
    r = run("audit", "verify", str(junk))
    assert r.returncode == 2 and r.stderr.startswith("dfgov: error:")
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    for args in (("audit", "show", str(junk)), ("audit", "verify", str(tmp_path / "missing.db"))):
        code, _, err = call(capsys, *args)
        assert code == 2 and err.startswith("dfgov: error:"), (args, err)
    assert not (tmp_path / "missing.db").exists()
    ok = tmp_path / "ok.db"
    AuditLog(ok).close()
    assert call(capsys, "audit", "verify", str(ok), "--anchor", "xyz")[0] == 2


def test_keyed_log_needs_key_file(tmp_path: Path) -> None:
    key = os.urandom(32)
    (tmp_path / "key.bin").write_bytes(key)
    db = tmp_path / "k.db"
    AuditLog(db, hmac_key=key, actor="x").append(action="a")
    assert main(["audit", "verify", str(db)]) == 2
    assert main(["audit", "verify", str(db), "--key-file", str(tmp_path / "key.bin")]) == 0
    os.environ["DFGOV_AUDIT_KEY_FILE"] = str(tmp_path / "key.bin")
    try:
        assert main(["audit", "verify", str(db)]) == 0
    finally:
        del os.environ["DFGOV_AUDIT_KEY_FILE"]


def test_evidence_verify_and_keygen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DFGOV_SIGNING_PASSPHRASE", "a long passphrase")
    keygen = ["evidence", "keygen", str(tmp_path / "sign.pem"), "--public-key",
              str(tmp_path / "pub.pem")]
    assert main(keygen) == 0
    assert main(keygen) == 2  # exists
    signer = Ed25519Signer.load(tmp_path / "sign.pem", passphrase=b"a long passphrase")
    report = Report.build([Finding(control="c", status=Status.FAIL,
                                   message=LocalizedText.same("no"))])
    bundle = save_evidence(report, tmp_path / "bundle", signer=signer, operator="ci")
    pub = str(tmp_path / "pub.pem")
    r = run("evidence", "verify", str(bundle), "--public-key", pub)
    assert r.returncode == 0 and r.stdout.startswith("ok"), r.stderr
    assert main(["evidence", "verify", str(bundle), "--public-key", pub, "--json"]) == 0

    report_json = bundle / "report.json"
    raw = bytearray(report_json.read_bytes())
    raw[10] ^= 1
    report_json.write_bytes(bytes(raw))
    r = run("evidence", "verify", str(bundle), "--public-key", pub)
    assert r.returncode == 1 and "report.json" in r.stderr

    other = tmp_path / "other.pem"
    Ed25519Signer.generate().save_public_key(other)
    raw[10] ^= 1
    report_json.write_bytes(bytes(raw))
    assert main(["evidence", "verify", str(bundle), "--public-key", pub]) == 0
    assert main(["evidence", "verify", str(bundle), "--public-key", str(other)]) == 1
    r = run("evidence", "verify", str(tmp_path / "none"), "--public-key", pub)
    assert r.returncode == 2 and r.stderr.startswith("dfgov: error:")
    assert main(["evidence", "verify", str(bundle), "--public-key",
                 str(tmp_path / "no.pem")]) == 2
