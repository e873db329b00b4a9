"""Findings 7 and 9 and the audit items of 10: what the audit verifier reads, and trusts.

- 7: rows numbered 0 or below sat outside the chain: ``verify`` never read them, the
  documented SQL queries did.
- 9: ``SOURCE_DATE_EPOCH`` / ``--fixed-time`` pinned the event's own time, so a decision
  could be backdated, and ``verify`` accepted time going backwards.
- 10: a keyed log relabelled unkeyed and rehashed verified "intact" without its key;
  terminal escape codes in audit fields reached the terminal through ``dfgov audit show``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dfgov.audit import AuditLog
from tests.security_helpers import run

TABLE = "dfgov_audit_events"
KEY = b"k" * 32


def _rows(path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(path) as c:
        return list(c.execute(f"SELECT seq, record, hash FROM {TABLE} ORDER BY seq"))


def _sql(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    c = sqlite3.connect(path)
    try:
        for sql, params in statements:
            c.execute(sql, params)
        c.commit()
    finally:
        c.close()


def _canonical(data: dict[str, object]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _rechain(path: Path, records: list[dict[str, object]], log_id: str) -> None:
    """Rewrite the table as an attacker with write access would: a consistent SHA-256 chain
    (the format is documented in docs/audit.md)."""
    prev = hashlib.sha256(f"dfgov-audit/1 genesis {log_id}".encode()).hexdigest()
    rows = []
    for rec in records:
        text = _canonical(rec)
        prev = hashlib.sha256(prev.encode() + text.encode()).hexdigest()
        rows.append((rec["seq"], text, prev))
    _sql(path, (f"DELETE FROM {TABLE}", ()))
    c = sqlite3.connect(path)
    c.executemany(f"INSERT INTO {TABLE} (seq, record, hash) VALUES (?, ?, ?)", rows)
    c.commit()
    c.close()


def _log(path: Path, n: int = 3, **kw: object) -> AuditLog:
    log = AuditLog(path, actor="ci", **kw)  # type: ignore[arg-type]
    log.append_many([{"action": "gate.decision", "subject": "pd-model",
                      "payload": {"i": i}} for i in range(n)])
    return log


@pytest.mark.parametrize("seq", [0, -1, -10**9])
def test_rows_outside_the_chain_are_found(tmp_path: Path, seq: int) -> None:
    path = tmp_path / "a.db"
    log = _log(path)
    forged = _canonical({"action": "gate.decision", "actor": "ci", "payload": {"ok": True},
                         "payload_digest": "0" * 64, "seq": seq, "subject": "pd-model",
                         "time": "2026-01-01T00:00:00+00:00"})
    _sql(path, (f"INSERT INTO {TABLE} (seq, record, hash) VALUES (?, ?, ?)",
                (seq, forged, "0" * 64)))
    result = log.verify()
    assert not result.ok and result.code == "outside" and str(seq) in (result.reason or "")
    log.close()


def test_events_record_the_wall_clock_not_a_pinned_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01
    log = AuditLog(tmp_path / "a.db", actor="ci")
    event = log.append(action="gate.decision")
    assert abs((event.timestamp - datetime.now(UTC)).total_seconds()) < 120
    log.close()


def test_gate_fixed_time_does_not_backdate_its_audit_event(tmp_path: Path) -> None:
    from dfgov.datasets import load_german_credit

    df = load_german_credit()
    df.assign(decision=(df["credit_amount"] > 8000).astype(int))[
        ["default", "sex", "decision"]].to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "policy.toml").write_text("[model_risk]\nfavourable_label = 0\n")
    r = run("gate", "--data", "d.csv", "--target", "default", "--sensitive", "sex",
            "--prediction-column", "decision", "--audit-db", "gov.db", "--json", "r.json",
            "--policy", "policy.toml", "--fixed-time", "2001-02-03T04:05:06+00:00",
            cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    log = AuditLog(tmp_path / "gov.db")
    (event,) = list(log.events(action="assessment.run"))
    assert event.time[:4] != "2001" and event.timestamp.year >= 2026
    assert event.payload["report_time"].startswith("2001-02-03T04:05:06")
    log.close()


def test_time_going_backwards_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    log = _log(path, n=4)
    records = [json.loads(r) for _, r, _ in _rows(path)]
    records[2]["time"] = "2019-06-01T00:00:00+00:00"  # a decision "made" years ago
    _rechain(path, records, log.log_id)
    result = log.verify()
    assert not result.ok and result.code == "time" and result.first_bad_seq == 3
    log.close()


def test_keyed_log_relabelled_unkeyed_never_verifies_as_intact(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    log = _log(path, hmac_key=KEY)
    log_id = log.log_id
    log.close()
    records = [json.loads(r) for _, r, _ in _rows(path)]
    records[1]["payload"] = {"i": "approved after all"}
    records[1]["payload_digest"] = hashlib.sha256(
        _canonical(records[1]["payload"]).encode()).hexdigest()  # type: ignore[arg-type]
    _rechain(path, records, log_id)
    _sql(path, (f"UPDATE {TABLE}_meta SET value = '0' WHERE key = 'keyed'", ()),
         (f"DELETE FROM {TABLE}_meta WHERE key = 'key_check'", ()))
    # with its key, the relabelling is found
    keyed = AuditLog(path, hmac_key=KEY)
    assert keyed.verify().code == "unkeyed"
    keyed.close()
    # without it, the verifier does not claim more than it can prove
    plain = AuditLog(path)
    result = plain.verify()
    assert result.proves == "consistency" and not result.keyed
    assert "intact" not in (result.reason or "") and "does not prove" in (result.reason or "")
    plain.close()
    r = run("audit", "verify", str(path))
    assert "proves=consistency" in r.stdout and "intact" not in r.stderr


def test_audit_show_escapes_terminal_control_codes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    log = AuditLog(path, actor="ci")
    evil = "ok\x1b[2J\x1b]0;owned\x07\r\x9b31m\u202egnp.exe"
    log.append(action="gate.decision", actor=evil, subject=evil, payload={"note": evil})
    log.close()
    for args in ((), ("--json",)):
        r = run("audit", "show", str(path), *args)
        assert r.returncode == 0, r.stderr
        raw = r.stdout
        for bad in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
            assert bad not in raw, (args, bad)
        if args:
            assert json.loads(raw)["actor"] == evil  # escaped, not lost
