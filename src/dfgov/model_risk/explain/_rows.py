"""Row handling for the explainer: bounded backgrounds and chunked iteration."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov.model_risk.explain._model import Codec

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["bound_background", "chunk_slices"]


def bound_background(bg: pd.DataFrame, k: int, method: str,
                     random_state: int | None) -> pd.DataFrame:
    """At most ``k`` rows of ``bg``: a random sample, or the real row nearest each k-means centroid.

    Centroids themselves are not used: for categorical columns they are not valid rows.
    """
    import pandas as pd

    n = len(bg)
    if n <= k:
        index = bg.index
        if index.equals(pd.RangeIndex(n)):
            return bg
        return bg.reset_index(drop=True)
    rng = np.random.default_rng(random_state)
    if method == "sample":
        idx = np.sort(rng.choice(n, size=k, replace=False))
        return bg.iloc[idx].reset_index(drop=True)
    from sklearn.cluster import KMeans

    Z = Codec([bg]).encode(bg)
    mean = np.nanmean(Z, axis=0)
    Z = np.where(np.isnan(Z), mean, Z)
    sd = Z.std(axis=0)
    Z = (Z - mean) / np.where(sd > 0, sd, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        km = KMeans(n_clusters=k, n_init=1, random_state=random_state).fit(Z)
    nearest = np.array([np.argmin(((Z - c) ** 2).sum(1)) for c in km.cluster_centers_])
    return bg.iloc[np.unique(nearest)].reset_index(drop=True)


def chunk_slices(n: int, size: int, progress: bool | None,
                 desc: str = "dfgov explain") -> Iterator[slice]:
    """Slices of ``size`` rows over ``n``, with a progress bar (default: on a terminal, not CI)."""
    starts = range(0, n, size)
    show = progress
    if show is None:
        show = sys.stderr.isatty() and not os.environ.get("CI") and len(starts) > 1
    bar: Any = None
    if show:
        try:
            from tqdm.auto import tqdm  # type: ignore[import-untyped]

            bar = tqdm(total=n, desc=desc, unit="row", file=sys.stderr)
        except ImportError:  # pragma: no cover - tqdm comes with shap
            bar = None
    try:
        for s in starts:
            stop = min(n, s + size)
            yield slice(s, stop)
            if bar is not None:
                bar.update(stop - s)
    finally:
        if bar is not None:
            bar.close()
