"""Validators against python-stdnum (the oracle) and the standard library."""

from __future__ import annotations

import datetime
import ipaddress
import re
import string

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import bic, iban, lei, luhn
from stdnum.cn import ric, uscc

from dfgov._pii import CARD_IIN, IBAN_BBAN, PROVINCES
from dfgov.data_protection import KINDS, is_unionpay, is_valid, kinds
from dfgov.errors import InvalidInputError
from tests.conftest import budget

DIGITS = string.digits
FULLWIDTH = str.maketrans(DIGITS + "X", "０１２３４５６７８９Ｘ")


def one(value: str, kind: str) -> bool:
    return bool(is_valid([value], kind)[0])


# -- resident ID ------------------------------------------------------------

REAL_REGIONS = ["440305", "310115", "320102", "110105", "330106", "510107", "650102"]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.one_of(st.sampled_from(REAL_REGIONS), st.text(DIGITS, min_size=6, max_size=6)))
    y = draw(st.integers(1850, 2100))
    m = draw(st.integers(1, 13))
    d = draw(st.integers(1, 31))
    seq = draw(st.text(DIGITS, min_size=3, max_size=3))
    body = f"{region}{y:04d}{m:02d}{d:02d}{seq}"
    check = ric.calc_check_digit(body + "0")
    if draw(st.booleans()):
        check = draw(st.sampled_from("0123456789X"))
    return body + check


def born_in_range(born: datetime.date) -> bool:
    """dfgov's deliberate addition to stdnum: nobody is born before 1900 or in the future."""
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def ric_oracle(number: str) -> bool:
    """stdnum's checks, with the province (GB/T 2260) in place of its county table, and a
    birth date from 1900 up to today."""
    n = ric.compact(number)
    if len(n) != 18 or not n[:17].isdigit() or n[-1] != ric.calc_check_digit(n):
        return False
    try:
        born = ric.get_birth_date(n)
    except Exception:
        return False
    return n[:2] in PROVINCES and born_in_range(born)


def _stdnum_ric_valid(number: str) -> bool:
    try:
        return bool(ric.is_valid(number))
    except KeyError:  # stdnum's county table has entries without a county
        return False


@given(resident_ids())
def test_resident_id_agrees_with_stdnum(number: str) -> None:
    assert one(number, "cn_resident_id") == ric_oracle(number)
    if _stdnum_ric_valid(number) and born_in_range(ric.get_birth_date(number)):
        assert one(number, "cn_resident_id")  # stdnum-valid IDs are never lost


def test_impossible_birth_dates_are_rejected() -> None:
    today = datetime.date.today()
    ids = []
    for born in (today + datetime.timedelta(days=1), datetime.date(2199, 1, 1),
                 datetime.date(1899, 12, 31), datetime.date(1850, 6, 15), today,
                 datetime.date(1900, 1, 1)):
        body = f"110105{born:%Y%m%d}123"
        ids.append(body + ric.calc_check_digit(body + "0"))
    assert is_valid(ids, "cn_resident_id").tolist() == [False, False, False, False, True, True]


@given(resident_ids(), st.sampled_from([" ", "-", "　"]), st.booleans())
def test_resident_id_separators_and_fullwidth(number: str, sep: str, wide: bool) -> None:
    shown = f" {number[:6]}{sep}{number[6:14]}{sep}{number[14:]} "
    if wide:
        shown = shown.translate(FULLWIDTH)
    assert one(shown, "cn_resident_id") == ric_oracle(number)
    assert one(number.lower(), "cn_resident_id") == ric_oracle(number)


def test_real_regions_that_stdnum_rejects_are_detected() -> None:
    ids = []
    for region in ("440305", "310115", "320102"):
        body = f"{region}19900101123"
        ids.append(body + ric.calc_check_digit(body + "0"))
    assert is_valid(ids, "cn_resident_id").all()


