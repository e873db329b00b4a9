"""Shared helpers of the security regression tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dfgov import Policy
from dfgov.audit import Ed25519Signer, save_evidence
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status

DFGOV = str(Path(sys.executable).with_name("dfgov"))
SIGNER = Ed25519Signer.generate()
ATTACKER = Ed25519Signer.generate()


def report(**finding: object) -> Report:
    """A small passing report (its one finding takes the given fields)."""
    fields: dict[str, object] = {"control": "fairness.dp", "status": Status.PASS,
                                 "message": LocalizedText.same("ok"), "value": 0.03}
    fields.update(finding)
    return Report.build([Finding(**fields)], policy=Policy.default(),  # type: ignore[arg-type]
                        fingerprints={"model": "ab" * 32})


def bundle(path: Path, signer: Ed25519Signer = SIGNER) -> Path:
    """A signed evidence bundle (directory, or zip when ``path`` ends in .zip)."""
    return save_evidence(report(), path, signer=signer, operator="ci")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The dfgov console script in a subprocess (real exit code and streams)."""
    return subprocess.run([DFGOV, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200",
                                        **(env or {})})


def python(code: str, *, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, killed after ``timeout`` seconds (a hang fails)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout)
