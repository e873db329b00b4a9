"""dfgov._sql: one way every store opens its database, takes its audit log and closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfgov.audit import AuditLog, MemoryAuditLog
from dfgov.data_protection import AssessmentRegister
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.model_risk.inventory import ModelInventory
from dfgov.monitoring import MonitoringStore
from dfgov.review import ReviewStore, WaiverRegister

STORES = [AuditLog, MonitoringStore, ReviewStore, WaiverRegister, ModelInventory,
          AssessmentRegister]


@pytest.mark.parametrize("store", STORES, ids=lambda c: c.__name__)
def test_every_store_refuses_what_is_not_an_sqlite_database(store: type, tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=f"of {store.__name__} is a directory"):
        store(tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"name,iban\nalice,GB82WEST12345698765432\n")
    with pytest.raises(InputFileError, match="is not an SQLite file") as info:
        store(junk)
    assert "GB82" not in str(info.value)  # the file's content never shows
    assert junk.read_bytes().startswith(b"name,iban")  # and it is left as it was
    with pytest.raises(InvalidInputError, match=f"'target' argument of {store.__name__} must "):
        store(42)
    with pytest.raises(InvalidInputError, match="not a usable SQLAlchemy URL") as info:
        store("nosuchdialect://user:secret@host/db")
    assert "secret" not in str(info.value)


@pytest.mark.parametrize("store", STORES[1:], ids=lambda c: c.__name__)
def test_every_store_takes_an_audit_log_or_makes_its_own(store: type, tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=f"'audit' argument of {store.__name__} "
                       "must have an append method"):
        store(tmp_path / "a.db", audit=object())
    given = MemoryAuditLog()
    with store(tmp_path / "b.db", audit=given) as s:
        assert s.audit_log is given
    with store(tmp_path / "c.db") as s:
        assert isinstance(s.audit_log, AuditLog)
        assert repr(s) == f"{store.__name__}({'sqlite:///' + str(tmp_path / 'c.db')!r})"


def test_readers_do_not_create_a_missing_database(tmp_path: Path) -> None:
    from dfgov.review import load_waivers

    with pytest.raises(InputFileError, match="does not exist"):
        load_waivers(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_an_engine_passed_in_is_not_disposed(tmp_path: Path) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'g.db'}")
    with MonitoringStore(engine) as store:
        assert store.engine is engine
    with engine.connect() as conn:  # still usable
        assert conn.exec_driver_sql("select 1").scalar() == 1
    engine.dispose()