@given(st.text(DIGITS, min_size=15, max_size=15))
def test_resident_id_15(number: str) -> None:
    try:
        datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        ok = number[:2] in PROVINCES
    except ValueError:
        ok = False
    assert one(number, "cn_resident_id_15") == ok


# -- USCC -----------------------------------------------------------------

ALPHA31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_ok(code9: str) -> bool:
    vals = [int(c, 36) for c in code9[:8]]
    c = 11 - sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return code9[8] == {10: "X", 11: "0"}.get(c, str(c))


@st.composite
def usccs(draw: st.DrawFn) -> str:
    head = draw(st.text(DIGITS, min_size=8, max_size=8))
    body = draw(st.text(ALPHA31, min_size=8, max_size=8))
    vals = [int(c, 36) for c in body]
    c = 11 - sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    org_check = {10: "X", 11: "0"}.get(c, str(c))
    if draw(st.booleans()):
        org_check = draw(st.sampled_from(ALPHA31))
    n17 = head + body + org_check
    last = uscc.calc_check_digit(n17 + "0")
    if draw(st.integers(0, 3)) == 0:
        last = draw(st.sampled_from(ALPHA31 + "IOZ"))
    return n17 + last


@given(usccs())
def test_uscc_agrees_with_stdnum_plus_org_code(number: str) -> None:
    assert one(number, "cn_uscc") == (uscc.is_valid(number) and org_ok(number[8:17]))


def test_uscc_real_example() -> None:
    assert one("91350100M000100Y43", "cn_uscc")
    assert not one("91350100M000100Y44", "cn_uscc")


# -- bank cards -------------------------------------------------------------


@st.composite
def card_numbers(draw: st.DrawFn) -> str:
    n = draw(st.integers(11, 21))
    body = draw(st.text(DIGITS, min_size=n - 1, max_size=n - 1))
    check = luhn.calc_check_digit(body) if draw(st.booleans()) else draw(st.sampled_from(DIGITS))
    return body + check


def iin_oracle(number: str) -> bool:
    """The issuer-range rule written with string comparisons (prefixes of equal width)."""
    return any(lo <= number[: len(lo)] <= hi and len(number) in lengths
               for _, lo, hi, lengths in CARD_IIN)


@st.composite
def card_like(draw: st.DrawFn) -> str:
    """Luhn-valid or not, inside a scheme's range or not, any length 11-21."""
    if draw(st.booleans()):
        _, lo, hi, lengths = draw(st.sampled_from(CARD_IIN))
        n = draw(st.sampled_from(lengths)) if draw(st.integers(0, 4)) else draw(
            st.integers(11, 21))
        head = str(draw(st.integers(int(lo), int(hi)))).zfill(len(lo))
        body = head + draw(st.text(DIGITS, min_size=max(n - 1 - len(head), 0),
                                   max_size=max(n - 1 - len(head), 0)))
        body = body[: n - 1]
        check = luhn.calc_check_digit(body) if draw(st.booleans()) else draw(
            st.sampled_from(DIGITS))
        return body + check
    return draw(card_numbers())


@given(card_like())
def test_bank_card_is_stdnum_luhn_within_issuer_ranges(number: str) -> None:
    expected = 13 <= len(number) <= 19 and luhn.is_valid(number) and iin_oracle(number)
    assert one(number, "bank_card") == expected
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert one(grouped, "bank_card") == expected


# Published test numbers of each scheme (scheme documentation and payment-gateway sandboxes).
SCHEME_TEST_NUMBERS = {
    "Visa": ["4111111111111111", "4012888888881881", "4222222222222", "4000056655665556"],
    "Mastercard": ["5555555555554444", "5105105105105100", "2223003122003222",
                   "2720994326581252"],
    "American Express": ["378282246310005", "371449635398431", "340000000000009"],
    "JCB": ["3530111333300000", "3566002020360505", "3589000000000003"],
    "UnionPay": ["6222021234567894", "6200000000000005", "6205500000000000004",
                 "8171999927660000"],
    "Discover": ["6011111111111117", "6011000990139424", "6445644564456445"],
    "Diners Club": ["30569309025904", "38520000023237", "36227206271667"],
    "Maestro": ["6759649826438453", "6304000000000000"],
    "Mir": ["2200000000000004"],
}


