"""AuditLog: appends, queries, the canonical record, opening and bad input."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from dfgov.audit import AuditEvent, AuditLog
from dfgov.audit._canonical import canonical_json, prepare_event
from dfgov.errors import InputFileError, IntegrityError, InvalidInputError, KeyStateError
from tests.audit._tamper import TABLE, canonical, rows
from tests.conftest import budget

KEY = b"0123456789abcdef-secret-key-bytes"


def test_append_returns_stored_event(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "g.db", actor="ci")
    e = log.append(action="gate.run", subject="model-7", payload={"status": "pass", "n": 3})
    assert isinstance(e, AuditEvent)
    assert (e.seq, e.actor, e.action, e.subject) == (1, "ci", "gate.run", "model-7")
    assert e.payload == {"status": "pass", "n": 3}
    assert log.head() == e.hash and len(log) == 1
    [stored] = list(log.events())
    assert stored == e
    e2 = log.append(action="x", actor="alice")
    assert e2.prev_hash == e.hash and e2.actor == "alice" and e2.payload == {}
    log.close()


def test_record_is_canonical_json_and_digest(tmp_path: Path) -> None:
    import hashlib

    log = AuditLog(tmp_path / "g.db", actor="ci")
    e = log.append(action="a", payload={"b": [1, 2.5, None], "a": "中文"})
    [(seq, record, h)] = rows(tmp_path / "g.db")
    data = json.loads(record)
    assert record == canonical(data)
    assert data["payload_digest"] == hashlib.sha256(
        canonical(data["payload"]).encode()).hexdigest() == e.payload_digest
    # the documented chain formula, re-implemented here
    genesis = hashlib.sha256(f"dfgov-audit/1 genesis {log.log_id}".encode()).hexdigest()
    assert h == hashlib.sha256(genesis.encode() + record.encode()).hexdigest() == e.hash
    assert seq == 1


utf8 = st.characters(blacklist_categories=("Cs",))  # text SQLite can store as UTF-8
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(utf8, max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(utf8, max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)
field_text = st.text(
    st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12
)


@budget.medium
@given(action=field_text, actor=field_text, subject=st.none() | field_text,
       payload=st.dictionaries(st.text(utf8, max_size=6), json_values, max_size=4),
       seq=st.integers(1, 10**9))
def test_fast_record_equals_json_dumps(
    action: str, actor: str, subject: str | None, payload: dict[str, object], seq: int
) -> None:
    p = prepare_event(action=action, actor=actor, subject=subject, payload=payload,
                      algorithm="sha256")
    stamp = "2026-01-01T00:00:00+00:00"
    expected = canonical({
        "action": action, "actor": actor, "subject": subject, "seq": seq, "time": stamp,
        "payload": json.loads(canonical_json(payload)), "payload_digest": p.payload_digest,
    })
    assert p.record(seq, json.dumps(stamp)) == expected


def test_lone_surrogates_are_rejected() -> None:
    with pytest.raises(InvalidInputError, match="'payload'"):
        canonical_json({"x": "\ud800"})
    with pytest.raises(InvalidInputError, match="'actor'"):
        prepare_event(action="a", actor="\udfff", subject=None, payload={}, algorithm="sha256")


def test_keys_must_be_strings() -> None:
    for bad in ({1: "a"}, {"x": [{2: "b"}]}, {"x": {None: 1}}):
        with pytest.raises(InvalidInputError, match="keys must be strings"):
            canonical_json(bad)


def test_payload_normalisation() -> None:
    assert canonical_json({"b": np.int64(3), "a": np.array([1.5, 2.0])}) == '{"a":[1.5,2.0],"b":3}'
    assert canonical_json({"x": float("nan")}) == '{"x":null}'


def test_events_filters_and_ranges(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "g.db", actor="ci")
    log.append_many([{"action": "run" if i % 2 else "gate", "subject": f"m{i % 3}",
                      "payload": {"i": i}} for i in range(30)])
    assert [e.seq for e in log.events(5, 9)] == [5, 6, 7, 8]
    assert all(e.action == "gate" for e in log.events(action="gate"))
    assert len(list(log.events(action="gate"))) == 15
    assert [e.payload["i"] for e in log.events(subject="m1", limit=3)] == [1, 4, 7]
    evs = list(log.events())
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(evs))
    assert next(iter(log.events(10))).prev_hash == evs[8].hash
    assert list(log.events(since="2999-01-01T00:00:00+00:00")) == []
    assert len(list(log.events(until="2999-01-01T00:00:00+00:00"))) == 30
    t = evs[0].timestamp
    from datetime import timedelta, timezone

    east8 = timezone(timedelta(hours=8))
    assert len(list(log.events(since=t.astimezone(east8)))) == 30
    assert list(log.events(until=t.astimezone(east8))) == []
    assert list(log.events(since=t + timedelta(microseconds=1))) == []
    with pytest.raises(InvalidInputError, match="'since'"):
        list(log.events(since="2026-01-01T00:00:00"))
    log.close()


def test_failed_batch_writes_nothing(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "g.db", actor="ci")
    log.append_many([{"action": "a"}, {"action": "b"}])
    head = log.head()
    with pytest.raises(InvalidInputError, match="payload"):
        log.append_many([{"action": "ok"}, {"action": "bad", "payload": {"x": object()}}])
    with pytest.raises(InvalidInputError, match="action"):
        log.append_many([{"action": "ok"}, {"action": ""}])
    with pytest.raises(InvalidInputError, match="unknown keys"):
        log.append_many([{"action": "ok", "time": "now"}])
    assert len(log) == 2 and log.head() == head and log.verify().ok


def test_database_failure_mid_insert_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    log = AuditLog(path, actor="ci")
    log.append_many([{"action": "a"}] * 3)
    head = log.head()
    # a trigger makes the 3rd row of the next batch fail inside the transaction
    c = sqlite3.connect(path)
    c.execute(f"CREATE TRIGGER boom BEFORE INSERT ON {TABLE} WHEN NEW.seq = 6 "
              "BEGIN SELECT RAISE(ABORT, 'boom'); END")
    c.commit()
    c.close()
    with pytest.raises(IntegrityError, match="nothing was written"):
        log.append_many([{"action": "b"}] * 5)
    assert len(log) == 3 and log.head() == head and log.verify().ok
    assert log.append(action="c").seq == 4  # the log goes on where it was
    log.close()


def test_failure_inside_transaction_leaves_log_unchanged(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from dfgov.audit._store import Store

    log = AuditLog(tmp_path / "g.db", actor="ci")
    log.append(action="a")
    original = Store.insert

    def insert_then_fail(self: Store, conn: sa.Connection,
                         rows: list[tuple[int, str, str]]) -> None:
        original(self, conn, rows)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        log.append_many([{"action": "b"}] * 10)
    monkeypatch.undo()
    assert len(log) == 1 and log.verify().ok
    assert log.append(action="c").seq == 2


def test_not_an_audit_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 10)
    with pytest.raises(InputFileError, match="not an SQLite file"):
        AuditLog(junk)
    with pytest.raises(InputFileError, match="does not exist"):
        AuditLog(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE inventory (id INTEGER PRIMARY KEY)")
    c.execute(f"CREATE TABLE {TABLE} (id INTEGER, note TEXT)")
    c.commit()
    c.close()
    with pytest.raises(InputFileError, match="not a dfgov audit table"):
        AuditLog(other)
    with pytest.raises(InputFileError, match="no audit log"):
        AuditLog(other, table="elsewhere", create=False)
    with pytest.raises(InvalidInputError, match="'table'"):
        AuditLog(other, table="x; DROP TABLE inventory")


def test_shares_an_engine_with_other_tables(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'gov.db'}")
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE model_inventory (id INTEGER PRIMARY KEY, name TEXT)")
        c.exec_driver_sql("INSERT INTO model_inventory (name) VALUES ('pd-model')")
    a = AuditLog(engine, actor="x")
    b = AuditLog(engine, actor="y", table="vendor_audit")
    a.append(action="a")
    b.append_many([{"action": "b"}] * 2)
    assert (len(a), len(b)) == (1, 2) and a.verify().ok and b.verify().ok
    a.close()
    with engine.connect() as c:  # the shared engine still works
        assert c.exec_driver_sql("SELECT count(*) FROM model_inventory").scalar() == 1
    engine.dispose()


def test_url_target_and_algorithm_mismatch(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    log = AuditLog(url, algorithm="sm3", actor="x")
    log.append(action="a")
    assert log.algorithm == "sm3" and log.verify().ok
    log.close()
    assert AuditLog(url).algorithm == "sm3"  # the log keeps its own
    with pytest.raises(InvalidInputError, match="'algorithm'"):
        AuditLog(url, algorithm="sha256")
    with pytest.raises(InvalidInputError, match="'algorithm'"):
        AuditLog(tmp_path / "v.db", algorithm="md5")


def test_key_handling_never_shows_key(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    log = AuditLog(path, hmac_key=KEY, actor="x")
    log.append(action="a")
    assert log.keyed and KEY.decode() not in repr(log) and KEY.hex() not in repr(log)
    with pytest.raises(KeyStateError) as no_key:
        AuditLog(path)
    with pytest.raises(KeyStateError) as wrong:
        AuditLog(path, hmac_key=b"another key of 32 bytes........")
    for exc in (no_key.value, wrong.value):
        assert KEY.decode() not in str(exc) and KEY.hex() not in str(exc)
    with pytest.raises(InvalidInputError, match="at least 16"):
        AuditLog(tmp_path / "s.db", hmac_key=b"short")
    with pytest.raises(TypeError, match="pickled"):
        import pickle

        pickle.dumps(log)
    unkeyed = AuditLog(tmp_path / "u.db", actor="x")
    unkeyed.append(action="a")
    with pytest.raises(KeyStateError):  # a key on an unkeyed log: no silent mixing
        AuditLog(tmp_path / "u.db", hmac_key=KEY).append(action="b")


def test_empty_log(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "e.db")
    assert log.head() is None and len(log) == 0 and list(log.events()) == []
    r = log.verify()
    assert r.ok and r.events == 0 and r.head is None
    assert log.append_many([]) == []
