"""The sealed keystore file: round trip, wrong passphrase, corruption, atomic writes."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from dfgov.audit import MemoryAuditLog
from dfgov.data_protection.crypto import FieldEncryptor, Keyring, KeyState, LocalKeyProvider
from dfgov.errors import (
    ConflictError,
    CryptoError,
    InputFileError,
    InvalidInputError,
    TamperError,
)

CTX = {"table": "customers", "column": "id_number"}
SCOPE = "customers/id_number"
PW = "correct horse battery staple"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "keys.dfks"


def test_round_trip_and_rotation_persist(store: Path) -> None:
    kr = Keyring.open(store, passphrase=PW, create=True, kek_algorithm="SM4-GCM")
    assert os.stat(store).st_mode & 0o777 == 0o600
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    old = fe.encrypt(["110101199003077777"], context=CTX)
    kr.rotate(SCOPE, "SM4-GCM")
    new = fe.encrypt(["110101199003071234"], context=CTX)

    kr2 = Keyring.open(store, passphrase=PW)
    assert [k.state for k in kr2.keys(SCOPE)] == [KeyState.DECRYPT_ONLY, KeyState.PRIMARY]
    fe2 = FieldEncryptor(kr2, algorithm="SM4-GCM")
    assert fe2.decrypt(old + new, context=CTX) == ["110101199003077777", "110101199003071234"]

    kr2.rotate_kek()
    k1 = kr2.keys(SCOPE)[0]
    kr2.destroy(k1.key_id)
    kr3 = Keyring.open(store, passphrase=PW.encode())
    assert kr3.key(k1.key_id).state is KeyState.DESTROYED
    fe3 = FieldEncryptor(kr3, algorithm="SM4-GCM")
    assert fe3.decrypt(new, context=CTX) == ["110101199003071234"]
    with pytest.raises(CryptoError, match="decryption failed"):
        fe3.decrypt(old, context=CTX)


def test_file_holds_no_plain_key_material(store: Path) -> None:
    kr = Keyring.open(store, passphrase=PW, create=True)
    info = kr.add_key(SCOPE, "AES-256-GCM", primary=True)
    key = kr._decrypt_material(info.key_id)[1]
    kek = kr.provider._keks[kr.provider.primary_kek_id()].get()  # type: ignore[attr-defined]
    raw = store.read_bytes()
    for secret in (key, kek):
        for form in (secret, secret.hex().encode(), base64.b64encode(secret)):
            assert form not in raw
    assert b"customers" not in raw  # even metadata is sealed


def test_wrong_passphrase(store: Path) -> None:
    Keyring.open(store, passphrase=PW, create=True)
    with pytest.raises(CryptoError, match="Wrong passphrase"):
        Keyring.open(store, passphrase="wrong")
    with pytest.raises(InvalidInputError, match="'passphrase'"):
        Keyring.open(store, passphrase="")


def test_corrupted_file(store: Path) -> None:
    kr = Keyring.open(store, passphrase=PW, create=True)
    kr.add_key(SCOPE, "SM4-GCM", primary=True)
    doc = json.loads(store.read_text())
    sealed = bytearray(base64.b64decode(doc["sealed"]))
    sealed[len(sealed) // 2] ^= 1
    doc["sealed"] = base64.b64encode(bytes(sealed)).decode()
    store.write_text(json.dumps(doc))
    with pytest.raises(TamperError, match="corrupted"):
        Keyring.open(store, passphrase=PW)
    doc["aead"] = "SM4-GCM" if doc["aead"] == "AES-256-GCM" else "AES-256-GCM"
    store.write_text(json.dumps(doc))  # header is authenticated too
    with pytest.raises(TamperError):
        Keyring.open(store, passphrase=PW)
    store.write_text("{not json")
    with pytest.raises(InputFileError, match="not a readable dfgov keystore"):
        Keyring.open(store, passphrase=PW)
    store.write_bytes(b"")
    with pytest.raises(InputFileError):
        Keyring.open(store, passphrase=PW)


def test_crash_mid_write_leaves_previous_keystore(
    store: Path, monkeypatch: pytest.MonkeyPatch, memory_audit: MemoryAuditLog
) -> None:
    kr = Keyring.open(store, passphrase=PW, create=True, audit=memory_audit)
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    old = fe.encrypt(["a"], context=CTX)
    first = kr.primary(SCOPE, "SM4-GCM")
    before, n_events = store.read_bytes(), len(memory_audit.events)

    def crash(*args: object) -> None:
        raise OSError("simulated power loss")

    monkeypatch.setattr(os, "replace", crash)
    for change in (lambda: kr.rotate(SCOPE, "SM4-GCM"), lambda: kr.shred(SCOPE),
                   lambda: fe.encrypt(["b"], context={"table": "t", "column": "new"})):
        with pytest.raises(OSError, match="simulated"):
            change()
    monkeypatch.undo()
    assert store.read_bytes() == before
    names = sorted(p.name for p in store.parent.iterdir())
    assert names == [store.name, store.name + ".lock"]  # no temp file left
    # the failed changes were rolled back in memory too, and never audited
    assert [k.key_id for k in kr.keys(None)] == [first.key_id]  # type: ignore[union-attr]
    assert kr.primary(SCOPE, "SM4-GCM") == first
    assert len(memory_audit.events) == n_events
    assert fe.decrypt(old, context=CTX) == ["a"]
    kr2 = Keyring.open(store, passphrase=PW)
    assert [k.key_id for k in kr2.keys(SCOPE)] == [first.key_id]  # type: ignore[union-attr]
    assert FieldEncryptor(kr2, algorithm="SM4-GCM").decrypt(old, context=CTX) == ["a"]


def test_stale_writer_is_refused(store: Path) -> None:
    a = Keyring.open(store, passphrase=PW, create=True)
    b = Keyring.open(store, passphrase=PW)
    ka = a.add_key(SCOPE, "SM4-GCM", primary=True)
    with pytest.raises(ConflictError, match="changed by another writer"):
        b.add_key(SCOPE, "AES-256-GCM", primary=True)
    assert b.keys(None) == []  # rolled back
    c = Keyring.open(store, passphrase=PW)
    assert [k.key_id for k in c.keys(None)] == [ka.key_id]
    c.rotate(SCOPE, "SM4-GCM")  # a fresh handle writes fine
    assert len(Keyring.open(store, passphrase=PW).keys(SCOPE)) == 2


def test_permissions_checked(store: Path) -> None:
    Keyring.open(store, passphrase=PW, create=True)
    os.chmod(store, 0o644)
    with pytest.raises(InputFileError, match="chmod 600"):
        Keyring.open(store, passphrase=PW)


def test_missing_file_and_provider_mismatch(store: Path) -> None:
    with pytest.raises(InputFileError, match="create=True"):
        Keyring.open(store, passphrase=PW)
    Keyring.open(store, passphrase=PW, create=True)
    with pytest.raises(InvalidInputError, match="holds its own KEKs"):
        Keyring.open(store, passphrase=PW, provider=LocalKeyProvider())
    with pytest.raises(InvalidInputError, match="kek_algorithm"):
        Keyring.open(store.with_suffix(".x"), passphrase=PW, create=True, kek_algorithm="DES")


class FakeKMS:
    """An external KEK provider (stands in for an HSM/KMS client)."""

    def __init__(self) -> None:
        self.inner = LocalKeyProvider()

    def primary_kek_id(self) -> str:
        return self.inner.primary_kek_id()

    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        return self.inner.wrap(kek_id, key, associated_data)

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        return self.inner.unwrap(kek_id, wrapped, associated_data)

    def rotate_kek(self) -> str:
        return self.inner.rotate_kek()


def test_external_provider(store: Path) -> None:
    kms = FakeKMS()
    kr = Keyring.open(store, passphrase=PW, create=True, provider=kms)
    fe = FieldEncryptor(kr, algorithm="AES-256-GCM")
    ct = fe.encrypt([b"x"], context=CTX)
    with pytest.raises(InvalidInputError, match="external KEK provider"):
        Keyring.open(store, passphrase=PW)
    kr2 = Keyring.open(store, passphrase=PW, provider=kms)
    assert FieldEncryptor(kr2, algorithm="AES-256-GCM").decrypt(ct, context=CTX) == [b"x"]


def test_injected_clock_is_what_the_keystore_stores(store: Path) -> None:
    from datetime import UTC, datetime

    from dfgov.clock import FixedClock

    at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    kr = Keyring.open(store, passphrase=PW, create=True, clock=FixedClock(at))
    kr.rotate(SCOPE, "SM4-GCM")
    reopened = Keyring.open(store, passphrase=PW, clock=FixedClock(datetime(2027, 1, 1,
                                                                             tzinfo=UTC)))
    assert [k.created_at for k in reopened.keys(SCOPE)] == [at]
    reopened.rotate(SCOPE, "SM4-GCM")
    assert [k.created_at for k in Keyring.open(store, passphrase=PW).keys(SCOPE)] == [
        at, datetime(2027, 1, 1, tzinfo=UTC)]
