"""SM2 key wrapping (GB/T 32918.4, C1C3C2 DER per GM/T 0009): dfgov, OpenSSL 3 and gmssl agree.

The wrapped form of a data key is SM2(key || SM3(associated data)); OpenSSL's
``pkeyutl -decrypt`` and gmssl (pure Python) must recover exactly that, and
what they encrypt must unwrap in dfgov.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from hypothesis import given
from hypothesis import strategies as st

from dfgov import _sm2
from dfgov.data_protection.crypto import (
    FieldEncryptor,
    Keyring,
    LocalKeyProvider,
    SM2KeyProvider,
    check_key_provider,
)
from dfgov.data_protection.crypto._keyring import _wrap_aad
from dfgov.errors import CryptoError, DecryptionError, InvalidInputError, KeyStateError
from tests.conftest import budget
from tests.sm2_oracles import gmssl_decrypt, gmssl_encrypt, needs_openssl, openssl

CENTRAL = SM2KeyProvider.generate()
CTX = {"table": "customers", "column": "id_number"}
PASS = b"a long passphrase"


def sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _private_scalar(provider: SM2KeyProvider) -> int:
    pair = provider._private[provider.primary_kek_id()]
    return int(pair._key.private_numbers().private_value)


@needs_openssl
@budget.heavy
@given(key=st.sampled_from([16, 32, 64]).map(os.urandom), scope=st.text(min_size=1, max_size=20))
def test_dfgov_wraps_openssl_unwraps_and_back(tmp_path_factory: pytest.TempPathFactory,
                                               key: bytes, scope: str) -> None:
    d = tmp_path_factory.mktemp("wrap")
    kek = CENTRAL.primary_kek_id()
    aad = _wrap_aad(7, scope, "SM4-GCM")
    (d / "kek.pem").write_bytes(CENTRAL.private_key_pem(passphrase=PASS))
    (d / "kek.pub").write_bytes(CENTRAL.public_key_pem())
    (d / "wrapped.der").write_bytes(CENTRAL.wrap(kek, key, aad))
    out = openssl("pkeyutl", "-decrypt", "-inkey", str(d / "kek.pem"), "-passin",
                  f"pass:{PASS.decode()}", "-in", str(d / "wrapped.der"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == key + sm3(aad)
    (d / "plain").write_bytes(key + sm3(aad))
    theirs = openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", str(d / "kek.pub"),
                     "-in", str(d / "plain"))
    assert theirs.returncode == 0, theirs.stderr
    assert CENTRAL.unwrap(kek, theirs.stdout, aad) == key
    with pytest.raises(CryptoError, match="did not verify"):
        CENTRAL.unwrap(kek, theirs.stdout, _wrap_aad(8, scope, "SM4-GCM"))


@budget.heavy
@given(key=st.sampled_from([16, 32, 64]).map(os.urandom), key_id=st.integers(1, 2**32 - 1))
def test_dfgov_wraps_gmssl_unwraps_and_back(key: bytes, key_id: int) -> None:
    kek = CENTRAL.primary_kek_id()
    x, y = CENTRAL._public[kek].point
    d = _private_scalar(CENTRAL)
    aad = _wrap_aad(key_id, "customers/phone", "AES-256-GCM")
    raw = _sm2.ciphertext_to_raw(CENTRAL.wrap(kek, key, aad))
    assert gmssl_decrypt(raw[1:], x, y, d) == key + sm3(aad)  # gmssl has no 04 prefix
    theirs = gmssl_encrypt(key + sm3(aad), x, y)
    assert CENTRAL.unwrap(kek, _sm2.ciphertext_from_raw(b"\x04" + theirs), aad) == key


def test_edge_holds_only_the_public_key(tmp_path: Path) -> None:
    edge = SM2KeyProvider.from_public_key(CENTRAL.public_key_pem())
    assert edge.primary_kek_id() == CENTRAL.primary_kek_id()
    assert not edge.can_unwrap(edge.primary_kek_id())
    # the edge encrypts a column under fresh data keys and keeps them only wrapped
    edge_ring = Keyring.open(tmp_path / "edge.dfks", passphrase="edge pass", create=True,
                             provider=edge)
    values = ["110101199003074514", "440305198812120018", None]
    ciphertexts = FieldEncryptor(edge_ring).encrypt(values, context=CTX)
    wrapped = edge_ring.export_wrapped("customers/id_number")
    assert {w.info.kek_id for w in wrapped} == {CENTRAL.primary_kek_id()}
    with pytest.raises(KeyStateError, match="only the public key"):
        edge.unwrap(wrapped[0].info.kek_id, wrapped[0].wrapped, b"x")
    # a restarted edge cannot read back what it wrote: only the central system can
    reopened = Keyring.open(tmp_path / "edge.dfks", passphrase="edge pass", provider=edge)
    with pytest.raises(DecryptionError):  # one message for every decryption failure
        FieldEncryptor(reopened).decrypt(ciphertexts, context=CTX)
    central_ring = Keyring.from_wrapped(CENTRAL, wrapped)
    assert FieldEncryptor(central_ring).decrypt(ciphertexts, context=CTX) == values


def test_wrapped_key_is_bound_to_id_scope_and_algorithm() -> None:
    kek = CENTRAL.primary_kek_id()
    aad = _wrap_aad(1, "a/b", "SM4-GCM")
    wrapped = CENTRAL.wrap(kek, bytes(16), aad)
    for other in (_wrap_aad(2, "a/b", "SM4-GCM"), _wrap_aad(1, "a/c", "SM4-GCM"),
                  _wrap_aad(1, "a/b", "AES-256-GCM")):
        with pytest.raises(CryptoError, match="did not verify"):
            CENTRAL.unwrap(kek, wrapped, other)
    for i in range(len(wrapped)):
        bad = bytearray(wrapped)
        bad[i] ^= 0x01
        with pytest.raises(CryptoError):
            CENTRAL.unwrap(kek, bytes(bad), aad)


def test_rotation_rewrap_and_retire() -> None:
    provider = SM2KeyProvider.generate()
    ring = Keyring.in_memory(provider=provider)
    fe = FieldEncryptor(ring, algorithm="SM4-GCM")
    ct = fe.encrypt(["a", "b"], context=CTX)
    old, old_pem = provider.primary_kek_id(), provider.public_key_pem()
    with pytest.raises(KeyStateError, match="none is staged"):
        ring.rotate_kek()  # never a private key that lives only in this process
    nxt = SM2KeyProvider.generate()
    staged = provider.add_kek(private_key=nxt.private_key_pem(passphrase=PASS),
                              passphrase=PASS, primary=False)
    assert provider.primary_kek_id() == old and staged in provider.kek_ids()
    new = ring.rotate_kek()
    assert new == staged != old and provider.primary_kek_id() == new
    assert {k.kek_id for k in ring.keys(scope=None)} == {new}
    provider.retire_kek(old)
    assert provider.kek_ids() == [new]
    fresh = Keyring.from_wrapped(provider, ring.export_wrapped("customers/id_number"))
    assert FieldEncryptor(fresh).decrypt(ct, context=CTX) == ["a", "b"]
    with pytest.raises(KeyStateError, match="cannot be retired"):
        provider.retire_kek(new)
    # an edge rotates to a staged public key the same way
    edge = SM2KeyProvider.from_public_key(old_pem)
    edge.add_kek(provider.public_key_pem(new), primary=False)
    assert edge.rotate_kek() == new and not edge.can_unwrap(new)


def test_providers_pass_the_conformance_check() -> None:
    sm2 = SM2KeyProvider.generate()
    sm2.add_kek(SM2KeyProvider.generate().public_key_pem(), primary=False)
    assert check_key_provider(sm2, rotate=True) == []
    assert check_key_provider(LocalKeyProvider(algorithm="SM4-GCM"), rotate=True) == []

    class Leaky(LocalKeyProvider):
        def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
            return super().unwrap(kek_id, wrapped, b"ignores its associated data")

        def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
            return super().wrap(kek_id, key, b"ignores its associated data")

    problems = check_key_provider(Leaky())
    assert problems == ["unwrap accepted other associated data."]
    assert check_key_provider(object()) != []


def test_keys_load_from_files_and_mismatches_are_refused(tmp_path: Path) -> None:
    (tmp_path / "kek.pem").write_bytes(CENTRAL.private_key_pem(passphrase=PASS))
    (tmp_path / "kek.pub").write_bytes(CENTRAL.public_key_pem())
    loaded = SM2KeyProvider.from_private_key(tmp_path / "kek.pem", passphrase=PASS)
    assert loaded.primary_kek_id() == CENTRAL.primary_kek_id()
    assert loaded.can_unwrap(loaded.primary_kek_id())
    with pytest.raises(InvalidInputError, match="does not match"):
        loaded.add_kek(SM2KeyProvider.generate().public_key_pem(),
                       private_key=tmp_path / "kek.pem", passphrase=PASS)
    with pytest.raises(CryptoError, match="passphrase"):
        SM2KeyProvider.from_private_key(tmp_path / "kek.pem", passphrase=b"wrong pass")
    with pytest.raises(InvalidInputError, match="not an SM2"):
        SM2KeyProvider.from_public_key(b"-----BEGIN PUBLIC KEY-----\nAAAA\n"
                                       b"-----END PUBLIC KEY-----\n")
    with pytest.raises(CryptoError, match="cannot be pickled"):
        pickle.dumps(CENTRAL)
    assert "BEGIN" not in repr(CENTRAL)
