"""The review's "held up" list, where no test elsewhere covered it already.

The rest of that list is covered where the code lives (docs/security.md maps each item to
its tests): crypto in ``tests/data_protection/crypto``, the audit chain in
``tests/audit/test_verify.py``, re-signed bundles in ``tests/audit/test_evidence.py``.
"""

from __future__ import annotations

import contextlib
import pickle
import stat
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from dfgov.audit import AuditLog, verify_evidence
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.model_risk.inventory import ModelInventory
from tests.security_helpers import SIGNER, bundle, report


def _rezip(src: Path, dest: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        for name, data in extra:
            zout.writestr(name, data)
    return dest


def _symlink_member(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


@pytest.mark.parametrize("member", [
    ("../escape.txt", b"x"), ("/etc/evil", b"x"), ("files\\..\\..\\evil", b"x"),
    ("report.json", b"a second report.json"), _symlink_member("files/link", "/etc/passwd"),
    _symlink_member("report.json", "/dev/zero"),
])
def test_unsafe_zip_members_are_rejected(tmp_path: Path,
                                         member: tuple[zipfile.ZipInfo | str, bytes]) -> None:
    src = bundle(tmp_path / "b.zip")
    name = member[0].filename if isinstance(member[0], zipfile.ZipInfo) else member[0]
    with pytest.warns(UserWarning, match="Duplicate") if name == "report.json" \
            else contextlib.nullcontext():
        bad = _rezip(src, tmp_path / "bad.zip", [member])
    result = verify_evidence(bad, SIGNER.public_key_pem())
    assert not result.ok and result.signature_ok
    assert not (tmp_path.parent / "escape.txt").exists() and not Path("/etc/evil").exists()


def test_pickle_and_joblib_are_refused_by_default(tmp_path: Path) -> None:
    from dfgov.model_risk.validation import load_model

    for suffix in (".pkl", ".pickle", ".joblib"):
        path = tmp_path / f"model{suffix}"
        path.write_bytes(pickle.dumps({"not": "a model"}))
        with pytest.raises(InputFileError, match="trust_pickle"):
            load_model(path)


def test_html_and_junit_output_are_escaped() -> None:
    evil = "<script>alert(1)</script>\"'&]]>"
    r = report(subject=evil, metric=evil)
    html = r.to_html()
    assert "<script>alert(1)" not in html
    junit = r.to_junit()
    root = ET.fromstring(junit)  # well-formed XML, whatever the names hold
    assert "<script>" not in junit
    assert any(evil in "".join(el.attrib.values()) + (el.text or "") for el in root.iter())


def test_sql_is_parameterised(tmp_path: Path) -> None:
    injection = "x'); DROP TABLE dfgov_audit_events; --"
    db = tmp_path / "gov.db"
    log = AuditLog(db, actor=injection)
    log.append(action=injection, subject=injection, payload={injection: injection})
    (event,) = list(log.events(action=injection, subject=injection, actor=injection))
    assert event.payload == {injection: injection} and log.verify().ok
    log.close()
    with pytest.raises(InvalidInputError, match="'table'"):
        AuditLog(db, table="events; DROP TABLE x")
    with ModelInventory(db, actor="ci") as inv:
        inv.register(injection, injection, owner=injection)
        assert inv.get(injection, injection).owner == injection
        assert [r.model_id for r in inv.records()] == [injection]
