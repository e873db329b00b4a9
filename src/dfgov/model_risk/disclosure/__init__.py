"""Algorithm disclosure (JR/T 0287-2023) and model card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk._disclosure_policy import DisclosurePolicy as DisclosurePolicy
    from dfgov.model_risk.disclosure._check import DisclosureCheck as DisclosureCheck
    from dfgov.model_risk.disclosure._model import AlgorithmDisclosure as AlgorithmDisclosure
    from dfgov.model_risk.disclosure._model import ChangeRecord as ChangeRecord
    from dfgov.model_risk.disclosure._model import DisclosureEvent as DisclosureEvent
    from dfgov.model_risk.disclosure._model import report_digest as report_digest

_EXPORTS = {
    "DisclosurePolicy": "dfgov.model_risk._disclosure_policy",
    "DisclosureCheck": "._check",
    "AlgorithmDisclosure": "._model",
    "ChangeRecord": "._model",
    "DisclosureEvent": "._model",
    "report_digest": "._model",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
