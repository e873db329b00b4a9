"""Lifecycle: retention periods, deletion plans, crypto-shredding recorded in the audit log."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from dfgov import Policy
from dfgov.audit import MemoryAuditLog
from dfgov.data_protection import Holding, execute_plan, plan_deletions, retention_days
from dfgov.data_protection.crypto import FieldEncryptor, Keyring, KeyState, crypto_shred
from dfgov.errors import DecryptionError, InvalidInputError, PolicyError
from dfgov.report import Status

AS_OF = datetime(2025, 1, 1, tzinfo=UTC)


def real_audit_log(path: Path) -> Any:
    from dfgov.audit import AuditLog

    return AuditLog(str(path), actor="dpo")


def test_retention_days_shorter_wins() -> None:
    assert retention_days("C3", 4) == 1825
    assert retention_days(None, 1) is None
    p = Policy.loads('[data_security.retention]\nby_category = {C3 = 365}\nby_level = {"4" = 30}\n')
    assert retention_days("C3", 4, p) == 30
    assert retention_days("C3", 3, p) == 365
    assert retention_days("C2", 4, p) == 30  # by_category replaced: only C3 left
    with pytest.raises(PolicyError, match=r"data_security\.retention"):
        Policy.loads('[data_security.retention]\nby_category = {C4 = 365}\n')
    with pytest.raises(PolicyError):
        Policy.loads('[data_security.retention]\nby_level = {"1" = -5}\n')


def test_plan_lists_due_holdings_most_overdue_first() -> None:
    hs = [
        Holding("customers", "cvv", "C3", 4, datetime(2018, 1, 1, tzinfo=UTC)),
        Holding("customers", "phone", "C2", 3, datetime(2019, 6, 1, tzinfo=UTC)),
        Holding("customers", "opened_at", "C1", 2, datetime(2019, 6, 1, tzinfo=UTC)),
        Holding("customers", "fresh", "C2", 3, date(2024, 1, 1)),  # type: ignore[arg-type]
        Holding("public", None, None, 1, datetime(2000, 1, 1, tzinfo=UTC)),
    ]
    plan = plan_deletions(hs, as_of=AS_OF)
    assert [i.holding.column for i in plan.items] == ["cvv", "phone"]
    assert plan.items[0].overdue_days == (AS_OF - datetime(2022, 12, 31, tzinfo=UTC)).days
    assert plan.items[0].due_at == datetime(2022, 12, 31, tzinfo=UTC)  # 1825 days incl. 2020
    fs = plan.findings()
    assert all(f.status is Status.FAIL and "JR/T 0223-2021" in f.clauses for f in fs)
    assert "customers.cvv" in fs[0].message.en and "密钥销毁" in fs[0].message.zh_cn
    table = plan.to_table()
    assert len(table.rows) == 2 and table.rows[0][:2] == ("customers", "cvv")
    with pytest.raises(InvalidInputError, match=r"level of holding 'x\.y'"):
        plan_deletions([Holding("x", "y", "C2", 9, AS_OF)])
    with pytest.raises(InvalidInputError, match="position 0 is dict"):
        plan_deletions([{"dataset": "x"}])  # type: ignore[list-item]


def test_holdings_from_inventory_records() -> None:
    class Col:
        def __init__(self, column: str, category: str | None, level: int) -> None:
            self.column, self.category, self.level = column, category, level

    hs = Holding.from_inventory([Col("a", "C3", 4), Col("b", None, 1)], dataset="d",
                                collected_at=datetime(2010, 1, 1, tzinfo=UTC))
    assert [h.key_scope for h in hs] == ["d/a", "d/b"]
    assert [i.holding.column for i in plan_deletions(hs, as_of=AS_OF).items] == ["a"]


def test_execute_plan_shreds_and_records(tmp_path: Path) -> None:
    sink = MemoryAuditLog()
    kr = Keyring.in_memory(audit=sink, actor="dpo")
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    cvv = fe.encrypt(["123", "456"], context={"table": "customers", "column": "cvv"})
    phone = fe.encrypt(["13800138000"], context={"table": "customers", "column": "phone"})
    hs = [Holding("customers", "cvv", "C3", 4, datetime(2018, 1, 1, tzinfo=UTC)),
          Holding("customers", "phone", "C2", 3, datetime(2024, 1, 1, tzinfo=UTC)),
          Holding("archive", "notes", "C2", 3, datetime(2001, 1, 1, tzinfo=UTC))]
    done = execute_plan(plan_deletions(hs, as_of=AS_OF), kr, audit=sink, actor="dpo")
    assert list(done) == ["customers/cvv"]  # archive/notes has no keys here: skipped
    with pytest.raises(DecryptionError):
        fe.decrypt(cvv, context={"table": "customers", "column": "cvv"})
    assert fe.decrypt(phone, context={"table": "customers", "column": "phone"}) == [
        "13800138000"]
    actions = [e["action"] for e in sink.events]
    assert actions == ["crypto.key.create", "crypto.key.promote", "crypto.key.create",
                       "crypto.key.promote", "crypto.key.destroy", "crypto.kek.rotate",
                       "data.crypto_shred"]
    shred = sink.events[-1]
    assert shred["subject"] == "customers/cvv" and shred["actor"] == "dpo"
    assert shred["payload"]["keys"][0]["state"] == "destroyed"


def test_key_events_in_the_real_audit_log_without_key_material(tmp_path: Path) -> None:
    log = real_audit_log(tmp_path / "gov.db")
    kr = Keyring.in_memory(audit=log, actor="key-custodian")
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    ctx = {"table": "customers", "column": "id_number"}
    fe.encrypt(["110101199003077777"], context=ctx)
    kr.rotate("customers/id_number", "SM4-GCM")
    kr.rotate_kek()
    secrets = [kr._decrypt_material(k.key_id)[1] for k in kr.keys(None)]
    secrets += [s.get() for s in kr.provider._keks.values()]  # type: ignore[attr-defined]
    crypto_shred(kr, "customers/id_number", audit=log, actor="dpo", reason="customer request")
    assert all(k.state is KeyState.DESTROYED for k in kr.keys("customers/id_number"))
    assert log.verify().ok
    events = list(log.events())
    actions = [e.action for e in events]
    for a in ("crypto.key.create", "crypto.key.promote", "crypto.key.rotate",
              "crypto.kek.rotate", "crypto.key.destroy", "data.crypto_shred"):
        assert a in actions
    dump = json.dumps([e.payload for e in events])
    for s in secrets:
        assert s.hex() not in dump and base64.b64encode(s).decode() not in dump
    log.close()
