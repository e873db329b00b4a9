"""Field encryption as Spark column transforms: same ciphertext format, keys shipped wrapped."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest

from dfgov.data_protection.crypto import FieldEncryptor, Keyring
from dfgov.errors import ColumnError, InvalidInputError, KeyStateError
from tests.spark.test_transforms import _collect, _kms


@pytest.fixture(scope="module")
def kek_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kms") / "kek.bin"
    path.write_bytes(os.urandom(32))
    return path


@pytest.fixture(scope="module")
def table(spark: Any) -> tuple[dict[str, list[Any]], Any]:
    cols = {
        "id": list(range(300)),
        "phone": [None if i % 7 == 0 else f"138{i:08d}" for i in range(300)],
        "name": [f"客户{i}" for i in range(300)],
        "doc": [bytes([i % 256]) * (i % 5) if i % 11 else None for i in range(300)],
    }
    rows = list(zip(*cols.values(), strict=True))
    schema = "id long, phone string, name string, doc binary"
    return cols, spark.createDataFrame(rows, schema).repartition(3)


@pytest.mark.parametrize("algorithm", ["SM4-GCM", "AES-256-GCM"])
def test_round_trip_with_in_memory_encryptor(
    table: tuple[dict[str, list[Any]], Any], kek_file: Path, algorithm: str,
) -> None:
    from pyspark.cloudpickle import dumps

    from dfgov.spark import decrypt_columns, encrypt_columns
    from dfgov.spark._encryption import _batch_function

    pdf, sdf = table
    provider = functools.partial(_kms, str(kek_file))
    kr = Keyring.in_memory(provider=provider())
    ctx = {"table": "customers"}
    enc = encrypt_columns(sdf, ["phone", "name", "doc"], kr, provider=provider,
                          context=ctx, algorithm=algorithm)
    assert enc.schema == sdf.schema
    got = _collect(enc.orderBy("id"))
    assert got["id"] == list(range(300))
    assert got["phone"][0] is None and got["phone"][1] != pdf["phone"][1]
    fe = FieldEncryptor(kr, algorithm=algorithm)
    for col in ("phone", "name", "doc"):  # the Spark output decrypts in memory
        assert fe.decrypt(got[col], context={**ctx, "column": col}) == pdf[col]
    assert isinstance(got["doc"][1], (bytes, bytearray))

    # and in-memory ciphertexts decrypt on Spark, also under a rotated (decrypt-only) key
    kr.rotate("customers/phone", algorithm)
    fresh = fe.encrypt(pdf["phone"], context={**ctx, "column": "phone"})
    half = [got["phone"][i] if i % 2 else fresh[i] for i in range(300)]
    mixed = sdf.sparkSession.createDataFrame(list(zip(pdf["id"], half, strict=True)),
                                             "id long, phone string")
    back = decrypt_columns(mixed, "phone", kr, provider=provider, context=ctx)
    assert _collect(back.orderBy("id"))["phone"] == pdf["phone"]

    # no key byte in the task closure or the plan: only wrapped keys and the factory travel
    keys = kr.export_wrapped("customers/phone") + kr.export_wrapped("customers/name")
    fn = _batch_function(list(sdf.columns), {"phone": "customers/phone"}, keys, provider,
                         {"table": "customers"}, algorithm, encrypt=True)
    blob = dumps(fn)
    assert keys[0].wrapped in blob  # the closure really is what is inspected
    kek = kek_file.read_bytes()
    plan = back._jdf.queryExecution().toString()
    for info in kr.keys():  # noqa: SIM118 - a Keyring, not a dict
        _, material = kr._decrypt_material(info.key_id)
        for form in (material, material.hex().encode()):
            assert form not in blob
        assert material.hex() not in plan
    assert kek not in blob and kek.hex().encode() not in blob


def test_bad_input(table: tuple[dict[str, list[Any]], Any], kek_file: Path) -> None:
    from dfgov.spark import decrypt_columns, encrypt_columns

    _, sdf = table
    provider = functools.partial(_kms, str(kek_file))
    kr = Keyring.in_memory(provider=provider())
    ctx = {"table": "t"}
    with pytest.raises(ColumnError, match="'nope'"):
        encrypt_columns(sdf, ["nope"], kr, provider=provider, context=ctx)
    with pytest.raises(InvalidInputError, match=r"column 'id'.*string or binary"):
        encrypt_columns(sdf, ["id"], kr, provider=provider, context=ctx)
    with pytest.raises(InvalidInputError, match="'algorithm'"):
        encrypt_columns(sdf, "phone", kr, provider=provider, context=ctx, algorithm="DES")
    with pytest.raises(InvalidInputError, match="must not name 'column'"):
        encrypt_columns(sdf, "phone", kr, provider=provider, context={"table": "t", "column": "x"})
    with pytest.raises(InvalidInputError, match="'table'"):
        decrypt_columns(sdf, "phone", kr, provider=provider, context={})
    with pytest.raises(InvalidInputError, match="'keys'"):
        decrypt_columns(sdf, "phone", [b"key"], provider=provider, context=ctx)  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="'provider'"):
        decrypt_columns(sdf, "phone", kr, provider=None, context=ctx)  # type: ignore[arg-type]
    with pytest.raises(KeyStateError, match="no primary SM4-GCM key of scope 't/phone'"):
        encrypt_columns(sdf, "phone", kr.export_wrapped("t/phone"), provider=provider,
                        context=ctx)


def test_wrapped_key_list_instead_of_keyring(table: tuple[dict[str, list[Any]], Any],
                                             kek_file: Path) -> None:
    """A driver holding only exported wrapped keys (no KEK access) encrypts and decrypts."""
    from dfgov.spark import decrypt_columns, encrypt_columns

    pdf, sdf = table
    provider = functools.partial(_kms, str(kek_file))
    kr = Keyring.in_memory(provider=provider())
    kr.rotate("t/phone", "AES-256-GCM")
    keys = kr.export_wrapped("t/phone") + kr.export_wrapped("other/x")
    ctx = {"table": "t"}
    enc = encrypt_columns(sdf.select("id", "phone"), "phone", keys, provider=provider,
                          context=ctx, algorithm="AES-256-GCM")
    back = decrypt_columns(enc, "phone", keys, provider=provider, context=ctx)
    assert _collect(back.orderBy("id"))["phone"] == pdf["phone"]
