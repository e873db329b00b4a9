"""Finding 3: crypto-shredding must not be reversible from copies made before it.

Before the fix, destroying a scope's keys only dropped their wrapped bytes: a
``WrappedKey`` exported earlier (Spark executors get them) or a backup of the keystore
still unwrapped under the unchanged KEK and decrypted the "shredded" data.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dfgov.audit import MemoryAuditLog
from dfgov.data_protection.crypto import FieldEncryptor, Keyring, LocalKeyProvider, crypto_shred
from dfgov.errors import ConflictError, CryptoError, DecryptionError, KeyStateError
from tests.data_protection.crypto.test_crypto_keystore import FakeKMS

CARD = {"table": "customers", "column": "card"}
PHONE = {"table": "customers", "column": "phone"}


class FakeHSM(FakeKMS):
    """A KEK provider whose keys live elsewhere (an HSM); it can destroy a KEK."""

    def __init__(self, *, can_destroy: bool = True) -> None:
        super().__init__()
        if can_destroy:
            self.retire_kek = self.inner.retire_kek


def _encrypted(kr: Keyring) -> tuple[list[Any], list[Any]]:
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    return (fe.encrypt(["6222021234567890123"], context=CARD),
            fe.encrypt(["13800138000"], context=PHONE))


def test_wrapped_key_exported_before_the_shred_no_longer_decrypts() -> None:
    provider = LocalKeyProvider()
    kr = Keyring.in_memory(provider=provider)
    card, phone = _encrypted(kr)
    exported = kr.export_wrapped("customers/card")  # e.g. sent to Spark executors earlier
    crypto_shred(kr, "customers/card")
    worker = FieldEncryptor(Keyring.from_wrapped(provider, exported))
    with pytest.raises((DecryptionError, KeyStateError, CryptoError)):
        worker.decrypt(card, context=CARD)
    # the survivors were re-wrapped, not lost
    assert FieldEncryptor(kr).decrypt(phone, context=PHONE) == ["13800138000"]


def test_keystore_backup_made_before_the_shred_no_longer_decrypts(tmp_path: Path) -> None:
    hsm = FakeHSM()
    store = tmp_path / "keys.json"
    kr = Keyring.open(store, passphrase="correct horse", create=True, provider=hsm)
    card, phone = _encrypted(kr)
    backup = tmp_path / "backup.json"
    shutil.copy2(store, backup)
    old_keks = set(hsm.inner.kek_ids())
    crypto_shred(kr, "customers/card")
    assert not old_keks & set(hsm.inner.kek_ids())  # destroyed in the "HSM"
    restored = Keyring.open(backup, passphrase="correct horse", provider=hsm)
    with pytest.raises((DecryptionError, KeyStateError, CryptoError)):
        FieldEncryptor(restored).decrypt(card, context=CARD)
    current = Keyring.open(store, passphrase="correct horse", provider=hsm)
    assert FieldEncryptor(current).decrypt(phone, context=PHONE) == ["13800138000"]


def test_local_keystore_is_resealed_and_drops_the_old_kek(tmp_path: Path) -> None:
    store = tmp_path / "keys.json"
    kr = Keyring.open(store, passphrase="old passphrase", create=True)
    card, phone = _encrypted(kr)
    backup = tmp_path / "backup.json"
    shutil.copy2(store, backup)
    old_keks = set(kr.provider.kek_ids())  # type: ignore[attr-defined]
    crypto_shred(kr, "customers/card", new_passphrase="new passphrase")
    with pytest.raises(CryptoError, match="passphrase"):
        Keyring.open(store, passphrase="old passphrase")
    current = Keyring.open(store, passphrase="new passphrase")
    assert not old_keks & set(current.provider.kek_ids())  # type: ignore[attr-defined]
    assert FieldEncryptor(current).decrypt(phone, context=PHONE) == ["13800138000"]
    with pytest.raises(DecryptionError):
        FieldEncryptor(current).decrypt(card, context=CARD)
    # the backup is sealed under the retired passphrase only
    with pytest.raises(CryptoError, match="passphrase"):
        Keyring.open(backup, passphrase="new passphrase")


def test_a_provider_that_cannot_destroy_keys_is_told_which_to_destroy() -> None:
    kms, sink = FakeHSM(can_destroy=False), MemoryAuditLog()
    kr = Keyring.in_memory(provider=kms, audit=sink)
    _encrypted(kr)
    before = kms.primary_kek_id()
    crypto_shred(kr, "customers/card", audit=sink)
    (event,) = [e for e in sink.events if e["action"] == "crypto.kek.retire_required"]
    assert before in event["payload"]["kek_ids"]
    assert kms.primary_kek_id() != before


def test_a_failed_shred_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "keys.json"
    kr = Keyring.open(store, passphrase="pw-pw-pw", create=True)
    card, _ = _encrypted(kr)
    keks = kr.provider.kek_ids()  # type: ignore[attr-defined]
    other = Keyring.open(store, passphrase="pw-pw-pw")
    other.rotate("customers/phone", "SM4-GCM")  # the file changed under kr: kr's write fails
    written = store.read_bytes()
    with pytest.raises(ConflictError):
        crypto_shred(kr, "customers/card")
    assert store.read_bytes() == written
    assert kr.provider.kek_ids() == keks  # type: ignore[attr-defined]
    assert FieldEncryptor(kr).decrypt(card, context=CARD) == ["6222021234567890123"]
