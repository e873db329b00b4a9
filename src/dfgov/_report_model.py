"""The data model of results: :class:`Status`, :class:`Finding`, :class:`ReportModel`.

This is the bottom of the vocabulary: the renderers (:mod:`dfgov.render`) and the
audit trail (:mod:`dfgov.audit`) read these models, and :mod:`dfgov.report` (the
public face: ``Report`` with its output methods) sits above all three. It imports
neither the renderers nor the audit trail.

Nothing personal leaves through these objects: every text, table cell, detail,
subject and metadata value is passed through dfgov's own identifier detector
when the object is built, and resident IDs, card numbers, mobiles, landlines,
IBANs and e-mail addresses are masked (``dfgov._pii``). Masking is idempotent,
so reading a report back (``Report.from_json``) changes nothing.

JSON (schema version 1.x): the fields of the report (``findings`` with ``message``
as ``{"en": ..., "zh-CN": ...}``), plus a derived ``summary`` object (``status``,
``exit_code``, ``counts``) that is ignored on reading. Version 1.1 added the
``waived`` status and, on waived findings only, a ``waiver`` object (``id``,
``approver``, ``expires``, ``original_status``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from dfgov._env import environment
from dfgov._jsonable import to_jsonable
from dfgov._pii import redact, redact_text
from dfgov.clock import now as _clock_now
from dfgov.i18n import LocalizedText

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = [
    "SCHEMA_VERSION", "Figure", "Finding", "ReportModel", "Status", "Table", "WaiverRef",
    "render_json", "report_to_dict",
]

#: 1.1 added ``Finding.waiver``, the ``waived`` status and ``control`` on Figure and Table
#: (1.0 documents still read).
SCHEMA_VERSION = "1.1"

JSONScalar = str | int | float | bool | None


class Status(StrEnum):
    """Outcome of one finding. Severity order: pass < warn < waived < fail; error and skipped apart.

    ``waived`` is a failure that a named approver accepted until a date (a
    risk acceptance, see :mod:`dfgov.waivers`): it does not fail the gate, and
    it is never shown or counted as ``pass``.
    """

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"
    SKIPPED = "skipped"
    WAIVED = "waived"

    @property
    def rank(self) -> int:
        """Severity rank: skipped 0, pass 1, warn 2, waived 3, fail 4, error 5."""
        return _RANK[self]


_RANK = {Status.SKIPPED: 0, Status.PASS: 1, Status.WARN: 2, Status.WAIVED: 3, Status.FAIL: 4,
         Status.ERROR: 5}


def _masked_json(value: Any) -> Any:
    return redact(to_jsonable(value)) if isinstance(value, Mapping) else value


#: Text passed through the identifier detector (identifiers masked) when a model is built.
MaskedText = Annotated[str, AfterValidator(redact_text)]
#: JSON data (numpy unwrapped, NaN as null) with every string masked the same way.
MaskedJSON = Annotated[dict[str, Any], BeforeValidator(_masked_json)]


class WaiverRef(BaseModel):
    """The risk acceptance a ``waived`` finding rests on: which waiver, who approved, until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    approver: str
    expires: date
    original_status: Status = Status.FAIL


