"""Masking and pseudonyms as Spark column transforms equal the in-memory functions."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dfgov.data_protection import PseudonymKey, mask, pseudonymize
from dfgov.data_protection._synthetic import synthetic_customers
from dfgov.errors import ColumnError, InvalidInputError


def _kms(kek_file: str) -> Any:
    """A stand-in KMS: executors build it themselves (the KEK is read there, never pickled)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    class FileKms:
        def __init__(self) -> None:
            with open(kek_file, "rb") as fh:
                self._kek = fh.read()

        def primary_kek_id(self) -> str:
            return "kek-1"

        def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
            nonce = os.urandom(12)
            return nonce + AESGCM(self._kek).encrypt(nonce, key, associated_data)

        def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
            return AESGCM(self._kek).decrypt(wrapped[:12], wrapped[12:], associated_data)

        def rotate_kek(self) -> str:
            raise NotImplementedError

    return FileKms()


def _collect(df: Any) -> dict[str, list[Any]]:
    """Columns as lists (toPandas warns under pandas 3; None stays None)."""
    rows = df.collect()
    return {c: [r[i] for r in rows] for i, c in enumerate(df.columns)}


@pytest.fixture(scope="module")
def people(spark: Any) -> tuple[pd.DataFrame, Any]:
    pdf = synthetic_customers(400, random_state=2)[["客户姓名", "身份证号", "手机号", "余额"]]
    pdf.loc[pdf.index[::9], "手机号"] = None
    return pdf, spark.createDataFrame(pdf)


def test_mask_columns_equal_in_memory(people: tuple[pd.DataFrame, Any]) -> None:
    from dfgov.spark import mask_columns

    pdf, sdf = people
    out = _collect(mask_columns(sdf, {"身份证号": "resident_id", "手机号": "mobile"}))
    assert list(out) == list(pdf.columns)
    for col, dt in (("身份证号", "resident_id"), ("手机号", "mobile")):
        assert out[col] == mask(pdf[col], dt).tolist()
    assert out["客户姓名"] == pdf["客户姓名"].tolist()  # untouched
    with pytest.raises(ColumnError, match="'nope'"):
        mask_columns(sdf, {"nope": "mobile"})
    with pytest.raises(InvalidInputError, match="column '手机号'"):
        mask_columns(sdf, {"手机号": "not-a-type"})


def test_pseudonymize_columns_wrapped_key(people: tuple[pd.DataFrame, Any],
                                          tmp_path: Path) -> None:
    from dfgov.spark import pseudonymize_columns
    from dfgov.spark._transforms import PSEUDONYM_AD

    pdf, sdf = people
    kek_file = tmp_path / "kek.bin"
    kek_file.write_bytes(os.urandom(32))
    secret = os.urandom(32)
    wrapped = _kms(str(kek_file)).wrap("kek-1", secret, PSEUDONYM_AD)
    out = pseudonymize_columns(
        sdf, {"手机号": "mobile"}, wrapped_secret=wrapped, key_id="v2", kek_id="kek-1",
        provider=functools.partial(_kms, str(kek_file)), algorithm="sm3", domain="crm")
    plan = out._jdf.queryExecution().toString()
    assert secret.hex() not in plan and wrapped.hex() not in plan
    got = _collect(out)["手机号"]
    want = pseudonymize(pdf["手机号"], PseudonymKey(secret, key_id="v2"), algorithm="sm3",
                        data_type="mobile", domain="crm").tolist()
    assert got == want
    assert got[0] is None and got[1].startswith("ps:v2:")
