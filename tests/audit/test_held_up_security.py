"""The review's "held up" list for evidence bundles and the stores' SQL.

The rest of that list is covered where the code lives (docs/security.md maps each item to
its tests): crypto in ``tests/data_protection/crypto``, the audit chain in
``tests/audit/test_verify.py``, re-signed bundles in ``tests/audit/test_evidence.py``,
pickle files in ``tests/model_risk/validation/test_model_files_security.py``, escaped HTML
and JUnit in ``tests/render/test_markdown_security.py``.
"""

from __future__ import annotations

import contextlib
import stat
import zipfile
from pathlib import Path

import pytest

from dfgov.audit import AuditLog, verify_evidence
from dfgov.errors import InvalidInputError
from dfgov.model_risk.inventory import ModelInventory
from tests.security_helpers import SIGNER, bundle


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
