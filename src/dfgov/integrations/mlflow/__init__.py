"""MLflow: log dfgov reports and evidence to a run; gate models stored by MLflow.

:func:`log_report` logs a :class:`~dfgov.report.Report` — JSON, HTML, JUnit and
Markdown renderings, the evidence bundle, the counts of findings and the headline
metrics — to the active MLflow run. :func:`load_model` reads a model from an MLflow
model directory or URI through dfgov's safe loader (the ``MLmodel`` flavor decides
the format; pickled flavors need ``trust_pickle=True``). Needs ``pip install
"dfgov[mlflow]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.integrations.mlflow._mlflow import load_model as load_model
    from dfgov.integrations.mlflow._mlflow import log_report as log_report

_EXPORTS = {
    "load_model": "._mlflow",
    "log_report": "._mlflow",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