@pytest.mark.parametrize("scheme", sorted(SCHEME_TEST_NUMBERS))
def test_scheme_test_numbers_are_cards(scheme: str) -> None:
    numbers = SCHEME_TEST_NUMBERS[scheme]
    assert all(luhn.is_valid(n) for n in numbers)
    assert is_valid(numbers, "bank_card").all()


def test_unionpay() -> None:
    body = "622202123456789"
    card = body + luhn.calc_check_digit(body)
    body81 = "817199992766000"
    card81 = body81 + luhn.calc_check_digit(body81)
    assert is_unionpay([card, card81, "4111111111111111", None]).tolist() == [
        True, True, False, False]


# -- IBAN, BIC, LEI -------------------------------------------------------------

CLASS = {"n": DIGITS, "a": string.ascii_uppercase, "c": DIGITS + string.ascii_uppercase}


@st.composite
def ibans(draw: st.DrawFn) -> str:
    cc = draw(st.sampled_from(sorted(IBAN_BBAN)))
    bban = ""
    for count, kind in re.findall(r"(\d+)!([nac])", IBAN_BBAN[cc]):
        bban += draw(st.text(CLASS[kind], min_size=int(count), max_size=int(count)))
    check = iban.calc_check_digits(cc + "00" + bban)
    number = cc + check + bban
    mutate = draw(st.integers(0, 3))
    if mutate == 1:
        i = draw(st.integers(2, len(number) - 1))
        number = number[:i] + draw(st.sampled_from(CLASS["c"])) + number[i + 1 :]
    elif mutate == 2:
        number = number[:-1]
    return number


@budget.wide(100)
@given(ibans())
def test_iban_agrees_with_stdnum(number: str) -> None:
    # stdnum's national checks (BE, ES, ME, NO) go beyond ISO 13616; compare without them.
    # ISO 13616 check digits are two decimal digits; stdnum also accepts letters there
    # ("ADG6..." passes its mod 97-10), dfgov does not.
    want = iban.is_valid(number, check_country=False) and number[2:4].isdigit()
    assert one(number, "iban") == want
    spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert one(spaced, "iban") == want


def test_iban_check_digits_are_digits() -> None:
    """stdnum accepts a letter among the check digits (mod 97-10 maps it to a number)."""
    number = "ADG600000000000000000000"
    assert iban.is_valid(number, check_country=False)
    assert not one(number, "iban")


@given(st.text(string.ascii_uppercase + DIGITS, min_size=7, max_size=12))
def test_bic_agrees_with_stdnum(code: str) -> None:
    assert one(code, "bic") == bic.is_valid(code)


@given(st.text(string.ascii_uppercase, min_size=4, max_size=4),
       st.sampled_from(["CN", "DE", "GB", "XX", "QQ"]), st.text(CLASS["c"], min_size=2, max_size=5))
def test_bic_structured(bank: str, cc: str, rest: str) -> None:
    code = bank + cc + rest
    assert one(code, "bic") == bic.is_valid(code)


@st.composite
def leis(draw: st.DrawFn) -> str:
    body = draw(st.text(CLASS["c"], min_size=18, max_size=18))
    from stdnum.iso7064 import mod_97_10

    number = body + mod_97_10.calc_check_digits(body)
    if draw(st.booleans()):
        i = draw(st.integers(0, 19))
        number = number[:i] + draw(st.sampled_from(CLASS["c"])) + number[i + 1 :]
    return number


@given(leis())
def test_lei_agrees_with_stdnum(number: str) -> None:
    assert one(number, "lei") == lei.is_valid(number)


