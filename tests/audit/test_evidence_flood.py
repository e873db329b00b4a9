"""Finding 6: verifying a bundle must not hang or flood, whatever the bundle holds.

Before the fix, ``verify_evidence`` hashed every member before looking at the signature:
a FIFO in a bundle blocked forever, a symlink to ``/dev/zero`` never ended (both even with
a bad signature), and a small zip was extracted to disk whatever it expanded to.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from dfgov.audit import verify_evidence
from tests.security_helpers import ATTACKER, SIGNER, bundle, python

posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")


def _verify_in_subprocess(path: Path) -> str:
    """Verify in a fresh interpreter killed after 60 s: a hang fails the test."""
    pem = SIGNER.public_key_pem().decode()
    code = ("from dfgov.audit import verify_evidence\n"
            f"r = verify_evidence({str(path)!r}, {pem!r}.encode())\n"
            "print(r.ok, r.signature_ok, sorted(r.changed), sorted(r.added))\n")
    proc = python(code, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@posix
@pytest.mark.parametrize("signed", [True, False])
def test_fifo_member_neither_hangs_nor_verifies(tmp_path: Path, signed: bool) -> None:
    b = bundle(tmp_path / "b")
    if not signed:  # a forged signature: nothing else may be read
        sig = ATTACKER.sign((b / "manifest.json").read_bytes())
        (b / "manifest.sig").write_text(base64.b64encode(sig).decode() + "\n")
    (b / "report.json").unlink()
    os.mkfifo(b / "report.json")
    os.mkfifo(b / "extra.fifo")
    out = _verify_in_subprocess(b)
    assert out.startswith("False")
    if signed:
        assert "report.json" in out and "extra.fifo" in out


@posix
def test_symlink_to_dev_zero_is_never_read(tmp_path: Path) -> None:
    b = bundle(tmp_path / "b")
    (b / "report.json").unlink()
    (b / "report.json").symlink_to("/dev/zero")
    (b / "files").mkdir(exist_ok=True)
    (b / "files" / "zero").symlink_to("/dev/zero")
    (b / "linked-dir").symlink_to("/dev", target_is_directory=True)
    out = _verify_in_subprocess(b)
    assert out.startswith("False True") and "report.json" in out and "files/zero" in out
    assert "linked-dir" in out


def test_signature_is_checked_before_any_member_is_read(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from dfgov.audit import _bundle

    read: list[str] = []
    real = _bundle._hash_stream
    monkeypatch.setattr(_bundle, "_hash_stream",
                        lambda fh, alg, limit: read.append("x") or real(fh, alg, limit))
    b = bundle(tmp_path / "b")
    result = verify_evidence(b, ATTACKER.public_key_pem())  # not the signer's key
    assert not result.ok and not result.signature_ok and read == []
    assert verify_evidence(b, SIGNER.public_key_pem()).ok and read  # the counter works


class _Counter:
    def __init__(self) -> None:
        self.bytes = 0


def test_zip_bomb_is_read_only_up_to_the_signed_size(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    src = bundle(tmp_path / "b.zip")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "report.json":
                zout.writestr(info.filename, zin.read(info))
                continue
            with zout.open("report.json", "w", force_zip64=True) as w:  # 256 MiB of zeros
                block = bytes(1 << 20)
                for _ in range(256):
                    w.write(block)
    assert bomb.stat().st_size < 2 << 20
    seen = _Counter()
    real_read = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = real_read(self, n)
        seen.bytes += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    result = verify_evidence(bomb, SIGNER.public_key_pem())
    assert not result.ok and result.changed == ("report.json",)
    assert seen.bytes < 4 << 20, seen.bytes  # not 256 MiB
    assert not list(tmp_path.glob("dfgov-evidence-*"))  # nothing extracted to disk


def test_member_count_and_byte_caps(tmp_path: Path) -> None:
    b = bundle(tmp_path / "b")
    for i in range(30):
        (b / f"junk-{i}.txt").write_text("x")
    result = verify_evidence(b, SIGNER.public_key_pem(), max_files=20)
    assert not result.ok and any("more than 20 members" in p for p in result.problems)
    z = shutil.make_archive(str(tmp_path / "z"), "zip", b)
    assert not verify_evidence(z, SIGNER.public_key_pem(), max_files=20).ok
    # a manifest without sizes (bundles of earlier versions) is read within a byte budget
    old = bundle(tmp_path / "old")
    manifest = json.loads((old / "manifest.json").read_text())
    del manifest["sizes"]
    raw = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (old / "manifest.json").write_bytes(raw)
    (old / "manifest.sig").write_text(base64.b64encode(SIGNER.sign(raw)).decode() + "\n")
    assert verify_evidence(old, SIGNER.public_key_pem()).ok
    capped = verify_evidence(old, SIGNER.public_key_pem(), max_bytes=100)
    assert not capped.ok and any("more than" in p for p in capped.problems)
