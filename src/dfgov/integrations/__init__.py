"""Edges into the tools a bank's model pipeline already runs (MLflow).

Each integration lives in its own subpackage and needs its own extra, e.g.
``pip install "dfgov[mlflow]"`` for :mod:`dfgov.integrations.mlflow`.
"""

from __future__ import annotations

__all__: list[str] = []
