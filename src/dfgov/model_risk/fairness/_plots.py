"""The fairness chart: selection rate per group with intervals and the rules' limits.

The figure is a chart (numbers plus texts in both languages, drawn by the
renderers in the report's language; see ``dfgov._chart``), so it needs no
plotting library.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dfgov._chart import RefLine, Series, bar_chart
from dfgov.i18n import text
from dfgov.report import Figure

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._metrics import GroupMetrics
    from dfgov.model_risk.fairness._policy import FairnessRule

__all__ = ["PLOT_METRICS", "by_group_figure", "have_matplotlib"]

PLOT_METRICS = ("selection_rate",)


def have_matplotlib() -> bool:
    """Whether matplotlib (the ``plots`` extra) is installed (charts no longer need it)."""
    return importlib.util.find_spec("matplotlib") is not None


def _limits(top: float, rules: Sequence[FairnessRule]) -> list[RefLine]:
    """Where a group's selection rate starts to break each parity rule (vs the highest)."""
    out: list[RefLine] = []
    for rule in rules:
        if rule.metric not in ("demographic_parity", "selection_rate") \
                or rule.method != "between_groups":
            continue
        thr = f"{rule.threshold:g}"
        if rule.kind == "ratio":
            out.append(RefLine(top * rule.threshold,
                               text("fairness.figure.ratio_limit", threshold=thr)))
        else:
            out.append(RefLine(top - rule.threshold,
                               text("fairness.figure.difference_limit", threshold=thr)))
    return out


def by_group_figure(gm: GroupMetrics, confidence: float = 0.95,
                    rules: Sequence[FairnessRule] = ()) -> Figure:
    """Selection rate per group with Wilson intervals and the limits of ``rules``.

    Parameters
    ----------
    gm : GroupMetrics
    confidence : float
        Level of the Wilson intervals drawn as whiskers.
    rules : sequence of FairnessRule
        Parity rules on the selection rate (between groups) add a dashed line
        where a group's rate starts to break them, measured from the highest
        rate among the groups judged.

    Returns
    -------
    Figure
        A chart figure (``control="fairness"``).
    """
    from dfgov.model_risk.fairness._judge import group_label

    sizes = gm.group_sizes
    keep = [k for k in sizes.index if sizes.loc[k] > 0]
    ci = gm.wilson("selection_rate", confidence).loc[keep]
    values = [float(v) for v in ci["value"]]
    judged = [v for k, v in zip(keep, values, strict=True)
              if k not in set(gm.insufficient_groups) and not math.isnan(v)]
    lines = _limits(max(judged), rules) if judged else []
    subject = " & ".join(str(n) for n in gm.sensitive_index.names)
    pct = f"{confidence:.0%}"
    return bar_chart(
        text("fairness.figure.by_group", confidence=pct, subject=subject),
        categories=[group_label(k) for k in keep],
        series=[Series(text("fairness.figure.selection_rate"), values,
                       lower=[float(v) for v in ci["lower"]],
                       upper=[float(v) for v in ci["upper"]])],
        value_label=text("fairness.figure.selection_rate"), domain=(0.0, 1.0), lines=lines,
        note=text("fairness.figure.note", confidence=pct), control="fairness",
    )
