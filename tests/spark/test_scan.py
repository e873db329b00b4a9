"""scan_spark returns the inventory that scan / scan_file return on the same data."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.data_protection import DataInventory, scan, scan_file
from dfgov.data_protection._synthetic import synthetic_customers
from dfgov.errors import InvalidInputError


def _customers() -> pd.DataFrame:
    pdf = synthetic_customers(1200, random_state=5)
    pdf.loc[pdf.index[::7], "手机号"] = None  # nulls
    pdf["account_no"] = np.arange(len(pdf), dtype=np.int64) + 10_000_000  # integers
    return pdf


def _without_dtype(inv: DataInventory) -> list[dict[str, Any]]:
    return [{k: v for k, v in dataclasses.asdict(c).items() if k != "dtype"} for c in inv]


def _arrow_dtypes(inv: DataInventory) -> list[str]:
    """Arrow type names; string and large_string are the same type in two layouts."""
    return [c.dtype.removeprefix("large_") for c in inv]


@pytest.fixture(scope="module")
def customers(spark: Any) -> tuple[pd.DataFrame, Any]:
    pdf = _customers()
    sdf = spark.createDataFrame(pdf)
    assert sdf.rdd.getNumPartitions() >= 2  # the merge across partitions is exercised
    return pdf, sdf


def test_scan_spark_equals_scan_file(customers: tuple[pd.DataFrame, Any],
                                     tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dfgov.spark import scan_spark

    pdf, sdf = customers
    got = scan_spark(sdf)
    path = tmp_path / "customers.parquet"
    pq.write_table(pa.Table.from_pandas(pdf, preserve_index=False), path)
    want = scan_file(path)
    assert _without_dtype(got) == _without_dtype(want)  # every field ...
    assert _arrow_dtypes(got) == _arrow_dtypes(want)  # ... and the Arrow storage types
    assert got.rows == want.rows == len(pdf)
    assert [f.model_dump() for f in got.findings] == [f.model_dump() for f in want.findings]
    # and, apart from the storage type's name, what scan() says on the pandas frame
    assert _without_dtype(got) == _without_dtype(scan(pdf))
    assert got["身份证号"].data_type == "resident_id"
    assert got["手机号"].non_null < got["手机号"].rows


def test_scan_spark_sample(customers: tuple[pd.DataFrame, Any]) -> None:
    from dfgov.spark import scan_spark

    _, sdf = customers
    inv = scan_spark(sdf, sample=300, random_state=1)
    assert inv.sampled and inv.rows == 300
    assert inv["身份证号"].data_type == "resident_id"
    assert not scan_spark(sdf.limit(10), sample=50).sampled
    with pytest.raises(InvalidInputError, match="'sample'"):
        scan_spark(sdf, sample=0)
    with pytest.raises(InvalidInputError, match="Spark DataFrame"):
        scan_spark(_customers())
