"""Vectorised identifier validators and the registry of kinds.

Each validator takes a :class:`~dfgov.data_protection._detect._normalize.Prepared`
column and returns a boolean numpy array. Check characters are computed with
numpy over the ``(n, width)`` byte matrix; patterns run as Arrow (RE2) kernels.
The tables, patterns and the birth-date rule are those of the one-value checks in
:mod:`dfgov._pii` (free text and output redaction), so both forms agree.

Examples
--------
>>> from dfgov.data_protection import is_valid
>>> is_valid(["11010519491231002X", "110105194912310021", None], "cn_resident_id").tolist()
[True, False, False]
>>> is_valid(["6222 0212 3456 7894", "4111-1111-1111-1111", "20240315123043"], "bank_card").tolist()
[True, True, False]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from dfgov._pii import (
    CARD_IIN,
    COUNTRY_CODES,
    EMAIL_PATTERN,
    IBAN_BBAN,
    IPV4_PATTERN,
    LANDLINE_PATTERN,
    MOBILE_PATTERN,
    PROVINCES,
)
from dfgov.data_protection._detect._normalize import Prepared
from dfgov.errors import InvalidInputError

__all__ = ["KINDS", "Kind", "is_unionpay", "is_valid", "kinds", "validate_prepared"]

Bools = NDArray[np.bool_]
Strength = Literal["checksum", "structure", "pattern"]


@dataclass(frozen=True)
class Kind:
    """One identifier kind.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"cn_resident_id"``.
    strength : {"checksum", "structure", "pattern"}
        ``checksum``: a check character makes chance matches rare; ``structure``:
        fixed structure with value checks (dates, ranges, country codes);
        ``pattern``: a format only — a column needs name evidence too.
    min_length, max_length : int
        Length range of the compact form (used to skip kinds quickly).
    description : str
    """

    name: str
    strength: Strength
    min_length: int
    max_length: int
    description: str
    check: Callable[[Prepared], Bools]


# -- helpers ------------------------------------------------------------

_DIGIT = np.zeros(256, bool)
_DIGIT[48:58] = True
_UPPER = np.zeros(256, bool)
_UPPER[65:91] = True
_VAL36 = np.full(256, -1, np.int64)  # 0-9 → 0-9, A-Z → 10-35
_VAL36[48:58] = np.arange(10)
_VAL36[65:91] = np.arange(10, 36)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VAL31 = np.full(256, -1, np.int64)
for _i, _c in enumerate(_USCC_ALPHABET):
    _VAL31[ord(_c)] = _i
_COUNTRY = np.zeros(26 * 26, bool)
_COUNTRY[[(ord(c[0]) - 65) * 26 + ord(c[1]) - 65 for c in COUNTRY_CODES]] = True
_PROVINCE = np.zeros(100, bool)
_PROVINCE[[int(p) for p in PROVINCES]] = True


def _digits(m: NDArray[np.uint8]) -> NDArray[np.int64]:
    """Digit values (0 where the byte is not a digit)."""
    return np.where(_DIGIT[m], m.astype(np.int64) - 48, 0)


def _number(d: NDArray[np.int64]) -> NDArray[np.int64]:
    """Integer value of each row of a digit matrix."""
    w = 10 ** np.arange(d.shape[1] - 1, -1, -1, dtype=np.int64)
    out: NDArray[np.int64] = d @ w
    return out


_MDAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def _valid_date(y: NDArray[np.int64], m: NDArray[np.int64], d: NDArray[np.int64]) -> Bools:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    mm = np.clip(m, 0, 12)
    days = _MDAYS[mm] + ((mm == 2) & leap)
    ok: Bools = (y >= 1) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= days)
    return ok


def _birth_date(y: NDArray[np.int64], m: NDArray[np.int64], d: NDArray[np.int64]) -> Bools:
    """Real dates from 1900-01-01 up to today (``dfgov._pii.birth_date_ok`` for columns)."""
    today = date.today()
    limit = today.year * 10000 + today.month * 100 + today.day
    out: Bools = _valid_date(y, m, d) & (y >= 1900) & (y * 10000 + m * 100 + d <= limit)
    return out


def _first_in(m: NDArray[np.uint8], chars: str) -> Bools:
    table = np.zeros(256, bool)
    table[[ord(c) for c in chars]] = True
    out: Bools = table[m[:, 0]] if m.shape[1] else np.zeros(m.shape[0], bool)
    return out


def _on_rows(
    p: Prepared, cand: Bools, width: int,
    fn: Callable[[NDArray[np.uint8], NDArray[np.int64]], Bools],
) -> Bools:
    """Run the (expensive) check ``fn`` on candidate rows only."""
    out = np.zeros(p.size, bool)
    rows = np.flatnonzero(cand)
    if rows.size:
        out[rows] = fn(p.columns(0, width)[rows], p.lengths[rows])
    return out


def _lengths_in(p: Prepared, lo: int, hi: int) -> Bools:
    lengths = p.lengths
    out: Bools = (lengths >= lo) & (lengths <= hi)
    return out


def _mod97(vals: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """ISO 7064 MOD 97-10 remainder of rows of character values (letters count 10..35)."""
    r = np.zeros(vals.shape[0], np.int64)
    for j in range(vals.shape[1]):
        v = vals[:, j]
        step = (r * np.where(v >= 10, 100, 10) + np.maximum(v, 0)) % 97
        r = np.where(j < lengths, step, r)
    return r


# -- Chinese identifiers -------------------------------------------------

_RIC_W = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], np.int64)
_RIC_CHECK = np.frombuffer(b"10X98765432", np.uint8)


def _ric18(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    ok = _DIGIT[m[:, :17]].all(axis=1)
    d = _digits(m)
    ok &= _RIC_CHECK[(d[:, :17] @ _RIC_W) % 11] == m[:, 17]
    ok &= _birth_date(_number(d[:, 6:10]), _number(d[:, 10:12]), _number(d[:, 12:14]))
    out: Bools = ok & _PROVINCE[_number(d[:, 0:2])]
    return out


def _cn_resident_id(p: Prepared) -> Bools:
    m = p.columns(0, 1)
    return _on_rows(p, (p.lengths == 18) & _DIGIT[m[:, 0]], 18, _ric18)


def _ric15(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    ok = _DIGIT[m].all(axis=1)
    d = _digits(m)
    ok &= _birth_date(1900 + _number(d[:, 6:8]), _number(d[:, 8:10]), _number(d[:, 10:12]))
    out: Bools = ok & _PROVINCE[_number(d[:, 0:2])]
    return out


def _cn_resident_id_15(p: Prepared) -> Bools:
    m = p.columns(0, 1)
    return _on_rows(p, (p.lengths == 15) & _DIGIT[m[:, 0]], 15, _ric15)


_USCC_W = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], np.int64)
_ORG_W = np.array([3, 7, 9, 10, 5, 8, 4, 2], np.int64)


def _org_code_ok(m: NDArray[np.uint8]) -> Bools:
    """GB 11714 check character of 9-character organisation codes (8 body + check)."""
    v = _VAL36[m[:, :8]]
    c = 11 - (np.maximum(v, 0) @ _ORG_W) % 11
    expect = np.where(c == 10, ord("X"), np.where(c == 11, ord("0"), 48 + c))
    ok: Bools = (v >= 0).all(axis=1) & (expect == m[:, 8])
    return ok


def _uscc(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    v = _VAL31[m]
    ok = _DIGIT[m[:, :8]].all(axis=1) & (v[:, 8:] >= 0).all(axis=1)
    ok &= (31 - (np.maximum(v[:, :17], 0) @ _USCC_W) % 31) % 31 == v[:, 17]
    out: Bools = ok & _org_code_ok(m[:, 8:17])
    return out


def _cn_uscc(p: Prepared) -> Bools:
    m = p.columns(0, 1)
    return _on_rows(p, (p.lengths == 18) & _DIGIT[m[:, 0]], 18, _uscc)


def _regex_kind(p: Prepared, cand: Bools, pattern: str,
                form: Literal["compact", "trimmed"] = "compact") -> Bools:
    out = np.zeros(p.size, bool)
    rows = np.flatnonzero(cand)
    if rows.size:
        out[rows] = p.match(pattern, form=form, rows=rows)
    return out


def _cn_mobile(p: Prepared) -> Bools:
    cand = _lengths_in(p, 11, 17) & _first_in(p.columns(0, 1), "+081(")
    return _regex_kind(p, cand, MOBILE_PATTERN)


def _cn_landline(p: Prepared) -> Bools:
    cand = _lengths_in(p, 10, 19) & _first_in(p.columns(0, 1), "+0(")
    return _regex_kind(p, cand, LANDLINE_PATTERN)


def _cn_passport(p: Prepared) -> Bools:
    cand = _lengths_in(p, 8, 9) & _first_in(p.columns(0, 1), "EGDSP")
    return _regex_kind(p, cand, r"^(?:[EG][0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[DSP]E?[0-9]{7})$")


def _hk_macau_permit(p: Prepared) -> Bools:
    cand = _lengths_in(p, 9, 11) & _first_in(p.columns(0, 1), "CHM")
    return _regex_kind(p, cand, r"^(?:C[0-9A-HJ-NP-Z][0-9]{7}|[HM][0-9]{8}(?:[0-9]{2})?)$")


def _taiwan_permit(p: Prepared) -> Bools:
    cand = _lengths_in(p, 8, 11) & _first_in(p.columns(0, 1), "T0123456789")
    return _regex_kind(p, cand, r"^(?:T[0-9]{8}|[0-9]{8}|[0-9]{10}[A-Z]?)$")


# -- cards and international identifiers -----------------------------------

_DBL = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], np.int64)


def _luhn(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    out = np.zeros(m.shape[0], bool)
    for n in np.unique(lengths).tolist():
        rows = np.flatnonzero(lengths == n)
        sub = m[rows, :n]
        okd = _DIGIT[sub].all(axis=1)
        d = np.where(_DIGIT[sub], sub.astype(np.int64) - 48, 0)
        rev = d[:, ::-1]
        total = rev[:, 0::2].sum(axis=1) + _DBL[rev[:, 1::2]].sum(axis=1)
        out[rows] = okd & (total % 10 == 0)
    return out


def _iin_rules() -> list[tuple[int, int, int, NDArray[np.int64]]]:
    """``(width, first, last, lengths)`` of every issuer range, for prefix comparisons."""
    return [(len(lo), int(lo), int(hi), np.asarray(lengths, np.int64))
            for _, lo, hi, lengths in CARD_IIN]


_IIN = _iin_rules()


def _iin(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    """Rows whose leading digits fall in a card scheme's issuer range at an allowed length."""
    head8 = _number(_digits(m[:, :8]))
    out = np.zeros(m.shape[0], bool)
    for width, lo, hi, allowed in _IIN:
        head = head8 // 10 ** (8 - width)
        out |= (head >= lo) & (head <= hi) & np.isin(lengths, allowed)
    return out


