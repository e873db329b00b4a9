"""Crypto-shredding (issue 14: re-wrap the survivors under a fresh KEK, destroy the old ones)
on the SM2 and PKCS#11 providers (issue 19)."""

from __future__ import annotations

import pytest

from dfgov.data_protection.crypto import FieldEncryptor, Keyring, SM2KeyProvider
from dfgov.errors import CryptoError, KeyStateError

from .test_pkcs11_provider import hsm, provider  # noqa: F401  (fixtures)

PASS = b"a long passphrase"
ID = {"table": "customers", "column": "id_number"}
PHONE = {"table": "customers", "column": "phone"}


def test_sm2_shred_needs_a_staged_pair_then_retires_the_old_one() -> None:
    central = SM2KeyProvider.generate()
    ring = Keyring.in_memory(provider=central)
    fe = FieldEncryptor(ring)
    fe.encrypt(["110101199003074514"], context=ID)
    phones = fe.encrypt(["13800138000"], context=PHONE)
    old = central.primary_kek_id()
    before = ring.export_wrapped("customers/id_number")
    with pytest.raises(KeyStateError, match="none is staged"):
        ring.shred("customers/id_number")  # all or nothing: nothing shredded
    assert FieldEncryptor(Keyring.from_wrapped(central, before)).encrypt(["x"], context=ID)
    central.add_kek(private_key=SM2KeyProvider.generate().private_key_pem(passphrase=PASS),
                    passphrase=PASS, primary=False)
    ring.shred("customers/id_number")
    assert old not in central.kek_ids()
    with pytest.raises((CryptoError, KeyStateError)):
        Keyring.from_wrapped(central, before)._decrypt_material(before[0].info.key_id)
    assert fe.decrypt(phones, context=PHONE) == ["13800138000"]


def test_pkcs11_shred_destroys_the_old_kek_in_the_token(provider) -> None:  # noqa: F811
    ring = Keyring.in_memory(provider=provider)
    fe = FieldEncryptor(ring)
    fe.encrypt(["110101199003074514"], context=ID)
    phones = fe.encrypt(["13800138000"], context=PHONE)
    old = provider.primary_kek_id()
    before = ring.export_wrapped("customers/id_number")
    ring.shred("customers/id_number")
    assert old not in provider.kek_ids() and len(provider.kek_ids()) == 1
    with pytest.raises((CryptoError, KeyStateError)):
        Keyring.from_wrapped(provider, before)._decrypt_material(before[0].info.key_id)
    assert fe.decrypt(phones, context=PHONE) == ["13800138000"]
