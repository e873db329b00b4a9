"""Composer: compliance review of new business, and risk acceptance (waivers).

Measure 16 asks banks to "carry out a compliance review of innovative
business and assess risk regularly". :class:`ReviewStore` keeps a review
dossier per new product — owner, launch date, the models, datasets,
outsourcing arrangements and data flows it uses, and links (by digest) to
its evidence: model-risk reports, algorithm disclosures, data-protection
scans, data-security assessments and personal-information impact
assessments (:class:`ImpactAssessment`, PIPL Art.55–56). The policy's
``[review]`` checklist per product type says which evidence is required;
the evidence-gated workflow (draft → submitted → under review → approved /
approved with conditions / rejected → launched → post-launch review due)
refuses any step whose evidence is missing, stale or failing, enforces
four-eyes sign-offs by role and conditions with deadlines, and appends every
step to the audit log. :func:`due_items` lists what falls due.

:class:`WaiverRegister` keeps risk acceptances (:class:`Waiver`): one
failing finding, one model version, an expiry, an approver other than the
requester, compensating controls; the ``[waivers]`` policy section forbids
waivers for some controls. :func:`dfgov.waivers.apply_waivers`,
``ModelRiskAssessment.run(waivers=...)`` and ``dfgov gate --waivers`` apply
them: a covered failure becomes ``waived`` — never ``pass``.

Imports are lazy: ``import dfgov.review`` loads neither pandas nor SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.review._due import DueItem, due_items
    from dfgov.review._policy import Checklist, EvidenceAges, ReviewPolicy
    from dfgov.review._records import (
        EVIDENCE_KINDS,
        ROLES,
        STATES,
        Condition,
        DataFlow,
        DatasetRef,
        Dossier,
        EvidenceLink,
        ImpactAssessment,
        ModelRef,
        ReviewCase,
        SignOff,
        Transition,
    )
    from dfgov.review._store import ReviewStore
    from dfgov.review._waiver import Waiver, dump_waivers, read_waivers
    from dfgov.review._waiver_store import WaiverRegister, load_waivers
    from dfgov.review._workflow import TRANSITIONS

__all__ = [
    "EVIDENCE_KINDS",
    "ROLES",
    "STATES",
    "TRANSITIONS",
    "Checklist",
    "Condition",
    "DataFlow",
    "DatasetRef",
    "Dossier",
    "DueItem",
    "EvidenceAges",
    "EvidenceLink",
    "ImpactAssessment",
    "ModelRef",
    "ReviewCase",
    "ReviewPolicy",
    "ReviewStore",
    "SignOff",
    "Transition",
    "Waiver",
    "WaiverRegister",
    "due_items",
    "dump_waivers",
    "load_waivers",
    "read_waivers",
]

_MODULES = {
    "._due": ("DueItem", "due_items"),
    "._policy": ("Checklist", "EvidenceAges", "ReviewPolicy"),
    "._records": ("EVIDENCE_KINDS", "ROLES", "STATES", "Condition", "DataFlow", "DatasetRef",
                  "Dossier", "EvidenceLink", "ImpactAssessment", "ModelRef", "ReviewCase",
                  "SignOff", "Transition"),
    "._store": ("ReviewStore",),
    "._waiver": ("Waiver", "dump_waivers", "read_waivers"),
    "._waiver_store": ("WaiverRegister", "load_waivers"),
    "._workflow": ("TRANSITIONS",),
}
__getattr__, __dir__ = lazy_exports(
    __name__, {name: module for module, names in _MODULES.items() for name in names})
