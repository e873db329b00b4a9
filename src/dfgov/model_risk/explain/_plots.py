"""Figures of explanations: importance bars and one applicant's waterfall (charts).

:func:`importance_figure` and :func:`waterfall_figure` return chart figures
(numbers and texts in both languages; see ``dfgov._chart``) that the report
draws in its language. :func:`summary_figure`, a beeswarm-like plot, is SVG
from matplotlib (the ``plots`` extra; None without it), with English axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dfgov._chart import Series, bar_chart, waterfall_chart
from dfgov._svg import figure_svg
from dfgov.i18n import LocalizedText, text
from dfgov.report import Figure

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.explain._explanation import Explanation

__all__ = ["importance_figure", "summary_figure", "waterfall_figure"]

_SCALES = ("probability", "log_odds", "raw")



def _svg(fig: object) -> str:
    return figure_svg(fig, tight=True)


def importance_figure(importance: pd.DataFrame, *, top: int = 15,
                      scale: str = "log_odds") -> Figure:
    """Horizontal bars of global importance with bootstrap intervals, as a chart.

    ``importance`` is :meth:`Explanation.global_importance` (columns
    ``importance``, ``low``, ``high``), most important first.
    """
    imp = importance.head(top)
    has_ci = bool(imp["low"].notna().all())
    scale_text = text(f"explain.scale.{scale}") if scale in _SCALES else LocalizedText.same(scale)
    return bar_chart(
        text("explain.figure.importance"),
        categories=[str(i) for i in imp.index],
        series=[Series(text("explain.figure.importance_axis", scale=scale_text.en,
                            scale_zh=scale_text.zh_cn),
                       [float(v) for v in imp["importance"]],
                       lower=[float(v) for v in imp["low"]] if has_ci else None,
                       upper=[float(v) for v in imp["high"]] if has_ci else None)],
        value_label=text("explain.figure.importance_axis", scale=scale_text.en,
                         scale_zh=scale_text.zh_cn),
        note=text("explain.figure.importance_note") if has_ci else None,
        control="explain",
    )


def waterfall_figure(explanation: Explanation, *, adverse: str = "high", top: int = 10,
                     ) -> Figure | None:
    """One applicant's explanation: base value, the largest contributions, the output.

    The applicant is the row with the most adverse model output in the
    explained sample (the decision a credit officer would most likely have to
    explain). Only feature names and contributions are shown, never the
    applicant's values. The rest of the features are summed into one step.
    """
    if len(explanation) == 0:
        return None
    out = explanation.output()
    row = int(np.argmax(out) if adverse == "high" else np.argmin(out))
    contrib = explanation.values[row]
    order = np.argsort(-np.abs(contrib), kind="stable")
    shown = order[:top]
    steps: list[tuple[LocalizedText | str, float]] = [
        (str(explanation.feature_names[j]), float(contrib[j])) for j in shown[::-1]]
    rest = float(contrib[order[top:]].sum()) if len(order) > top else None
    if rest is not None:
        steps.insert(0, (text("explain.figure.other_features", n=len(order) - top), rest))
    scale = explanation.scale
    scale_text = text(f"explain.scale.{scale}") if scale in _SCALES else LocalizedText.same(scale)
    return waterfall_chart(
        text("explain.figure.waterfall"),
        base=float(explanation.base_values[row]), steps=steps,
        value_label=text("explain.figure.output_axis", scale=scale_text.en,
                         scale_zh=scale_text.zh_cn),
        base_label=text("explain.figure.base"), final_label=text("explain.figure.output"),
        note=text("explain.figure.waterfall_note", top=min(top, len(order))),
        control="explain",
    )


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
