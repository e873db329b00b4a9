"""Keyring.export_wrapped / from_wrapped: keys travel wrapped, never in plaintext."""

from __future__ import annotations

import pickle

import pytest

from dfgov.data_protection.crypto import FieldEncryptor, Keyring, LocalKeyProvider, WrappedKey
from dfgov.errors import DecryptionError, InvalidInputError, KeyStateError

CTX = {"table": "customers", "column": "phone"}


def test_round_trip_through_wrapped_keys() -> None:
    provider = LocalKeyProvider()
    kr = Keyring.in_memory(provider=provider)
    old = FieldEncryptor(kr, algorithm="SM4-GCM").encrypt(["a", None], context=CTX)
    kr.rotate("customers/phone", "SM4-GCM")
    new = FieldEncryptor(kr, algorithm="SM4-GCM").encrypt(["b"], context=CTX)

    primary = kr.export_wrapped("customers/phone", "SM4-GCM", primary_only=True)
    assert [k.info.state.value for k in primary] == ["primary"]
    every = kr.export_wrapped("customers/phone")
    assert len(every) == 2 and all(isinstance(k, WrappedKey) for k in every)
    # no plaintext: the material is not among the exported bytes, not even after pickling
    blob = pickle.dumps(every)
    for k in every:
        _, material = kr._decrypt_material(k.info.key_id)
        assert material not in blob and material.hex().encode() not in blob
        assert material.hex() not in repr(k)

    worker = Keyring.from_wrapped(provider, pickle.loads(blob))
    fe = FieldEncryptor(worker, algorithm="SM4-GCM")
    assert fe.decrypt(old, context=CTX) == ["a", None]
    assert fe.decrypt(new, context=CTX) == ["b"]
    # encryption on the worker uses the exported primary key; the driver decrypts it
    ct = FieldEncryptor(Keyring.from_wrapped(provider, primary), algorithm="SM4-GCM").encrypt(
        ["c"], context=CTX)
    assert FieldEncryptor(kr, algorithm="SM4-GCM").decrypt(ct, context=CTX) == ["c"]
    # a worker with only the primary key cannot read data under the old key
    with pytest.raises(DecryptionError):
        FieldEncryptor(Keyring.from_wrapped(provider, primary)).decrypt(old, context=CTX)


def test_wrong_provider_and_bad_input() -> None:
    kr = Keyring.in_memory()
    FieldEncryptor(kr, algorithm="AES-256-GCM").encrypt(["x"], context=CTX)
    keys = kr.export_wrapped("customers/phone")
    other = Keyring.from_wrapped(LocalKeyProvider(), keys)
    with pytest.raises(DecryptionError):
        FieldEncryptor(other, algorithm="AES-256-GCM").decrypt(
            FieldEncryptor(kr, algorithm="AES-256-GCM").encrypt(["x"], context=CTX),
            context=CTX)
    with pytest.raises(InvalidInputError, match="WrappedKey"):
        Keyring.from_wrapped(LocalKeyProvider(), [b"raw"])  # type: ignore[list-item]
    kr.shred("customers/phone")
    assert kr.export_wrapped("customers/phone") == []
    with pytest.raises(InvalidInputError, match="scope"):
        kr.export_wrapped("")
    with pytest.raises(KeyStateError):
        Keyring.from_wrapped(LocalKeyProvider(), [WrappedKey(kr.keys()[0], b"x")])
