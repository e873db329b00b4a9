"""Identifiers inside free text, with boundaries that work next to Chinese characters.

``\\b`` does not separate "卡号" from the digits that follow it (CJK characters
are word characters), so candidates are delimited by explicit look-arounds on
ASCII and full-width letters and digits instead. Candidates from all texts are
then validated together with the vectorised column validators, so a span is
reported only when its check character (or structure) is right.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.data_protection.detect._normalize import Prepared, require_pyarrow
from dfgov.data_protection.detect._validators import validate_prepared

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TEXT_KINDS", "find_pii", "mask_text"]

#: Kinds looked for in free text, in priority order (first valid kind wins).
TEXT_KINDS: tuple[str, ...] = (
    "cn_resident_id", "bank_card", "cn_uscc", "iban", "cn_mobile", "cn_landline",
    "cn_resident_id_15", "email", "ipv4",
)

_ALNUM = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ"
_D = "[0-9０-９]"
_CANDIDATE = re.compile(
    rf"(?<![{_ALNUM}@.])(?:"
    rf"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    rf"|(?P<ip>(?:[0-9]{{1,3}}\.){{3}}[0-9]{{1,3}})"
    rf"|(?P<iban>[A-Z]{{2}}[0-9]{{2}}(?:[ ]?[A-Z0-9]){{11,30}})"
    rf"|(?P<uscc>[0-9]{{8}}[0-9A-Z]{{10}})"
    rf"|(?P<num>(?:(?:\+|＋)?86|0086)?[ \-]?\(?{_D}(?:[ \-－)]?{_D}){{8,22}}[XxＸｘ]?)"
    rf")(?![{_ALNUM}]|@)"
)
_PREFILTER = r"[0-9０-９]{2}|@"


def _texts(values: Any) -> tuple[list[str | None], Any]:
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    obj = s.to_numpy(dtype=object)
    out: list[str | None] = [v if isinstance(v, str) else None for v in obj]
    return out, s.index


def find_pii(texts: Any, *, kinds: tuple[str, ...] = TEXT_KINDS) -> pd.DataFrame:
    """Find identifiers inside free-text values.

    Parameters
    ----------
    texts : array-like of str
        Free text (remarks, chat logs, transaction memos). Non-strings are skipped.
    kinds : tuple of str
        Kinds to report, a subset of :data:`TEXT_KINDS` (priority order applies).

    Returns
    -------
    pandas.DataFrame
        One row per span: ``row`` (position in ``texts``), ``index`` (its label),
        ``start``, ``end`` (character offsets into the original text) and
        ``kind``. Never the matched value itself.

    Examples
    --------
    >>> find_pii(["卡号6222021234567894,请核实"])[["row", "start", "end", "kind"]].values.tolist()
    [[0, 2, 18, 'bank_card']]
    """
    import pandas as pd

    pa = require_pyarrow()
    values, index = _texts(texts)
    arr = pa.array(values, pa.string())
    has = pa.compute.fill_null(pa.compute.match_substring_regex(arr, _PREFILTER), False)
    rows = np.flatnonzero(has.to_numpy(zero_copy_only=False))
    cand_row: list[int] = []
    cand_span: list[tuple[int, int]] = []
    cand_text: list[str] = []
    for r in rows.tolist():
        text = values[r]
        assert text is not None
        for m in _CANDIDATE.finditer(text):
            start, end = m.span()
            if m.group("num") is not None:
                # drop a leading separator the optional prefix allowed
                while start < end and text[start] in " -":
                    start += 1
            cand_row.append(r)
            cand_span.append((start, end))
            cand_text.append(text[start:end])
    kind_of = np.full(len(cand_text), "", dtype=object)
    if cand_text:
        prepared = Prepared(cand_text)
        open_ = np.ones(len(cand_text), bool)
        for kind in TEXT_KINDS:
            if kind not in kinds:
                continue
            ok = validate_prepared(prepared, kind) & open_
            kind_of[ok] = kind
            open_ &= ~ok
    keep = np.flatnonzero(kind_of != "")
    rows_k = np.asarray(cand_row, np.int64)[keep] if len(keep) else np.zeros(0, np.int64)
    spans = np.asarray(cand_span, np.int64).reshape(-1, 2)[keep]
    return pd.DataFrame(
        {
            "row": rows_k,
            "index": np.asarray(index)[rows_k] if len(rows_k) else np.asarray([], object),
            "start": spans[:, 0],
            "end": spans[:, 1],
            "kind": kind_of[keep].astype(str) if len(keep) else np.asarray([], str),
        }
    )


def mask_text(texts: Any, *, mask_char: str = "*", keep: int = 4) -> pd.Series:
    """Replace every identifier found by :func:`find_pii` with a mask keeping the last ``keep``.

    Parameters
    ----------
    texts : array-like of str
    mask_char : str
        One character.
    keep : int
        Trailing characters left visible (0 hides the span entirely).

    Returns
    -------
    pandas.Series of str (same index as ``texts`` when it is a Series).
    """
    import pandas as pd

    from dfgov.errors import InvalidInputError

    if not isinstance(mask_char, str) or len(mask_char) != 1:
        raise InvalidInputError("The 'mask_char' argument of mask_text must be one character.")
    if not isinstance(keep, int) or keep < 0:
        raise InvalidInputError("The 'keep' argument of mask_text must be an integer >= 0.")
    values, index = _texts(texts)
    spans = find_pii(values)
    out = list(values)
    for r, grp in spans.groupby("row", sort=False):
        text = out[int(r)]  # type: ignore[arg-type]
        assert text is not None
        for start, end in sorted(zip(grp["start"], grp["end"], strict=True), reverse=True):
            n = end - start
            shown = text[end - keep : end] if 0 < keep < n else ""
            text = text[:start] + mask_char * (n - len(shown)) + shown + text[end:]
        out[int(r)] = text  # type: ignore[arg-type]
    return pd.Series(out, index=index, dtype=object)
