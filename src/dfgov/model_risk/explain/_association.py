"""Association between a feature and a sensitive attribute, for proxy detection.

The measure follows the two variables' types: Cramér's V (both categorical),
the correlation ratio η (one categorical, one numeric), |Pearson r| (both
numeric). All lie in [0, 1]; 0 means no association.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["association", "correlation_ratio", "cramers_v", "proxy_table"]

_NUMERIC_MIN_UNIQUE = 10


def cramers_v(x: Any, y: Any) -> float | None:
    """Cramér's V of two categorical variables (no bias correction); None when undefined.

    Equals ``scipy.stats.contingency.association(table, method="cramer")``.
    """
    import pandas as pd

    cx, _ = pd.factorize(np.asarray(x, dtype=object))
    cy, _ = pd.factorize(np.asarray(y, dtype=object))
    keep = (cx >= 0) & (cy >= 0)
    cx, cy = cx[keep], cy[keep]
    if cx.size == 0:
        return None
    cx = np.unique(cx, return_inverse=True)[1]
    cy = np.unique(cy, return_inverse=True)[1]
    r, c = int(cx.max()) + 1, int(cy.max()) + 1
    if min(r, c) < 2:
        return None
    table = np.bincount(cx * c + cy, minlength=r * c).reshape(r, c).astype(np.float64)
    n = table.sum()
    expected = np.outer(table.sum(1), table.sum(0)) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / n / (min(r, c) - 1)))


def correlation_ratio(categories: Any, values: Any) -> float | None:
    """Correlation ratio η of a numeric variable over categories; None when undefined."""
    import pandas as pd

    codes, _ = pd.factorize(np.asarray(categories, dtype=object))
    v = np.asarray(values, dtype=np.float64)
    keep = (codes >= 0) & ~np.isnan(v)
    codes, v = codes[keep], v[keep]
    if v.size == 0:
        return None
    mean = v.mean()
    total = float(((v - mean) ** 2).sum())
    if total <= 0:
        return None
    counts = np.bincount(codes).astype(np.float64)
    sums = np.bincount(codes, weights=v)
    nz = counts > 0
    between = float((counts[nz] * (sums[nz] / counts[nz] - mean) ** 2).sum())
    return float(np.sqrt(min(1.0, between / total)))


def _pearson_abs(x: Any, y: Any) -> float | None:
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    keep = ~np.isnan(a) & ~np.isnan(b)
    a, b = a[keep], b[keep]
    if a.size < 2:
        return None
    a = a - a.mean()
    b = b - b.mean()
    den = np.sqrt((a * a).sum() * (b * b).sum())
    if den <= 0:
        return None
    return float(min(1.0, abs((a * b).sum()) / den))


def _is_categorical(s: pd.Series) -> bool:
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return True
    return bool(s.nunique(dropna=True) < _NUMERIC_MIN_UNIQUE)


def association(feature: Any, sensitive: Any) -> tuple[float | None, str]:
    """Association of ``feature`` with ``sensitive`` and the measure used.

    Returns
    -------
    (value, measure)
        ``value`` in [0, 1] or None when undefined (e.g. a constant);
        ``measure`` is ``"cramers_v"``, ``"correlation_ratio"`` or ``"pearson"``.
    """
    import pandas as pd

    f = feature if isinstance(feature, pd.Series) else pd.Series(np.asarray(feature))
    s = sensitive if isinstance(sensitive, pd.Series) else pd.Series(np.asarray(sensitive))
    if len(f) != len(s):
        raise InvalidInputError("The 'feature' and 'sensitive' arguments of association must "
                                "have the same length.")
    f = f.reset_index(drop=True)
    s = s.reset_index(drop=True)
    fc, sc = _is_categorical(f), _is_categorical(s)
    if fc and sc:
        return cramers_v(f, s), "cramers_v"
    if fc:
        return correlation_ratio(f, s), "correlation_ratio"
    if sc:
        return correlation_ratio(s, f), "correlation_ratio"
    return _pearson_abs(f, s), "pearson"


def proxy_table(
    X: pd.DataFrame,
    sensitive: pd.DataFrame,
    importance_share: pd.Series,
    *,
    exclude: Sequence[str] = (),
) -> pd.DataFrame:
    """Association of each feature with each sensitive attribute, next to its importance share.

    Parameters
    ----------
    X : DataFrame
        Model inputs (original columns).
    sensitive : DataFrame
        Sensitive attributes, one row per row of ``X``.
    importance_share : Series
        Share of total importance per feature (index: feature names).
    exclude : sequence of str
        Features not assessed (e.g. the sensitive attributes themselves).

    Returns
    -------
    DataFrame
        Columns ``feature``, ``attribute``, ``measure``, ``association``,
        ``importance_share``; sorted by association, largest first.
    """
    import pandas as pd

    if len(X) != len(sensitive):
        raise InvalidInputError("The sensitive features must have one row per row of X.")
    rows = []
    for feat in X.columns:
        if feat in exclude:
            continue
        if feat not in importance_share.index:
            raise ColumnError(f"Feature {feat!r} has no importance share.")
        for attr in sensitive.columns:
            value, measure = association(X[feat].reset_index(drop=True),
                                         sensitive[attr].reset_index(drop=True))
            rows.append((str(feat), str(attr), measure, value,
                         float(importance_share[feat])))
    out = pd.DataFrame(rows, columns=["feature", "attribute", "measure", "association",
                                      "importance_share"])
    out["association"] = out["association"].astype(np.float64)
    return out.sort_values("association", ascending=False, na_position="last",
                           kind="stable").reset_index(drop=True)
