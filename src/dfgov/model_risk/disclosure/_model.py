"""AlgorithmDisclosure: the JR/T 0287-2023 disclosure areas plus model-card fields."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

import dfgov.model_risk.disclosure._messages  # noqa: F401  (registers texts)
from dfgov._hashing import digest
from dfgov._input_errors import input_error
from dfgov._judge import judge
from dfgov._pii import redact
from dfgov._validate import check_choice, renamed_arg
from dfgov.clock import Clock, now
from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.i18n import LocalizedText, text
from dfgov.report import Finding, Report, Status

if TYPE_CHECKING:
    from dfgov.audit import AuditSink
    from dfgov.model_risk._disclosure_policy import DisclosurePolicy
    from dfgov.policy import Policy

__all__ = ["AlgorithmDisclosure", "ChangeRecord", "DisclosureEvent", "report_digest"]

DisclosureEvent = Literal["launch", "major_change", "suspension"]

CLAUSES = ("AP-16", "JR/T 0287-2023", "PIPL Art.24", "EU AI Act Art.13")

_PERFORMANCE_METRICS = ("roc_auc", "ks", "brier", "ece", "precision", "recall", "psi")


def _to_text(value: Any) -> Any:
    if isinstance(value, str):
        return LocalizedText.same(value)
    return value


Text = Annotated[LocalizedText, BeforeValidator(_to_text)]


class ChangeRecord(BaseModel):
    """One change of the algorithm (JR/T 0287: changes are disclosed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: date
    version: str
    description: Text


def report_digest(report: Report) -> str:
    """Deprecated: use :attr:`dfgov.Report.digest` (this alias goes in the next release)."""
    import warnings

    warnings.warn("dfgov.model_risk.disclosure.report_digest(report) is deprecated; "
                  "use report.digest (dfgov.Report.digest).", DeprecationWarning, stacklevel=2)
    return report.digest


class AlgorithmDisclosure(BaseModel):
    """An algorithm disclosure per JR/T 0287-2023, with model-card fields.

    Texts accept a plain string (same in both languages) or
    ``{"en": ..., "zh-CN": ...}``. Build it by hand, or with
    :meth:`from_report` from an assessment Report plus metadata; check it
    with :meth:`check`; render it with :meth:`to_markdown`, :meth:`to_html`
    and :meth:`to_json`; record its publication with :meth:`publish`.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "disclosure"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0287-2023",
        "PIPL Art.24",
        "EU AI Act Art.13",
    )

    model_config = ConfigDict(frozen=True, extra="forbid")

    # 1. algorithm portfolio
    algorithm_id: str = Field(min_length=1)
    name: Text | None = None
    version: str | None = None
    algorithm_type: Text | None = None
    portfolio_entry: Text | None = None
    # 2. logic
    logic: Text | None = None
    main_factors: list[Text] = Field(default_factory=list)
    # 3. application
    scenario: Text | None = None
    decision_use: Text | None = None
    human_oversight: Text | None = None
    # 4. data
    data_sources: list[Text] = Field(default_factory=list)
    data_period: str | None = None
    excluded_attributes: list[str] = Field(default_factory=list)
    training_data_fingerprint: str | None = None
    # 5. responsible entity
    responsible_entity: Text | None = None
    contact: str | None = None
    appeal_channel: Text | None = None
    # 6. changes
    event: DisclosureEvent = "launch"
    effective_date: date | None = None
    changes: list[ChangeRecord] = Field(default_factory=list)
    # 7. audit and assessment
    last_assessment_date: date | None = None
    assessment_status: str | None = None
    assessment_summary: dict[str, int] = Field(default_factory=dict)
    report_digest: str | None = None
    # 8. model card
    performance: dict[str, float] = Field(default_factory=dict)
    fairness: dict[str, float] = Field(default_factory=dict)
    limitations: list[Text] = Field(default_factory=list)
    audience: Literal["public", "regulator", "internal"] = "public"

    @model_validator(mode="before")
    @classmethod
    def _no_personal_data(cls, data: Any) -> Any:
        # a published document: identifiers in metadata or feature names are masked
        # (the ``contact`` keeps an e-mail address or landline: it is meant to be read)
        return redact(data) if isinstance(data, dict) else data

    # -- construction ---------------------------------------------------
    @classmethod
    def from_report(
        cls, report: Report, *, policy: Policy | DisclosurePolicy | None = None,
        **metadata: Any,
    ) -> AlgorithmDisclosure:
        """Fill the audit, performance, fairness and factor fields from ``report``.

        Performance: values of ``validation.*`` findings with a metric (AUC,
        KS, Brier, ECE, precision, recall, score PSI). Fairness: values of
        ``fairness.*`` findings (``metric[subject]``). Main factors:
        ``details["top_features"]`` of ``explain.*`` findings. Audit: the
        report's date, overall status, counts per status and digest. The
        audience defaults to the policy's ``[disclosure] audience``. Any
        ``metadata`` key (a field name) overrides what was derived.
        """
        from dfgov.model_risk._disclosure_policy import DisclosurePolicy
        from dfgov.policy import resolve_section

        pol = resolve_section(policy, DisclosurePolicy, "AlgorithmDisclosure.from_report")
        if not isinstance(report, Report):
            raise InvalidInputError(
                "The 'report' argument of AlgorithmDisclosure.from_report must be a "
                f"dfgov.report.Report. Got {type(report).__name__}."
            )
        perf: dict[str, float] = {}
        fair: dict[str, float] = {}
        factors: list[str] = []
        for f in report.findings:
            if f.value is None or f.metric is None:
                if f.control.startswith("explain"):
                    factors += [str(x) for x in f.details.get("top_features", [])]
                continue
            if f.control.startswith("validation.") and f.metric in _PERFORMANCE_METRICS and (
                f.metric != "psi" or f.subject == "score"
            ):
                perf.setdefault(f.metric, float(f.value))
            elif f.control.startswith("fairness"):
                key = f"{f.metric}[{f.subject}]" if f.subject else f.metric
                fair.setdefault(key, float(f.value))
            if f.control.startswith("explain"):
                factors += [str(x) for x in f.details.get("top_features", [])]
        derived: dict[str, Any] = {
            "last_assessment_date": report.finished_at.date(),
            "assessment_status": report.status.value,
            "assessment_summary": {k: v for k, v in report.counts().items() if v},
            "report_digest": report.digest,
            "performance": perf,
            "fairness": fair,
            "main_factors": list(dict.fromkeys(factors)),
            "audience": pol.audience,
        }
        fp = report.fingerprints.get("data") or report.fingerprints.get("dataset")
        if fp:
            derived["training_data_fingerprint"] = fp
        derived.update(metadata)
        try:
            return cls.model_validate(derived)
        except ValidationError as exc:
            raise input_error(exc, "AlgorithmDisclosure") from None

    # -- completeness -----------------------------------------------------
    def missing_fields(self, required: list[str] | tuple[str, ...] | None = None) -> list[str]:
        """Required fields (default: the policy default list) that are empty."""
        from dfgov.model_risk._disclosure_policy import DEFAULT_REQUIRED_FIELDS

        names = list(required if required is not None else DEFAULT_REQUIRED_FIELDS)
        unknown = [n for n in names if n not in type(self).model_fields]
        if unknown:
            raise InvalidInputError(
                f"The required disclosure fields {unknown} are not fields of AlgorithmDisclosure."
            )
        return [n for n in names if getattr(self, n) in (None, "", [], {})]

    def check(self, policy: Policy | DisclosurePolicy | None = None, *,
              clock: Clock | None = None) -> list[Finding]:
        """Findings: one per missing required field, or one that all are filled; assessment age.

        The assessment's age is counted to ``effective_date``, else to today by ``clock``
        (default :data:`dfgov.clock.SYSTEM_CLOCK`).
        """
        from dfgov.model_risk._disclosure_policy import DisclosurePolicy
        from dfgov.policy import resolve_section

        pol = resolve_section(policy, DisclosurePolicy, "AlgorithmDisclosure.check")
        missing = self.missing_fields(pol.required_fields)
        status = Status.FAIL if pol.missing_status == "fail" else Status.WARN
        out = [
            Finding(control="disclosure.completeness", status=status, subject=name,
                    clauses=CLAUSES,
                    message=text("disclosure.missing", field=name,
                                 label=text(f"disclosure.field.{name}")))
            for name in missing
        ]
        if not missing:
            out.append(Finding(control="disclosure.completeness", status=Status.PASS,
                               clauses=CLAUSES, value=float(len(pol.required_fields)),
                               metric="required_fields",
                               message=text("disclosure.complete", n=len(pol.required_fields))))
        if pol.max_assessment_age_days is not None and self.last_assessment_date is not None:
            today = (self.effective_date or now(clock).date())
            days = (today - self.last_assessment_date).days
            status = judge(days, warn=pol.max_assessment_age_days)
            stale = status is not Status.PASS
            out.append(Finding(
                control="disclosure.assessment_age", status=status,
                metric="assessment_age_days", value=float(days),
                threshold=float(pol.max_assessment_age_days), clauses=CLAUSES,
                message=text("disclosure.stale" if stale else "disclosure.fresh", days=days,
                             limit=pol.max_assessment_age_days),
            ))
        return out

    # -- output -----------------------------------------------------------
    def to_json(self, *, indent: int | None = 2) -> str:
        """JSON of every field (texts as ``{"en", "zh-CN"}``); :meth:`from_json` reads it."""
        return self.model_dump_json(indent=indent, by_alias=True)

    @classmethod
    def from_json(cls, data: str | bytes) -> AlgorithmDisclosure:
        """Read a disclosure written by :meth:`to_json`."""
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            raise input_error(exc, "AlgorithmDisclosure") from None

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the disclosure."""
        canon = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
        return digest(canon.encode("utf-8"))

    def to_markdown(self, *, lang: str = "en") -> str:
        """The disclosure document in Markdown, in ``lang`` ("en" or "zh-CN")."""
        from dfgov.model_risk.disclosure._render import render_markdown

        return render_markdown(self, lang=lang)

    def to_html(self, path: str | Path | None = None, *, lang: str = "en") -> str:
        """The disclosure document as self-contained HTML; also written to ``path`` if given."""
        from dfgov.model_risk.disclosure._render import render_html

        html = render_html(self, lang=lang)
        if path is not None:
            from dfgov.render import write_atomic

            write_atomic(path, html)
        return html

    def publish(
        self,
        audit: AuditSink | None = None,
        *,
        actor: str,
        event: DisclosureEvent | None = None,
        policy: Policy | DisclosurePolicy | None = None,
        allow_incomplete: bool = False,
        audit_log: AuditSink | None = None,
    ) -> Any:
        """Write a disclosure event (launch, major change, suspension) to an audit log.

        Parameters
        ----------
        audit : AuditLog or any object with ``append(action=, actor=, subject=, payload=)``
            Required (``audit_log``: its deprecated old name, which warns for one release).
        actor : str
            Who publishes.
        event : {"launch", "major_change", "suspension"}, optional
            Default: the disclosure's own ``event``.
        allow_incomplete : bool, default False
            Publish although required fields are missing (they are recorded).

        Raises
        ------
        LifecycleError
            Required fields are missing (named) and ``allow_incomplete`` is False.
        """
        from dfgov.model_risk._disclosure_policy import DisclosurePolicy
        from dfgov.policy import resolve_section

        audit_log = renamed_arg(audit, audit_log, caller="AlgorithmDisclosure.publish",
                                new="audit", old="audit_log", required=True)
        if not callable(getattr(audit_log, "append", None)):
            raise InvalidInputError(
                "The 'audit' argument of AlgorithmDisclosure.publish must have an "
                f"append method. Got {type(audit_log).__name__}."
            )
        if not isinstance(actor, str) or not actor:
            raise InvalidInputError(
                "The 'actor' argument of AlgorithmDisclosure.publish must be a non-empty string."
            )
        ev = event or self.event
        check_choice(ev, ("launch", "major_change", "suspension"),
                     caller="AlgorithmDisclosure.publish", parameter="event")
        pol = resolve_section(policy, DisclosurePolicy, "AlgorithmDisclosure.publish")
        missing = self.missing_fields(pol.required_fields)
        if missing and not allow_incomplete:
            raise LifecycleError(
                f"The disclosure of algorithm {self.algorithm_id!r} cannot be published: "
                f"required fields missing: {missing}."
            )
        return audit_log.append(
            action=f"disclosure.{ev}", actor=actor,
            subject=f"{self.algorithm_id}@{self.version or ''}",
            payload={"event": ev, "algorithm_id": self.algorithm_id, "version": self.version,
                     "digest": self.digest, "report_digest": self.report_digest,
                     "effective_date": str(self.effective_date or now().date()),
                     "missing_fields": missing, "audience": self.audience},
        )


