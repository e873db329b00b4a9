"""Charts of the validation report: ROC curve, calibration curve, PSI per feature.

Chart figures (numbers and texts in both languages; see ``dfgov._chart``),
drawn by the renderers in the report's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dfgov._chart import RefLine, Series, bar_chart, line_chart
from dfgov.i18n import text
from dfgov.report import Figure

if TYPE_CHECKING:
    from dfgov.model_risk.validation._metrics import CalibrationCurve
    from dfgov.model_risk.validation._stability import FeatureStability

__all__ = ["calibration_figure", "psi_figure", "roc_figure"]

MAX_POINTS = 200
"""Points kept on a drawn ROC curve (enough for the eye; the AUC uses them all)."""


def roc_figure(fpr: Any, tpr: Any, auc: float) -> Figure:
    """The ROC curve (thinned to :data:`MAX_POINTS`), with the chance diagonal."""
    fpr = np.asarray(fpr, dtype=np.float64)
    tpr = np.asarray(tpr, dtype=np.float64)
    if fpr.size > MAX_POINTS:
        keep = np.unique(np.linspace(0, fpr.size - 1, MAX_POINTS).round().astype(int))
        fpr, tpr = fpr[keep], tpr[keep]
    return line_chart(
        text("validation.figure.roc", auc=f"{auc:.3f}"),
        series=[Series(text("validation.figure.roc_curve", auc=f"{auc:.3f}"),
                       [float(v) for v in tpr], x=[float(v) for v in fpr])],
        x_label=text("validation.figure.fpr"), y_label=text("validation.figure.tpr"),
        diagonal=text("validation.figure.chance"), control="validation",
    )


def calibration_figure(curve: CalibrationCurve, ece: float) -> Figure:
    """Observed rate against mean predicted probability per bin, with the diagonal."""
    return line_chart(
        text("validation.figure.calibration", ece=f"{ece:.3f}"),
        series=[Series(text("validation.figure.calibration_curve"),
                       [float(v) for v in curve.prob_true],
                       x=[float(v) for v in curve.prob_pred])],
        x_label=text("validation.col.predicted"), y_label=text("validation.col.observed"),
        diagonal=text("validation.figure.perfect"),
        note=text("validation.figure.calibration_note", bins=len(curve.counts),
                  rows=int(np.sum(curve.counts))),
        control="validation",
    )


def psi_figure(stability: Sequence[FeatureStability], *, watch: float, shift: float,
               top: int = 20) -> Figure:
    """PSI/CSI per feature, largest first, with the policy's watch and shift bands."""
    rows = sorted(stability, key=lambda t: -t.psi)[:top]
    return bar_chart(
        text("validation.figure.psi"),
        categories=[t.feature for t in rows],
        series=[Series(text("validation.col.psi"), [float(t.psi) for t in rows])],
        value_label=text("validation.col.psi"),
        lines=[RefLine(watch, text("validation.figure.watch", value=f"{watch:g}")),
               RefLine(shift, text("validation.figure.shift", value=f"{shift:g}"))],
        control="validation",
    )
