"""FieldEncryptor: round trips, tamper detection, context binding, bad input."""

from __future__ import annotations

import base64
import os

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov import Policy
from dfgov.data_protection.crypto import FieldEncryptor, Keyring
from dfgov.errors import DecryptionError, InvalidInputError, PolicyError
from tests.conftest import budget

ALGS = ["SM4-GCM", "AES-256-GCM"]
CTX = {"table": "customers", "column": "id_number"}
KR = Keyring.in_memory()

field = st.none() | st.text(max_size=40) | st.binary(max_size=40)


@pytest.mark.parametrize("alg", ALGS)
@budget.medium
@given(values=st.lists(field, max_size=12), table=st.text(min_size=1, max_size=8))
def test_round_trip_all_field_types(alg: str, values: list[object], table: str) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    ctx = {"table": table, "column": "c"}
    ct = fe.encrypt(values, context=ctx)
    assert len(ct) == len(values)
    for v, c in zip(values, ct, strict=True):
        assert (v is None) == (c is None)
        if isinstance(v, str):
            assert isinstance(c, str)  # text form for text columns
        if isinstance(v, bytes):
            assert isinstance(c, bytes)
    assert fe.decrypt(ct, context=ctx) == values


@pytest.mark.parametrize("alg", ALGS)
@budget.medium
@given(values=st.lists(st.text(max_size=20), min_size=1, max_size=8))
def test_round_trip_with_row_keys(alg: str, values: list[str]) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    rows = list(range(len(values)))
    ct = fe.encrypt(values, context=CTX, row_keys=rows)
    assert fe.decrypt(ct, context=CTX, row_keys=rows) == values


@pytest.mark.parametrize("alg", ALGS)
def test_series_keeps_index_name_and_missing(alg: str) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    s = pd.Series(["a", None, "c", float("nan"), pd.NA], index=[5, 6, 7, 8, 9], name="phone",
                  dtype=object)
    ct = fe.encrypt(s, context=CTX)
    assert isinstance(ct, pd.Series) and list(ct.index) == [5, 6, 7, 8, 9] and ct.name == "phone"
    out = fe.decrypt(ct, context=CTX)
    assert out.tolist() == ["a", None, "c", None, None]
    # string dtype, numpy arrays
    s2 = pd.Series(["x", "y"], dtype="string")
    assert fe.decrypt(fe.encrypt(s2, context=CTX), context=CTX).tolist() == ["x", "y"]
    import numpy as np

    arr = np.array(["p", "q"], dtype=object)
    assert fe.decrypt(fe.encrypt(arr, context=CTX), context=CTX) == ["p", "q"]


@pytest.mark.parametrize("alg", ALGS)
def test_every_single_byte_flip_is_detected(alg: str) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    for value in (b"", b"6222020200112233445", os.urandom(32)):
        (ct,) = fe.encrypt([value], context=CTX)
        for i in range(len(ct)):
            for flip in (0x01, 0x80, 0xFF):
                bad = bytearray(ct)
                bad[i] ^= flip
                with pytest.raises(DecryptionError, match=r"^decryption failed$"):
                    fe.decrypt([bytes(bad)], context=CTX)


@pytest.mark.parametrize("alg", ALGS)
def test_every_text_char_change_is_detected(alg: str) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    (ct,) = fe.encrypt(["110101199003077777"], context=CTX)
    alphabet = "ABab09+/="
    for i in range(len(ct)):
        for ch in alphabet:
            if ch == ct[i]:
                continue
            bad = ct[:i] + ch + ct[i + 1 :]
            try:
                out = fe.decrypt([bad], context=CTX)
            except DecryptionError as exc:
                assert str(exc) == "decryption failed"
            else:  # only a different base64 spelling of the same bytes may pass
                assert base64.b64decode(bad) == base64.b64decode(ct)
                assert out == ["110101199003077777"]


@pytest.mark.parametrize("alg", ALGS)
def test_failures_all_say_the_same(alg: str) -> None:
    fe = FieldEncryptor(KR, algorithm=alg)
    (ct,) = fe.encrypt([b"secret"], context=CTX, row_keys=["r1"])
    cases = [
        ([ct[:-1]], CTX, ["r1"]),  # truncated
        ([ct[:10]], CTX, ["r1"]),  # truncated into the header
        ([b""], CTX, ["r1"]),
        (["not base64!"], CTX, ["r1"]),
        (["QUJD"], CTX, ["r1"]),  # valid base64, too short
        ([ct], {"table": "customers", "column": "phone"}, ["r1"]),  # other column
        ([ct], {**CTX, "tenant": "x"}, ["r1"]),  # extra context
        ([ct], CTX, ["r2"]),  # moved to another row
        ([ct], CTX, None),  # row binding dropped
        ([bytes([2]) + ct[1:]], CTX, ["r1"]),  # unknown format version
        ([ct[:2] + b"\0\0\0\1" + ct[6:]], CTX, ["r1"]),  # unknown key id
        ([12345], CTX, ["r1"]),  # not a ciphertext at all
    ]
    for values, ctx, rows in cases:
        with pytest.raises(DecryptionError) as info:
            fe.decrypt(values, context=ctx, row_keys=rows)
        assert str(info.value) == "decryption failed"


