"""LEI (ISO 17442) and USCC (GB 32100-2015) checks equal python-stdnum's."""

from __future__ import annotations

import string

import stdnum.cn.uscc as std_uscc
import stdnum.lei as std_lei
from hypothesis import given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_97_10

from dfgov.outsourcing import lei_is_valid, uscc_is_valid
from dfgov.outsourcing._ids import lei_check_digits, uscc_check_char
from tests.conftest import budget

ALNUM = string.digits + string.ascii_uppercase
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@given(st.text(ALNUM, min_size=18, max_size=18), st.text(string.digits, min_size=2, max_size=2))
def test_lei_equals_stdnum(base: str, check: str) -> None:
    assert lei_is_valid(base + check) == std_lei.is_valid(base + check)


@given(st.text(ALNUM, min_size=18, max_size=18))
def test_lei_check_digits_equal_stdnum(base: str) -> None:
    digits = lei_check_digits(base)
    assert digits == mod_97_10.calc_check_digits(base)
    assert lei_is_valid(base + digits) and std_lei.is_valid(base + digits)


def test_lei_rejects_wrong_shapes() -> None:
    assert not lei_is_valid("5493001KJTIIGC8Y1R1")  # 19 characters
    assert not lei_is_valid("5493001kjtiigc8y1r12")  # lower case is not the canonical form
    assert not lei_is_valid(12345)  # type: ignore[arg-type]


@budget.wide(100)
@given(st.text(string.digits, min_size=8, max_size=8),
       st.text(USCC_ALPHABET, min_size=10, max_size=10))
def test_uscc_equals_stdnum(head: str, tail: str) -> None:
    code = head + tail
    assert uscc_is_valid(code) == std_uscc.is_valid(code)
    good = code[:17] + uscc_check_char(code[:17])
    assert uscc_is_valid(good) and std_uscc.is_valid(good)


def test_uscc_known_and_bad() -> None:
    assert uscc_is_valid("91110000802100433B")
    assert not uscc_is_valid("91110000802100433C")
    assert not uscc_is_valid("9111000080210043IB")  # I is not in the alphabet
    # GB 32100 allows a letter registration-department code; stdnum accepts digits only there
    y = "Y1110000MA0000000"
    assert uscc_is_valid(y + uscc_check_char(y))
