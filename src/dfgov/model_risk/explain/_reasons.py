"""Adverse-action reason codes: vectorised top-k ranking and the reason catalog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.errors import InvalidInputError
from dfgov.i18n import check_lang, text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["build_reason_frame", "top_k_reasons"]

_FULL_SORT_MAX_FEATURES = 64


def top_k_reasons(
    values: np.ndarray, k: int, *, sign: float = 1.0, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Indices and contributions of the ``k`` largest positive ``sign * values`` per row.

    Vectorised over all rows (no Python loop per row). Ties are broken by
    feature order when there are at most 64 features (a stable full sort);
    with more features ``argpartition`` selects the candidates first.

    Parameters
    ----------
    values : ndarray of shape (n, p)
    k : int
    sign : {1.0, -1.0}
        ``1`` ranks contributions pushing the output up, ``-1`` down.
    allowed : bool ndarray of shape (p,), optional
        Features that may be given as reasons.

    Returns
    -------
    idx : int ndarray of shape (n, k)
        Feature index of each reason; ``-1`` where there are fewer than ``k``.
    contrib : float ndarray of shape (n, k)
        ``sign * value`` of each reason; NaN where there is none.
    """
    n, p = values.shape
    S = values * sign if sign != 1.0 else values.copy()
    if allowed is not None:
        S[:, ~allowed] = -np.inf
    k_eff = min(k, p)
    if p <= _FULL_SORT_MAX_FEATURES or k_eff >= p:
        order = np.argsort(-S, axis=1, kind="stable")[:, :k_eff]
    else:
        part = np.argpartition(-S, k_eff - 1, axis=1)[:, :k_eff]
        part.sort(axis=1)  # feature order, so the stable sort breaks ties by it
        top = np.take_along_axis(S, part, axis=1)
        order = np.take_along_axis(part, np.argsort(-top, axis=1, kind="stable"), axis=1)
    contrib = np.take_along_axis(S, order, axis=1)
    valid = contrib > 0
    idx = np.where(valid, order, -1)
    contrib = np.where(valid, contrib, np.nan)
    if k_eff < k:
        idx = np.hstack([idx, np.full((n, k - k_eff), -1)])
        contrib = np.hstack([contrib, np.full((n, k - k_eff), np.nan)])
    return idx, contrib


def _catalog_arrays(
    features: Sequence[str], catalog: Mapping[str, Mapping[str, str]] | None, lang: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per feature: code, text (catalog), fallback texts high/low/category, has-catalog flag."""
    p = len(features)
    codes = np.empty(p, dtype=object)
    fixed = np.empty(p, dtype=object)
    high = np.empty(p, dtype=object)
    low = np.empty(p, dtype=object)
    cat = np.empty(p, dtype=object)
    has = np.zeros(p, dtype=bool)
    catalog = catalog or {}
    if not isinstance(catalog, Mapping):
        raise InvalidInputError("The 'catalog' argument of reason_codes must be a mapping "
                                "of feature name to {'code', 'en', 'zh-CN'}.")
    unknown = [f for f in catalog if f not in features]
    if unknown:
        raise InvalidInputError(
            f"The 'catalog' argument of reason_codes names feature {unknown[0]!r}, which is "
            "not an explained feature."
        )
    for j, f in enumerate(features):
        entry = catalog.get(f)
        if entry is not None:
            if not isinstance(entry, Mapping) or "code" not in entry or lang not in entry:
                raise InvalidInputError(
                    f"The 'catalog' entry for feature {f!r} must be a mapping with keys 'code', "
                    f"'en' and 'zh-CN'; it lacks 'code' or {lang!r}."
                )
            codes[j] = str(entry["code"])
            fixed[j] = str(entry[lang])
            has[j] = True
        else:
            codes[j] = f
        high[j] = text("explain.reason.high", feature=f).get(lang)
        low[j] = text("explain.reason.low", feature=f).get(lang)
        cat[j] = text("explain.reason.category", feature=f).get(lang)
    return codes, fixed, np.stack([high, low, cat]), has, np.array(features, dtype=object)


def build_reason_frame(
    values: np.ndarray,
    data: pd.DataFrame,
    reference: pd.DataFrame,
    features: Sequence[str],
    *,
    k: int,
    sign: float,
    allowed: np.ndarray,
    rows: np.ndarray,
    output: np.ndarray,
    catalog: Mapping[str, Mapping[str, str]] | None,
    lang: str,
) -> pd.DataFrame:
    """The reason-code table: one row per selected applicant, ``k`` reasons each."""
    import pandas as pd

    lang = check_lang(lang)
    codes, fixed, fallback, has, names = _catalog_arrays(features, catalog, lang)
    V = values[rows]
    idx, contrib = top_k_reasons(V, k, sign=sign, allowed=allowed)
    valid = idx >= 0
    safe = np.where(valid, idx, 0)
    # direction of each reason's feature value relative to the reference mean
    numeric = np.array([pd.api.types.is_numeric_dtype(data[c].dtype) for c in features])
    num_cols = [c for c, is_num in zip(features, numeric, strict=True) if is_num]
    Xn = np.full((len(rows), len(features)), np.nan)
    if num_cols:
        pos = np.flatnonzero(numeric)
        Xn[:, pos] = data[num_cols].to_numpy(dtype=np.float64)[rows]
    ref = np.full(len(features), np.nan)
    if num_cols:
        ref[numeric] = reference[num_cols].to_numpy(dtype=np.float64).mean(axis=0)
    vals = np.take_along_axis(Xn, safe, axis=1)
    is_num = numeric[safe]
    above = vals >= ref[safe]
    which = np.where(is_num, np.where(above, 0, 1), 2)
    texts = np.where(has[safe], fixed[safe], fallback[which, safe])
    out: dict[str, Any] = {"output": output[rows]}
    for i in range(k):
        ok = valid[:, i]
        none = np.full(len(ok), None, dtype=object)
        out[f"reason_{i + 1}_code"] = np.where(ok, codes[safe[:, i]], none)
        out[f"reason_{i + 1}_text"] = np.where(ok, texts[:, i], none)
        out[f"reason_{i + 1}_feature"] = np.where(ok, names[safe[:, i]], none)
        out[f"reason_{i + 1}_contribution"] = contrib[:, i]
    return pd.DataFrame(out, index=data.index[rows])
