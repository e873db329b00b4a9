"""The audit log on PostgreSQL (runs when DFGOV_TEST_POSTGRES_URL names a database).

Example: ``DFGOV_TEST_POSTGRES_URL=postgresql+psycopg://postgres@/postgres?host=/tmp/pg``.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from dfgov.audit import AuditLog

URL = os.environ.get("DFGOV_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="DFGOV_TEST_POSTGRES_URL is not set"),
]


@pytest.fixture
def table() -> Iterator[str]:
    name = f"audit_{uuid.uuid4().hex[:8]}"
    yield name
    engine = sa.create_engine(str(URL))
    with engine.begin() as c:
        c.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        c.exec_driver_sql(f"DROP TABLE IF EXISTS {name}_meta")
    engine.dispose()


def _worker(url: str, table: str, worker: int) -> None:
    log = AuditLog(url, table=table, actor=f"w{worker}")
    for r in range(8):
        if r % 2:
            log.append(action="single", payload={"w": worker, "r": r})
        else:
            log.append_many([{"action": "batch", "payload": {"w": worker, "r": r, "i": i}}
                             for i in range(3)])
    log.close()


def test_postgres_append_verify_tamper_and_concurrency(table: str) -> None:
    assert URL is not None
    log = AuditLog(URL, table=table, hmac_key=b"p" * 32, actor="ci")
    log.append_many([{"action": "a", "payload": {"i": i}} for i in range(20)])
    assert log.verify().ok and len(log) == 20
    log.close()

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(URL, table + "_c", w)) for w in range(3)]
    AuditLog(URL, table=table + "_c").close()
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    shared = AuditLog(URL, table=table + "_c")
    result = shared.verify()
    assert result.ok and result.events == 3 * (4 * 3 + 4)
    shared.close()

    engine = sa.create_engine(URL)
    with engine.begin() as c:
        c.exec_driver_sql(
            f"UPDATE {table} SET record = replace(record, '\"i\":7', '\"i\":8') WHERE seq = 8")
        c.exec_driver_sql(f"DROP TABLE {table}_c")
        c.exec_driver_sql(f"DROP TABLE {table}_c_meta")
    engine.dispose()
    with AuditLog(URL, table=table, hmac_key=b"p" * 32) as tampered:
        result = tampered.verify()
        assert not result.ok and result.first_bad_seq == 8
        assert [e.seq for e in tampered.events(5, limit=2)] == [5, 6]
