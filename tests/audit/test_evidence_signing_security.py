"""Finding 2: unsigned evidence must never pass as signed.

Before the fix, ``dfgov gate --evidence`` without ``--signing-key`` signed the bundle with a
throwaway key and wrote its public key beside the bundle: anyone could forge a bundle,
re-sign it with their own key, replace that file, and ``dfgov evidence verify`` said "ok".
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest

from dfgov.audit import verify_evidence
from dfgov.errors import InvalidInputError
from tests.security_helpers import ATTACKER, SIGNER, bundle, run


@pytest.fixture(scope="module")
def gate_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dfgov.datasets import load_german_credit

    ws = tmp_path_factory.mktemp("gate")
    df = load_german_credit()
    df = df.assign(decision=(df["credit_amount"] > 8000).astype(int))
    df[["default", "sex", "decision"]].to_csv(ws / "d.csv", index=False)
    return ws


def test_gate_refuses_evidence_without_a_signing_key(gate_inputs: Path) -> None:
    ws = gate_inputs
    r = run("gate", "--data", "d.csv", "--target", "default", "--sensitive", "sex",
            "--prediction-column", "decision", "--evidence", "bundle", cwd=ws)
    assert r.returncode == 2, r.stderr
    assert "--signing-key" in r.stderr and "Traceback" not in r.stderr
    assert not (ws / "bundle").exists()
    assert not list(ws.glob("*.pem"))  # no throwaway public key either


def test_unsigned_bundle_is_never_verified(tmp_path: Path) -> None:
    b = bundle(tmp_path / "b")
    (b / "manifest.sig").unlink()  # stripped of its signature
    result = verify_evidence(b, SIGNER.public_key_pem())
    assert not result.ok and result.unsigned and not result.signature_ok
    assert "unsigned" in result.problems[0]
    pub = tmp_path / "trusted.pem"
    SIGNER.save_public_key(pub)
    r = run("evidence", "verify", str(b), "--public-key", str(pub))
    assert r.returncode == 1
    assert r.stdout.startswith("UNSIGNED") and "unsigned" in r.stderr


def test_a_key_from_inside_the_bundle_is_never_trusted(tmp_path: Path) -> None:
    # The attacker rewrites the report, re-signs the manifest with their own key and puts
    # their public key into the bundle; a verifier pointed at that file must not say "ok".
    b = bundle(tmp_path / "b")
    shutil.rmtree(b / "files", ignore_errors=True)
    sig = ATTACKER.sign((b / "manifest.json").read_bytes())
    (b / "manifest.sig").write_text(base64.b64encode(sig).decode() + "\n")
    (b / "public_key.pem").write_bytes(ATTACKER.public_key_pem())
    with pytest.raises(InvalidInputError, match="inside the bundle"):
        verify_evidence(b, b / "public_key.pem")
    r = run("evidence", "verify", str(b), "--public-key", str(b / "public_key.pem"))
    assert r.returncode == 2 and "inside the bundle" in r.stderr
    assert not verify_evidence(b, SIGNER.public_key_pem()).ok  # the trusted key says no
