"""Audit log benchmark: appends/s through append_many, and verify() time.

Targets (issue 2): >= 20,000 appends/s into SQLite through ``append_many``;
``verify()`` over 1,000,000 events <= 5 s. There is no peer library for a
hash-chained log, so the reference is the floor: reading the same rows with
the bare sqlite3 module and hashing each once with hashlib (what any
verification must at least do); the ratio shows dfgov's overhead over it.

Usage::

    python benchmarks/audit.py                   # 1,000,000 events
    python benchmarks/audit.py --events 200000   # quicker
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import tempfile
import time
from pathlib import Path

from dfgov.audit import AuditLog


def events(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {"action": "assessment.run", "actor": "ci", "subject": f"model-{i % 17}",
         "payload": {"run": start + i, "status": "pass", "auc": 0.81}}
        for i in range(n)
    ]


def fill(log: AuditLog, n: int, batch: int) -> tuple[float, float]:
    """Append n events in batches; appends per second (wall, CPU), batch building excluded."""
    wall = cpu = 0.0
    done = 0
    while done < n:
        size = min(batch, n - done)
        items = events(size, done)
        t, c = time.perf_counter(), time.process_time()
        log.append_many(items)
        wall += time.perf_counter() - t
        cpu += time.process_time() - c
        done += size
    return n / wall, n / cpu


def floor(path: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to read (seq, record, hash) with bare sqlite3 and hash each once."""
    sha = hashlib.sha256
    t, cpu = time.perf_counter(), time.process_time()
    c = sqlite3.connect(path)
    cur = c.execute("SELECT seq, CAST(record AS BLOB), hash FROM dfgov_audit_events ORDER BY seq")
    prev = b"0" * 64
    while rows := cur.fetchmany(20000):
        for _seq, rec, _h in rows:
            prev = sha(prev + rec).hexdigest().encode()
    c.close()
    return time.perf_counter() - t, time.process_time() - cpu


def timed_verify(log: AuditLog) -> tuple[float, float]:
    t, c = time.perf_counter(), time.process_time()
    result = log.verify()
    assert result.ok, result.reason
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=50_000)
    ap.add_argument("--small", type=int, default=100_000,
                    help="events for the keyed and SM3 variants")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="dfgov-audit-bench-") as tmp:
        run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> None:
    """All measurements, with the databases in ``tmp``."""

    path = tmp / "audit.db"
    log = AuditLog(path, actor="bench")
    rate, rate_cpu = fill(log, args.events, args.batch)
    print(f"append_many  sha256        {args.events:>9,} events  {rate:>9,.0f} appends/s wall"
          f"  {rate_cpu:>9,.0f}/s cpu  (target >= 20,000)")
    wall, cpu = timed_verify(log)
    base, base_cpu = floor(path)
    print(f"verify       sha256        {args.events:>9,} events  {wall:>7.2f} s wall "
          f"{cpu:>6.2f} s cpu  (target <= 5 s at 1,000,000)")
    print(f"floor        sqlite3+sha256 {args.events:>8,} events  {base:>7.2f} s wall "
          f"{base_cpu:>6.2f} s cpu  ratio verify/floor (cpu) {cpu / base_cpu:.2f}")
    t = time.perf_counter()
    log.append(action="single.append", payload={"x": 1})
    ms = 1000 * (time.perf_counter() - t)
    print(f"append       one event (own transaction, fsync)   {ms:.1f} ms")
    log.close()

    for label, kwargs in (("hmac-sha256", {"hmac_key": b"k" * 32}),
                          ("sm3", {"algorithm": "sm3"}),
                          ("hmac-sm3", {"algorithm": "sm3", "hmac_key": b"k" * 32})):
        small = AuditLog(tmp / f"{label}.db", actor="bench", **kwargs)  # type: ignore[arg-type]
        rate, rate_cpu = fill(small, args.small, args.batch)
        wall, cpu = timed_verify(small)
        print(f"{label:<12} {args.small:>9,} events  append {rate:>7,.0f}/s wall "
              f"{rate_cpu:>7,.0f}/s cpu  verify {wall:>6.2f} s wall {cpu:>6.2f} s cpu")
        small.close()


if __name__ == "__main__":
    main()