def test_algorithm_id_swap_is_detected() -> None:
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm="AES-256-GCM")
    (ct,) = fe.encrypt([b"x" * 20], context=CTX)
    with pytest.raises(DecryptionError):
        fe.decrypt([ct[:1] + b"\x02" + ct[2:]], context=CTX)


def test_one_bad_value_fails_the_whole_column() -> None:
    fe = FieldEncryptor(KR, algorithm="SM4-GCM")
    ct = fe.encrypt(["a", "b", "c"], context=CTX)
    ct[1] = ct[1][:-4] + "AAA="
    with pytest.raises(DecryptionError):
        fe.decrypt(ct, context=CTX)


@pytest.mark.slow
def test_a_million_nonces_are_distinct() -> None:
    fe = FieldEncryptor(Keyring.in_memory(), algorithm="AES-256-GCM")
    n = 1_000_000
    ct = fe.encrypt([b"0123456789abcdef"] * n, context=CTX)
    nonces = {c[6:18] for c in ct}
    assert len(nonces) == n
    assert len({c[18:] for c in ct}) == n  # same plaintext, distinct ciphertexts


def test_bad_input_named() -> None:
    fe = FieldEncryptor(KR, algorithm="SM4-GCM")
    with pytest.raises(InvalidInputError, match="position 1 is int"):
        fe.encrypt(["a", 7], context=CTX)
    with pytest.raises(InvalidInputError, match="must name 'column'"):
        fe.encrypt(["a"], context={"table": "t"})
    with pytest.raises(InvalidInputError, match=r"'row' of FieldEncryptor\.encrypt is reserved"):
        fe.encrypt(["a"], context={**CTX, "row": "1"})
    with pytest.raises(InvalidInputError, match="one key per value"):
        fe.encrypt(["a", "b"], context=CTX, row_keys=[1])
    with pytest.raises(InvalidInputError, match="not a single str"):
        fe.encrypt("abc", context=CTX)
    with pytest.raises(InvalidInputError, match="not a whole table"):
        fe.encrypt(pd.DataFrame({"a": ["x"]}), context=CTX)
    with pytest.raises(InvalidInputError, match="one-dimensional"):
        import numpy as np

        fe.encrypt(np.array([["x"]], dtype=object), context=CTX)
    with pytest.raises(InvalidInputError, match="Got int"):
        fe.encrypt(5, context=CTX)
    with pytest.raises(InvalidInputError, match="'algorithm' parameter of FieldEncryptor"):
        FieldEncryptor(KR, algorithm="DES").encrypt(["a"], context=CTX)
    with pytest.raises(InvalidInputError, match="context value of key 'table'"):
        fe.encrypt(["a"], context={"table": 1.5, "column": "c"})


def test_policy_restricts_algorithms() -> None:
    sm_only = Policy.loads('[data_security.crypto]\nallowed_algorithms = ["SM4-GCM"]\n')
    with pytest.raises(PolicyError, match="allowed_algorithms"):
        FieldEncryptor(KR, algorithm="AES-256-GCM", policy=sm_only).encrypt(["a"], context=CTX)
    fe = FieldEncryptor(KR, policy=sm_only)  # default algorithm from the policy
    (ct,) = fe.encrypt([b"abc"], context=CTX)
    assert ct[1] == 2  # SM4-GCM id
    # migration: AES data decrypts under the SM-only policy and re-encrypts to SM4
    old = FieldEncryptor(KR, algorithm="AES-256-GCM").encrypt([b"x", b"y"], context=CTX)
    new = fe.reencrypt(old, context=CTX)
    assert [c[1] for c in new] == [2, 2] and fe.decrypt(new, context=CTX) == [b"x", b"y"]
    with pytest.raises(PolicyError, match="default_algorithm"):
        Policy.loads(
            '[data_security.crypto]\nallowed_algorithms = ["SM4-GCM"]\n'
            'default_algorithm = "AES-256-GCM"\n'
        )
