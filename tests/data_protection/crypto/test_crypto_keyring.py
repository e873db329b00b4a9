"""Keyring: rotation, re-wrap, re-encryption, crypto-shredding, opacity, audit events."""

from __future__ import annotations

import base64
import copy
import logging
import pickle

import pytest

from dfgov.audit import MemoryAuditLog
from dfgov.data_protection.crypto import (
    FieldEncryptor,
    KeyProvider,
    Keyring,
    KeyState,
    LocalKeyProvider,
)
from dfgov.errors import CryptoError, DecryptionError, InvalidInputError, KeyStateError

CTX = {"table": "customers", "column": "phone"}
SCOPE = "customers/phone"


@pytest.mark.parametrize("alg", ["SM4-GCM", "AES-256-GCM"])
def test_rotation_keeps_old_data_readable_and_new_data_under_new_key(alg: str) -> None:
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm=alg)
    old = fe.encrypt([b"13800138000", b"13900139000"], context=CTX)
    k1 = kr.primary(SCOPE, alg)
    assert k1 is not None and k1.version == 1
    k2 = kr.rotate(SCOPE, alg)
    assert k2.version == 2 and k2.state is KeyState.PRIMARY
    assert kr.key(k1.key_id).state is KeyState.DECRYPT_ONLY
    new = fe.encrypt([b"13700137000"], context=CTX)
    assert int.from_bytes(new[0][2:6], "big") == k2.key_id
    assert all(int.from_bytes(c[2:6], "big") == k1.key_id for c in old)
    assert fe.decrypt(old + new, context=CTX) == [b"13800138000", b"13900139000", b"13700137000"]


def test_add_then_promote() -> None:
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    fe.encrypt(["a"], context=CTX)
    k1 = kr.primary(SCOPE, "SM4-GCM")
    k2 = kr.add_key(SCOPE, "SM4-GCM")
    assert k2.state is KeyState.DECRYPT_ONLY
    (c,) = fe.encrypt(["b"], context=CTX)
    assert int.from_bytes(base64.b64decode(c)[2:6], "big") == k1.key_id  # not yet promoted
    kr.promote(k2.key_id)
    (c,) = fe.encrypt(["b"], context=CTX)
    assert int.from_bytes(base64.b64decode(c)[2:6], "big") == k2.key_id


def test_reencrypt_then_destroy_old_key() -> None:
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    ct = fe.encrypt(["a", None, "c"], context=CTX, row_keys=[1, 2, 3])
    k1 = kr.primary(SCOPE, "SM4-GCM")
    assert k1 is not None
    k2 = kr.rotate(SCOPE, "SM4-GCM")
    ct2 = fe.reencrypt(ct, context=CTX, row_keys=[1, 2, 3])
    assert ct2[1] is None
    assert {int.from_bytes(base64.b64decode(c)[2:6], "big") for c in ct2 if c} == {k2.key_id}
    kr.destroy(k1.key_id)
    assert fe.decrypt(ct2, context=CTX, row_keys=[1, 2, 3]) == ["a", None, "c"]
    with pytest.raises(DecryptionError, match=r"^decryption failed$"):
        fe.decrypt(ct, context=CTX, row_keys=[1, 2, 3])


def test_shredding_makes_data_unrecoverable(memory_audit: MemoryAuditLog) -> None:
    kr = Keyring.in_memory(audit=memory_audit, actor="dpo")
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    ct = fe.encrypt(["a"], context=CTX)
    kr.rotate(SCOPE, "SM4-GCM")
    ct += fe.encrypt(["b"], context=CTX)
    destroyed = kr.shred(SCOPE)
    assert len(destroyed) == 2 and all(k.state is KeyState.DESTROYED for k in destroyed)
    assert all(k.kek_id is None for k in kr.keys(SCOPE))
    for c in ct:
        with pytest.raises(DecryptionError):
            fe.decrypt([c], context=CTX)
    # the destroyed records hold no key material, wrapped or not
    assert all(r.secret is None and r.wrapped is None for r in kr._records.values())
    # encrypting to a shredded scope needs an explicit new key
    with pytest.raises(KeyStateError, match="no primary SM4-GCM key"):
        fe.encrypt(["c"], context=CTX)
    kr.rotate(SCOPE, "SM4-GCM")
    assert fe.decrypt(fe.encrypt(["c"], context=CTX), context=CTX) == ["c"]
    assert [e["action"] for e in memory_audit.events].count("crypto.key.destroy") == 2
    with pytest.raises(KeyStateError, match="no key for scope 'nope'"):
        kr.shred("nope")


def test_kek_rotation_rewraps_without_rewriting_data(memory_audit: MemoryAuditLog) -> None:
    provider = LocalKeyProvider(algorithm="SM4-GCM")
    kr = Keyring.in_memory(provider=provider, audit=memory_audit)
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    ct = fe.encrypt(["a", "b"], context=CTX)
    old_kek = provider.primary_kek_id()
    new_kek = kr.rotate_kek()
    assert new_kek != old_kek and all(k.kek_id == new_kek for k in kr.keys(None))
    provider.retire_kek(old_kek)
    for rec in kr._records.values():  # drop the cache: keys must unwrap under the new KEK
        rec.secret = None
    assert fe.decrypt(ct, context=CTX) == ["a", "b"]
    assert memory_audit.events[-1]["action"] == "crypto.kek.rotate"


