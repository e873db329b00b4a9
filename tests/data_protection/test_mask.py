"""Masking, generalisation, suppression and keyed pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import pickle

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.data_protection import (
    MaskingRules,
    PseudonymKey,
    generalize_age,
    generalize_date,
    mask,
    mask_text,
    pseudonym_key_ids,
    pseudonymize,
    region_from_id,
    suppress,
)
from dfgov.errors import InvalidInputError

KEY = PseudonymKey(b"0123456789abcdef0123456789abcdef", key_id="v1")


def test_display_rules() -> None:
    assert mask(["13812345678", "+86 139-8765-4321", None], "mobile").tolist() == [
        "138****5678", "139****4321", None]
    assert mask(["44030519900101123X"], "resident_id").tolist() == ["4****************X"]
    more = MaskingRules(resident_id_keep=(6, 4))
    assert mask(["44030519900101123X"], "resident_id", rules=more).tolist() == [
        "440305********123X"]
    assert mask(["6222021234567894"], "bank_card").tolist() == ["622202******7894"]
    last4 = MaskingRules(bank_card="last4")
    assert mask(["6222021234567894"], "bank_card", rules=last4).tolist() == ["************7894"]
    assert mask(["张三丰", "欧阳娜娜", "John Smith"], "person_name").tolist() == [
        "张**", "欧阳**", "**** Smith"]
    assert mask(["a.b@bank.cn"], "email").tolist() == ["a***@bank.cn"]
    assert mask(["1"], "unknown").tolist() == ["*"]


@given(st.text(min_size=1, max_size=30), st.sampled_from(["password", "cvv", "card_track",
                                                          "biometric"]))
def test_c3_never_displayed(value: str, data_type: str) -> None:
    rules = MaskingRules(default_keep=(10, 10))
    assert mask([value], data_type, rules=rules).tolist() == ["******"]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobile_mask_keeps_only_3_and_4(number: str) -> None:
    out = mask([number], "mobile").iloc[0]
    assert out == number[:3] + "****" + number[-4:]


def test_a_mobile_in_any_print_form_gets_one_pseudonym() -> None:
    forms = ["13812345678", "(+86)13812345678", "0086-138-1234-5678", "+86 138 1234 5678"]
    assert pseudonymize(forms, KEY, data_type="mobile").nunique() == 1
    assert set(mask(forms, "mobile")) == {"138****5678"}


def test_unknown_data_type_is_refused_and_the_known_ones_listed() -> None:
    with pytest.raises(InvalidInputError, match="'data_type'") as info:
        mask(["13812345678"], "phone")
    assert "mobile" in str(info.value) and "resident_id" in str(info.value)
    assert "'phone'" in str(info.value)
    with pytest.raises(InvalidInputError):
        mask(["x"], None)  # type: ignore[arg-type]
    # an identifier kind names its data type
    assert mask(["13812345678"], "cn_mobile").tolist() == ["138****5678"]
    assert mask(["13812345678"], "unknown").tolist() == ["1*********8"]


RIC_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _check(body17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, RIC_W, strict=True)) % 11]


def _candidates(number: str, hidden: range, known: dict[int, str]) -> int:
    """How many valid resident IDs agree with what the mask shows plus what is known.

    ``hidden`` are the positions the mask hides; ``known`` are hidden positions an
    attacker knows anyway (birth year, birth date). The rest are enumerated.
    """
    import datetime
    import itertools

    free = [i for i in hidden if i not in known and i != 17]
    count = 0
    for digits in itertools.product("0123456789", repeat=len(free)):
        chars = list(number)
        for i, d in zip(free, digits, strict=True):
            chars[i] = d
        cand = "".join(chars)
        try:
            datetime.date(int(cand[6:10]), int(cand[10:12]), int(cand[12:14]))
        except ValueError:
            continue
        count += _check(cand[:17]) == cand[17]
    return count


def test_resident_id_mask_residual_risk() -> None:
    """The old default (first 6, last 4) leaves ~34 candidates to someone who knows the
    birth year; the default (first 1, last 1) leaves ~91 to someone who knows the
    region and the whole birth date (the 3 sequence digits stay unknown)."""
    import numpy as np

    rng = np.random.default_rng(0)
    old, new = [], []
    for _ in range(5):
        body = f"440305{rng.integers(1950, 2005)}0615{rng.integers(0, 1000):03d}"
        number = body + _check(body)
        year = {i: number[i] for i in range(6, 10)}
        old.append(_candidates(number, range(6, 14), year))
        date_and_region = {i: number[i] for i in range(1, 14)}
        new.append(_candidates(number, range(1, 17), date_and_region))
    assert min(old) >= 25 and max(old) <= 45
    assert min(new) >= 80


def test_mask_text_hides_identifiers_in_free_text() -> None:
    out = mask_text(["客户身份证44030519900101123X已核实", "卡号6222021234567894"]).tolist()
    assert out == ["客户身份证**************123X已核实", "卡号************7894"]


def test_generalisation_and_suppression() -> None:
    assert generalize_age([7, 34, 85, None, -1]).tolist() == ["0-9", "30-39", "80+", None, None]
    assert generalize_date(["1990-01-02", "bad", None], to="year").tolist() == [
        "1990", None, None]
    assert region_from_id(["44030519900101123X", "x"]).tolist() == ["Guangdong", None]
    assert suppress(pd.Series([1, 2], index=[5, 6])).index.tolist() == [5, 6]
    with pytest.raises(InvalidInputError, match="'width'"):
        generalize_age([1], width=0)


def test_pseudonyms_are_deterministic_keyed_and_versioned() -> None:
    a = pseudonymize(["13812345678", "138 1234 5678", None], KEY, data_type="mobile")
    assert a[0] == a[1] and a[2] is None
    assert pseudonymize(["+86 138-1234-5678"], KEY, data_type="mobile")[0] == a[0]
    assert a[0].startswith("ps:v1:") and len(a[0]) == len("ps:v1:") + 32
    expected = hmac.new(KEY.secret, b"dfgov.pseudonym\x00\x0013812345678", hashlib.sha256)
    assert a[0] == "ps:v1:" + expected.hexdigest()[:32]
    other = PseudonymKey(b"X" * 32, key_id="v2")
    b = pseudonymize(["13812345678"], other, data_type="mobile")
    assert b[0] != a[0] and pseudonym_key_ids([a[0], b[0], "x"]).tolist() == ["v1", "v2", None]
    sm3 = pseudonymize(["13812345678"], KEY, algorithm="sm3")
    assert sm3[0] != a[0] and sm3[0].startswith("ps:v1:")
    assert pseudonymize(["x"], KEY, domain="a")[0] != pseudonymize(["x"], KEY, domain="b")[0]


def test_key_is_opaque() -> None:
    assert "0123" not in repr(KEY)
    with pytest.raises(TypeError):
        pickle.dumps(KEY)
    with pytest.raises(InvalidInputError, match="'secret'"):
        PseudonymKey(b"short", key_id="v1")
    with pytest.raises(InvalidInputError, match="'key_id'"):
        PseudonymKey(b"k" * 32, key_id="has:colon")
    with pytest.raises(InvalidInputError, match="floats"):
        pseudonymize(pd.Series([1.5e17]), KEY)


@given(st.from_regex(r"[1-6][0-9]{16}[0-9X]", fullmatch=True), st.integers(0, 6),
       st.integers(0, 4))
def test_resident_id_mask_shows_no_more_than_the_rules(number: str, first: int,
                                                       last: int) -> None:
    out = mask([number], "resident_id", rules=MaskingRules(resident_id_keep=(first, last)))[0]
    assert len(out) == len(number)
    visible = [i for i, ch in enumerate(out) if ch != "*"]
    assert visible == [*range(first), *range(len(number) - last, len(number))]
    assert all(out[i] == number[i] for i in visible)


def test_errors_never_echo_values() -> None:
    from dfgov.data_protection import scan

    secret = "44030519900101123X"
    errors = []
    for call in (
        lambda: pseudonymize(pd.Series([4.4030519900101123e17]), KEY),
        lambda: scan(pd.DataFrame([[secret, secret]], columns=["a", "a"])),
        lambda: mask(secret, "resident_id"),
        lambda: generalize_date([secret], to="day"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInputError) as info:
            call()
        errors.append(str(info.value))
    assert errors and not any(secret in e or "4.403" in e for e in errors)
