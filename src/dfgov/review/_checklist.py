"""Judging a dossier against its checklist: what is missing, stale or failing.

Each requirement of the product type's checklist becomes Findings (controls
``review.model_assessment``, ``review.passing_controls``, ``review.disclosure``,
``review.data_scan``, ``review.data_security``, ``review.impact_assessment``,
``review.outsourcing``). A requirement that cannot be judged — evidence not
linked, not stored, undated, a publication that cannot be verified — fails:
a verdict that was not reached is never a pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dfgov.i18n import LocalizedText, text
from dfgov.report import Finding, Report, Status
from dfgov.review import _messages
from dfgov.review._messages import kind_label
from dfgov.review._policy import Checklist, ReviewPolicy
from dfgov.review._records import DatasetRef, EvidenceKind, ImpactAssessment, ReviewCase

__all__ = ["EvidenceSource", "article55_triggers", "evaluate"]

_ = _messages

CLAUSES = {
    "review.model_assessment": ("AP-16", "JR/T 0221-2021 §6.5", "SR 11-7 §VI"),
    "review.passing_controls": ("AP-16", "JR/T 0221-2021 §6.1", "EU AI Act Art.10"),
    "review.disclosure": ("AP-16", "JR/T 0287-2023", "PIPL Art.24"),
    "review.data_scan": ("AP-17", "JR/T 0171-2020", "JR/T 0197-2020"),
    "review.data_security": ("AP-17", "JR/T 0171-2020", "GB/T 39786-2021", "PIPL Art.51"),
    "review.impact_assessment": ("AP-17", "PIPL Art.55", "PIPL Art.56"),
    "review.outsourcing": ("AP-16", "CBIRC-2021-141 Art.15", "CBIRC-2021-141 Art.21",
                           "DORA Art.28"),
}


class EvidenceSource(Protocol):
    """What the evaluation reads from the store (``ReviewStore`` provides it)."""

    def artefact(self, digest: str) -> Any:
        """The stored evidence with this digest (Report, disclosure, assessment) or None."""

    def arrangement(self, arrangement_id: str) -> tuple[str, bool] | None:
        """``(state, important)`` of an outsourcing arrangement, or None if unknown."""

    def published(self, digest: str) -> bool | None:
        """Whether a disclosure with this digest was published; None if it cannot be told."""

    def required_disclosure_fields(self) -> list[str]:
        """The disclosure fields the policy requires."""


def _finding(ctl: str, status: Status, subject: str, message: LocalizedText,
             **details: Any) -> Finding:
    return Finding(control=ctl, status=status, subject=subject, message=message,
                   clauses=CLAUSES[ctl], details=details)


@dataclass
class _Judge:
    case: ReviewCase
    source: EvidenceSource
    settings: ReviewPolicy
    checklist: Checklist
    day: date

    # -- shared steps ---------------------------------------------------------
    def fetch(self, control: str, kind: EvidenceKind, subject: str,
              out: list[Finding]) -> tuple[Any, str] | None:
        """The linked artefact, or a failing finding saying it is missing or stale."""
        link = self.case.linked(kind, subject)
        obj = None if link is None else self.source.artefact(link.ref)
        if link is None or obj is None:
            out.append(_finding(control, Status.FAIL, subject,
                                text("review.missing", kind=kind_label(kind), subject=subject),
                                problem="missing", kind=kind))
            return None
        dated = _dated(obj)
        limit = getattr(self.checklist.max_age_days, kind)
        if dated is None:
            out.append(_finding(control, Status.FAIL, subject,
                                text("review.undated", kind=kind_label(kind), subject=subject),
                                problem="undated", kind=kind, evidence=link.ref))
            return None
        age = (self.day - dated).days
        if age > limit:
            out.append(_finding(control, Status.FAIL, subject, text(
                "review.stale", kind=kind_label(kind), subject=subject, days=age,
                dated=dated.isoformat(), limit=limit), problem="stale", kind=kind,
                evidence=link.ref, age_days=age, limit_days=limit))
            return None
        return obj, link.ref

    def waived(self, control: str, subject: str, what: LocalizedText,
               findings: Sequence[Finding], ref: str, out: list[Finding]) -> None:
        """A finding on waived evidence: accepted (warn), or failing if refused or expired."""
        ids = ", ".join(sorted({f.waiver.id for f in findings if f.waiver is not None}))
        ends = [f.waiver.expires for f in findings if f.waiver is not None]
        last = min(ends) if ends else self.day
        if not self.settings.accept_waived:
            out.append(_finding(control, Status.FAIL, subject, text(
                "review.waived_refused", what=what, subject=subject, ids=ids),
                problem="waived", evidence=ref))
        elif last < self.day:
            out.append(_finding(control, Status.FAIL, subject, text(
                "review.waived_expired", what=what, subject=subject, ids=ids,
                expires=last.isoformat()), problem="waiver_expired", evidence=ref))
        else:
            out.append(_finding(control, Status.WARN, subject, text(
                "review.waived_ok", what=what, subject=subject, ids=ids,
                expires=last.isoformat()), problem="waived", evidence=ref))

    # -- requirements ---------------------------------------------------------
    def model(self, key: str, out: list[Finding]) -> None:
        c = self.checklist
        if c.model_assessment or c.passing_controls:
            got = self.fetch("review.model_assessment", "model_risk_report", key, out)
            if got is not None:
                report, ref = got
                self.model_report(key, report, ref, out)
                for prefix in c.passing_controls:
                    self.control(key, report, ref, prefix, out)
        if c.disclosure:
            self.disclosure(key, out)

    def model_report(self, key: str, report: Report, ref: str, out: list[Finding]) -> None:
        ctl = "review.model_assessment"
        mid, ver = report.metadata.get("model_id"), report.metadata.get("model_version")
        bad = report.failed()
        if mid is not None and ver is not None and f"{mid}@{ver}" != key:
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.other_model", kind=kind_label("model_risk_report"), subject=key,
                other=f"{mid}@{ver}"), problem="other_model", evidence=ref))
        elif bad:
            controls = ", ".join(sorted({f.control for f in bad}))
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.report_failing", subject=key, count=len(bad), controls=controls),
                problem="failing", evidence=ref, failing=sorted({f.control for f in bad})))
        elif report.waived():
            self.waived(ctl, key, kind_label("model_risk_report"), report.waived(), ref, out)
        else:
            out.append(_finding(ctl, Status.PASS, key, text(
                "review.report_ok", subject=key, status=report.status.value), evidence=ref))

    def control(self, key: str, report: Report, ref: str, prefix: str,
                out: list[Finding]) -> None:
        ctl = "review.passing_controls"
        mine = [f for f in report.findings
                if f.control == prefix or f.control.startswith(prefix + ".")]
        judged = [f for f in mine if f.status is not Status.SKIPPED]
        if not judged:
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.control_not_judged", subject=key, control=prefix),
                problem="not_judged", prefix=prefix, evidence=ref))
            return
        bad = [f for f in mine if f.status in (Status.FAIL, Status.ERROR, Status.SKIPPED)]
        if bad:
            items = "; ".join(f"{f.control}[{f.subject or '—'}] {f.status.value}"
                              for f in bad[:8]) + (" …" if len(bad) > 8 else "")
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.control_failing", subject=key, control=prefix, items=items),
                problem="failing", prefix=prefix, evidence=ref,
                failing=[f.fingerprint for f in bad]))
            return
        waived = [f for f in mine if f.status is Status.WAIVED]
        if waived:
            self.waived(ctl, key, LocalizedText.same(f"'{prefix}'"), waived, ref, out)
            return
        out.append(_finding(ctl, Status.PASS, key, text(
            "review.control_ok", subject=key, control=prefix), prefix=prefix, evidence=ref))

    def disclosure(self, key: str, out: list[Finding]) -> None:
        ctl = "review.disclosure"
        got = self.fetch(ctl, "disclosure", key, out)
        if got is None:
            return
        disc, ref = got
        missing = disc.missing_fields(self.source.required_disclosure_fields())
        other = f"{disc.algorithm_id}@{disc.version}"
        if other != key:
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.other_model", kind=kind_label("disclosure"), subject=key, other=other),
                problem="other_model", evidence=ref))
            return
        if missing:
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.disclosure_incomplete", subject=key, fields=", ".join(missing)),
                problem="incomplete", evidence=ref, fields=missing))
            return
        if not self.source.published(ref):
            out.append(_finding(ctl, Status.FAIL, key, text(
                "review.disclosure_unpublished", subject=key, digest=ref[:16]),
                problem="unpublished", evidence=ref))
            return
        out.append(_finding(ctl, Status.PASS, key, text("review.disclosure_ok", subject=key),
                            evidence=ref))

    def dataset(self, ds: DatasetRef, out: list[Finding]) -> set[str]:
        """Scan and data-security requirements; returns the dataset's categories."""
        cats: set[str] = set(ds.categories)
        if self.checklist.data_scan:
            got = self.fetch("review.data_scan", "data_protection_scan", ds.name, out)
            if got is not None:
                scan, ref = got
                cats |= _scan_categories(scan)
                out.append(_finding("review.data_scan", Status.PASS, ds.name, text(
                    "review.scan_ok", subject=ds.name,
                    categories=", ".join(sorted(cats)) or "—"), evidence=ref,
                    categories=sorted(cats)))
        need = sorted(cats & set(self.checklist.data_security_categories))
        if need:
            self.data_security(ds.name, need, out)
        return cats

    def data_security(self, name: str, cats: Sequence[str], out: list[Finding]) -> None:
        ctl = "review.data_security"
        got = self.fetch(ctl, "data_security_assessment", name, out)
        if got is None:
            return
        report, ref = got
        other = report.metadata.get("dataset")
        if other is not None and other != name:
            out.append(_finding(ctl, Status.FAIL, name, text(
                "review.dsa_wrong_dataset", subject=name, other=other),
                problem="wrong_dataset", evidence=ref))
            return
        unencrypted = [f.subject or "—" for f in report.findings
                       if f.control == "data_security.encryption"
                       and f.status in (Status.FAIL, Status.ERROR)]
        if unencrypted:
            cols = ", ".join(s.split(".", 1)[-1] for s in unencrypted)
            out.append(_finding(ctl, Status.FAIL, name, text(
                "review.not_encrypted", subject=name, categories="/".join(cats), columns=cols),
                problem="not_encrypted", evidence=ref, columns=unencrypted))
            return
        if not any(f.control.startswith("data_security.") for f in report.findings):
            out.append(_finding(ctl, Status.FAIL, name, text(
                "review.missing", kind=kind_label("data_security_assessment"), subject=name),
                problem="not_an_assessment", evidence=ref))
            return
        gaps = sorted({f.control for f in report.failed()})
        if gaps:
            out.append(_finding(ctl, Status.WARN, name, text(
                "review.dsa_gaps", subject=name, controls=", ".join(gaps)),
                problem="other_gaps", evidence=ref))
            return
        out.append(_finding(ctl, Status.PASS, name, text(
            "review.dsa_ok", subject=name, categories="/".join(cats)), evidence=ref))

    def impact_assessment(self, triggers: list[str], out: list[Finding]) -> None:
        ctl = "review.impact_assessment"
        mode = self.checklist.impact_assessment
        subject = self.case.id
        if mode == "never" or (mode == "when_triggered" and not triggers):
            out.append(_finding(ctl, Status.PASS, subject, text("review.pia_not_required")))
            return
        got = self.fetch(ctl, "impact_assessment", subject, out)
        if got is None:
            return
        pia, ref = got
        if pia.conclusion == "not_acceptable":
            out.append(_finding(ctl, Status.FAIL, subject, text(
                "review.pia_unacceptable", ref=pia.id), problem="not_acceptable", evidence=ref))
            return
        uncovered = [t for t in triggers if t not in pia.triggers]
        if uncovered:
            out.append(_finding(ctl, Status.FAIL, subject, text(
                "review.pia_uncovered", ref=pia.id, triggers=", ".join(uncovered)),
                problem="uncovered", evidence=ref, triggers=uncovered))
            return
        out.append(_finding(ctl, Status.PASS, subject, text(
            "review.pia_ok", ref=pia.id, triggers=", ".join(pia.triggers),
            conclusion=pia.conclusion), evidence=ref))

    def arrangement(self, arrangement_id: str, out: list[Finding]) -> None:
        ctl = "review.outsourcing"
        found = self.source.arrangement(arrangement_id)
        if found is None:
            out.append(_finding(ctl, Status.FAIL, arrangement_id, text(
                "review.arrangement_unknown", subject=arrangement_id), problem="unknown"))
            return
        state, important = found
        allowed = (self.checklist.outsourcing_states if important
                   else self.checklist.outsourcing_states_other)
        importance = text("review.important" if important else "review.not_important")
        if state not in allowed:
            out.append(_finding(ctl, Status.FAIL, arrangement_id, text(
                "review.arrangement_state", subject=arrangement_id, importance=importance,
                state=state, allowed=", ".join(allowed)), problem="state", state=state,
                important=important))
            return
        out.append(_finding(ctl, Status.PASS, arrangement_id, text(
            "review.arrangement_ok", subject=arrangement_id, importance=importance,
            state=state), state=state, important=important))


