"""Column classification on a planted table; inventory rendering; bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from stdnum import iban
from stdnum.cn import uscc

from dfgov.data_protection import (
    ColumnClassification,
    DataInventory,
    DataProtectionPolicy,
    name_type,
    scan,
)
from dfgov.data_protection._synthetic import synthetic_customers
from dfgov.errors import ColumnError, InvalidInputError, PolicyError
from dfgov.report import Report

N = 400


def _uscc_values(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    for _ in range(n):
        body = "".join(rng.choice(list("0123456789ABCDEFGHJKLMNPQRTUWXY"), 8))
        c = 11 - sum(int(ch, 36) * wt for ch, wt in zip(body, w, strict=True)) % 11
        org = body + {10: "X", 11: "0"}.get(c, str(c))
        n17 = "91" + "".join(rng.choice(list("0123456789"), 6)) + org
        out.append(n17 + uscc.calc_check_digit(n17 + "0"))
    return out


def _ibans(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for _ in range(n):
        bban = "".join(rng.choice(list("0123456789"), 18))
        out.append("DE" + iban.calc_check_digits("DE00" + bban) + bban)
    return out


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    df = synthetic_customers(N, random_state=3)
    df["统一社会信用代码"] = _uscc_values(rng, N)
    df["beneficiary_iban"] = [" ".join(x[i:i + 4] for i in range(0, len(x), 4))
                              for x in _ibans(rng, N)]
    from stdnum.iso7064 import mod_97_10
    leis = ["".join(rng.choice(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 18)) for _ in range(N)]
    df["counterparty"] = [x + mod_97_10.calc_check_digits(x) for x in leis]
    df["联系电话"] = [
        f"0{rng.choice(['10', '21', '755'])}-{rng.integers(2, 10)}{rng.integers(0, 10**6):06d}1"
        for _ in range(N)]
    df["legacy_id_float"] = pd.to_numeric(df["身份证号"].str[:17], errors="coerce") * 10.0
    df["amount_fen"] = rng.integers(10**10, 10**11, N)  # integers that look like phone numbers
    df["备注"] = df["remarks"]
    return df


EXPECTED = {
    "客户姓名": ("person_name", "C2", 3),
    "身份证号": ("resident_id", "C2", 3),
    "卡号": ("bank_card", "C2", 3),
    "手机号": ("mobile", "C2", 3),
    "email": ("email", "C2", 3),
    "出生日期": ("date_of_birth", "C2", 3),
    "余额": ("balance", "C2", 3),
    "txn_amount": ("transaction_amount", "C2", 3),
    "交易密码": ("password", "C3", 4),
    "cvv": ("cvv", "C3", 4),
    "remarks": ("free_text", "C2", 3),
    "备注": ("free_text", "C2", 3),
    "open_date": ("account_open_date", "C1", 2),
    "ip": ("ip_address", "C2", 3),
    "统一社会信用代码": ("uscc", "C2", 3),
    "beneficiary_iban": ("account_number", "C2", 3),
    "counterparty": ("lei", None, 1),
    "联系电话": ("landline", "C2", 3),
    "legacy_id_float": ("damaged_identifier", "C2", 3),
    "amount_fen": ("transaction_amount", "C2", 3),
    "city": ("unknown", None, 2),
}


def test_planted_table_is_classified(planted: pd.DataFrame) -> None:
    inv = scan(planted)
    got = {c.column: (c.data_type, c.category, c.level) for c in inv}
    for col, want in EXPECTED.items():
        assert got[col] == want, col
    assert inv["身份证号"].share == 1.0 and inv["身份证号"].confidence == 1.0
    assert set(inv["remarks"].contains) == {"bank_card", "cn_resident_id"}
    assert 0 < inv["remarks"].share < 0.2
    assert inv["counterparty"].evidence == "values"


def test_examples_are_masked_never_raw(planted: pd.DataFrame) -> None:
    inv = scan(planted)
    raw = set(planted.astype(str).to_numpy().ravel())
    for c in inv:
        for ex in c.examples:
            assert ex not in raw, c.column
    assert all(set(e) == {"*"} for e in inv["交易密码"].examples)
    assert inv["手机号"].examples[0][3:7] == "****"


def test_amount_columns_never_become_identifiers() -> None:
    rng = np.random.default_rng(0)
    mobiles_as_amounts = rng.integers(13_000_000_000, 13_999_999_999, 300)
    df = pd.DataFrame({"余额": mobiles_as_amounts, "amount": mobiles_as_amounts.astype(str),
                       "x": mobiles_as_amounts / 100})
    inv = scan(df)
    assert inv["余额"].data_type == "balance"
    assert inv["amount"].data_type == "transaction_amount"
    assert inv["x"].data_type == "unknown"


def test_damaged_identifiers_flagged_not_accepted() -> None:
    df = pd.DataFrame({"id": [1.1010519491231002e17] * 5 + [np.nan],
                       "sci": ["1.1010519491231002E+17"] * 6})
    inv = scan(df)
    assert inv["id"].data_type == "damaged_identifier"
    assert inv["sci"].data_type == "damaged_identifier"
    assert inv.findings[0].status.value == "warn"


def test_bad_cells_never_crash() -> None:
    df = pd.DataFrame({
        "mixed": ["11010519491231002X", 3, None, float("nan"), b"x", "  ",
                  "１１０１０５１９４９１２３１００２Ｘ"],
        "empty": [None] * 7,
        "bools": [True, False] * 3 + [None],
        "when": pd.to_datetime(["1990-01-01"] * 7),
    })
    inv = scan(df)
    assert inv["mixed"].share == pytest.approx(2 / 5)  # None and NaN are null
    assert inv["empty"].data_type == "unknown"
    assert scan(pd.DataFrame()).columns == ()


def test_policy_overrides(planted: pd.DataFrame) -> None:
    pol = DataProtectionPolicy(column_types={"city": "address"}, levels={"resident_id": 4},
                               categories={"lei": "C1"}, important_data=("卡号",))
    inv = scan(planted, policy=pol)
    assert inv["city"].data_type == "address" and inv["city"].evidence == "declared"
    assert inv["身份证号"].level == 4
    assert inv["counterparty"].category == "C1"
    assert inv["卡号"].level == 5
    with pytest.raises(PolicyError, match="column_types"):
        scan(planted, policy=DataProtectionPolicy(column_types={"city": "zip"}))


def test_sample_is_seeded(planted: pd.DataFrame) -> None:
    a = scan(planted, sample=100, random_state=1)
    b = scan(planted, sample=100, random_state=1)
    assert a.rows == 100 and a.sampled
    assert a.to_frame().equals(b.to_frame())
    with pytest.raises(InvalidInputError, match="'sample'"):
        scan(planted, sample=0)
    with pytest.raises(InvalidInputError, match="DataFrame"):
        scan([1, 2])  # type: ignore[arg-type]


def test_inventory_outputs(planted: pd.DataFrame) -> None:
    inv = scan(planted)
    assert isinstance(inv["卡号"], ColumnClassification)
    with pytest.raises(ColumnError):
        inv["nope"]
    frame = inv.to_frame()
    assert list(frame["column"]) == [str(c) for c in planted.columns]
    report = inv.to_report()
    assert isinstance(report, Report)
    table = report.tables[0]
    assert len(table.rows) == planted.shape[1]
    doc = json.loads(report.to_json())
    assert doc["tables"][0]["rows"]
    for f in report.findings:
        assert set(f.clauses) >= {"AP-17", "JR/T 0171-2020", "JR/T 0197-2020"}
    text = report.model_dump_json()
    for value in planted["身份证号"].head(20):
        assert value not in text
    assert isinstance(inv, DataInventory) and len(inv.at_least(4)) == 2


@pytest.mark.parametrize(("name", "expected"), [
    ("身份证号", "resident_id"), ("证件号码", "resident_id"), ("手机号", "mobile"),
    ("卡号", "bank_card"), ("账号", "account_number"), ("密码", "password"),
    ("交易密码", "password"), ("cvv", "cvv"), ("password", "password"), ("余额", "balance"),
    ("姓名", "person_name"), ("地址", "address"), ("company", None), ("bank_name", None),
    ("cardNo", "bank_card"), ("CustomerName", "person_name"), ("account_balance", "balance"),
])
def test_name_cues(name: str, expected: str | None) -> None:
    assert name_type(name) == expected
