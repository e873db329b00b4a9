"""AES-SIV deterministic encryption and HMAC blind indexes, checked against independent code."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pandas as pd
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from hypothesis import given
from hypothesis import strategies as st

from dfgov import Policy
from dfgov.data_protection.crypto import (
    BlindIndex,
    DeterministicEncryptor,
    Keyring,
    encode_context,
)
from dfgov.errors import DecryptionError, InvalidInputError, PolicyError
from tests.conftest import budget

KR = Keyring.in_memory()
SM_ONLY = Policy.loads(
    '[data_security.crypto]\nallowed_algorithms = ["SM4-GCM"]\n'
    'allowed_deterministic = ["blind-index"]\n'
)


@budget.medium
@given(st.lists(st.none() | st.text(max_size=20) | st.binary(max_size=20), max_size=10))
def test_siv_round_trip_and_determinism(values: list[object]) -> None:
    de = DeterministicEncryptor(KR, domain="customer-id")
    a, b = de.encrypt(values), de.encrypt(values)
    assert a == b
    assert de.decrypt(a) == values
    # equal plaintexts, equal ciphertexts; different ones differ
    for v1, c1 in zip(values, a, strict=True):
        for v2, c2 in zip(values, a, strict=True):
            if v1 is not None and v2 is not None and type(v1) is type(v2):
                assert (v1 == v2) == (c1 == c2)


def test_siv_independent_decryption() -> None:
    kr = Keyring.in_memory()
    de = DeterministicEncryptor(kr, domain="acct")
    (ct,) = de.encrypt(["6222020200112233445"])
    blob = base64.b64decode(ct)
    info = kr.primary("deterministic/acct", "AES-SIV")
    assert info is not None and blob[:2] == b"\x01\x03"
    assert int.from_bytes(blob[2:6], "big") == info.key_id
    key = kr._decrypt_material(info.key_id)[1]
    ctx = b"\x00\x00\x00\x06domain\x00\x00\x00\x04acct"
    assert encode_context({"domain": "acct"}) == ctx
    assert AESSIV(key).decrypt(blob[6:], [blob[:6], ctx]) == b"6222020200112233445"


def test_siv_domains_and_tampering() -> None:
    a = DeterministicEncryptor(KR, domain="a")
    b = DeterministicEncryptor(KR, domain="b")
    (ca,) = a.encrypt([b"same"])
    (cb,) = b.encrypt([b"same"])
    assert ca != cb
    with pytest.raises(DecryptionError):
        b.decrypt([ca])
    for i in range(len(ca)):
        bad = bytearray(ca)
        bad[i] ^= 0x40
        with pytest.raises(DecryptionError, match=r"^decryption failed$"):
            a.decrypt([bytes(bad)])
    with pytest.raises(DecryptionError):
        a.decrypt(["@@@"])


def test_siv_policy() -> None:
    with pytest.raises(PolicyError, match="allowed_deterministic"):
        DeterministicEncryptor(KR, domain="x", policy=SM_ONLY).encrypt(["a"])
    with pytest.raises(InvalidInputError, match="'domain'"):
        DeterministicEncryptor(KR, domain="").encrypt(["a"])


def _rfc2104(hash_name: str, key: bytes, msg: bytes) -> bytes:
    """HMAC written out from RFC 2104 over a plain hash (the peer implementation)."""

    def h(data: bytes) -> bytes:
        if hash_name == "sha256":
            return hashlib.sha256(data).digest()
        d = hashes.Hash(hashes.SM3())
        d.update(data)
        return d.finalize()

    block = 64
    if len(key) > block:
        key = h(key)
    key = key.ljust(block, b"\0")
    ipad = bytes(k ^ 0x36 for k in key)
    opad = bytes(k ^ 0x5C for k in key)
    return h(opad + h(ipad + msg))


@pytest.mark.parametrize(("alg", "hash_name"), [("HMAC-SM3", "sm3"), ("HMAC-SHA256", "sha256")])
@budget.medium
@given(values=st.lists(st.text(max_size=30) | st.binary(max_size=30), min_size=1, max_size=6))
def test_blind_index_equals_rfc2104(alg: str, hash_name: str, values: list[object]) -> None:
    bi = BlindIndex(KR, domain=f"peer-{alg}", algorithm=alg, length=32, normalize=lambda s: s)
    out = bi.compute(values)
    info = KR.primary(f"blind-index/peer-{alg}", alg)
    assert info is not None
    key = KR._decrypt_material(info.key_id)[1]
    for v, token in zip(values, out, strict=True):
        data = v.encode() if isinstance(v, str) else v
        assert token == _rfc2104(hash_name, key, data).hex()
        if hash_name == "sha256":
            assert token == hmac.new(key, data, "sha256").hexdigest()


def test_blind_index_normalises_and_truncates() -> None:
    bi = BlindIndex(KR, domain="id_number", policy=SM_ONLY)
    s = pd.Series(["11010119900307777X", "１１０１０１１９９００３０７７７７ｘ ", None, "other"])
    out = bi.compute(s)
    assert isinstance(out, pd.Series)
    assert out[0] == out[1] and out[2] is None and out[3] != out[0]
    assert len(out[0]) == 32
    assert BlindIndex(KR, domain="other").compute(["11010119900307777X"])[0] != out[0]
    with pytest.raises(InvalidInputError, match=r"'length' parameter of BlindIndex"):
        BlindIndex(KR, domain="x", length=4).compute(["a"])
    with pytest.raises(InvalidInputError, match="position 0 is float"):
        BlindIndex(KR, domain="x").compute([1.5])