def _dated(obj: Any) -> date | None:
    if isinstance(obj, Report):
        return obj.finished_at.date()
    if isinstance(obj, ImpactAssessment):
        return obj.assessed_on
    found = getattr(obj, "effective_date", None) or getattr(obj, "last_assessment_date", None)
    return found if isinstance(found, date) else None


def _scan_categories(scan: Report) -> set[str]:
    return {str(f.details["category"]) for f in scan.findings
            if f.control == "data_protection.classification"
            and f.details.get("category") in ("C1", "C2", "C3")}


def article55_triggers(case: ReviewCase, categories: dict[str, set[str]]) -> list[str]:
    """The PIPL Art.55 situations the dossier shows (``categories`` per dataset name)."""
    d = case.dossier
    personal = [ds for ds in d.datasets if ds.personal_information]
    found: list[str] = []
    if any(ds.sensitive_personal_information or "C3" in categories.get(ds.name, set())
           for ds in d.datasets):
        found.append("sensitive_personal_information")
    if d.models and personal:
        found.append("automated_decision")
    if personal and (d.arrangements or any(f.third_party for f in d.data_flows)):
        found.append("entrusted_processing")
    if any(f.cross_border for f in d.data_flows):
        found.append("cross_border")
    return found


def evaluate(case: ReviewCase, source: EvidenceSource, settings: ReviewPolicy,
             *, as_of: date) -> list[Finding]:
    """The checklist findings of ``case`` on day ``as_of`` (see the module docstring)."""
    judge = _Judge(case, source, settings, settings.checklist(case.dossier.product_type), as_of)
    out: list[Finding] = []
    for m in case.dossier.models:
        judge.model(m.key, out)
    cats = {ds.name: judge.dataset(ds, out) for ds in case.dossier.datasets}
    judge.impact_assessment(article55_triggers(case, cats), out)
    for a in case.dossier.arrangements:
        judge.arrangement(a, out)
    return out
