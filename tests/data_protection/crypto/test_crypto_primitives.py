"""The primitives a Keyring hands out: Keyring.aead, Keyring.siv, Keyring.mac."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dfgov.data_protection.crypto import (
    BlindIndex,
    DeterministicEncryptor,
    FieldEncryptor,
    Keyring,
    KeyState,
    RecordMAC,
)
from dfgov.errors import DecryptionError, InvalidInputError, KeyStateError

CRYPTO = Path(__file__).parents[3] / "src" / "dfgov" / "data_protection" / "crypto"


def test_aead_round_trip_binds_associated_data_and_names_its_key() -> None:
    kr = Keyring.in_memory()
    aead = kr.aead("customers/phone", "SM4-GCM")
    ct = aead.encrypt(b"13800138000", b"row 7")
    assert aead.decrypt(ct, b"row 7") == b"13800138000"
    info = aead.primary()
    assert ct[:2] == b"\x01\x02" and int.from_bytes(ct[2:6], "big") == info.key_id
    with pytest.raises(DecryptionError):
        aead.decrypt(ct, b"row 8")
    with pytest.raises(DecryptionError):
        aead.decrypt(ct[:-1] + bytes([ct[-1] ^ 1]), b"row 7")


def test_aead_follows_rotation_and_refuses_other_scopes() -> None:
    kr = Keyring.in_memory()
    aead = kr.aead("t/c", "AES-256-GCM")
    old = aead.encrypt(b"x")
    kr.rotate("t/c", "SM4-GCM")  # a new algorithm too: decryption follows the header
    new = kr.aead("t/c", "SM4-GCM").encrypt(b"y")
    reader = kr.aead("t/c")  # decrypt-only
    assert reader.decrypt(old) == b"x" and reader.decrypt(new) == b"y"
    with pytest.raises(InvalidInputError, match="only decrypts"):
        reader.encrypt(b"z")
    kr.aead("t/other", "AES-256-GCM").encrypt(b"w")
    with pytest.raises(DecryptionError):  # a key of another scope is never used
        kr.aead("t/other").decrypt(old)


def test_aead_primary_is_created_once_and_a_demoted_scope_is_an_error() -> None:
    kr = Keyring.in_memory()
    aead = kr.aead("t/c", "SM4-GCM")
    with pytest.raises(KeyStateError):
        aead.primary()
    info = aead.primary(create=True)
    assert aead.primary(create=True) == info and info.state is KeyState.PRIMARY
    kr.add_key("t/c", "SM4-GCM")
    kr.destroy(info.key_id)  # no primary left, but the scope has SM4 keys
    with pytest.raises(KeyStateError, match="no primary"):
        aead.encrypt(b"x")


def test_siv_is_deterministic_per_domain_and_matches_the_column_adapter() -> None:
    kr = Keyring.in_memory()
    siv = kr.siv("customer-id")
    assert siv.encrypt(b"C001") == siv.encrypt(b"C001")
    assert siv.decrypt(siv.encrypt(b"C001")) == b"C001"
    de = DeterministicEncryptor(kr, domain="customer-id")
    assert de.encrypt([b"C001"]) == [siv.encrypt(b"C001")]
    kr.siv("other").encrypt(b"C001")
    with pytest.raises(DecryptionError):
        kr.siv("other").decrypt(siv.encrypt(b"C001"))


def test_mac_tags_verify_after_rotation_and_not_across_purposes() -> None:
    kr = Keyring.in_memory()
    mac = kr.mac("loans", "HMAC-SM3")
    tags = mac.tag_values([b"a", b"b"])
    kr.rotate("record-mac/loans", "HMAC-SM3")
    assert mac.verify_values([b"a", b"b"], tags) == []
    assert mac.verify_values([b"a", b"b"], tags[::-1]) == [0, 1]
    assert mac.verify_values([b"a"], ["zz:00"]) == [0]
    other = kr.mac("loans", "HMAC-SM3", purpose="blind-index")
    assert other.verify_values([b"a"], tags[:1]) == [0]  # a key of another scope
    assert len(other.digest_values([b"a"])[0]) == 32
    bi = BlindIndex(kr, domain="loans", length=32)
    assert bi.compute([b"a"]) == [other.digest_values([b"a"])[0].hex()]


@pytest.mark.parametrize("call", [
    lambda kr: kr.aead("", "SM4-GCM"),
    lambda kr: kr.aead("t/c", "AES-SIV"),
    lambda kr: kr.siv(""),
    lambda kr: kr.mac("d", "HMAC-MD5"),
    lambda kr: kr.mac("d", "HMAC-SM3", purpose="deterministic"),
    lambda kr: kr.aead("t/c", "SM4-GCM").encrypt("text"),
    lambda kr: kr.aead("t/c").decrypt("text"),
    lambda kr: kr.siv("d").encrypt("text"),
    lambda kr: kr.aead("t/c", "SM4-GCM").encrypt_values([b"a", b"b"], b"", [b"row"]),
    lambda kr: kr.aead("t/c").decrypt_values([b"a", b"b"], b"", [b"row"]),
    lambda kr: kr.mac("d", "HMAC-SM3").verify_values([b"a"], []),
])
def test_bad_arguments_are_named(call: object) -> None:
    with pytest.raises(InvalidInputError):
        call(Keyring.in_memory())  # type: ignore[operator]


def test_primitives_show_no_key() -> None:
    kr = Keyring.in_memory()
    aead = kr.aead("t/c", "SM4-GCM")
    aead.encrypt(b"x")
    key = kr._decrypt_material(aead.primary().key_id)[1]
    for obj in (aead, kr.siv("d"), kr.mac("d", "HMAC-SM3")):
        assert key.hex() not in repr(obj) and not hasattr(obj, "__dict__")


def test_no_module_but_the_keyring_reaches_key_material() -> None:
    """Key bytes leave ``_keyring.py`` only to tests: no other module calls the material API."""
    reach = {"_material", "_decrypt_material", "_primary_key", "_key", "_records"}
    allowed = {
        "_keyring.py": reach,
        "_primitives.py": {"_primary_key", "_key"},  # keyed pyca objects, never bytes
        "_shred.py": {"_records"},  # metadata and wrapped bytes of live keys
        "_keystore.py": {"_records"},  # wrapped bytes, persisted
        "_change.py": {"_records"},  # the rollback snapshot
    }
    for path in [*sorted(CRYPTO.glob("*.py")), CRYPTO.parents[1] / "spark" / "_encryption.py"]:
        used = {n.attr for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.Attribute) and n.attr in reach}
        assert used <= allowed.get(path.name, set()), (path.name, used)


@pytest.mark.parametrize("adapter", [
    lambda kr: FieldEncryptor(kr).encrypt([1], context={"table": "t", "column": "c"}),
    lambda kr: DeterministicEncryptor(kr, domain="d").encrypt([1]),
    lambda kr: BlindIndex(kr, domain="d").compute([1]),
    lambda kr: RecordMAC(kr, domain="d").tag_many([{"x": object()}]),
])
def test_adapters_refuse_bad_values_before_any_key_exists(adapter: object) -> None:
    kr = Keyring.in_memory()
    with pytest.raises(InvalidInputError):
        adapter(kr)  # type: ignore[operator]
    assert kr.keys() == []
