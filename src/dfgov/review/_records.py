"""Records of a compliance review: the dossier, its evidence, sign-offs, conditions, history.

Every record is immutable; invalid input raises
:class:`~dfgov.errors.InvalidInputError` naming the record and field (never
the value).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Literal

from pydantic import Field, field_validator, model_validator

from dfgov._hashing import digest
from dfgov._records import Record
from dfgov._validate import renamed_arg

__all__ = [
    "EVIDENCE_KINDS",
    "ROLES",
    "STATES",
    "Condition",
    "DataFlow",
    "DatasetRef",
    "Dossier",
    "DossierState",
    "EvidenceKind",
    "EvidenceLink",
    "ImpactAssessment",
    "ModelRef",
    "ReviewCase",
    "Role",
    "SignOff",
    "Transition",
]

DossierState = Literal[
    "draft", "submitted", "under_review", "approved", "approved_with_conditions", "rejected",
    "launched", "post_launch_review_due", "withdrawn",
]
STATES: tuple[DossierState, ...] = (
    "draft", "submitted", "under_review", "approved", "approved_with_conditions", "rejected",
    "launched", "post_launch_review_due", "withdrawn",
)
Role = Literal["compliance", "risk", "legal", "data_protection", "business"]
ROLES: tuple[Role, ...] = ("compliance", "risk", "legal", "data_protection", "business")
EvidenceKind = Literal[
    "model_risk_report", "disclosure", "data_protection_scan", "data_security_assessment",
    "impact_assessment",
]
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = (
    "model_risk_report", "disclosure", "data_protection_scan", "data_security_assessment",
    "impact_assessment",
)
Category = Literal["C1", "C2", "C3"]
PiaTrigger = Literal[
    "sensitive_personal_information", "automated_decision", "entrusted_processing",
    "provision_to_others", "public_disclosure", "cross_border", "other",
]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@/-]{0,63}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class _Record(Record):
    """Immutable record whose validation errors are :class:`InvalidInputError`."""


def check_id(value: str, what: str = "id") -> str:
    """``value`` if it is a usable identifier (letters, digits, ``._:@/-``; at most 64)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValueError(f"{what} must be 1-64 letters, digits or ._:@/- starting with a "
                         "letter or digit")
    return value


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class ModelRef(_Record):
    """A model the product uses, as it is known to the model inventory."""

    model_id: str
    version: str
    name: str | None = None

    @field_validator("model_id", "version")
    @classmethod
    def _ids(cls, v: str) -> str:
        return check_id(v, "the model id and version")

    @property
    def key(self) -> str:
        """``model_id@version`` (the subject of the model's evidence)."""
        return f"{self.model_id}@{self.version}"


class DatasetRef(_Record):
    """A dataset the product uses.

    ``categories`` are the JR/T 0171-2020 categories the owner declares; the
    review adds any category its data-protection scan found.
    """

    name: str
    categories: tuple[Category, ...] = ()
    personal_information: bool = True
    sensitive_personal_information: bool = False
    description: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return check_id(v, "name")


class DataFlow(_Record):
    """Personal or business data moving between systems or parties."""

    source: str = Field(min_length=1)
    destination: str = Field(min_length=1)
    datasets: tuple[str, ...] = ()
    purpose: str = ""
    cross_border: bool = False
    third_party: bool = Field(False, description="Data provided to, or processed by, another "
                              "party (PIPL Art.21/23).")


class Dossier(_Record):
    """The review dossier of a new business or product.

    Parameters
    ----------
    id : str
        Store id of the review.
    product, product_type : str
        What is launched, and its type — the key of the policy's checklist
        (``[review.checklists.<product_type>]``, else ``default``).
    owner : str
        The accountable business owner.
    launch_date : date, optional
        Planned launch.
    models, datasets, arrangements, data_flows
        What the product uses: model versions, datasets, outsourcing
        arrangements (ids in the outsourcing register) and data flows.
    """

    id: str
    product: str = Field(min_length=1)
    product_type: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    description: str = ""
    channel: str | None = None
    launch_date: date | None = None
    models: tuple[ModelRef, ...] = ()
    datasets: tuple[DatasetRef, ...] = ()
    arrangements: tuple[str, ...] = ()
    data_flows: tuple[DataFlow, ...] = ()

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_id(v)

    @field_validator("owner", "product")
    @classmethod
    def _text(cls, v: str) -> str:
        return _nonblank(v)

    @model_validator(mode="after")
    def _references(self) -> Dossier:
        for what, keys in (("models", [m.key for m in self.models]),
                           ("datasets", [d.name for d in self.datasets]),
                           ("arrangements", list(self.arrangements))):
            if len(set(keys)) != len(keys):
                raise ValueError(f"{what} lists the same entry twice")
        names = {d.name for d in self.datasets}
        for i, flow in enumerate(self.data_flows):
            unknown = [n for n in flow.datasets if n not in names]
            if unknown:
                raise ValueError(f"data_flows[{i}].datasets names datasets the dossier lacks: "
                                 f"{unknown}")
        return self

    def subjects(self, kind: EvidenceKind) -> tuple[str, ...]:
        """The subjects evidence of ``kind`` may concern."""
        if kind in ("model_risk_report", "disclosure"):
            return tuple(m.key for m in self.models)
        if kind in ("data_protection_scan", "data_security_assessment"):
            return tuple(d.name for d in self.datasets)
        return (self.id,)