class Finding(BaseModel):
    """One judged fact (fields are keyword arguments of the constructor).

    Attributes
    ----------
    control : str
        Id of the control that produced it, e.g. ``"fairness.demographic_parity"``.
    status : Status
    message : LocalizedText
        What was found, in English and Chinese (from the message catalog).
    metric, value, threshold : optional
        The measured quantity, its value and the limit it was judged against.
        ``value`` is ``None`` when the metric is undefined (never NaN).
    interval : (low, high), optional
        Confidence interval of ``value`` at ``confidence``.
    subject : str, optional
        What the finding concerns: a group, column, vendor or model.
    clauses : tuple of str
        Regulatory clause tags served (see REGULATIONS.md), e.g. ``"AP-16"``.
    details : dict
        Extra JSON-compatible facts (group sizes, worst pair, ...).
    waiver : WaiverRef, optional
        Set on a ``waived`` finding: the waiver that accepted it (and only then).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    control: MaskedText
    status: Status
    message: LocalizedText
    metric: MaskedText | None = None
    value: float | None = None
    threshold: float | None = None
    interval: tuple[float, float] | None = None
    confidence: float | None = None
    subject: MaskedText | None = None
    clauses: tuple[str, ...] = ()
    details: MaskedJSON = Field(default_factory=dict)
    waiver: WaiverRef | None = None

    @field_validator("value", "threshold", mode="before")
    @classmethod
    def _nan_is_none(cls, v: Any) -> Any:
        if isinstance(v, float) and math.isnan(v):
            return None
        if v is not None and not isinstance(v, bool) and hasattr(v, "item"):
            v = v.item()  # numpy scalar
            return None if isinstance(v, float) and math.isnan(v) else v
        return v

    @field_validator("interval", mode="before")
    @classmethod
    def _interval_finite(cls, v: Any) -> Any:
        if v is None:
            return None
        lo, hi = (float(x) for x in v)
        if math.isnan(lo) or math.isnan(hi):
            return None
        return (lo, hi)

    @model_validator(mode="after")
    def _waiver_iff_waived(self) -> Finding:
        if (self.status is Status.WAIVED) != (self.waiver is not None):
            raise ValueError("a finding has a 'waiver' exactly when its status is 'waived'")
        return self

    @property
    def fingerprint(self) -> str:
        """SHA-256 of what the finding is about: control, metric and subject (not its value).

        The same check of the same subject has the same fingerprint run after
        run, so a waiver can name it (``dfgov waiver request --fingerprint``).
        """
        from dfgov._hashing import digest

        canon = json.dumps([self.control, self.metric, self.subject], ensure_ascii=False,
                           separators=(",", ":"))
        return digest(canon.encode("utf-8"))


class Figure(BaseModel):
    """An inline figure for HTML reports.

    ``data`` is SVG text, base64 PNG, or a chart's numbers as JSON (media type
    ``application/vnd.dfgov.chart+json``, built with ``dfgov._chart``), which
    the renderers draw in the report's language. ``control`` names the control
    or area it belongs to (e.g. ``"fairness"``), so a report shows it in that
    section.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: LocalizedText
    media_type: str = "image/svg+xml"
    data: str
    control: str | None = None

    @field_validator("data")
    @classmethod
    def _no_personal_data(cls, v: str, info: Any) -> str:
        # SVG is text (labels are <text> elements), so is a chart's JSON (its category
        # labels); base64 PNG carries no text
        media = info.data.get("media_type", "")
        return redact_text(v) if media.startswith("image/svg") or media.endswith("+json") else v


