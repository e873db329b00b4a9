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

# dfgov.errors loads up front, as it always has: `dfgov.errors.X` works after `import dfgov`.
from dfgov import errors as errors
from dfgov._lazy import lazy_exports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from dfgov import audit as audit
    from dfgov import data_protection as data_protection
    from dfgov import datasets as datasets
    from dfgov import model_risk as model_risk
    from dfgov import outsourcing as outsourcing
    from dfgov._version import __version__ as __version__
    from dfgov.audit import AuditLog as AuditLog
    from dfgov.errors import DfgovError as DfgovError
    from dfgov.i18n import LocalizedText as LocalizedText
    from dfgov.policy import Policy as Policy
    from dfgov.policy import PolicySection as PolicySection
    from dfgov.report import Finding as Finding
    from dfgov.report import Report as Report
    from dfgov.report import Status as Status

_EXPORTS = {
    "__version__": "._version",
    "DfgovError": ".errors",
    "LocalizedText": ".i18n",
    "Policy": ".policy",
    "PolicySection": ".policy",
    "Finding": ".report",
    "Report": ".report",
    "Status": ".report",
    "AuditLog": ".audit",
    # the area packages, loaded on first access like the names above
    "audit": ".audit",
    "data_protection": ".data_protection",
    "datasets": ".datasets",
    "model_risk": ".model_risk",
    "outsourcing": ".outsourcing",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
