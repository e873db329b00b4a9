"""verify(): any sequence of appends verifies; any single tampering is found where it is."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.audit import AuditLog
from dfgov.errors import InvalidInputError, TamperError
from tests.audit._tamper import TABLE, canonical, edit_record, execute, rewrite, rows
from tests.audit.conftest import scratch_dir
from tests.conftest import budget

KEY = b"k" * 16 + b"-audit-hmac-key"

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)  # UTF-8 encodable
events = st.lists(
    st.fixed_dictionaries({
        "action": st.sampled_from(["assessment.run", "gate.decision", "key.rotate", "vendor.exit"]),
        "subject": st.none() | text.filter(bool),
        "payload": st.dictionaries(st.sampled_from(["a", "b", "c"]),
                                   st.integers(-5, 5) | text, max_size=2),
    }),
    min_size=2, max_size=12,
)
# how to write the events: sizes of consecutive append_many batches (1 = append)
batching = st.lists(st.integers(1, 4), min_size=1, max_size=12)


def build(evs: list[dict[str, object]], batches: list[int], *, key: bytes | None = None,
          algorithm: str = "sha256") -> tuple[Path, AuditLog]:
    path = scratch_dir() / "audit.db"
    log = AuditLog(path, actor="tester", hmac_key=key, algorithm=algorithm)
    i, b = 0, 0
    while i < len(evs):
        size = batches[b % len(batches)]
        b += 1
        if size == 1:
            log.append(**evs[i])  # type: ignore[arg-type]
        else:
            log.append_many(evs[i:i + size])
        i += size
    return path, log


@budget.slow
@given(evs=events, batches=batching, algorithm=st.sampled_from(["sha256", "sm3"]),
       keyed=st.booleans())
def test_any_sequence_of_appends_verifies(
    evs: list[dict[str, object]], batches: list[int], algorithm: str, keyed: bool
) -> None:
    path, log = build(evs, batches, key=KEY if keyed else None, algorithm=algorithm)
    result = log.verify()
    assert result.ok and result.events == len(evs) and result.head == log.head()
    assert [e.seq for e in log.events()] == list(range(1, len(evs) + 1))
    assert log.verify(anchor=rows(path)[0][2]).ok  # an old head is a valid anchor
    log.close()


FIELDS = ["time", "actor", "action", "subject", "payload", "payload_digest", "seq"]


@budget.medium
@given(evs=events, batches=batching, data=st.data())
def test_single_field_change_is_found(
    evs: list[dict[str, object]], batches: list[int], data: st.DataObject
) -> None:
    path, log = build(evs, batches)
    n = len(evs)
    k = data.draw(st.integers(1, n), label="event")
    where = data.draw(st.sampled_from([*FIELDS, "hash", "seq column"]), label="field")
    record = json.loads(rows(path)[k - 1][1])
    if where == "hash":
        h = rows(path)[k - 1][2]
        execute(path, f"UPDATE {TABLE} SET hash = ? WHERE seq = ?",
                (("0" if h[0] != "0" else "1") + h[1:], k))
    elif where == "seq column":
        execute(path, f"UPDATE {TABLE} SET seq = ? WHERE seq = ?", (n + 5, k))
    else:
        old = record[where]
        chars = st.characters(blacklist_categories=("Cs",))  # storable text
        strategy = {
            "time": st.text(chars, min_size=1, max_size=30),
            "actor": st.text(chars, min_size=1, max_size=10),
            "action": st.text(chars, min_size=1, max_size=10),
            "subject": st.none() | st.text(chars, max_size=10),
            "payload": st.dictionaries(st.text(chars, max_size=3),
                                       st.integers() | st.text(chars, max_size=3), max_size=3),
            "payload_digest": st.text("0123456789abcdef", min_size=64, max_size=64),
            "seq": st.integers(-5, 10**6),
        }[where]
        new = data.draw(strategy.filter(lambda v: v != old), label="new value")
        edit_record(path, k, where, new)
    result = log.verify()
    assert not result.ok
    if where == "seq column" and k == n:
        assert result.first_bad_seq == n  # the last event moved away: a gap at n
    else:
        assert result.first_bad_seq == k
    assert result.events == k - 1 and result.reason
    with pytest.raises(TamperError):
        result.raise_if_tampered()
    log.close()


@budget.medium
@given(evs=events, batches=batching, data=st.data())
def test_deletion_insertion_and_swap_are_found(
    evs: list[dict[str, object]], batches: list[int], data: st.DataObject
) -> None:
    path, log = build(evs, batches)
    n = len(evs)
    original = rows(path)
    kind = data.draw(st.sampled_from(["delete", "delete+renumber", "insert", "swap"]))
    if kind == "delete":
        k = data.draw(st.integers(1, n - 1))  # the last one is truncation (below)
        execute(path, f"DELETE FROM {TABLE} WHERE seq = ?", (k,))
        expected = k
    elif kind == "delete+renumber":
        k = data.draw(st.integers(1, n - 1))
        kept = [r for r in original if r[0] != k]
        rewrite(path, [(i, rec, h) for i, (_, rec, h) in enumerate(kept, start=1)])
        expected = k
    elif kind == "insert":
        k = data.draw(st.integers(1, n))  # the new event goes at position k
        forged = canonical({**json.loads(original[k - 1][1]), "action": "forged"})
        fake_hash = hashlib.sha256(forged.encode()).hexdigest()
        new = [*original[:k - 1], (0, forged, fake_hash), *original[k - 1:]]
        rewrite(path, [(i, rec, h) for i, (_, rec, h) in enumerate(new, start=1)])
        expected = k
    else:
        i = data.draw(st.integers(1, n - 1))
        j = data.draw(st.integers(i + 1, n))
        a, b = original[i - 1], original[j - 1]
        swapped = list(original)
        swapped[i - 1], swapped[j - 1] = (i, b[1], b[2]), (j, a[1], a[2])
        rewrite(path, swapped)
        expected = i
    result = log.verify()
    assert not result.ok and result.first_bad_seq == expected, (kind, result)
    log.close()


@budget.slow
@given(evs=events, batches=batching, data=st.data())
def test_truncated_tail_found_with_anchor(
    evs: list[dict[str, object]], batches: list[int], data: st.DataObject
) -> None:
    path, log = build(evs, batches)
    anchor = log.head()
    assert anchor is not None
    keep = data.draw(st.integers(0, len(evs) - 1))
    execute(path, f"DELETE FROM {TABLE} WHERE seq > ?", (keep,))
    assert log.verify().ok  # without an anchor a truncation looks like a shorter log
    result = log.verify(anchor=anchor)
    assert not result.ok and result.code == "anchor" and result.first_bad_seq == keep + 1
    assert log.verify(anchor=anchor.upper()).code == "anchor"
    log.close()


@budget.slow
@given(evs=events, batches=batching, data=st.data())
def test_hmac_chain_cannot_be_reforged_without_the_key(
    evs: list[dict[str, object]], batches: list[int], data: st.DataObject
) -> None:
    path, log = build(evs, batches, key=KEY)
    n = len(evs)
    k = data.draw(st.integers(1, n))
    original = rows(path)
    # The attacker edits event k and recomputes every later hash, with a plain
    # hash or a guessed key: they can rewrite the whole table, but not the key.
    guess = data.draw(st.sampled_from([None, b"k" * 31]))
    import hmac as _hmac

    def h(data_: bytes) -> str:
        if guess is None:
            return hashlib.sha256(data_).hexdigest()
        return _hmac.new(guess, data_, "sha256").hexdigest()

    prev = original[k - 2][2] if k > 1 else h(b"genesis")
    forged = []
    for seq, rec, old in original:
        if seq < k:
            forged.append((seq, rec, old))
            continue
        if seq == k:
            rec = canonical({**json.loads(rec), "actor": "mallory"})
        new = h(prev.encode() + rec.encode())
        forged.append((seq, rec, new))
        prev = new
    rewrite(path, forged)
    result = log.verify()
    assert not result.ok and result.first_bad_seq == k
    # Relabelling the log as unkeyed does not help either.
    execute(path, f"UPDATE {TABLE}_meta SET value = '0' WHERE key = 'keyed'")
    downgraded = AuditLog(path, hmac_key=KEY).verify()
    assert not downgraded.ok and downgraded.code == "unkeyed"
    log.close()


def test_anchor_must_be_a_hash(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.db")
    with pytest.raises(InvalidInputError, match="'anchor'"):
        log.verify(anchor="not-a-hash")


def test_verify_result_as_finding(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.db", actor="x")
    log.append(action="a")
    f = log.verify().to_finding()
    assert f.status == "pass" and "AP-16" in f.clauses and f.message.zh_cn
    execute(tmp_path / "a.db", f"UPDATE {TABLE} SET hash = ?", ("0" * 64,))
    f = log.verify().to_finding()
    assert f.status == "fail" and f.details["first_bad_seq"] == 1 and "1" in f.message.en


def _worker(path: str, worker: int, rounds: int) -> None:
    log = AuditLog(path, actor=f"worker-{worker}")
    for r in range(rounds):
        if r % 2:
            log.append(action="single", subject=f"w{worker}", payload={"r": r})
        else:
            log.append_many([{"action": "batch", "subject": f"w{worker}",
                              "payload": {"r": r, "i": i}} for i in range(3)])
    log.close()


def test_concurrent_processes_lose_nothing_and_never_fork(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    AuditLog(path).close()  # created once; workers open it
    ctx = multiprocessing.get_context("fork")
    workers, rounds = 4, 12
    procs = [ctx.Process(target=_worker, args=(path, w, rounds)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    log = AuditLog(path)
    per_worker = (rounds // 2) * 3 + rounds // 2
    result = log.verify()
    assert result.ok and result.events == workers * per_worker
    got = sorted((e.subject, e.action, json.dumps(e.payload)) for e in log.events())
    want = sorted(
        (f"w{w}", "single", json.dumps({"r": r})) for w in range(workers)
        for r in range(rounds) if r % 2
    ) + sorted(
        (f"w{w}", "batch", json.dumps({"i": i, "r": r})) for w in range(workers)
        for r in range(rounds) if not r % 2 for i in range(3)
    )
    assert got == sorted(want)
    # a batch is contiguous: no other writer interleaves inside it
    evs = list(log.events())
    for e in evs:
        if e.action == "batch" and e.payload["i"] == 0:
            nxt = evs[e.seq:e.seq + 2]
            assert [x.payload.get("i") for x in nxt] == [1, 2]
            assert {x.subject for x in nxt} == {e.subject}


def test_concurrent_first_open_creates_one_log(tmp_path: Path) -> None:
    path = str(tmp_path / "fresh.db")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(path, w, 2)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    result = AuditLog(path).verify()
    assert result.ok and result.events == 3 * 4


def test_threads_share_one_log(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    log = AuditLog(tmp_path / "t.db", actor="thread")

    def work(i: int) -> None:
        for r in range(10):
            log.append(action="t", payload={"i": i, "r": r})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    result = log.verify()
    assert result.ok and result.events == 40


def test_null_and_odd_values_are_tampering_not_crashes(tmp_path: Path) -> None:
    path = tmp_path / "n.db"
    log = AuditLog(path, actor="x")
    log.append_many([{"action": "a"}] * 3)
    # an attacker rebuilds the table without constraints and blanks event 2
    rows_ = rows(path)
    execute(path, f"DROP TABLE {TABLE}")
    execute(path, f"CREATE TABLE {TABLE} (seq INTEGER PRIMARY KEY, record TEXT, hash TEXT)")
    rewrite(path, [rows_[0], (2, None, None), rows_[2]])  # type: ignore[list-item]
    result = log.verify()
    assert not result.ok and result.first_bad_seq == 2
    rewrite(path, [rows_[0], (2, 12345, rows_[1][2]), rows_[2]])  # type: ignore[list-item]
    assert log.verify().first_bad_seq == 2


@budget.heavy
@given(evs=events, batches=batching, algorithm=st.sampled_from(["sha256", "sm3"]),
       keyed=st.booleans())
def test_documented_chain_reimplemented_independently(
    evs: list[dict[str, object]], batches: list[int], algorithm: str, keyed: bool
) -> None:
    """An auditor's verifier from docs/audit.md alone (stdlib hmac, pyca SM3) agrees."""
    import hmac as std_hmac

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as pyca_hmac

    key = KEY if keyed else None
    path, log = build(evs, batches, key=key, algorithm=algorithm)

    def H(data: bytes) -> str:
        if algorithm == "sha256":
            if key is None:
                return hashlib.sha256(data).hexdigest()
            return std_hmac.new(key, data, "sha256").hexdigest()
        if key is None:
            h = hashes.Hash(hashes.SM3())
            h.update(data)
            return h.finalize().hex()
        m = pyca_hmac.HMAC(key, hashes.SM3())
        m.update(data)
        return m.finalize().hex()

    prev = H(f"dfgov-audit/1 genesis {log.log_id}".encode())
    for seq, record, stored in rows(path):
        data = json.loads(record)
        assert record == canonical(data) and data["seq"] == seq
        payload = canonical(data["payload"]).encode()
        if algorithm == "sha256":  # the payload digest is a plain (unkeyed) digest
            assert data["payload_digest"] == hashlib.sha256(payload).hexdigest()
        else:
            sm3 = hashes.Hash(hashes.SM3())
            sm3.update(payload)
            assert data["payload_digest"] == sm3.finalize().hex()
        prev = H(prev.encode() + record.encode())
        assert prev == stored
    assert prev == log.head() == log.verify().head
    log.close()
