"""Finding 10 (CLI keys): ``evidence keygen --force`` and the gate's keyed audit log.

Before the fix, ``dfgov evidence keygen --force`` kept an existing file's 0644 mode (the
private key became world-readable) and followed a symbolic link (writing the key wherever
it pointed); and ``dfgov gate`` could not append to a keyed audit log at all.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from dfgov.audit import AuditLog, Ed25519Signer
from tests.security_helpers import run

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and links")
ENV = {"DFGOV_SIGNING_PASSPHRASE": "a long passphrase"}


@posix
def test_keygen_force_writes_0600(tmp_path: Path) -> None:
    key, pub = tmp_path / "sign.pem", tmp_path / "pub.pem"
    key.write_text("old")
    key.chmod(0o644)
    r = run("evidence", "keygen", str(key), "--public-key", str(pub), "--force", env=ENV)
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    Ed25519Signer.load(key, passphrase=ENV["DFGOV_SIGNING_PASSPHRASE"].encode())


@posix
@pytest.mark.parametrize("which", ["private", "public"])
def test_keygen_refuses_symlinks(tmp_path: Path, which: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    key, pub = tmp_path / "sign.pem", tmp_path / "pub.pem"
    (key if which == "private" else pub).symlink_to(victim)
    r = run("evidence", "keygen", str(key), "--public-key", str(pub), "--force", env=ENV)
    assert r.returncode == 2 and "symbolic link" in r.stderr and "Traceback" not in r.stderr
    assert victim.read_text() == "precious"
    signer = Ed25519Signer.generate()
    with pytest.raises(Exception, match="symbolic link"):
        if which == "private":
            signer.save(key, passphrase=b"a long passphrase")
        else:
            signer.save_public_key(pub)
    assert victim.read_text() == "precious"


def test_gate_appends_to_a_keyed_audit_log(tmp_path: Path) -> None:
    from dfgov.datasets import load_german_credit

    df = load_german_credit()
    df.assign(decision=(df["credit_amount"] > 8000).astype(int))[
        ["default", "sex", "decision"]].to_csv(tmp_path / "d.csv", index=False)
    key = os.urandom(32)
    (tmp_path / "audit.key").write_bytes(key)
    AuditLog(tmp_path / "gov.db", hmac_key=key).close()
    (tmp_path / "policy.toml").write_text("[model_risk]\nfavourable_label = 0\n")
    common = ["gate", "--data", "d.csv", "--target", "default", "--sensitive", "sex",
              "--prediction-column", "decision", "--audit-db", "gov.db", "--json", "r.json",
              "--policy", "policy.toml"]
    assert run(*common, cwd=tmp_path).returncode == 2  # keyed: refused without the key
    r = run(*common, "--audit-key-file", "audit.key", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    log = AuditLog(tmp_path / "gov.db", hmac_key=key)
    assert [e.action for e in log.events()] == ["assessment.run"]
    assert log.verify().proves == "keyed"
    log.close()
