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
    from dfgov.review._due import DueItem as DueItem
    from dfgov.review._due import due_items as due_items
    from dfgov.review._policy import Checklist as Checklist
    from dfgov.review._policy import EvidenceAges as EvidenceAges
    from dfgov.review._policy import ReviewPolicy as ReviewPolicy
    from dfgov.review._records import EVIDENCE_KINDS as EVIDENCE_KINDS
    from dfgov.review._records import ROLES as ROLES
    from dfgov.review._records import STATES as STATES
    from dfgov.review._records import Condition as Condition
    from dfgov.review._records import DataFlow as DataFlow
    from dfgov.review._records import DatasetRef as DatasetRef
    from dfgov.review._records import Dossier as Dossier
    from dfgov.review._records import EvidenceLink as EvidenceLink
    from dfgov.review._records import ImpactAssessment as ImpactAssessment
    from dfgov.review._records import ModelRef as ModelRef
    from dfgov.review._records import ReviewCase as ReviewCase
    from dfgov.review._records import SignOff as SignOff
    from dfgov.review._records import Transition as Transition
    from dfgov.review._store import ReviewStore as ReviewStore
    from dfgov.review._waiver import Waiver as Waiver
    from dfgov.review._waiver import dump_waivers as dump_waivers
    from dfgov.review._waiver import read_waivers as read_waivers
    from dfgov.review._waiver_store import WaiverRegister as WaiverRegister
    from dfgov.review._waiver_store import load_waivers as load_waivers
    from dfgov.review._workflow import TRANSITIONS as TRANSITIONS

_EXPORTS = {
    "DueItem": "._due",
    "due_items": "._due",
    "Checklist": "._policy",
    "EvidenceAges": "._policy",
    "ReviewPolicy": "._policy",
    "Condition": "._records",
    "DataFlow": "._records",
    "DatasetRef": "._records",
    "Dossier": "._records",
    "EVIDENCE_KINDS": "._records",
    "EvidenceLink": "._records",
    "ImpactAssessment": "._records",
    "ModelRef": "._records",
    "ROLES": "._records",
    "ReviewCase": "._records",
    "STATES": "._records",
    "SignOff": "._records",
    "Transition": "._records",
    "ReviewStore": "._store",
    "Waiver": "._waiver",
    "dump_waivers": "._waiver",
    "read_waivers": "._waiver",
    "WaiverRegister": "._waiver_store",
    "load_waivers": "._waiver_store",
    "TRANSITIONS": "._workflow",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
