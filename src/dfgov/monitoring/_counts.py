"""A period's decision statistics from count tables (what a Spark aggregation returns).

:class:`PeriodCounts` is the plain-table form of a period's statistics;
:func:`stats_from_counts` turns it into exactly the statistics
:meth:`Monitor.add_period` computes from rows, so a period counted elsewhere
(``dfgov.spark``) is stored and judged like one counted in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.monitoring._stats import MISSING, FeatureBins, Stats

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PeriodCounts", "stats_from_counts"]


@dataclass(frozen=True)
class PeriodCounts:
    """One period's applications as counts.

    Attributes
    ----------
    rows : int
        Number of applications.
    decisions : pandas.DataFrame
        The sensitive columns (values as text, None for missing), ``favourable``
        (1 when the decision is the favourable label) and ``rows``.
    scores : pandas.DataFrame, optional
        The sensitive columns, ``bin`` (``min(floor(score * resolution),
        resolution - 1)``), ``rows`` and ``score_sum``.
    features : dict
        Per feature: numeric — bin index (``edge[i-1] <= x < edge[i]``; the
        last index, ``len(edges) + 1``, is missing) → count; categorical —
        level as text (None for missing) → count.
    score_bins : dict, optional
        Counts on the score's stability bins, as for a numeric feature.
    """

    rows: int
    decisions: pd.DataFrame
    scores: pd.DataFrame | None = None
    features: dict[str, dict[Any, int]] = field(default_factory=dict)
    score_bins: dict[Any, int] | None = None


def _text(v: Any) -> str:
    import pandas as pd

    return MISSING if v is None or (not isinstance(v, str) and bool(pd.isna(v))) else str(v)


def stats_from_counts(config: dict[str, Any], counts: PeriodCounts) -> Stats:
    """The statistics of a period from its counts (see :class:`PeriodCounts`)."""
    sens = list(config["sensitive"])
    dec = counts.decisions
    for c in [*sens, "favourable", "rows"]:
        if c not in dec.columns:
            raise ColumnError(f"The decision counts of a period have no column {c!r}.")
    if not sens:
        dec = dec.assign(__all__="all")
        sens_cols = ["__all__"]
    else:
        sens_cols = sens
    keys = [[_text(v) for v in dec[c]] for c in sens_cols]
    levels = [sorted(set(k)) for k in keys]
    for name, lv in zip(sens_cols, levels, strict=True):
        if len(lv) > int(config["max_levels"]):
            raise ColumnError(
                f"The sensitive column {name!r} has {len(lv)} levels; at most "
                f"{config['max_levels']} (monitoring.max_levels) are kept.")
    pos = [{v: i for i, v in enumerate(lv)} for lv in levels]
    shape = [len(lv) for lv in levels]

    def code(row_keys: list[str]) -> int:
        out = 0
        for p, n, k in zip(pos, shape, row_keys, strict=True):
            out = out * n + p[k]
        return out

    n_g = int(np.prod(shape))
    a: dict[str, Any] = {f"levels_{i}": np.array(lv, dtype=str) for i, lv in enumerate(levels)}
    a["n"] = np.array([int(counts.rows)], dtype=np.int64)
    pred = np.zeros((n_g, 2), dtype=np.int64)
    fav = dec["favourable"].to_numpy()
    rows = dec["rows"].to_numpy()
    for i, row_keys in enumerate(zip(*keys, strict=True)):
        pred[code(list(row_keys)), int(fav[i])] += int(rows[i])
    if int(pred.sum()) != int(counts.rows):
        raise InvalidInputError("The decision counts of a period do not add up to its rows.")
    a["pred"] = pred
    if counts.scores is not None:
        res = int(config["resolution"])
        hist = np.zeros((n_g, res), dtype=np.int64)
        hsum = np.zeros((n_g, res), dtype=np.float64)
        sc = counts.scores
        skeys = [[_text(v) for v in sc[c]] for c in sens_cols] if sens else [
            ["all"] * len(sc)]
        for i, row_keys in enumerate(zip(*skeys, strict=True)):
            g, b = code(list(row_keys)), int(sc["bin"].iloc[i])
            hist[g, b] += int(sc["rows"].iloc[i])
            hsum[g, b] += float(sc["score_sum"].iloc[i])
        a["hist"], a["hsum"] = hist, hsum
        if config.get("score") and counts.score_bins is not None:
            edges = FeatureBins.from_dict(config["score"]).edges
            a["feat___score__"] = np.array([int(counts.score_bins.get(k, 0))
                                            for k in range(len(edges) + 2)], dtype=np.int64)
    for j, d in enumerate(config["features"]):
        spec = FeatureBins.from_dict(d)
        got = counts.features.get(spec.name)
        if got is None:
            raise ColumnError(f"The counts of a period lack the feature {spec.name!r}.")
        if spec.kind == "numeric":
            a[f"feat_{j}"] = np.array([int(got.get(k, 0)) for k in range(len(spec.edges) + 2)],
                                      dtype=np.int64)
        else:
            merged: dict[str, int] = {}
            for k, v in got.items():
                merged[_text(k)] = merged.get(_text(k), 0) + int(v)
            lv = sorted(k for k, v in merged.items() if v)
            a[f"feat_{j}"] = np.array([merged[k] for k in lv], dtype=np.int64)
            a[f"flev_{j}"] = np.array(lv, dtype=str)
    return Stats(a)