class Table(BaseModel):
    """A small table shown in reports (group metrics, inventories, PSI per feature).

    ``columns`` are header texts; ``rows`` hold JSON scalars (None shows as "—").
    Keep tables small (they are documents, not data exports). ``control``
    names the control or area the table belongs to (e.g. ``"validation"``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: LocalizedText
    columns: tuple[LocalizedText, ...]
    rows: tuple[tuple[JSONScalar, ...], ...] = ()
    control: str | None = None

    @field_validator("rows", mode="before")
    @classmethod
    def _rows_json(cls, v: Any) -> Any:
        return [tuple(redact(to_jsonable(list(r)))) for r in v] if v is not None else v

    @model_validator(mode="after")
    def _widths(self) -> Table:
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i} has {len(row)} cells for {len(self.columns)} columns")
        return self


class ReportModel(BaseModel):
    """The data of a report: findings plus what they are about, when, and under which policy.

    :class:`dfgov.report.Report` is this model with its output methods (HTML, Markdown,
    PDF, JUnit, evidence bundles); the renderers and the audit trail read this model, so
    they sit below the public class instead of beside it.

    ``status`` and ``exit_code`` are derived from the findings: ``fail`` (or
    ``error``, unless the policy's ``errors_fail`` is false) gives exit code 1;
    ``waived`` (a failure accepted by a valid waiver) does not.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = SCHEMA_VERSION
    title: LocalizedText = Field(default_factory=lambda: LocalizedText.same("dfgov report"))
    findings: tuple[Finding, ...] = ()
    fingerprints: dict[str, str] = Field(default_factory=dict)
    policy_hash: str | None = None
    policy_name: MaskedText | None = None
    errors_fail: bool = True
    environment: dict[str, str] = Field(default_factory=dict)
    started_at: datetime = Field(default_factory=_clock_now)
    finished_at: datetime = Field(default_factory=_clock_now)
    metadata: MaskedJSON = Field(default_factory=dict)
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()

    @field_validator("fingerprints", mode="before")
    @classmethod
    def _fingerprint_names(cls, v: Any) -> Any:
        # digests are hexadecimal; the names (and any value a caller passes) are masked
        return redact(dict(v)) if isinstance(v, Mapping) else v

    @model_validator(mode="after")
    def _times(self) -> Self:
        if self.finished_at < self.started_at:
            raise ValueError("finished_at is before started_at")
        return self

    # -- construction -------------------------------------------------
    @classmethod
    def build(
        cls,
        findings: Iterable[Finding],
        *,
        title: LocalizedText | str | None = None,
        policy: Policy | None = None,
        fingerprints: Mapping[str, str] | None = None,
        started_at: datetime | None = None,
        metadata: Mapping[str, Any] | None = None,
        figures: Sequence[Figure] = (),
        tables: Sequence[Table] = (),
        clock: Clock | None = None,
    ) -> Self:
        """Assemble a Report, recording the environment and the policy hash.

        ``finished_at`` (and ``started_at`` when not given) is read from ``clock`` (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).
        """
        fps = dict(fingerprints or {})
        if policy is not None:
            fps.setdefault("policy", policy.hash)
        if isinstance(title, str):
            title = LocalizedText.same(title)
        return cls(
            title=title or LocalizedText.same("dfgov report"),
            findings=tuple(findings),
            fingerprints=fps,
            policy_hash=policy.hash if policy is not None else None,
            policy_name=policy.meta.name if policy is not None else None,
            errors_fail=policy.meta.errors_fail if policy is not None else True,
            environment=environment(),
            started_at=started_at or _clock_now(clock),
            finished_at=_clock_now(clock),
            metadata=dict(metadata or {}),
            figures=tuple(figures),
            tables=tuple(tables),
        )

    # -- derived ------------------------------------------------------
    @property
    def status(self) -> Status:
        """Overall status: the most severe finding (error counts per ``errors_fail``)."""
        if not self.findings:
            return Status.SKIPPED
        ranks = [f.status for f in self.findings]
        if Status.ERROR in ranks and self.errors_fail:
            return Status.ERROR
        worst = max((s for s in ranks if s is not Status.ERROR), key=lambda s: s.rank,
                    default=Status.SKIPPED)
        if worst is Status.SKIPPED and Status.ERROR in ranks:
            return Status.WARN
        return worst

    @property
    def exit_code(self) -> int:
        """0 when nothing fails, 1 when a control fails (or errors, per policy)."""
        return 1 if self.status in (Status.FAIL, Status.ERROR) else 0

    def counts(self) -> dict[str, int]:
        """Number of findings per status."""
        out = {s.value: 0 for s in Status}
        for f in self.findings:
            out[f.status.value] += 1
        return out

    def failed(self) -> list[Finding]:
        """Findings that make the gate fail."""
        bad = {Status.FAIL, Status.ERROR} if self.errors_fail else {Status.FAIL}
        return [f for f in self.findings if f.status in bad]

    def waived(self) -> list[Finding]:
        """Failing findings accepted by a waiver (they do not fail the gate)."""
        return [f for f in self.findings if f.status is Status.WAIVED]

    def merge(self, *others: ReportModel, title: LocalizedText | None = None) -> Self:
        """One report holding this report's findings followed by the others'."""
        findings = list(self.findings)
        figures = list(self.figures)
        tables = list(self.tables)
        fps = dict(self.fingerprints)
        for o in others:
            findings.extend(o.findings)
            figures.extend(o.figures)
            tables.extend(o.tables)
            fps.update(o.fingerprints)
        starts = [self.started_at, *(o.started_at for o in others)]
        ends = [self.finished_at, *(o.finished_at for o in others)]
        return self.model_copy(
            update={
                "findings": tuple(findings),
                "figures": tuple(figures),
                "tables": tuple(tables),
                "fingerprints": fps,
                "title": title or self.title,
                "started_at": min(starts),
                "finished_at": max(ends),
            }
        )

    # -- deprecated: the list a control's run() returned before it returned a Report --
    def _findings_as_list(self, what: str) -> tuple[Finding, ...]:
        import warnings

        warnings.warn(
            f"{what} a Report is deprecated and will be removed in the next release: a "
            "control's run() now returns a Report; use report.findings for its Findings.",
            DeprecationWarning, stacklevel=3,
        )
        return self.findings

    def __iter__(self) -> Iterator[Finding]:  # type: ignore[override]
        """Deprecated: iterate over ``report.findings`` instead."""
        return iter(self._findings_as_list("Iterating over"))

    def __len__(self) -> int:
        """Deprecated: use ``len(report.findings)``."""
        return len(self._findings_as_list("len() of"))

    def __getitem__(self, index: int) -> Finding:
        """Deprecated: use ``report.findings[index]``."""
        return self._findings_as_list("Indexing")[index]

    def __bool__(self) -> bool:
        """A Report is always true (even with no findings), as before ``__len__`` existed."""
        return True

    # -- display ------------------------------------------------------
    def __repr__(self) -> str:
        """One line: ``<Report model risk assessment: warn — 64 pass, 24 warn, 0 fail>``."""
        c = self.counts()
        shown = [f"{c['pass']} pass", f"{c['warn']} warn", f"{c['fail']} fail"]
        shown += [f"{n} {s}" for s, n in c.items() if s not in ("pass", "warn", "fail") and n]
        title = self.title.en
        if len(title) > 1 and title[0].isupper() and title[1].islower():
            title = title[0].lower() + title[1:]  # sentence case reads as a description
        return f"<Report {title}: {self.status.value} — {', '.join(shown)}>"

    __str__ = __repr__

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of :meth:`to_json`: the canonical digest of this report.

        Disclosures, the model inventory, the data-security register, review dossiers and the
        assessment's audit event all link a report by this digest; it equals ``sha256sum`` of
        the JSON file :meth:`save` writes.
        """
        from dfgov._hashing import digest

        return digest(self.to_json().encode("utf-8"))

    # -- output -------------------------------------------------------
    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON (schema ``SCHEMA_VERSION``); ``Report.from_json`` reads it back."""
        return render_json(self, indent=indent)


def report_to_dict(report: ReportModel) -> dict[str, Any]:
    """The report as JSON-compatible data, with the derived summary."""
    data = report.model_dump(mode="json", by_alias=True)
    for f in data["findings"]:  # "waiver" appears only on waived findings (schema 1.1)
        if f.get("waiver") is None:
            f.pop("waiver", None)
    data["summary"] = {
        "status": report.status.value,
        "exit_code": report.exit_code,
        "counts": report.counts(),
    }
    return data


def render_json(report: ReportModel, *, indent: int | None = 2) -> str:
    """Stable JSON text of ``report`` (same report, same bytes)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent,
                      allow_nan=False) + "\n"


# The public names live in dfgov.report (which re-exports them): pickles and reprs name
# that module, as they did before the model moved here.
for _cls in (Status, WaiverRef, Finding, Figure, Table):
    _cls.__module__ = "dfgov.report"
del _cls
