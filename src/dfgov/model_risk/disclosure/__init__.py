"""Algorithm disclosure (JR/T 0287-2023) and model card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.model_risk._disclosure_policy import DisclosurePolicy
    from dfgov.model_risk.disclosure._check import DisclosureCheck
    from dfgov.model_risk.disclosure._model import (
        AlgorithmDisclosure,
        ChangeRecord,
        DisclosureEvent,
        report_digest,
    )

__all__ = [
    "AlgorithmDisclosure",
    "ChangeRecord",
    "DisclosureCheck",
    "DisclosureEvent",
    "DisclosurePolicy",
    "report_digest",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "AlgorithmDisclosure": "._model",
    "ChangeRecord": "._model",
    "DisclosureCheck": "._check",
    "DisclosureEvent": "._model",
    "report_digest": "._model",
    "DisclosurePolicy": "dfgov.model_risk._disclosure_policy",
})
