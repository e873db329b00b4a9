"""Per-group bars with intervals, as inline SVG for HTML reports (the ``plots`` extra)."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from dfgov._svg import figure_svg
from dfgov.errors import MissingDependencyError
from dfgov.i18n import text
from dfgov.report import Figure

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._metrics import GroupMetrics

__all__ = ["PLOT_METRICS", "by_group_figure", "have_matplotlib"]

PLOT_METRICS = ("selection_rate", "true_positive_rate", "false_positive_rate")


def have_matplotlib() -> bool:
    """Whether matplotlib (the ``plots`` extra) is installed."""
    return importlib.util.find_spec("matplotlib") is not None


def by_group_figure(gm: GroupMetrics, confidence: float = 0.95) -> Figure:
    """Grouped bars of rates per group with Wilson intervals, as SVG text."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        import numpy as np
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("matplotlib", "plots", purpose="fairness plots") from None
    from dfgov.model_risk.fairness._judge import group_label

    sizes = gm.group_sizes
    keep = [k for k in sizes.index if sizes.loc[k] > 0]
    labels = [group_label(k) for k in keep]
    x = np.arange(len(keep))
    width = 0.8 / len(PLOT_METRICS)
    fig, ax = plt.subplots(figsize=(max(5.0, 0.9 * len(keep) + 2), 3.6))
    try:
        for j, metric in enumerate(PLOT_METRICS):
            ci = gm.wilson(metric, confidence).loc[keep]
            val = ci["value"].to_numpy()
            # clip: a rate of exactly 0 or 1 can sit a rounding error outside its interval
            err = np.clip(np.vstack([val - ci["lower"].to_numpy(),
                                     ci["upper"].to_numpy() - val]), 0.0, None)
            ax.bar(x + (j - 1) * width, np.nan_to_num(val), width,
                   yerr=np.nan_to_num(err), capsize=2, label=metric.replace("_", " "))
        ax.set_xticks(x, labels, rotation=30 if len(keep) > 4 else 0, ha="right")
        ax.set_ylim(0, 1)
        ax.set_ylabel("rate")
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        svg = figure_svg(fig)  # deterministic ids: reports re-run byte-identical
    finally:
        plt.close(fig)
    subject = " & ".join(str(n) for n in gm.sensitive_index.names)
    return Figure(title=text("fairness.figure.by_group", confidence=f"{confidence:.0%}",
                             subject=subject), media_type="image/svg+xml", data=svg)
