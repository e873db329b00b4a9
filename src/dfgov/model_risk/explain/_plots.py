"""SVG figures for reports (the ``plots`` extra): importance bars and a summary plot.

Built with matplotlib's object-oriented API (no pyplot state, no backend
switch). Every function returns None when matplotlib is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dfgov._svg import figure_svg
from dfgov.i18n import text
from dfgov.report import Figure

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.explain._explanation import Explanation

__all__ = ["importance_figure", "summary_figure"]



def _svg(fig: object) -> str:
    return figure_svg(fig, tight=True)


def importance_figure(importance: pd.DataFrame, *, top: int = 15) -> Figure | None:
    """Horizontal bars of global importance with bootstrap intervals (SVG), or None."""
    try:
        from matplotlib.figure import Figure as MplFigure
    except ImportError:
        return None
    imp = importance.head(top).iloc[::-1]
    fig = MplFigure(figsize=(6, 0.3 * len(imp) + 1))
    ax = fig.add_subplot()
    y = np.arange(len(imp))
    vals = imp["importance"].to_numpy()
    err = None
    if imp["low"].notna().all():
        err = np.vstack([vals - imp["low"].to_numpy(), imp["high"].to_numpy() - vals])
        err = np.clip(err, 0, None)
    ax.barh(y, vals, xerr=err, color="#3b6ea5", ecolor="#333333", capsize=2)
    ax.set_yticks(y, [str(i) for i in imp.index])
    ax.set_xlabel("mean |SHAP|")
    ax.spines[["top", "right"]].set_visible(False)
    return Figure(title=text("explain.figure.importance"), data=_svg(fig))


def summary_figure(explanation: Explanation, *, top: int = 10, max_points: int = 500,
                   random_state: int | None = 0) -> Figure | None:
    """A summary (beeswarm-like) plot: SHAP value per row for the top features (SVG), or None."""
    try:
        from matplotlib.figure import Figure as MplFigure
    except ImportError:
        return None
    import pandas as pd

    A = np.abs(explanation.values).mean(axis=0)
    order = np.argsort(-A, kind="stable")[:top][::-1]
    rng = np.random.default_rng(random_state)
    n = len(explanation)
    rows = np.sort(rng.choice(n, size=min(n, max_points), replace=False))
    fig = MplFigure(figsize=(6, 0.35 * len(order) + 1))
    ax = fig.add_subplot()
    for pos, j in enumerate(order):
        v = explanation.values[rows, j]
        col = explanation.data.iloc[rows, j]
        if pd.api.types.is_numeric_dtype(col.dtype):
            c = col.rank(pct=True).to_numpy(dtype=np.float64)
        else:
            c = np.full(len(rows), 0.5)
        jitter = rng.uniform(-0.3, 0.3, size=len(rows))
        ax.scatter(v, pos + jitter, c=c, cmap="coolwarm", s=6, vmin=0, vmax=1, linewidths=0,
                   rasterized=True)
    ax.axvline(0, color="#999999", linewidth=0.8)
    ax.set_yticks(np.arange(len(order)), [explanation.feature_names[j] for j in order])
    ax.set_xlabel(f"SHAP value ({explanation.scale})")
    ax.spines[["top", "right"]].set_visible(False)
    title = text("explain.figure.summary")
    return Figure(title=title, data=_svg(fig))
