"""Ciphertexts, deterministic ciphertexts, blind indexes and MAC tags made by earlier code.

``fixtures/main_ciphertexts.json`` was written by the code before the keyring
handed out primitives (FieldEncryptor, DeterministicEncryptor, BlindIndex and
RecordMAC over ``Keyring._primary_use``/``_key_use``), from the fixed keys it
lists. Today's code must decrypt every AEAD ciphertext and reproduce every
deterministic output byte for byte; and what it encrypts must decrypt under
an independent reading of the documented format (plain pyca, same keys).
"""

from __future__ import annotations

import json
from base64 import b64decode
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dfgov.data_protection.crypto import (
    BlindIndex,
    DeterministicEncryptor,
    FieldEncryptor,
    KeyInfo,
    Keyring,
    KeyState,
    RecordMAC,
    WrappedKey,
    encode_context,
)
from dfgov.errors import DecryptionError

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "main_ciphertexts.json")
                      .read_text(encoding="utf-8"))
KEYS = FIXTURES["keys"]


class PlainProvider:
    """A KEK provider whose wrapping is the identity: it lets a test hold fixed data keys."""

    def primary_kek_id(self) -> str:
        return "fixture"

    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        return bytes(key)

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        return bytes(wrapped)

    def rotate_kek(self) -> str:
        return "fixture"


def keyring(primary: str | None = None) -> Keyring:
    """The fixture keys; ``primary`` (a key id) becomes primary of its scope and algorithm."""
    target = next((k for k in KEYS if k[0] == primary), None)
    wrapped = []
    for kid, scope, alg, version, state, key in KEYS:
        if target is not None and (scope, alg) == (target[1], target[2]):
            state = "primary" if kid == primary else "decrypt-only"
        info = KeyInfo(int(kid, 16), scope, alg, version, KeyState(state),
                       datetime.fromisoformat("2026-01-01T00:00:00+00:00"), "fixture")
        wrapped.append(WrappedKey(info, bytes.fromhex(key)))
    return Keyring.from_wrapped(PlainProvider(), wrapped)


def _unhex(values: list[Any]) -> list[Any]:
    return [None if v is None else bytes.fromhex(v) for v in values]


@pytest.mark.parametrize("case", FIXTURES["field"], ids=lambda c: f"{c['context']['column']}")
def test_field_ciphertexts_of_earlier_code_decrypt(case: dict[str, Any]) -> None:
    fe = FieldEncryptor(keyring())
    binary = case["kind"] == "bytes"
    cipher = _unhex(case["cipher"]) if binary else case["cipher"]
    plain = _unhex(case["plain"]) if binary else case["plain"]
    assert fe.decrypt(cipher, context=case["context"], row_keys=case["row_keys"]) == plain
    if case["row_keys"] is not None:  # the row is bound: another row's key does not decrypt
        with pytest.raises(DecryptionError):
            fe.decrypt(cipher, context=case["context"], row_keys=case["row_keys"][::-1])


def _reference_decrypt(blob: bytes, context: dict[str, Any]) -> bytes:
    """The documented format read with plain pyca (no dfgov code but ``encode_context``)."""
    key = next(bytes.fromhex(k[5]) for k in KEYS if int(k[0], 16) == int.from_bytes(blob[2:6]))
    assert blob[0] == 1
    aad = blob[:6] + encode_context({k: str(v) for k, v in context.items()})
    if blob[1] == 1:
        return AESGCM(key).decrypt(blob[6:18], blob[18:], aad)
    from dfgov.data_protection.crypto._cipher import SM4GCM  # the SM4 back-end is pyca's SM4

    return SM4GCM(key).decrypt(blob[6:18], blob[18:], aad)


@pytest.mark.parametrize("primary,alg,column", [("0a000002", "SM4-GCM", "phone"),
                                                ("0b000002", "AES-256-GCM", "email")])
def test_todays_ciphertexts_follow_the_format(primary: str, alg: str, column: str) -> None:
    ctx = {"table": "customers", "column": column, "n": 7}
    texts = ["13800138000", "张三", None]
    ct = FieldEncryptor(keyring(primary), algorithm=alg).encrypt(texts, context=ctx)  # type: ignore[arg-type]
    assert ct[2] is None
    for c, t in zip(ct[:2], texts[:2], strict=True):
        blob = b64decode(c)  # type: ignore[arg-type]
        assert blob[2:6] == bytes.fromhex(primary)
        assert _reference_decrypt(blob, ctx).decode("utf-8") == t


@pytest.mark.parametrize("case", FIXTURES["siv"], ids=lambda c: c["kind"])
def test_deterministic_ciphertexts_are_byte_equal(case: dict[str, Any]) -> None:
    de = DeterministicEncryptor(keyring(), domain=case["domain"])
    binary = case["kind"] == "bytes"
    plain = _unhex(case["plain"]) if binary else case["plain"]
    cipher = _unhex(case["cipher"]) if binary else case["cipher"]
    assert de.encrypt(plain) == cipher
    assert de.decrypt(cipher) == plain


@pytest.mark.parametrize("case", FIXTURES["blind"],
                         ids=lambda c: f"{c['algorithm']}-{c['length']}")
def test_blind_indexes_are_byte_equal(case: dict[str, Any]) -> None:
    values = [bytes.fromhex(v) if i in case["bytes_at"] else v
              for i, v in enumerate(case["plain"])]
    bi = BlindIndex(keyring(), domain=case["domain"], algorithm=case["algorithm"],
                    length=case["length"])
    assert bi.compute(values) == case["index"]


@pytest.mark.parametrize("case", FIXTURES["mac"], ids=lambda c: c["key_id"])
def test_record_mac_tags_are_byte_equal_and_verify(case: dict[str, Any]) -> None:
    records = [{**r, "b": bytes.fromhex(r["b"])} if "b" in r else r for r in case["records"]]
    rm = RecordMAC(keyring(case["key_id"]), domain=case["domain"], algorithm=case["algorithm"])
    assert rm.tag_many(records) == case["tags"]
    # after a rotation (another primary), the old tags still verify through their key id
    assert RecordMAC(keyring(), domain=case["domain"], algorithm=case["algorithm"]
                     ).verify_many(records, case["tags"]) == []
    assert rm.verify_many(records[::-1], case["tags"]) == [0, 1]
