"""Evidence kept by digest: how each kind is written, read back and matched to a subject.

=========================  ======================  ==========================================
kind                       object                  digest
=========================  ======================  ==========================================
model_risk_report          Report                  SHA-256 of ``report.to_json()``
data_protection_scan       Report                  (``Report.digest``, the digest the
data_security_assessment   Report                  inventory and audit use)
disclosure                 AlgorithmDisclosure     ``disclosure.digest`` (as ``publish`` logs it)
impact_assessment          ImpactAssessment        ``assessment.digest``
=========================  ======================  ==========================================
"""

from __future__ import annotations

from typing import Any

from dfgov.errors import InvalidInputError
from dfgov.report import Report
from dfgov.review._records import EVIDENCE_KINDS, Dossier, EvidenceKind, ImpactAssessment

__all__ = ["decode_artefact", "encode_artefact", "infer_subject"]

_REPORT_KINDS = ("model_risk_report", "data_protection_scan", "data_security_assessment")


def _report_kind_problem(report: Report, kind: str) -> str | None:
    controls = [f.control for f in report.findings]
    scan = any(c.startswith("data_protection.") for c in controls)
    dsa = any(c.startswith("data_security.") for c in controls)
    if kind == "data_protection_scan" and not scan:
        return "has no data_protection.* findings"
    if kind == "data_security_assessment" and not dsa:
        return "has no data_security.* findings"
    if kind == "model_risk_report" and (scan or dsa):
        return "holds data-protection findings"
    return None


def encode_artefact(evidence: Any, kind: str | None) -> tuple[EvidenceKind, str, str]:
    """``(kind, stored text, digest)`` of a piece of evidence."""
    from dfgov.model_risk.disclosure import AlgorithmDisclosure

    if isinstance(evidence, Report):
        if kind not in _REPORT_KINDS:
            raise InvalidInputError(
                f"A Report attached as evidence needs 'kind', one of {list(_REPORT_KINDS)}.")
        problem = _report_kind_problem(evidence, kind)
        if problem:
            raise InvalidInputError(
                f"The Report attached as {kind} {problem}; is the kind right?")
        return kind, evidence.to_json(), evidence.digest  # type: ignore[return-value]
    if isinstance(evidence, AlgorithmDisclosure):
        _expect(kind, "disclosure")
        return "disclosure", evidence.to_json(), evidence.digest
    if isinstance(evidence, ImpactAssessment):
        _expect(kind, "impact_assessment")
        return "impact_assessment", evidence.model_dump_json(), evidence.digest
    raise InvalidInputError(
        "The 'evidence' argument must be a Report, an AlgorithmDisclosure or an "
        f"ImpactAssessment. Got {type(evidence).__name__}.")


def _expect(kind: str | None, expected: str) -> None:
    if kind is not None and kind != expected:
        raise InvalidInputError(f"This evidence is of kind {expected!r}, not {kind!r}.")


def decode_artefact(kind: str, text: str) -> tuple[Any, str]:
    """The stored object and its digest recomputed from the stored text."""
    from dfgov.model_risk.disclosure import AlgorithmDisclosure

    if kind in _REPORT_KINDS:
        report = Report.from_json(text)
        return report, report.digest
    if kind == "disclosure":
        disc = AlgorithmDisclosure.from_json(text)
        return disc, disc.digest
    if kind == "impact_assessment":
        pia = ImpactAssessment.model_validate_json(text)
        return pia, pia.digest
    raise InvalidInputError(f"Unknown stored evidence kind {kind!r}.")


def infer_subject(dossier: Dossier, kind: str, evidence: Any, subject: str | None) -> str:
    """The subject of the evidence: given (and checked), read off it, or the only candidate."""
    if kind not in EVIDENCE_KINDS:
        raise InvalidInputError(f"The evidence kind must be one of {list(EVIDENCE_KINDS)}.")
    allowed = dossier.subjects(kind)
    if subject is None:
        subject = _read_subject(kind, evidence, allowed)
    if subject is None and len(allowed) == 1:
        subject = allowed[0]
    if subject is None:
        raise InvalidInputError(
            f"Name the 'subject' of this {kind}: one of {list(allowed)}.")
    if subject not in allowed:
        raise InvalidInputError(
            f"The 'subject' of a {kind} in review {dossier.id!r} must be one of "
            f"{list(allowed)}. Got {subject!r}.")
    return subject


def _read_subject(kind: str, evidence: Any, allowed: tuple[str, ...]) -> str | None:
    found: str | None = None
    if kind == "disclosure" and evidence is not None:
        found = f"{evidence.algorithm_id}@{evidence.version}"
    elif kind == "data_security_assessment" and isinstance(evidence, Report):
        ds = evidence.metadata.get("dataset")
        found = ds if isinstance(ds, str) else None
    elif kind == "model_risk_report" and isinstance(evidence, Report):
        mid, ver = evidence.metadata.get("model_id"), evidence.metadata.get("model_version")
        found = f"{mid}@{ver}" if isinstance(mid, str) and isinstance(ver, str) else None
    return found if found in allowed else None
