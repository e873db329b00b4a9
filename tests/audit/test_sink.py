"""One AuditSink protocol; the in-memory log the tests share records what components append."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfgov.audit import AuditLog, AuditSink, MemoryAuditLog
from dfgov.data_protection.crypto import Keyring


def test_both_logs_are_audit_sinks(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.db")
    try:
        assert isinstance(log, AuditSink) and isinstance(MemoryAuditLog(), AuditSink)
    finally:
        log.close()
    assert not isinstance(object(), AuditSink)


def test_memory_log_keeps_events_in_order(memory_audit: MemoryAuditLog) -> None:
    payload = {"n": 1}
    event = memory_audit.append(action="a.one", actor="x", payload=payload)
    payload["n"] = 2  # the stored payload is a copy
    memory_audit.append(action="a.two")
    assert memory_audit.actions() == ["a.one", "a.two"] and len(memory_audit) == 2
    assert event == {"action": "a.one", "actor": "x", "subject": None, "payload": {"n": 1}}
    assert list(memory_audit)[1] == {"action": "a.two", "actor": None, "subject": None,
                                     "payload": None}


def test_a_component_appends_to_it(memory_audit: MemoryAuditLog) -> None:
    kr = Keyring.in_memory(audit=memory_audit, actor="dpo")
    kr.rotate("customers/phone", "SM4-GCM")
    assert memory_audit.events and all(e["actor"] == "dpo" for e in memory_audit.events)
    assert all(a.startswith("crypto.") for a in memory_audit.actions())


def test_the_old_crypto_name_still_imports() -> None:
    from dfgov.data_protection import crypto

    with pytest.warns(DeprecationWarning, match=r"dfgov\.audit"):
        assert crypto.AuditSink is AuditSink
    assert "AuditSink" not in crypto.__all__ and "AuditSink" not in dir(crypto)
