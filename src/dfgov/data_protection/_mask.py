"""Display masking, generalisation, suppression and keyed pseudonyms.

Masking follows JR/T 0171-2020 Annex A and JR/T 0223-2021 Annex C: a mobile
number shows its first 3 and last 4 digits, a resident ID its first and last
character only (region and birth date hidden; more per policy), a card number its
first 6 and last 4 (or last 4 only), a name the surname only; authentication data
(C3) is never shown, whatever the rules say. The residual risk of each rule (how
many real values a masked one leaves) is tabled in the data-protection docs.
Pseudonyms are HMAC-SHA256 or HMAC-SM3 tokens that carry the key id,
so the same value under the same key always gives the same token (tables still
join) and a rotated key is visible in the data.

Examples
--------
>>> from dfgov.data_protection import mask, pseudonymize, PseudonymKey
>>> mask(["13812345678", None], "mobile").tolist()
['138****5678', None]
>>> mask(["张三丰", "欧阳娜娜", "John Smith"], "person_name").tolist()
['张**', '欧阳**', '**** Smith']
>>> key = PseudonymKey(b"k" * 32, key_id="v1")
>>> pseudonymize(["13812345678"], key)[0][:6]
'ps:v1:'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dfgov._pii import MOBILE_PREFIX
from dfgov.data_protection._detect._normalize import Prepared, require_pyarrow
from dfgov.data_protection._policy import MaskingRules
from dfgov.data_protection._types import DATA_TYPES, KIND_TO_TYPE
from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "C3_TYPES",
    "PseudonymKey",
    "generalize_age",
    "generalize_date",
    "mask",
    "pseudonym_key_ids",
    "pseudonymize",
    "region_from_id",
    "suppress",
]

#: Authentication data (JR/T 0171-2020 C3): never displayed, not even in part.
C3_TYPES = frozenset({"password", "cvv", "card_track", "biometric"})
_HIDDEN = "******"
_COMPOUND_SURNAMES_TEXT = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 端木 "
    "独孤 南宫 西门 百里 呼延 澹台 公冶 太史 申屠 钟离 闻人 赫连 濮阳 万俟 单于 第五"
)
_COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())
_CJK = re.compile(r"^[\u3400-\u9fff·]+$")
#: Identifier types masked and pseudonymised in their compact form (``138 1234 5678``
#: and ``13812345678`` are one value).
_COMPACT_TYPES = frozenset({"resident_id", "bank_card", "mobile", "landline", "account_number",
                            "uscc", "passport", "hk_macau_permit", "taiwan_permit"})
_KEY_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")


def _series(values: Any) -> pd.Series:
    import pandas as pd

    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise InvalidInputError("The 'values' argument must be a sequence of values.")
    return pd.Series(list(values) if not hasattr(values, "dtype") else values, dtype=object)


def _keep_mask(arr: Any, first: int, last: int, char: str) -> Any:
    """Arrow kernel: keep ``first`` and ``last`` characters, mask the rest."""
    pa = require_pyarrow()
    pc = pa.compute
    n = pc.utf8_length(arr)
    short = pc.less_equal(n, first + last)
    head = pc.utf8_slice_codeunits(arr, 0, first)
    tail = pc.utf8_slice_codeunits(arr, -last, 2**31 - 1) if last else pc.utf8_slice_codeunits(
        arr, 0, 0)
    mid_n = pc.max_element_wise(pc.subtract(n, first + last), 0)
    mid = pc.binary_repeat(pa.scalar(char), mid_n)
    joined = pc.binary_join_element_wise(head, mid, tail, "")
    all_masked = pc.binary_repeat(pa.scalar(char), pc.fill_null(n, 0))
    return pc.if_else(short, all_masked, joined)


def _hidden(notnull: Any, index: Any) -> pd.Series:
    import pandas as pd

    out = np.full(len(notnull), None, dtype=object)
    out[notnull] = _HIDDEN
    return pd.Series(out, index=index, dtype=object)


def _mask_name(v: str, char: str) -> str:
    v = v.strip()
    if _CJK.match(v):
        sn = v[:2] if v[:2] in _COMPOUND_SURNAMES and len(v) > 2 else v[:1]
        return sn + char * max(len(v) - len(sn), 1)
    parts = v.split()
    if len(parts) <= 1:
        return v[:1] + char * max(len(v) - 1, 1)
    return " ".join([char * len(p) for p in parts[:-1]] + [parts[-1]])


def _known_type(data_type: object) -> str:
    if isinstance(data_type, str):
        if data_type in DATA_TYPES:
            return data_type
        if data_type in KIND_TO_TYPE:
            return KIND_TO_TYPE[data_type]
    raise InvalidInputError(
        f"The 'data_type' argument of mask must be a known data type: "
        f"{', '.join(sorted(DATA_TYPES))} (or an identifier kind: "
        f"{', '.join(sorted(KIND_TO_TYPE))}). Got {data_type!r}."
    )


def mask(values: Any, data_type: str, *, rules: MaskingRules | None = None) -> pd.Series:
    """Mask values of ``data_type`` for display.

    Parameters
    ----------
    values : array-like
    data_type : str
        A data type of :func:`~dfgov.data_protection.data_types` (``"mobile"``,
        ``"resident_id"``, ``"bank_card"``, ``"person_name"``, ``"email"``, ...)
        or an identifier kind of :func:`~dfgov.data_protection.kinds`
        (``"cn_mobile"`` masks as ``"mobile"``). C3 types (``password``, ``cvv``,
        ``card_track``, ``biometric``) always give ``"******"``; types without a
        rule of their own (``"unknown"``, ``"uscc"``, ...) keep the first and last
        character (``rules.default_keep``). Any other name is an error that lists
        the known ones: a typo never silently picks a rule.
    rules : MaskingRules, optional
        From the ``[data_protection.masking]`` policy table; defaults otherwise.

    Returns
    -------
    pandas.Series of str (None where the input is null).
    """
    import pandas as pd

    data_type = _known_type(data_type)
    rules = rules or MaskingRules()
    s = _series(values)
    pa = require_pyarrow()
    pc = pa.compute
    p = Prepared(s if s.dtype != object else s.to_numpy(dtype=object))
    notnull = p.notnull
    char = rules.mask_char
    if data_type in C3_TYPES:
        return _hidden(notnull, s.index)
    if p.value_kind == "float":  # amounts and damaged identifiers: nothing to show
        return _hidden(notnull, s.index)
    if data_type == "person_name":
        names = [_mask_name(v, char) if isinstance(v, str) else None for v in s.tolist()]
        return pd.Series(names, index=s.index, dtype=object)
    if data_type == "email":
        pattern = r"^(?P<l>[^@]+)@(?P<d>.+)$"
        is_email = pc.fill_null(pc.match_substring_regex(p.trimmed, pattern), False)
        safe = pc.if_else(is_email, p.trimmed, "x@x")
        parts = pc.extract_regex(safe, pattern)
        local = pc.utf8_slice_codeunits(pc.struct_field(parts, [0]), 0, 1)
        res = pc.binary_join_element_wise(
            local, pa.scalar(char * 3 + "@"), pc.struct_field(parts, [1]), "")
        res = pc.if_else(is_email, res, _keep_mask(p.trimmed, 1, 0, char))
    elif data_type == "ip_address":
        res = pc.replace_substring_regex(p.trimmed, r"^(\d+\.\d+)\.\d+\.\d+$", r"\1.*.*")
        res = pc.if_else(pc.equal(res, p.trimmed), _keep_mask(p.trimmed, 4, 0, char), res)
    elif data_type == "date_of_birth":
        res = _keep_mask(p.trimmed, 4, 0, char)
    elif data_type == "address":
        res = _keep_mask(p.trimmed, 6, 0, char)
    else:
        # identifiers in their compact form (no spaces or hyphens); other values as written
        arr = p.compact if data_type in _COMPACT_TYPES else p.trimmed
        first, last = rules.default_keep
        if data_type == "mobile":
            arr = pc.utf8_slice_codeunits(arr, -11, 2**31 - 1)
            first, last = rules.mobile_keep
        elif data_type == "resident_id":
            first, last = rules.resident_id_keep
        elif data_type == "bank_card":
            first, last = (6, 4) if rules.bank_card == "first6_last4" else (0, 4)
        elif data_type == "account_number":
            first, last = 0, 4
        res = _keep_mask(arr, first, last, char)
    out_np = res.to_numpy(zero_copy_only=False).astype(object)
    out_np[~notnull] = None
    return pd.Series(out_np, index=s.index, dtype=object)


# -- generalisation ------------------------------------------------------------


def generalize_age(ages: Any, *, width: int = 10, top: int | None = 80) -> pd.Series:
    """Ages as bands of ``width`` years (``"30-39"``); ``top`` and above as ``"80+"``.

    Examples
    --------
    >>> generalize_age([7, 34, 85, None]).tolist()
    ['0-9', '30-39', '80+', None]
    """
    import pandas as pd

    if not isinstance(width, int) or width < 1:
        raise InvalidInputError("The 'width' argument of generalize_age must be an integer >= 1.")
    s = _series(ages)
    a = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    lo = np.floor(a / width) * width
    labels = np.array(
        [f"{int(x)}-{int(x) + width - 1}" if x == x else None for x in lo], dtype=object)
    if top is not None:
        labels[a >= top] = f"{top}+"
    labels[(a < 0) | np.isnan(a)] = None
    return pd.Series(labels, index=s.index, dtype=object)


def generalize_date(values: Any, *, to: Literal["month", "year"] = "month") -> pd.Series:
    """Dates coarsened to ``"YYYY-MM"`` or ``"YYYY"`` (unparseable values → None)."""
    import pandas as pd

    if to not in ("month", "year"):
        raise InvalidInputError("The 'to' argument of generalize_date must be 'month' or 'year'.")
    s = _series(values)
    d = pd.to_datetime(s, errors="coerce", format="mixed")
    fmt = "%Y-%m" if to == "month" else "%Y"
    out = d.dt.strftime(fmt).astype(object)
    out[d.isna()] = None
    return pd.Series(out.to_numpy(dtype=object), index=s.index, dtype=object)


def region_from_id(ids: Any, *, lang: Literal["en", "zh-CN"] = "en") -> pd.Series:
    """Province of valid resident IDs (GB/T 2260 prefix); None for anything else."""
    import pandas as pd

    from dfgov._pii import PROVINCES
    from dfgov.data_protection._detect._validators import validate_prepared

    s = _series(ids)
    p = Prepared(s if s.dtype != object else s.to_numpy(dtype=object))
    ok = validate_prepared(p, "cn_resident_id") | validate_prepared(p, "cn_resident_id_15")
    m = p.columns(0, 2)
    code = np.char.add(m[:, 0].view("S1").astype(str), m[:, 1].view("S1").astype(str))
    i = 1 if lang == "zh-CN" else 0
    names = {k: v[i] for k, v in PROVINCES.items()}
    out = np.array([names.get(c) for c in code], dtype=object)
    out[~ok] = None
    return pd.Series(out, index=s.index, dtype=object)


def suppress(values: Any) -> pd.Series:
    """Every value replaced by None (column suppression)."""
    import pandas as pd

    s = _series(values)
    return pd.Series([None] * len(s), index=s.index, dtype=object)


# -- pseudonyms -------------------------------------------------------------------


@dataclass(frozen=True)
class PseudonymKey:
    """A pseudonymisation key: secret bytes plus the key id (version) stamped on tokens.

    The secret never appears in ``repr``; pickling is refused.

    Parameters
    ----------
    secret : bytes
        At least 16 bytes (32 recommended).
    key_id : str
        1-32 characters of ``[A-Za-z0-9_.-]``, e.g. ``"v3"``.
    """

    secret: bytes = field(repr=False)
    key_id: str

    def __post_init__(self) -> None:
        if not isinstance(self.secret, bytes) or len(self.secret) < 16:
            raise InvalidInputError(
                "The 'secret' of PseudonymKey must be bytes of length >= 16."
            )
        if not isinstance(self.key_id, str) or not _KEY_ID.match(self.key_id):
            raise InvalidInputError(
                "The 'key_id' of PseudonymKey must be 1-32 characters of [A-Za-z0-9_.-]."
            )

    def __reduce__(self) -> Any:
        raise TypeError("PseudonymKey cannot be pickled.")


def pseudonymize(
    values: Any,
    key: PseudonymKey,
    *,
    algorithm: Literal["sha256", "sm3"] = "sha256",
    data_type: str | None = None,
    domain: str = "",
    length: int = 32,
) -> pd.Series:
    """Deterministic keyed pseudonyms ``"ps:<key_id>:<hex>"`` (HMAC-SHA256 or HMAC-SM3).

    Parameters
    ----------
    values : array-like
    key : PseudonymKey
    algorithm : {"sha256", "sm3"}
    data_type : str, optional
        Identifier types (``resident_id``, ``bank_card``, ``mobile``, ...) are
        hashed in their compact form, so ``"138 1234 5678"`` and ``"13812345678"``
        get the same token; other values after NFKC and trimming.
    domain : str
        Separates pseudonym spaces: the same value in two domains gets unrelated tokens.
    length : int
        Hex characters kept (16-64).

    Returns
    -------
    pandas.Series of str (None where the input is null).
    """
    import pandas as pd

    from dfgov._hashing import check_algorithm, hmac_digest

    if not isinstance(key, PseudonymKey):
        raise InvalidInputError("The 'key' argument of pseudonymize must be a PseudonymKey.")
    check_algorithm(algorithm)
    if not isinstance(length, int) or not 16 <= length <= 64:
        raise InvalidInputError("The 'length' argument of pseudonymize must be in [16, 64].")
    s = _series(values)
    pa = require_pyarrow()
    pc = pa.compute
    p = Prepared(s if s.dtype != object else s.to_numpy(dtype=object))
    if p.value_kind == "float":
        raise InvalidInputError(
            "The 'values' of pseudonymize are floats; identifiers stored as floats have lost "
            "digits. Read the column as text."
        )
    arr = p.compact if data_type in _COMPACT_TYPES else p.trimmed
    if data_type == "mobile":
        arr = pc.replace_substring_regex(arr, rf"^{MOBILE_PREFIX}(1[3-9][0-9]{{9}})$", r"\1")
    uniq = pc.unique(arr)
    prefix = b"dfgov.pseudonym\x00" + domain.encode("utf-8") + b"\x00"
    tokens = [
        None if u is None else
        f"ps:{key.key_id}:{hmac_digest(key.secret, prefix + u.encode('utf-8'), algorithm)[:length]}"
        for u in uniq.to_pylist()
    ]
    idx = pc.index_in(arr, value_set=uniq).to_numpy(zero_copy_only=False)
    table = np.array([*tokens, None], dtype=object)
    idx = np.where(np.isnan(idx.astype(float)), len(tokens), idx).astype(np.int64)
    return pd.Series(table[idx], index=s.index, dtype=object)


def pseudonym_key_ids(tokens: Any) -> pd.Series:
    """The key id inside each pseudonym (None for anything that is not a token)."""
    import pandas as pd

    s = _series(tokens)
    ids = [t.split(":")[1] if isinstance(t, str) and t.startswith("ps:") and t.count(":") == 2
           else None for t in s.tolist()]
    return pd.Series(ids, index=s.index, dtype=object)
