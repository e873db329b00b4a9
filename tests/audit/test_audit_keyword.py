"""``audit=`` names the audit sink everywhere; ``audit_log=`` still works for one release."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dfgov.audit import AuditLog, Ed25519Signer, MemoryAuditLog, save_evidence
from dfgov.data_protection import AssessmentRegister
from dfgov.errors import InvalidInputError
from dfgov.model_risk import ModelRiskAssessment
from dfgov.model_risk.inventory import ModelInventory
from dfgov.monitoring import MonitoringStore
from dfgov.report import Report
from dfgov.review import ReviewStore, WaiverRegister

OWNERS: dict[str, Callable[..., Any]] = {
    "MonitoringStore": lambda **kw: MonitoringStore("sqlite://", **kw),
    "WaiverRegister": lambda **kw: WaiverRegister("sqlite://", **kw),
    "ReviewStore": lambda **kw: ReviewStore("sqlite://", **kw),
    "AssessmentRegister": lambda **kw: AssessmentRegister("sqlite://", **kw),
    "ModelInventory": lambda **kw: ModelInventory("sqlite://", **kw),
    "ModelRiskAssessment": lambda **kw: ModelRiskAssessment(**kw),
}


@pytest.mark.parametrize("name", sorted(OWNERS))
def test_audit_is_the_keyword_and_audit_log_warns(name: str) -> None:
    make, log = OWNERS[name], MemoryAuditLog()
    assert make(audit=log).audit_log is log
    with pytest.warns(DeprecationWarning, match=rf"'audit_log' argument of {name} is "
                                                r"deprecated.*use 'audit'"):
        assert make(audit_log=log).audit_log is log
    with pytest.raises(InvalidInputError, match=rf"'audit' argument of {name} and its "
                                                r"deprecated old name 'audit_log'"):
        make(audit=log, audit_log=log)


def test_save_evidence_takes_audit(tmp_path: Path) -> None:
    signer, report = Ed25519Signer.generate(), Report.build([], title="t")
    new, old = AuditLog(tmp_path / "new.db"), AuditLog(tmp_path / "old.db")
    save_evidence(report, tmp_path / "new", signer=signer, audit=new)
    with pytest.warns(DeprecationWarning, match=r"'audit_log' argument of save_evidence"):
        save_evidence(report, tmp_path / "old", signer=signer, audit_log=old)
    assert [e.action for e in new.events()] == [e.action for e in old.events()] == [
        "evidence.saved"]
    with pytest.raises(InvalidInputError, match=r"'audit' argument of save_evidence and"):
        save_evidence(report, tmp_path / "both", signer=signer, audit=new, audit_log=old)
    assert not (tmp_path / "both").exists()
    new.close()
    old.close()
