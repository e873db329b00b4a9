"""Key custody in a PKCS#11 token, on SoftHSM2: the keyring works unchanged on top of it.

The token comes from ``.ci/softhsm.sh`` (``DFGOV_TEST_PKCS11_*``, ``SOFTHSM2_CONF``);
without those settings a throwaway token is initialised here with ``softhsm2-util``.
In CI (``CI`` set) a missing SoftHSM2 is a failure, not a skip.
"""

from __future__ import annotations

import os
import pickle
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_unwrap_with_padding

from dfgov.data_protection.crypto import (
    FieldEncryptor,
    Keyring,
    KeyState,
    PKCS11KeyProvider,
    check_key_provider,
)
from dfgov.data_protection.crypto._keyring import _wrap_aad
from dfgov.errors import CryptoError, DecryptionError, InvalidInputError, KeyStateError

pkcs11 = pytest.importorskip("pkcs11")
Attribute, ObjectClass, KeyType = pkcs11.Attribute, pkcs11.ObjectClass, pkcs11.KeyType
PE = pkcs11.exceptions

CTX = {"table": "customers", "column": "id_number"}
_MODULES = ("/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")


@pytest.fixture(scope="session")
def hsm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Module path, token label and PIN of a SoftHSM2 token."""
    module = os.environ.get("DFGOV_TEST_PKCS11_MODULE")
    if module:
        return {"module": module, "token": os.environ.get("DFGOV_TEST_PKCS11_TOKEN", ""),
                "pin": os.environ.get("DFGOV_TEST_PKCS11_PIN", "")}
    found = next((m for m in _MODULES if os.path.exists(m)), None)
    util = shutil.which("softhsm2-util")
    if found is None or util is None:
        if os.environ.get("CI"):
            pytest.fail("SoftHSM2 is missing in CI: .ci/softhsm.sh should have installed it")
        pytest.skip("SoftHSM2 is not installed (apt-get install softhsm2, or .ci/softhsm.sh)")
    d = tmp_path_factory.mktemp("softhsm")
    (d / "tokens").mkdir()
    conf = d / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {d / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\nslots.removable = false\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read when the module is first initialised
    subprocess.run([util, "--init-token", "--free", "--label", "dfgov-test", "--so-pin",
                    "12345678", "--pin", "1234"], check=True, capture_output=True, timeout=60)
    return {"module": found, "token": "dfgov-test", "pin": "1234"}


def _destroy_all(session: Any, prefix: str) -> None:
    for obj in list(session.get_objects({Attribute.CLASS: ObjectClass.SECRET_KEY})):
        if str(obj.label or "").startswith(prefix + "-"):
            obj.destroy()


@pytest.fixture
def provider(hsm: dict[str, str]) -> Iterator[PKCS11KeyProvider]:
    prefix = f"t{secrets.token_hex(4)}"
    p = PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                          label_prefix=prefix)
    yield p
    cleanup = PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                                label_prefix=prefix, create=False) if p.kek_ids() else None
    if cleanup is not None:
        _destroy_all(cleanup._session, prefix)
        cleanup.close()
    p.close()


def _again(hsm: dict[str, str], p: PKCS11KeyProvider) -> PKCS11KeyProvider:
    """A second provider on the same token and prefix (what another process would open)."""
    return PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                             label_prefix=p._prefix[:-1], create=False)


def test_encrypt_rotate_rewrap_shred(hsm: dict[str, str], provider: PKCS11KeyProvider,
                                     tmp_path: Path) -> None:
    store = tmp_path / "keys.dfks"
    ring = Keyring.open(store, passphrase="keystore pass", create=True, provider=provider)
    ids = pd.Series(["110101199003074514", "440305198812120018", None], index=[7, 3, 9],
                    name="id_number", dtype=object)
    phones = ["13800138000", "13912345678"]
    fe = FieldEncryptor(ring, algorithm="SM4-GCM")
    enc = fe.encrypt(ids, context=CTX)
    enc_phone = fe.encrypt(phones, context={"table": "customers", "column": "phone"})
    assert fe.decrypt(enc, context=CTX).to_dict() == ids.to_dict()

    # rotate the data key: old ciphertexts still decrypt, new ones use the new key
    first = ring.primary("customers/id_number", "SM4-GCM")
    second = ring.rotate("customers/id_number", "SM4-GCM")
    assert ring.key(first.key_id).state is KeyState.DECRYPT_ONLY  # type: ignore[union-attr]
    moved = fe.reencrypt(enc, context=CTX)
    assert fe.decrypt(moved, context=CTX).to_dict() == ids.to_dict()

    # rotate the KEK in the token: every live data key re-wrapped, nothing re-encrypted
    before = provider.primary_kek_id()
    exported_before = ring.export_wrapped("customers/id_number")
    after = ring.rotate_kek()
    assert after != before and {k.kek_id for k in ring.keys(scope=None)
                                if k.state is not KeyState.DESTROYED} == {after}
    # another process (a new session) opens the keystore through the token
    other = _again(hsm, provider)
    reopened = Keyring.open(store, passphrase="keystore pass", provider=other)
    assert FieldEncryptor(reopened).decrypt(moved, context=CTX).to_dict() == ids.to_dict()
    # destroying the old KEK in the token makes copies wrapped under it useless
    provider.retire_kek(before)
    with pytest.raises(CryptoError):
        Keyring.from_wrapped(other, exported_before)._decrypt_material(second.key_id)

    # crypto-shred one column: its data is gone, the other column still decrypts
    ring.shred("customers/id_number")
    with pytest.raises(DecryptionError):
        fe.decrypt(moved, context=CTX)
    reopened = Keyring.open(store, passphrase="keystore pass", provider=other)
    assert FieldEncryptor(reopened).decrypt(
        enc_phone, context={"table": "customers", "column": "phone"}) == phones
    other.close()


def test_kek_is_never_readable_from_the_token(provider: PKCS11KeyProvider) -> None:
    kek = provider._keks[provider.primary_kek_id()]
    assert kek[Attribute.EXTRACTABLE] is False and kek[Attribute.SENSITIVE] is True
    assert kek[Attribute.NEVER_EXTRACTABLE] is True and kek[Attribute.ALWAYS_SENSITIVE] is True
    assert kek[Attribute.ENCRYPT] is False and kek[Attribute.DECRYPT] is False
    session = provider._session
    with pytest.raises(PE.AttributeSensitive):  # read its value
        kek[Attribute.VALUE]
    outer = session.generate_key(KeyType.AES, 256, store=False, template={
        Attribute.WRAP: True, Attribute.EXTRACTABLE: True, Attribute.SENSITIVE: False})
    with pytest.raises(PE.KeyUnextractable):  # wrap it out under a key we can read
        outer.wrap_key(kek, mechanism=pkcs11.Mechanism.AES_KEY_WRAP_PAD)
    for attribute, value in ((Attribute.EXTRACTABLE, True), (Attribute.SENSITIVE, False)):
        with pytest.raises(PE.PKCS11Error):  # make it extractable or non-sensitive
            kek[attribute] = value
    for template in ({Attribute.EXTRACTABLE: True}, {Attribute.SENSITIVE: False}):
        with pytest.raises(PE.PKCS11Error):  # copy it into an extractable/readable object
            kek.copy(template)
    with pytest.raises(PE.KeyUnextractable):  # wrap it under itself
        kek.wrap_key(kek, mechanism=pkcs11.Mechanism.AES_KEY_WRAP_PAD)
    outer.destroy()
    assert kek[Attribute.EXTRACTABLE] is False and kek[Attribute.SENSITIVE] is True


@pytest.mark.parametrize(("mechanism", "unwrap"), [("AES-KWP", aes_key_unwrap_with_padding),
                                                    ("AES-KW", aes_key_unwrap)])
def test_wrapped_format_is_aes_key_wrap_of_key_and_digest(
        hsm: dict[str, str], provider: PKCS11KeyProvider, mechanism: str, unwrap: Any) -> None:
    # a KEK of known value imported into the token lets pyca check the documented format
    import hashlib

    value = os.urandom(32)
    prefix = provider._prefix[:-1] + mechanism.lower().replace("-", "")
    provider._session.create_object({
        Attribute.CLASS: ObjectClass.SECRET_KEY, Attribute.KEY_TYPE: KeyType.AES,
        Attribute.VALUE: value, Attribute.TOKEN: True, Attribute.LABEL: f"{prefix}-000001-aaaaaaaa",
        Attribute.ID: (1).to_bytes(8, "big"), Attribute.WRAP: True, Attribute.UNWRAP: True,
        Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True})
    p = PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                          label_prefix=prefix, mechanism=mechanism,  # type: ignore[arg-type]
                          create=False)
    try:
        aad = _wrap_aad(42, "customers/id_number", "SM4-GCM")
        for size in (16, 32, 64):
            key = os.urandom(size)
            wrapped = p.wrap(p.primary_kek_id(), key, aad)
            assert unwrap(value, wrapped) == key + hashlib.sha256(aad).digest()
            assert p.unwrap(p.primary_kek_id(), wrapped, aad) == key
    finally:
        _destroy_all(p._session, prefix)
        p.close()


def test_conformance_and_usage_errors(hsm: dict[str, str], provider: PKCS11KeyProvider) -> None:
    assert check_key_provider(provider, rotate=True) == []
    assert len(provider.kek_ids()) == 2
    with pytest.raises(KeyStateError, match="cannot be retired"):
        provider.retire_kek(provider.primary_kek_id())
    with pytest.raises(CryptoError, match="refused the PIN"):
        PKCS11KeyProvider(hsm["module"], pin="0000", token_label=hsm["token"])
    with pytest.raises(InvalidInputError, match="No PKCS#11 token labelled 'nope'"):
        PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label="nope")
    with pytest.raises(KeyStateError, match="holds no KEK"):
        PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                          label_prefix=f"empty{secrets.token_hex(4)}", create=False)
    with pytest.raises(InvalidInputError, match="'mechanism'"):
        PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], mechanism="SM4")  # type: ignore[arg-type]
    with pytest.raises(CryptoError, match=r"cannot be\s+pickled"):
        pickle.dumps(provider)
    assert hsm["pin"] not in repr(provider)
    with pytest.raises(KeyStateError, match="not in the PKCS#11 token"):
        provider.unwrap("t-unknown", b"\x00" * 40, b"")


def test_prefixes_keep_keyrings_apart_and_closed_is_refused(hsm: dict[str, str],
                                                            provider: PKCS11KeyProvider) -> None:
    prefix = provider._prefix[:-1]
    nested = PKCS11KeyProvider(hsm["module"], pin=hsm["pin"], token_label=hsm["token"],
                               label_prefix=prefix + "-x")
    try:
        assert not set(nested.kek_ids()) & set(provider.kek_ids())
        again = _again(hsm, provider)
        assert again.kek_ids() == provider.kek_ids()
        again.close()
    finally:
        _destroy_all(nested._session, prefix + "-x")
        nested.close()
    closed = _again(hsm, provider)
    closed.close()
    with pytest.raises(KeyStateError, match="closed"):
        closed.rotate_kek()
    # the other providers on the token keep their (shared) session
    assert check_key_provider(provider) == []