# -- network, contact ---------------------------------------------------------


def _ip_ok(text: str, cls: type) -> bool:
    try:
        cls(text)
    except ValueError:
        return False
    return "%" not in text


@given(st.one_of(
    st.ip_addresses(v=4).map(str),
    st.lists(st.integers(0, 300).map(str), min_size=3, max_size=5).map(".".join),
    st.text("0123456789.", max_size=16),
))
def test_ipv4_agrees_with_ipaddress(text: str) -> None:
    assert one(text, "ipv4") == _ip_ok(text, ipaddress.IPv4Address)


@given(st.one_of(
    st.ip_addresses(v=6).map(str),
    st.ip_addresses(v=6).map(lambda a: a.exploded),
    st.text("0123456789abcdef:.", max_size=40),
))
def test_ipv6_agrees_with_ipaddress(text: str) -> None:
    assert one(text, "ipv6") == _ip_ok(text, ipaddress.IPv6Address)


MOBILE = re.compile(r"(?:\+?86|0086)?1[3-9]\d{9}")


@given(st.sampled_from(["", "+86", "0086", "86", "+1"]),
       st.text(DIGITS, min_size=10, max_size=12), st.sampled_from(["", " ", "-"]))
def test_mobile(prefix: str, digits: str, sep: str) -> None:
    number = "1" + digits
    shown = f"{prefix}{sep}{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    assert one(shown, "cn_mobile") == bool(MOBILE.fullmatch(prefix + number))


def test_other_patterns() -> None:
    assert is_valid(["a.b+c@bank.com.cn", "x@y", "@b.cn", "a@b.c"], "email").tolist() == [
        True, False, False, False]
    assert is_valid(["010-62345678", "(0755)8888 8888", "+86 21 5555 6666", "62345678"],
                    "cn_landline").tolist() == [True, True, True, False]
    assert is_valid(["E12345678", "EA1234567", "X1234567"], "cn_passport").tolist() == [
        True, True, False]
    assert is_valid(["C12345678", "H12345678", "T12345678"], "hk_macau_permit").tolist() == [
        True, True, False]
    assert is_valid(["T12345678", "12345678"], "taiwan_permit").tolist() == [True, True]
    assert is_valid(["1990-01-31", "1990年1月3日", "19900230", "2999-01-01", "1850-01-01"],
                    "date_of_birth").tolist() == [True, True, False, False, False]


# -- inputs ---------------------------------------------------------------------


def test_inputs_of_every_shape() -> None:
    good = "11010519491231002X"
    for values in (
        [good, None, float("nan"), 3, "junk"],
        np.array([good, "junk"]),
        pd.Series([good, None], dtype="string"),
        pd.Series([good, None], dtype=object),
        pa.chunked_array([[good], [None]]),
        pd.Index([good, "x"]),
    ):
        out = is_valid(values, "cn_resident_id")
        assert out.dtype == bool and out[0] and not out[1:].any()


def test_floats_are_never_accepted() -> None:
    assert not is_valid(np.array([1.1010519491231002e17, np.nan]), "cn_resident_id").any()
    assert not is_valid(pd.Series([6222021234567892.0]), "bank_card").any()


def test_integers_are_checked() -> None:
    body = "622202123456789"
    card = int(body + luhn.calc_check_digit(body))
    assert is_valid(pd.Series([card, card + 1], dtype="int64"), "bank_card").tolist() == [
        True, False]


def test_bad_kind_and_bad_values() -> None:
    with pytest.raises(InvalidInputError, match="'kind'"):
        is_valid(["x"], "ssn")
    with pytest.raises(InvalidInputError, match="'values'"):
        is_valid("11010519491231002X", "cn_resident_id")
    assert is_valid([], "email").shape == (0,)


def test_registry() -> None:
    assert set(kinds()) == set(KINDS)
    assert {"cn_resident_id", "cn_uscc", "bank_card", "iban", "lei", "bic"} <= set(kinds())