class ImpactAssessment(_Record):
    """A personal-information protection impact assessment (PIPL Art.55–56).

    Art.55 lists when one is due (sensitive personal information; automated
    decision-making; entrusting processing, providing data to others or
    disclosing it; transfers abroad; other processing with a major impact).
    Art.56 says what it assesses — whether purpose and method are lawful,
    legitimate and necessary (``necessity``); the impact on individuals'
    rights and the security risks (``risks``); whether the protection
    measures are lawful, effective and commensurate (``measures``) — and
    that the report and the processing record are kept for at least three
    years (``retain_until``).
    """

    id: str
    processing: str = Field(min_length=1, description="The processing activity assessed.")
    purpose: str = Field(min_length=1)
    necessity: str = Field(min_length=1, description="Why purpose and method are lawful, "
                           "legitimate and necessary (Art.56(1)).")
    risks: tuple[str, ...] = Field(min_length=1, description="Impact on individuals' rights "
                                   "and the security risks (Art.56(2)).")
    measures: tuple[str, ...] = Field(min_length=1, description="Protection measures and why "
                                      "they are lawful, effective and commensurate (Art.56(3)).")
    triggers: tuple[PiaTrigger, ...] = Field(min_length=1, description="The Art.55 "
                                             "situations the assessment covers.")
    conclusion: Literal["acceptable", "acceptable_with_measures", "not_acceptable"]
    assessor: str = Field(min_length=1)
    assessed_on: date
    retain_until: date | None = Field(None, description="Keep the report until (at least "
                                      "three years, Art.56).")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_id(v)

    @model_validator(mode="after")
    def _retention(self) -> ImpactAssessment:
        if self.retain_until is not None and self.retain_until < self.minimum_retention:
            raise ValueError("retain_until must be at least three years after assessed_on "
                             "(PIPL Art.56)")
        return self

    @property
    def minimum_retention(self) -> date:
        """Three years after the assessment (PIPL Art.56)."""
        d = self.assessed_on
        try:
            return d.replace(year=d.year + 3)
        except ValueError:  # 29 February
            return d.replace(year=d.year + 3, day=28)

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the assessment (how a dossier links it)."""
        canon = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
        return digest(canon.encode("utf-8"))


class EvidenceLink(_Record):
    """A link from the dossier to one piece of evidence, by its digest."""

    kind: EvidenceKind
    ref: str = Field(description="SHA-256 digest of the evidence (a stored artefact).")
    subject: str = Field(min_length=1, description="The model key, dataset name or dossier id "
                         "the evidence concerns.")
    added_at: datetime
    added_by: str = Field(min_length=1)

    @field_validator("ref")
    @classmethod
    def _ref(cls, v: str) -> str:
        if not _HEX64.fullmatch(v):
            raise ValueError("must be a 64-character lower-case hex SHA-256 digest")
        return v


class SignOff(_Record):
    """One reviewer's decision for one role in one review round."""

    role: Literal["compliance", "risk", "legal", "data_protection", "business"]
    person: str = Field(min_length=1)
    decision: Literal["approve", "reject"]
    round: int = Field(ge=1)
    at: datetime
    comment: str = ""


class Condition(_Record):
    """A condition of an approval, with its deadline; ``met_on`` once fulfilled."""

    id: str
    text: str = Field(min_length=1)
    deadline: date
    owner: str = Field(min_length=1)
    created_by: str = Field(min_length=1)
    created_at: datetime
    met_on: date | None = None
    met_by: str | None = None
    evidence: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return check_id(v)

    @property
    def open(self) -> bool:
        """Not met yet."""
        return self.met_on is None

    def overdue(self, as_of: date | None = None, *, on: date | None = None) -> bool:
        """Open after its deadline, on ``as_of`` (required; ``on``: its deprecated old name,
        which warns and goes in the next release)."""
        day = renamed_arg(as_of, on, caller="Condition.overdue", new="as_of", old="on",
                          required=True)
        return self.open and day > self.deadline


class Transition(_Record):
    """One step of the workflow: from, to, when, who and why."""

    from_state: str
    to_state: str
    at: datetime
    actor: str
    reason: str = ""


class ReviewCase(_Record):
    """A dossier with its workflow state, evidence, sign-offs, conditions and history.

    ``round`` counts review rounds (a submission or a post-launch review
    opens a new one); sign-offs count only in their own round.
    ``submitter`` opened the current round and may not sign it.
    """

    dossier: Dossier
    state: DossierState = "draft"
    round: int = 0
    submitter: str | None = None
    evidence: tuple[EvidenceLink, ...] = ()
    sign_offs: tuple[SignOff, ...] = ()
    conditions: tuple[Condition, ...] = ()
    history: tuple[Transition, ...] = ()
    launched_on: date | None = None
    next_review_due: date | None = None
    version: int = 0

    @property
    def id(self) -> str:
        """The dossier id."""
        return self.dossier.id

    def current_sign_offs(self) -> tuple[SignOff, ...]:
        """Sign-offs of the current round."""
        return tuple(s for s in self.sign_offs if s.round == self.round)

    def linked(self, kind: EvidenceKind, subject: str) -> EvidenceLink | None:
        """The latest evidence of ``kind`` linked for ``subject``."""
        found = [e for e in self.evidence if e.kind == kind and e.subject == subject]
        return found[-1] if found else None

    def open_conditions(self) -> tuple[Condition, ...]:
        """Conditions not met yet."""
        return tuple(c for c in self.conditions if c.open)
