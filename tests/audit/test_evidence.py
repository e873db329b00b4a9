"""Evidence bundles: written, verified, and any change is found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dfgov import Policy
from dfgov.audit import AuditLog, Ed25519Signer, save_evidence, verify_evidence
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status
from tests.conftest import budget

SIGNER = Ed25519Signer.generate()
OTHER = Ed25519Signer.generate()


def _report() -> Report:
    return Report.build(
        [Finding(control="fairness.dp", status=Status.PASS, message=LocalizedText.same("ok"),
                 value=0.03, threshold=0.1)],
        policy=Policy.default(), fingerprints={"model": "ab" * 32, "data": "cd" * 32},
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ev")
    policy_file = root / "policy.toml"
    policy_file.write_text('[policy]\nname = "retail-credit"  # comment kept\n')
    card = root / "model_card.md"
    card.write_text("# Model card\n")
    return save_evidence(_report(), root / "bundle", signer=SIGNER,
                         policy_file=policy_file, operator="alice",
                         extra_files=[card], algorithm="sha256")


def test_bundle_contents_and_verifies(template: Path) -> None:
    names = sorted(p.relative_to(template).as_posix() for p in template.rglob("*")
                   if p.is_file())
    assert names == sorted([
        "environment.json", "files/model_card.md", "fingerprints.json", "manifest.json",
        "manifest.sig", "policy.toml", "provenance.json", "public_key.pem", "report.json",
    ])
    assert "# comment kept" in (template / "policy.toml").read_text()
    prov = json.loads((template / "provenance.json").read_text())
    assert prov["operator"] == "alice" and prov["exit_code"] == 0
    fps = json.loads((template / "fingerprints.json").read_text())
    assert {"model", "data", "policy", "policy_file"} <= set(fps)
    assert Report.from_json((template / "report.json").read_text()).findings[0].value == 0.03
    result = verify_evidence(template, SIGNER.public_key_pem())
    assert result.ok and result.signature_ok and result.files == 7
    assert result.key_id == SIGNER.key_id and result.problems == []


@settings(budget.medium, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_one_byte_change_is_found(template: Path, tmp_path: Path,
                                      data: st.DataObject) -> None:
    bundle = tmp_path / f"b{data.draw(st.integers(0, 10**9))}"
    shutil.copytree(template, bundle)
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    target = data.draw(st.sampled_from(files), label="file")
    raw = bytearray(target.read_bytes())
    i = data.draw(st.integers(0, len(raw) - 1), label="offset")
    raw[i] ^= data.draw(st.integers(1, 255), label="xor")
    target.write_bytes(bytes(raw))
    result = verify_evidence(bundle, SIGNER.public_key_pem())
    assert not result.ok and result.problems
    name = target.relative_to(bundle).as_posix()
    if name in ("manifest.json", "manifest.sig"):
        assert not result.signature_ok
    else:
        assert result.changed == (name,)
    shutil.rmtree(bundle)


def test_added_removed_and_wrong_key(template: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(template, bundle)
    (bundle / "files" / "extra.txt").write_text("smuggled")
    r = verify_evidence(bundle, SIGNER.public_key_pem())
    assert not r.ok and r.added == ("files/extra.txt",)
    (bundle / "files" / "extra.txt").unlink()
    (bundle / "environment.json").unlink()
    r = verify_evidence(bundle, SIGNER.public_key_pem())
    assert not r.ok and r.missing == ("environment.json",)
    r = verify_evidence(template, OTHER.public_key_pem())
    assert not r.ok and not r.signature_ok
    # the key inside the bundle is never trusted: re-signing with another key fails
    forged = tmp_path / "forged"
    shutil.copytree(template, forged)
    import base64

    sig = OTHER.sign((forged / "manifest.json").read_bytes())
    (forged / "manifest.sig").write_text(base64.b64encode(sig).decode())
    (forged / "public_key.pem").write_bytes(OTHER.public_key_pem())
    assert not verify_evidence(forged, SIGNER.public_key_pem()).ok
    good = (template / "manifest.sig").read_bytes()
    for variant in (good + b"\n", good[:-1], good[:-1] + b"\r\n", b" " + good):
        (forged / "manifest.sig").write_bytes(variant)  # same signature, other bytes
        assert not verify_evidence(forged, SIGNER.public_key_pem()).signature_ok
    (forged / "manifest.sig").unlink()
    assert not verify_evidence(forged, SIGNER.public_key_pem()).signature_ok


def test_unreadable_and_bad_input(template: Path, tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        verify_evidence(tmp_path / "nope", SIGNER.public_key_pem())
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputFileError, match="not an evidence bundle"):
        verify_evidence(tmp_path / "empty", SIGNER.public_key_pem())
    with pytest.raises(InputFileError, match="exists"):
        save_evidence(_report(), template, signer=SIGNER)
    with pytest.raises(InvalidInputError, match="'signer'"):
        save_evidence(_report(), tmp_path / "x", signer=object())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'algorithm'"):
        save_evidence(_report(), tmp_path / "x", signer=SIGNER, algorithm="md5")
    assert not (tmp_path / "x").exists()


def test_sm3_policy_object_and_audit_event(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "gov.db", actor="ci")
    bundle = save_evidence(_report(), tmp_path / "sm3", signer=SIGNER,
                           policy=Policy.default(), algorithm="sm3", audit=log,
                           extra_files={"docs/card.md": _write(tmp_path / "c.md")})
    assert (bundle / "policy.toml").is_file() and (bundle / "files/docs/card.md").is_file()
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["algorithm"] == "sm3"
    assert verify_evidence(bundle, SIGNER.verifier()).ok
    [event] = list(log.events())
    assert event.action == "evidence.saved" and event.payload["key_id"] == SIGNER.key_id
    assert json.loads((bundle / "provenance.json").read_text())["audit_log_head"] is None
    import hashlib

    assert event.payload["manifest_digest"] != hashlib.sha256(
        (bundle / "manifest.json").read_bytes()).hexdigest()  # sm3, not sha256
    second = save_evidence(_report(), tmp_path / "second", signer=SIGNER, audit=log)
    prov = json.loads((second / "provenance.json").read_text())
    assert prov["audit_log_head"] == event.hash
    assert log.verify(anchor=prov["audit_log_head"]).ok
    assert log.verify().ok


def _write(p: Path) -> Path:
    p.write_text("card")
    return p


def test_zip_bundle_round_trip_and_tampering(tmp_path: Path) -> None:
    import zipfile
    from datetime import UTC, datetime

    from dfgov.clock import FixedClock

    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))  # reproducible: same bytes twice
    report = _report().model_copy(update={"environment": {"python": "3.11"}})
    a = save_evidence(report, tmp_path / "a.zip", signer=SIGNER, policy=Policy.default(),
                      clock=clock)
    b = save_evidence(report, tmp_path / "b.zip", signer=SIGNER, policy=Policy.default(),
                      clock=clock)
    assert zipfile.is_zipfile(a) and a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob(".*"))  # no temporary leftovers
    assert verify_evidence(a, SIGNER.public_key_pem()).ok
    assert not verify_evidence(a, OTHER.public_key_pem()).ok

    def rezip(src: Path, dest: Path, change: str | None = None, add: str | None = None) -> Path:
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == change:
                    data = data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
                zout.writestr(info.filename, data)
            if add is not None:
                zout.writestr(add, b"smuggled")
        return dest

    r = verify_evidence(rezip(a, tmp_path / "c.zip", change="report.json"),
                        SIGNER.public_key_pem())
    assert not r.ok and r.changed == ("report.json",)
    r = verify_evidence(rezip(a, tmp_path / "d.zip", add="../escape.txt"),
                        SIGNER.public_key_pem())
    assert not r.ok and r.added == ("../escape.txt",)
    assert not (tmp_path.parent / "escape.txt").exists()
    (tmp_path / "e.zip").write_bytes(a.read_bytes()[:100])
    with pytest.raises(InputFileError):
        verify_evidence(tmp_path / "e.zip", SIGNER.public_key_pem())
