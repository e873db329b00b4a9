"""Hypothesis strategies and data builders for the fairness tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from hypothesis import strategies as st


@dataclass
class Case:
    y_true: np.ndarray
    y_pred: np.ndarray
    y_score: np.ndarray
    sensitive: pd.DataFrame | pd.Series
    weight: np.ndarray | None


LEVELS = {"sex": ["f", "m", "x"], "age": ["old", "young", "mid"], "region": ["n", "s"]}


@st.composite
def cases(draw: st.DrawFn, *, all_cells: bool = True, max_rows: int = 300,
          n_cols: int | None = None) -> Case:
    """Random binary labels, scores with ties, 1-2 sensitive columns, optional weights.

    With ``all_cells`` every intersection gets one row of each confusion cell, so
    every metric is defined (and sklearn's zero_division never applies). ``n_cols``
    fixes the number of sensitive columns (default: 1 or 2, drawn).
    """
    if n_cols is None:
        n_cols = draw(st.integers(1, 2))
    names = draw(st.permutations(list(LEVELS)))[:n_cols]
    levels = [LEVELS[c][: draw(st.integers(2, len(LEVELS[c])))] for c in names]
    n = draw(st.integers(0 if all_cells else 1, max_rows))
    seed = draw(st.integers(0, 2**32 - 1))
    weighted = draw(st.booleans())
    rng = np.random.default_rng(seed)
    p_true = draw(st.floats(0.05, 0.95))
    cols = {c: rng.choice(lv, n) for c, lv in zip(names, levels, strict=True)}
    yt = (rng.random(n) < p_true).astype(int)
    yp = np.where(rng.random(n) < 0.6, yt, 1 - yt)
    if all_cells:
        combos = list(itertools.product(*levels))
        extra = [(combo, y, p) for combo in combos for y in (0, 1) for p in (0, 1)]
        for j, c in enumerate(names):
            cols[c] = np.concatenate([[e[0][j] for e in extra], cols[c]])
        yt = np.concatenate([[e[1] for e in extra], yt]).astype(int)
        yp = np.concatenate([[e[2] for e in extra], yp]).astype(int)
    m = len(yt)
    score = np.round(rng.random(m) * 10) / 10  # ties on purpose
    frame = pd.DataFrame(cols)
    sens: pd.DataFrame | pd.Series = frame if n_cols > 1 else frame[names[0]]
    weight = rng.uniform(0.1, 5.0, m) if weighted else None
    return Case(yt, yp, score, sens, weight)
