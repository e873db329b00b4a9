"""Identifiers inside free text (columns of remarks, memos, chat logs).

The search itself — candidates delimited so that they work next to Chinese
characters, each validated by its check character or structure, first valid
kind wins — lives in :mod:`dfgov._pii`, where the output redactor uses it too.
This module applies it to columns and returns spans as a DataFrame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov._pii import TEXT_KINDS, find_spans
from dfgov.data_protection._detect._normalize import require_pyarrow

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TEXT_KINDS", "find_pii", "mask_text"]

_PREFILTER = r"[0-9０-９]{2}|@"


def _texts(values: Any) -> tuple[list[str | None], Any]:
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    obj = s.to_numpy(dtype=object)
    out: list[str | None] = [v if isinstance(v, str) else None for v in obj]
    return out, s.index


def _spans(values: list[str | None], kinds: tuple[str, ...]) -> list[tuple[int, int, int, str]]:
    """``(row, start, end, kind)`` of every identifier in ``values``."""
    pa = require_pyarrow()
    arr = pa.array(values, pa.string())
    has = pa.compute.fill_null(pa.compute.match_substring_regex(arr, _PREFILTER), False)
    out: list[tuple[int, int, int, str]] = []
    for r in np.flatnonzero(has.to_numpy(zero_copy_only=False)).tolist():
        text = values[r]
        assert text is not None
        out.extend((r, start, end, kind) for start, end, kind in find_spans(text, kinds))
    return out


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

    values, index = _texts(texts)
    spans = _spans(values, kinds)
    rows = np.asarray([s[0] for s in spans], np.int64)
    return pd.DataFrame(
        {
            "row": rows,
            "index": np.asarray(index)[rows] if len(rows) else np.asarray([], object),
            "start": np.asarray([s[1] for s in spans], np.int64),
            "end": np.asarray([s[2] for s in spans], np.int64),
            "kind": np.asarray([s[3] for s in spans], str) if spans else np.asarray([], str),
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
    out = list(values)
    for r, start, end, _ in reversed(_spans(values, TEXT_KINDS)):
        text = out[r]
        assert text is not None
        n = end - start
        shown = text[end - keep : end] if 0 < keep < n else ""
        out[r] = text[:start] + mask_char * (n - len(shown)) + shown + text[end:]
    return pd.Series(out, index=index, dtype=object)
