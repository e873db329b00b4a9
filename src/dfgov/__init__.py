"""dfgov — digital-finance risk and governance controls.

Implements measures 16 (model and algorithm risk; outsourcing) and 17 (data
protection) of the 2025 PBoC-led "Action Plan for Promoting High-Quality
Development of Digital Finance", mapped to JR/T 0221, JR/T 0287, JR/T 0171,
JR/T 0197, the 2021 IT-outsourcing rules, SR 11-7, the EU AI Act, EBA and DORA.

``import dfgov`` is light: heavy libraries (pandas, scikit-learn, shap,
fairlearn, SQLAlchemy, matplotlib) load only inside the functions that need
them. Names below load on first access, and so do the area packages
(``dfgov.model_risk``, ``dfgov.data_protection``, ``dfgov.outsourcing``,
``dfgov.audit``, ``dfgov.datasets``): ``import dfgov`` then
``dfgov.model_risk.FairnessCheck`` works without importing them up front.

Examples
--------
>>> import dfgov
>>> dfgov.datasets.load_german_credit().shape
(1000, 22)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dfgov._version import __version__
from dfgov.errors import DfgovError

if TYPE_CHECKING:
    from dfgov import audit, data_protection, datasets, model_risk, outsourcing
    from dfgov.audit import AuditLog
    from dfgov.i18n import LocalizedText
    from dfgov.policy import Policy, PolicySection
    from dfgov.report import Finding, Report, Status

__all__ = [
    "AuditLog",
    "DfgovError",
    "Finding",
    "LocalizedText",
    "Policy",
    "PolicySection",
    "Report",
    "Status",
    "__version__",
    "audit",
    "data_protection",
    "datasets",
    "model_risk",
    "outsourcing",
]

_SUBPACKAGES = frozenset({"audit", "data_protection", "datasets", "model_risk", "outsourcing"})

_LAZY = {
    "AuditLog": "dfgov.audit",
    "Finding": "dfgov.report",
    "LocalizedText": "dfgov.i18n",
    "Policy": "dfgov.policy",
    "PolicySection": "dfgov.policy",
    "Report": "dfgov.report",
    "Status": "dfgov.report",
}


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        value = importlib.import_module(f"dfgov.{name}")
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dfgov' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