def test_wrapped_key_cannot_be_swapped() -> None:
    kr = Keyring.in_memory()
    a = kr.add_key("s/a", "AES-256-GCM", primary=True)
    b = kr.add_key("s/b", "AES-256-GCM", primary=True)
    ra, rb = kr._records[a.key_id], kr._records[b.key_id]
    ra.wrapped, ra.secret = rb.wrapped, None
    with pytest.raises(CryptoError):
        kr._decrypt_material(a.key_id)


def test_opaque_handles(caplog: pytest.LogCaptureFixture, memory_audit: MemoryAuditLog) -> None:
    caplog.set_level(logging.DEBUG)
    kr = Keyring.in_memory(audit=memory_audit)
    fe = FieldEncryptor(kr, algorithm="AES-256-GCM")
    ct = fe.encrypt(["x"], context=CTX)
    kr.rotate(SCOPE, "AES-256-GCM")
    kr.rotate_kek()
    info = kr.primary(SCOPE, "AES-256-GCM")
    assert info is not None
    secrets = [kr._decrypt_material(k.key_id)[1] for k in kr.keys(None)]
    secrets += [s.get() for s in kr.provider._keks.values()]  # type: ignore[attr-defined]
    errors: list[str] = []
    for bad in (lambda: fe.decrypt([ct[0][:-2]], context=CTX),
                lambda: kr.promote(12345),
                lambda: pickle.dumps(kr),
                lambda: copy.deepcopy(kr),
                lambda: pickle.dumps(kr.provider),
                lambda: pickle.dumps(kr._records[info.key_id].secret)):
        with pytest.raises((CryptoError, TypeError)) as exc:
            bad()
        errors.append(repr(exc.value) + str(exc.value))
    shown = " ".join(
        [repr(kr), str(kr), repr(fe), repr(kr.provider), repr(kr.keys()), caplog.text,
         repr(memory_audit.events), *errors]
    )
    for s in secrets:
        for form in (s.hex(), s.hex().upper(), base64.b64encode(s).decode(), repr(s), str(s)):
            assert form not in shown
    assert "crypto.key.create" in caplog.text  # the log is there, only without keys


def test_provider_protocol_and_bad_arguments() -> None:
    assert isinstance(LocalKeyProvider(), KeyProvider)
    with pytest.raises(InvalidInputError, match="KeyProvider"):
        Keyring(object())  # type: ignore[arg-type]
    kr = Keyring.in_memory()
    with pytest.raises(InvalidInputError, match=r"'algorithm' argument of Keyring\.add_key"):
        kr.add_key("s", "RC4")
    with pytest.raises(InvalidInputError, match="'scope'"):
        kr.add_key("", "SM4-GCM")
    with pytest.raises(KeyStateError, match="not in this keyring"):
        kr.destroy(42)
    k = kr.add_key("s", "SM4-GCM")
    kr.destroy(k.key_id)
    with pytest.raises(KeyStateError, match="destroyed and cannot be promoted"):
        kr.promote(k.key_id)
    with pytest.raises(InvalidInputError, match="LocalKeyProvider"):
        LocalKeyProvider(algorithm="DES")  # type: ignore[arg-type]


def test_injected_clock_stamps_key_creation(memory_audit: MemoryAuditLog) -> None:
    from datetime import UTC, datetime, timedelta

    from dfgov.clock import FixedClock

    t0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    clock = FixedClock(t0)
    kr = Keyring.in_memory(audit=memory_audit, clock=clock)
    k1 = kr.rotate(SCOPE, "SM4-GCM")
    clock.advance(timedelta(days=90))
    k2 = kr.rotate(SCOPE, "SM4-GCM")
    added = kr.add_key(SCOPE, "AES-256-GCM")
    assert [(k.algorithm, k.created_at) for k in kr.keys(SCOPE)] == [
        ("AES-256-GCM", t0 + timedelta(days=90)), ("SM4-GCM", t0),
        ("SM4-GCM", t0 + timedelta(days=90))]
    assert (k1.created_at, k2.created_at, added.created_at) == (
        t0, t0 + timedelta(days=90), t0 + timedelta(days=90))
    created = [e for e in memory_audit.events if e["action"] == "crypto.key.create"]
    assert [e["payload"]["created_at"] for e in created] == [
        k1.created_at.isoformat(), k2.created_at.isoformat(), added.created_at.isoformat()]
    worker = Keyring.from_wrapped(kr.provider, kr.export_wrapped(SCOPE), clock=clock)
    clock.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert worker.add_key("s/w", "SM4-GCM").created_at == datetime(2027, 1, 1, tzinfo=UTC)
    # Without a clock: the system clock (now, to the second).
    before = datetime.now(UTC).replace(microsecond=0)
    assert Keyring.in_memory().add_key(SCOPE, "SM4-GCM").created_at >= before