def _card(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    out: Bools = _luhn(m, lengths)
    rows = np.flatnonzero(out)
    if rows.size:
        out[rows] = _iin(m[rows], lengths[rows])
    return out


def _bank_card(p: Prepared) -> Bools:
    return _on_rows(p, _lengths_in(p, 13, 19) & _DIGIT[p.columns(0, 1)[:, 0]], 19, _card)


def is_unionpay(values: Any) -> Bools:
    """Valid bank-card numbers on UnionPay's ranges (prefixes 62 and 81, 16-19 digits).

    Examples
    --------
    >>> is_unionpay(["6222021234567894", "4111111111111111"]).tolist()
    [True, False]
    """
    p = Prepared(values)
    m = p.columns(0, 2)
    union = ((m[:, 0] == ord("6")) & (m[:, 1] == ord("2"))) | (
        (m[:, 0] == ord("8")) & (m[:, 1] == ord("1")))
    out: Bools = _bank_card(p) & union & (p.lengths >= 16) & p.notnull
    return out


def _iban_tables() -> tuple[NDArray[np.int64], NDArray[np.int8]]:
    lengths = np.zeros(26 * 26, np.int64)
    classes = np.zeros((26 * 26, 30), np.int8)  # 0 beyond BBAN, 1 n, 2 a, 3 c
    code = {"n": 1, "a": 2, "c": 3}
    for cc, struct in IBAN_BBAN.items():
        i = (ord(cc[0]) - 65) * 26 + ord(cc[1]) - 65
        pos = 0
        for count, kind in _parts(struct):
            classes[i, pos : pos + count] = code[kind]
            pos += count
        lengths[i] = pos + 4
    return lengths, classes


def _parts(struct: str) -> list[tuple[int, str]]:
    import re

    return [(int(n), k) for n, k in re.findall(r"([0-9]+)!([nac])", struct)]


_IBAN_LEN, _IBAN_CLASS = _iban_tables()


def _iban_rows(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    idx = (m[:, 0].astype(np.int64) - 65) * 26 + m[:, 1].astype(np.int64) - 65
    ok = (_IBAN_LEN[idx] == lengths) & _DIGIT[m[:, 2]] & _DIGIT[m[:, 3]]
    cls = _IBAN_CLASS[idx]
    bban = m[:, 4:34]
    isd, isu = _DIGIT[bban], _UPPER[bban]
    pos_ok = (
        (cls == 0) | ((cls == 1) & isd) | ((cls == 2) & isu) | ((cls == 3) & (isd | isu))
    )
    ok &= pos_ok.all(axis=1)
    j = np.arange(34)[None, :]
    tail = (lengths - 4)[:, None]
    order = np.clip(np.where(j < tail, j + 4, j - tail), 0, 33)
    vals = np.take_along_axis(_VAL36[m], order, axis=1)
    out: Bools = ok & (_mod97(vals, lengths) == 1)
    return out


def _iban(p: Prepared) -> Bools:
    dotted = p.contains(".")
    if dotted.any():  # "NO93.8601.1117.947": dots are separators in printed IBANs
        out = _iban_plain(p)
        rows = np.flatnonzero(dotted)
        out[rows] = _iban_plain(p.subset(rows, drop="."))
        return out
    return _iban_plain(p)


def _iban_plain(p: Prepared) -> Bools:
    m = p.columns(0, 4)
    cand = _lengths_in(p, 15, 34) & _UPPER[m[:, 0]] & _UPPER[m[:, 1]]
    cand &= _DIGIT[m[:, 2]] & _DIGIT[m[:, 3]]
    idx = np.clip((m[:, 0].astype(np.int64) - 65) * 26 + m[:, 1].astype(np.int64) - 65, 0, 675)
    cand &= _IBAN_LEN[idx] == p.lengths
    return _on_rows(p, cand, 34, _iban_rows)


def _bic_rows(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    alnum = _DIGIT[m] | _UPPER[m]
    ok = _UPPER[m[:, :6]].all(axis=1)
    ok &= alnum[:, 6:8].all(axis=1) & (alnum[:, 8:11].all(axis=1) | (lengths == 8))
    idx = (m[:, 4].astype(np.int64) - 65) * 26 + m[:, 5].astype(np.int64) - 65
    out: Bools = ok & _COUNTRY[np.clip(idx, 0, 26 * 26 - 1)]
    return out


def _bic(p: Prepared) -> Bools:
    lengths = p.lengths
    return _on_rows(p, ((lengths == 8) | (lengths == 11)) & _UPPER[p.columns(0, 1)[:, 0]], 11,
                    _bic_rows)


def _lei_rows(m: NDArray[np.uint8], lengths: NDArray[np.int64]) -> Bools:
    ok = (_DIGIT[m] | _UPPER[m]).all(axis=1)
    out: Bools = ok & (_mod97(_VAL36[m], lengths) == 1)
    return out


def _lei(p: Prepared) -> Bools:
    return _on_rows(p, p.lengths == 20, 20, _lei_rows)


# -- contact and network -------------------------------------------------

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
_H = r"[0-9A-Fa-f]{1,4}"
_IPV6 = (
    "^(?:"
    rf"(?:{_H}:){{7}}{_H}"
    rf"|(?:{_H}:){{1,7}}:"
    rf"|(?:{_H}:){{1,6}}:{_H}"
    rf"|(?:{_H}:){{1,5}}(?::{_H}){{1,2}}"
    rf"|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}"
    rf"|(?:{_H}:){{1,3}}(?::{_H}){{1,4}}"
    rf"|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}"
    rf"|{_H}:(?::{_H}){{1,6}}"
    rf"|:(?:(?::{_H}){{1,7}}|:)"
    rf"|(?:{_H}:){{6}}{_IPV4}"
    rf"|(?:{_H}:){{1,5}}:{_IPV4}"
    rf"|(?:{_H}:){{1,4}}:(?:{_H}:){{1}}{_IPV4}"
    rf"|(?:{_H}:){{1,3}}:(?:{_H}:){{1,2}}{_IPV4}"
    rf"|(?:{_H}:){{1,2}}:(?:{_H}:){{1,3}}{_IPV4}"
    rf"|{_H}::(?:{_H}:){{1,4}}{_IPV4}"
    rf"|::(?:{_H}:){{0,5}}{_IPV4}"
    ")$"
)


def _has(p: Prepared, char: str, *, count: int | None = None) -> Bools:
    """Rows whose compact form holds ``char`` (``count`` times); long rows always qualify."""
    m = p.matrix
    hits = (m == ord(char)).sum(axis=1)
    found = hits == count if count is not None else hits > 0
    out: Bools = found | (p.lengths > m.shape[1])
    return out


def _email(p: Prepared) -> Bools:
    return _regex_kind(p, _has(p, "@", count=1) & (p.lengths >= 6), EMAIL_PATTERN, "trimmed")


def _ipv4(p: Prepared) -> Bools:
    return _regex_kind(p, _has(p, ".", count=3) & _lengths_in(p, 7, 15), IPV4_PATTERN,
                       "trimmed")


def _ipv6(p: Prepared) -> Bools:
    return _regex_kind(p, _has(p, ":") & _lengths_in(p, 2, 45), _IPV6, "trimmed")


_DATE = (
    r"^(?P<y>[0-9]{4})(?:(?P<m>[0-9]{2})(?P<d>[0-9]{2})"
    r"|[-/.年](?P<m2>[0-9]{1,2})[-/.月](?P<d2>[0-9]{1,2})日?)$"
)


def _date_of_birth(p: Prepared) -> Bools:
    if p.value_kind == "datetime":
        return _dates_in_range_arrow(p)
    from dfgov.data_protection._detect._normalize import require_pyarrow

    pa = require_pyarrow()
    pc = pa.compute
    m = p.columns(0, 4)
    cand = _DIGIT[m].all(axis=1) & _lengths_in(p, 6, 10)
    wide = np.flatnonzero((p.lengths == -1) & p.notnull)  # e.g. 1990年1月3日
    if wide.size:
        has_year = pc.match_substring(p.trimmed.take(pa.array(wide)), "年")
        cand[wide[pc.fill_null(has_year, False).to_numpy(zero_copy_only=False)]] = True
    cand &= p.notnull
    out = np.zeros(p.size, bool)
    # fast path: eight digits (YYYYMMDD, or YYYY-MM-DD once hyphens are removed)
    eight = cand & (p.lengths == 8) & _DIGIT[p.columns(0, 8)].all(axis=1)
    rows8 = np.flatnonzero(eight)
    if rows8.size:
        d8 = _digits(p.columns(0, 8)[rows8])
        y8, m8, dd8 = _number(d8[:, :4]), _number(d8[:, 4:6]), _number(d8[:, 6:8])
        out[rows8] = _birth_date(y8, m8, dd8)
    rows = np.flatnonzero(cand & ~eight)
    if not rows.size:
        return out
    parts = pc.extract_regex(p.trimmed.take(pa.array(rows)), _DATE)
    shape = pc.fill_null(pc.is_valid(parts), False)

    def num(*fields: int) -> NDArray[np.int64]:
        sep = pa.scalar("", parts.type.field(0).type)
        txt = pc.binary_join_element_wise(*(pc.struct_field(parts, [f]) for f in fields), sep)
        txt = pc.if_else(shape, txt, "0")
        return np.asarray(pc.cast(txt, pa.int64()).to_numpy(zero_copy_only=False), np.int64)

    y, mo, d = num(0), num(1, 3), num(2, 4)
    out[rows] = shape.to_numpy(zero_copy_only=False) & _birth_date(y, mo, d)
    return out


def _dates_in_range_arrow(p: Prepared) -> Bools:
    from dfgov.data_protection._detect._normalize import require_pyarrow

    pa = require_pyarrow()
    pc = pa.compute
    raw = p.raw
    try:
        years = pc.year(raw).to_numpy(zero_copy_only=False)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):  # pragma: no cover
        return np.zeros(p.size, bool)
    years = np.nan_to_num(np.asarray(years, dtype=float), nan=0.0)
    out: Bools = p.notnull & (years >= 1900) & (years <= date.today().year)
    return out


# -- registry ------------------------------------------------------------

_KIND_LIST = (
    Kind("cn_resident_id", "checksum", 18, 18,
         "PRC resident ID, 18 characters, GB 11643-1999 check character, birth date "
         "1900-today", _cn_resident_id),
    Kind("cn_resident_id_15", "structure", 15, 15,
         "PRC resident ID, legacy 15 digits (province and birth date)", _cn_resident_id_15),
    Kind("cn_uscc", "checksum", 18, 18,
         "Unified social credit code, GB 32100-2015 (with the GB 11714 organisation code)",
         _cn_uscc),
    Kind("bank_card", "checksum", 13, 19,
         "Payment card number, 13-19 digits in a card scheme's issuer range (IIN), Luhn",
         _bank_card),
    Kind("cn_mobile", "structure", 11, 17, "Mainland mobile number (+86/0086/(+86) optional)",
         _cn_mobile),
    Kind("cn_landline", "structure", 10, 19, "Mainland landline with area code", _cn_landline),
    Kind("email", "structure", 6, 254, "E-mail address", _email),
    Kind("ipv4", "structure", 7, 15, "IPv4 address", _ipv4),
    Kind("ipv6", "structure", 2, 45, "IPv6 address", _ipv6),
    Kind("cn_passport", "pattern", 8, 9, "PRC passport number", _cn_passport),
    Kind("hk_macau_permit", "pattern", 9, 11,
         "Exit-entry permit for Hong Kong and Macao / home-return permit", _hk_macau_permit),
    Kind("taiwan_permit", "pattern", 8, 11, "Travel permit to or from Taiwan", _taiwan_permit),
    Kind("iban", "checksum", 15, 34, "IBAN, ISO 13616 (registry structure, mod 97)", _iban),
    Kind("bic", "structure", 8, 11, "BIC / SWIFT code, ISO 9362", _bic),
    Kind("lei", "checksum", 20, 20, "Legal Entity Identifier, ISO 17442 (mod 97)", _lei),
    Kind("date_of_birth", "pattern", 8, 12, "Calendar date between 1900 and today",
         _date_of_birth),
)

#: Every identifier kind, by name.
KINDS: Mapping[str, Kind] = MappingProxyType({k.name: k for k in _KIND_LIST})


def kinds() -> tuple[str, ...]:
    """Names of every identifier kind, in registry order."""
    return tuple(KINDS)


def _check_kind(kind: str) -> Kind:
    spec = KINDS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise InvalidInputError(
            f"The 'kind' argument of is_valid must be one of {sorted(KINDS)}. Got {kind!r}."
        )
    return spec


def validate_prepared(p: Prepared, kind: str) -> Bools:
    """Validate an already prepared column (a scan prepares each column once)."""
    spec = _check_kind(kind)
    if p.size == 0:
        return np.zeros(0, bool)
    if p.value_kind == "datetime":
        return spec.check(p) if kind == "date_of_birth" else np.zeros(p.size, bool)
    if p.value_kind in ("float", "bool"):
        # identifiers stored as floats have lost digits: never accept them
        return np.zeros(p.size, bool)
    out = np.asarray(spec.check(p), dtype=bool)
    return out & p.notnull


def is_valid(values: Any, kind: str) -> Bools:
    """Whether each value is a valid identifier of ``kind``.

    Full-width characters are folded to ASCII (NFKC) and whitespace and hyphens
    removed first (e-mail, IP and date kinds only trim surrounding whitespace).
    Null cells are ``False``; so is every cell of a float column (identifiers
    stored as floats have lost digits).

    Parameters
    ----------
    values : array-like
        pandas Series/Index, numpy array, list or pyarrow (Chunked)Array.
    kind : str
        One of :func:`kinds`.

    Returns
    -------
    numpy.ndarray of bool
    """
    spec = _check_kind(kind)
    return validate_prepared(Prepared(values), spec.name)
