"""An independent decryption of the documented format, with pyca primitives only.

The parser below follows docs/cryptography.md ("Ciphertext format") and uses
nothing from dfgov except to obtain the data key, which a bank's other
implementation would get from its own key store.
"""

from __future__ import annotations

import base64
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dfgov.data_protection.crypto import FieldEncryptor, Keyring


def context_bytes(ctx: dict[str, str]) -> bytes:
    out = b""
    for k in sorted(ctx):
        kb, vb = k.encode(), ctx[k].encode()
        out += struct.pack(">I", len(kb)) + kb + struct.pack(">I", len(vb)) + vb
    return out


def independent_decrypt(blob: bytes, key: bytes, ctx: dict[str, str]) -> bytes:
    version, alg_id, _key_id = struct.unpack(">BBI", blob[:6])
    assert version == 1
    nonce, body = blob[6:18], blob[18:]
    aad = blob[:6] + context_bytes(ctx)
    if alg_id == 1:
        return AESGCM(key).decrypt(nonce, body, aad)
    assert alg_id == 2
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, body[-16:])).decryptor()
    dec.authenticate_additional_data(aad)
    return dec.update(body[:-16]) + dec.finalize()


@pytest.mark.parametrize(("alg", "alg_id"), [("AES-256-GCM", 1), ("SM4-GCM", 2)])
def test_independent_decryption(alg: str, alg_id: int) -> None:
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm=alg)
    ctx = {"table": "客户", "column": "id_number", "tenant": "bank-a"}
    plain = ["110101199003077777", "张三", ""]
    cts = fe.encrypt(plain, context=ctx, row_keys=["r1", "r2", "r3"])
    info = kr.primary("客户/id_number", alg)
    assert info is not None
    key = kr._decrypt_material(info.key_id)[1]  # test-only access to the data key
    for p, c, row in zip(plain, cts, ["r1", "r2", "r3"], strict=True):
        blob = base64.b64decode(c)
        assert blob[0] == 1 and blob[1] == alg_id
        assert struct.unpack(">I", blob[2:6])[0] == info.key_id
        assert len(blob) == 6 + 12 + len(p.encode()) + 16
        assert independent_decrypt(blob, key, {**ctx, "row": row}).decode() == p


def test_independent_encryption_is_accepted() -> None:
    """The other direction: a blob built from the spec alone decrypts in dfgov."""
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    ctx = {"table": "t", "column": "c"}
    fe.encrypt(["seed"], context=ctx)  # creates the data key
    info = kr.primary("t/c", "SM4-GCM")
    assert info is not None
    key = kr._decrypt_material(info.key_id)[1]
    head = struct.pack(">BBI", 1, 2, info.key_id)
    nonce = bytes(range(12))
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(head + context_bytes(ctx))
    body = enc.update(b"hello") + enc.finalize() + enc.tag
    assert fe.decrypt([head + nonce + body], context=ctx) == [b"hello"]
