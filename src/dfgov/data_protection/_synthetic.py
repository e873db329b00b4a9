"""A synthetic customer table with realistic Chinese identifiers (valid check characters).

Every identifier is generated, not collected: resident IDs on real GB/T 2260 county
codes with the GB 11643-1999 check character, UnionPay card numbers with a Luhn
digit, mainland mobile numbers, e-mail addresses. Used by the docs, the example
notebook, the benchmark and the tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from dfgov._pii import luhn_ok

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CARD_SCHEMES", "DECOY_FAMILIES", "card_cases", "synthetic_customers"]

_COUNTIES = np.array(["110105", "310115", "440305", "320102", "330106", "510107", "420106",
                      "610113", "370202", "350203"])
_SURNAMES = np.array([*"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "欧阳", "司马"])
_GIVEN = np.array(list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"))
_RIC_W = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])


def _digits_to_str(d: NDArray[np.int64]) -> NDArray[np.str_]:
    out: NDArray[np.str_] = (d.astype(np.uint8) + 48).view(f"S{d.shape[1]}").ravel().astype(str)
    return out


def _resident_ids(
    rng: np.random.Generator, n: int
) -> tuple[NDArray[np.str_], NDArray[np.str_]]:
    county = np.array([[int(c) for c in s] for s in _COUNTIES])[rng.integers(0, len(_COUNTIES), n)]
    days = rng.integers(0, 365 * 60, n)
    dates = (np.datetime64("1950-01-01") + days.astype("timedelta64[D]")).astype(str)
    ymd_bytes = np.char.replace(dates, "-", "").astype("S8")
    ymd = np.frombuffer(ymd_bytes.tobytes(), np.uint8).reshape(n, 8).astype(np.int64) - 48
    seq = rng.integers(0, 10, (n, 3))
    body = np.concatenate([county, ymd, seq], axis=1)
    check = np.frombuffer(b"10X98765432", np.uint8)[(body @ _RIC_W) % 11]
    out: NDArray[np.str_] = np.char.add(_digits_to_str(body), check.view("S1").astype(str))
    return out, dates


def _cards(rng: np.random.Generator, n: int) -> NDArray[np.str_]:
    body = np.concatenate([np.tile([6, 2, 2, 2, 0, 2], (n, 1)), rng.integers(0, 10, (n, 12))],
                          axis=1)
    rev = body[:, ::-1]
    dbl = rev * 2
    rev = np.where(np.arange(rev.shape[1]) % 2 == 0, np.where(dbl > 9, dbl - 9, dbl), rev)
    check = (10 - rev.sum(axis=1) % 10) % 10
    return _digits_to_str(np.concatenate([body, check[:, None]], axis=1))


def synthetic_customers(n: int = 1000, *, random_state: int = 0) -> pd.DataFrame:
    """A customer table of ``n`` rows: IDs, cards, contacts, amounts, C3 data, free text.

    Columns: ``客户姓名``, ``身份证号``, ``卡号``, ``手机号``, ``email``, ``出生日期``,
    ``gender``, ``city``, ``age_band``, ``余额`` (float), ``txn_amount`` (float),
    ``交易密码`` (hashes), ``cvv``, ``remarks`` (free text, some with IDs and cards),
    ``open_date``, ``ip``.

    Examples
    --------
    >>> synthetic_customers(3).shape
    (3, 16)
    """
    import pandas as pd

    rng = np.random.default_rng(random_state)
    ids, dob = _resident_ids(rng, n)
    cards = _cards(rng, n)
    mobiles = np.char.add(rng.choice(["138", "139", "186", "152", "177"], n),
                          np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8))
    names = np.char.add(rng.choice(_SURNAMES, n),
                        np.char.add(rng.choice(_GIVEN, n),
                                    np.where(rng.random(n) < 0.6, rng.choice(_GIVEN, n), "")))
    users = np.char.add("user", rng.integers(1000, 999999, n).astype(str))
    emails = np.char.add(users, rng.choice(["@example.com", "@mail.example.cn"], n))
    notes = ["客户来电咨询", "已核实身份", "call back tomorrow", "无"]
    remarks = rng.choice(notes, n).astype(object)
    k = rng.random(n)
    with_id = k < 0.05
    with_card = (k >= 0.05) & (k < 0.10)
    remarks[with_id] = np.char.add("客户身份证", ids[with_id].astype(str)).astype(object)
    remarks[with_card] = np.char.add(np.char.add("卡号", cards[with_card].astype(str)),
                                     ",已冻结").astype(object)
    ages = 2024 - dob.astype("datetime64[Y]").astype(int) - 1970
    return pd.DataFrame({
        "客户姓名": names.astype(object),
        "身份证号": ids.astype(object),
        "卡号": cards.astype(object),
        "手机号": mobiles.astype(object),
        "email": emails.astype(object),
        "出生日期": dob.astype(object),
        "gender": rng.choice(["F", "M"], n).astype(object),
        "city": rng.choice(["Beijing", "Shanghai", "Shenzhen", "Nanjing", "Chengdu"], n)
        .astype(object),
        "age_band": (np.floor(ages / 10) * 10).astype(int).astype(str).astype(object),
        "余额": np.round(rng.lognormal(9, 1.2, n), 2),
        "txn_amount": np.round(rng.lognormal(5, 1.0, n), 2),
        "交易密码": np.char.add("$2b$12$", np.char.zfill(rng.integers(0, 10**9, n).astype(str), 53))
        .astype(object),
        "cvv": np.char.zfill(rng.integers(0, 1000, n).astype(str), 3).astype(object),
        "remarks": remarks,
        "open_date": (np.datetime64("2015-01-01") + rng.integers(0, 3000, n)
                      .astype("timedelta64[D]")).astype(str).astype(object),
        "ip": np.char.add("10.", np.char.add(rng.integers(0, 255, n).astype(str),
                                             ".1.7")).astype(object),
    })


# -- card numbers and look-alikes ----------------------------------------------------

#: Well-formed card numbers generated per scheme: ``(issuer ranges, lengths)``.
CARD_SCHEMES: dict[str, tuple[tuple[tuple[int, int], ...], tuple[int, ...]]] = {
    "UnionPay": (((62, 62),), (16, 17, 18, 19)),
    "Visa": (((4, 4),), (13, 16, 16, 16, 19)),
    "Mastercard": (((51, 55), (2221, 2720)), (16,)),
    "JCB": (((3528, 3589),), (16,)),
    "American Express": (((34, 34), (37, 37)), (15,)),
}
#: Digit runs that are not card numbers but can pass the Luhn check by chance.
DECOY_FAMILIES = ("timestamp14", "timestamp16", "epoch_ms13", "epoch_us16", "order_number",
                  "mobile_extension", "mobile_country_code", "landline_extension")
_EPOCH2000 = datetime(2000, 1, 1)
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "170", "171", "172", "173", "175", "176",
    "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
    "193", "195", "196", "197", "198", "199",
)


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def _card(rng: np.random.Generator, scheme: str) -> str:
    ranges, lengths = CARD_SCHEMES[scheme]
    lo, hi = ranges[int(rng.integers(len(ranges)))]
    head = str(int(rng.integers(lo, hi + 1)))
    n = int(rng.choice(lengths))
    body = head + "".join(map(str, rng.integers(0, 10, n - 1 - len(head))))
    return _with_check_digit(body)


def _decoy(rng: np.random.Generator, family: str) -> str:
    def digits(k: int) -> str:
        return "".join(map(str, rng.integers(0, 10, k)))

    stamp = _EPOCH2000 + timedelta(seconds=int(rng.integers(0, 31 * 365 * 86400)))
    ymdhms = stamp.strftime("%Y%m%d%H%M%S")
    if family == "timestamp14":
        return ymdhms
    if family == "timestamp16":
        return ymdhms + digits(2)
    if family == "epoch_ms13":
        return str(int(rng.integers(10**12, 19 * 10**11)))
    if family == "epoch_us16":
        return str(int(rng.integers(10**15, 19 * 10**14)))
    if family == "order_number":
        return ymdhms[: int(rng.choice([6, 8]))] + digits(int(rng.integers(8, 11)))
    mobile = _MOBILE_PREFIXES[int(rng.integers(len(_MOBILE_PREFIXES)))] + digits(8)
    if family == "mobile_extension":
        return mobile + digits(int(rng.integers(2, 6)))
    if family == "mobile_country_code":
        return ("86", "0086")[int(rng.integers(2))] + mobile
    # landline_extension: area code, 8-digit number, 2-5 digit extension
    area = ("010", "021", "020", "0755", "0571")[int(rng.integers(5))]
    return area + str(int(rng.integers(2, 10))) + digits(7) + digits(int(rng.integers(2, 6)))


def card_cases(n_per_scheme: int = 200, n_decoys: int = 2000, *,
               random_state: int = 0) -> pd.DataFrame:
    """Well-formed card numbers of five schemes and Luhn-passing look-alikes.

    Columns: ``value``, ``is_card`` and ``family`` (the scheme, or the decoy family
    of :data:`DECOY_FAMILIES`). Every decoy passes the Luhn check (its last digit,
    a second, serial or extension digit, is set so), so a detector
    that checks only Luhn and length calls many of them cards; issuer ranges tell
    them apart. Used by the tests and ``benchmarks/data_protection.py``.

    Examples
    --------
    >>> cases = card_cases(2, 8)
    >>> cases["is_card"].sum(), (~cases["is_card"]).sum()
    (np.int64(10), np.int64(8))
    """
    import pandas as pd

    rng = np.random.default_rng(random_state)
    rows: list[tuple[str, bool, str]] = []
    for scheme in CARD_SCHEMES:
        rows.extend((_card(rng, scheme), True, scheme) for _ in range(n_per_scheme))
    for i in range(n_decoys):
        family = DECOY_FAMILIES[i % len(DECOY_FAMILIES)]
        # the last digit (a second, a serial or an extension digit) made the Luhn digit
        rows.append((_with_check_digit(_decoy(rng, family)[:-1]), False, family))
    return pd.DataFrame(rows, columns=["value", "is_card", "family"])
