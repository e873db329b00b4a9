"""Risk acceptance in the shared vocabulary: match waivers to failing findings.

A *waiver* accepts one failing finding — matched by control and subject, or
by the finding's :attr:`~dfgov.report.Finding.fingerprint` — for one model
version, from a start date until an expiry date, approved by someone other
than the requester, with compensating controls. :func:`apply_waivers` turns
each failing finding a valid waiver covers into status ``waived`` (never
``pass``) carrying the waiver's reference; a waiver that would cover a
failing finding but is expired, not yet valid, out of scope (another model
version) or against the policy has no effect, and the report says so in a
``waivers.not_applied`` warning. Every use is an audit-log event when an
audit log is given.

This module only *matches*: storing, approving and reporting waivers is the
review composer's work (:mod:`dfgov.review`). Keeping the matching here lets
an area (``ModelRiskAssessment``) and an edge (``dfgov gate``) apply waivers
without importing the composer. Any object with the attributes of
:class:`Waiver` works, e.g. :class:`dfgov.review.Waiver`.

The policy section ``[waivers]`` (:class:`WaiverPolicy`) names the controls
no waiver may cover, the longest validity and the compensating-control rule.

Examples
--------
>>> from datetime import date
>>> from types import SimpleNamespace
>>> from dfgov.report import Finding, Report, Status
>>> from dfgov.i18n import LocalizedText
>>> bad = Finding(control="fairness.demographic_parity", status=Status.FAIL,
...               subject="sex", message=LocalizedText.same("gap too large"))
>>> w = SimpleNamespace(id="W-1", control="fairness.demographic_parity", subject="sex",
...     finding_fingerprint=None, model="scorecard", version="2.0", model_fingerprint=None,
...     valid_from=date(2026, 1, 1), expires=date(2026, 6, 30), requester="alice",
...     approver="cro", status="approved", compensating_controls=("monthly review",))
>>> report, decisions = apply_waivers(Report.build([bad]), [w], model="scorecard",
...                                   version="2.0", as_of=date(2026, 3, 1))
>>> report.findings[0].status.value, report.exit_code, decisions[0].outcome
('waived', 0, 'applied')
>>> report, decisions = apply_waivers(Report.build([bad]), [w], model="scorecard",
...                                   version="2.0", as_of=date(2026, 7, 1))
>>> report.exit_code, decisions[0].outcome
(1, 'expired')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Literal, Protocol

from pydantic import Field, field_validator

from dfgov.clock import Clock, now
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, register_messages, text
from dfgov.policy import Policy, PolicySection, register_section, resolve_section
from dfgov.report import Finding, Report, Status, WaiverRef

__all__ = [
    "WAIVER_CLAUSES",
    "Waiver",
    "WaiverDecision",
    "WaiverOutcome",
    "WaiverPolicy",
    "apply_waivers",
    "is_non_waivable",
]

#: Clauses a risk acceptance serves: governance of accepted model risk.
WAIVER_CLAUSES: tuple[str, ...] = ("AP-16", "SR 11-7 §VI", "JR/T 0221-2021 §6.5")

WaiverOutcome = Literal[
    "applied", "expired", "not_yet_valid", "out_of_scope", "refused", "unused"
]

register_messages({
    "waivers.expired": {
        "en": "Waiver {id} for {control}[{subject}] expired on {expires}; it has no effect and "
              "the finding stays failing.",
        "zh-CN": "针对 {control}[{subject}] 的豁免 {id} 已于 {expires} 到期，不再生效，"
                 "该检查结果仍为不通过。",
    },
    "waivers.not_yet_valid": {
        "en": "Waiver {id} for {control}[{subject}] is valid only from {valid_from}; it has no "
              "effect yet and the finding stays failing.",
        "zh-CN": "针对 {control}[{subject}] 的豁免 {id} 自 {valid_from} 起才生效，目前不起作用，"
                 "该检查结果仍为不通过。",
    },
    "waivers.out_of_scope": {
        "en": "Waiver {id} for {control}[{subject}] covers {scope}, not {actual}; it has no "
              "effect and the finding stays failing.",
        "zh-CN": "针对 {control}[{subject}] 的豁免 {id} 的适用范围是 {scope}，而非 {actual}，"
                 "不起作用，该检查结果仍为不通过。",
    },
    "waivers.refused": {
        "en": "Waiver {id} for {control}[{subject}] is refused: {reason}. The finding stays "
              "failing.",
        "zh-CN": "针对 {control}[{subject}] 的豁免 {id} 被拒绝：{reason_zh}。"
                 "该检查结果仍为不通过。",
    },
    "waivers.applied": {
        "en": "Waiver {id} accepts {control}[{subject}] until {expires} (approved by "
              "{approver}).",
        "zh-CN": "豁免 {id} 接受 {control}[{subject}] 的风险，有效期至 {expires}"
                 "（审批人 {approver}）。",
    },
    "waivers.unused": {
        "en": "Waiver {id} matches no failing finding of this run.",
        "zh-CN": "豁免 {id} 未匹配本次运行的任何不通过结果。",
    },
    "waivers.reason.non_waivable": {
        "en": "the policy forbids waivers for control {control} ([waivers] non_waivable)",
        "zh-CN": "策略禁止豁免控制项 {control}（[waivers] non_waivable）",
    },
    "waivers.reason.not_approved": {
        "en": "it is not approved by someone other than its requester",
        "zh-CN": "该豁免未经申请人以外的人员审批",
    },
    "waivers.reason.too_long": {
        "en": "it is valid for {days} days, longer than the policy's {limit} ([waivers] max_days)",
        "zh-CN": "其有效期为 {days} 天，超过策略上限 {limit} 天（[waivers] max_days）",
    },
    "waivers.reason.no_compensating": {
        "en": "it names no compensating controls",
        "zh-CN": "未列明补偿性控制措施",
    },
    "waivers.reason.not_failing": {
        "en": "only a 'fail' finding can be waived; an '{status}' finding means the control "
              "could not be judged",
        "zh-CN": "只能豁免“不通过”的结果；“{status}”表示该控制项未能得出结论",
    },
})


class Waiver(Protocol):
    """What :func:`apply_waivers` reads of a waiver (``dfgov.review.Waiver`` fits).

    ``control`` + ``subject``, or ``finding_fingerprint`` (with ``control``
    when known), say which finding;
    ``model`` + ``version`` (and, when set, ``model_fingerprint``, the
    report's ``fingerprints["model"]``) say for which model; it holds from
    ``valid_from`` through ``expires``; it counts only with ``status ==
    "approved"`` and an ``approver`` other than the ``requester``.
    """

    @property
    def id(self) -> str: ...

    @property
    def control(self) -> str | None: ...

    @property
    def subject(self) -> str | None: ...

    @property
    def finding_fingerprint(self) -> str | None: ...

    @property
    def model(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def model_fingerprint(self) -> str | None: ...

    @property
    def valid_from(self) -> date: ...

    @property
    def expires(self) -> date: ...

    @property
    def requester(self) -> str: ...

    @property
    def approver(self) -> str | None: ...

    @property
    def status(self) -> str: ...

    @property
    def compensating_controls(self) -> Sequence[str]: ...


@register_section
class WaiverPolicy(PolicySection):
    """Waivers (risk acceptance): what may be waived, for how long, on which conditions."""

    section_name: ClassVar[str] = "waivers"

    non_waivable: list[str] = Field(
        default_factory=lambda: [
            "explain.prohibited_features", "audit.chain",
            # a required control that was not judged, or a run that judged nothing: never
            # turned into exit 0 on the strength of nothing
            "model_risk.verdict", "fairness.required", "explainability.required",
            "validation.required", "robustness.required", "security.required",
            "disclosure.required"],
        description="Controls no waiver may cover: exact control ids, or a prefix ending in "
        "'.*' (e.g. 'security.*'). By default also the findings that a required model-risk "
        "control was not judged.",
    )
    max_days: int = Field(
        183, ge=1, description="Longest validity of a waiver, in days from valid_from to expires."
    )
    expiring_within_days: int = Field(
        30, ge=0, description="A waiver expiring within this many days is reported as expiring."
    )
    require_compensating_controls: bool = Field(
        True, description="A waiver must name at least one compensating control."
    )

    @field_validator("non_waivable")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            body = p[:-2] if p.endswith(".*") else p
            if not body or "*" in body or any(c.isspace() for c in body):
                raise ValueError(
                    f"{p!r} is not a control id or a prefix ending in '.*'"
                )
        return v


def is_non_waivable(control: str, patterns: Iterable[str]) -> bool:
    """Whether ``control`` is covered by a ``[waivers] non_waivable`` pattern.

    >>> is_non_waivable("security.evasion", ["security.*"])
    True
    >>> is_non_waivable("securityx", ["security.*"])
    False
    """
    for p in patterns:
        if p.endswith(".*"):
            if control.startswith(p[:-1]):
                return True
        elif control == p:
            return True
    return False


@dataclass(frozen=True)
class WaiverDecision:
    """What became of one waiver in one run.

    ``outcome`` is ``applied`` (the finding is now ``waived``), ``expired``,
    ``not_yet_valid``, ``out_of_scope`` (another model version or model
    fingerprint), ``refused`` (policy or approval rule broken; the message
    says which) or ``unused`` (no failing finding of this model matches).
    """

    waiver_id: str
    outcome: WaiverOutcome
    message: LocalizedText
    control: str | None = None
    subject: str | None = None
    finding_fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (report metadata, audit payloads)."""
        return {"waiver": self.waiver_id, "outcome": self.outcome, "control": self.control,
                "subject": self.subject, "finding_fingerprint": self.finding_fingerprint}


def _day(value: date | datetime | None, clock: Clock | None) -> date:
    if value is None:
        return now(clock).date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InvalidInputError(
        f"The 'as_of' argument of apply_waivers must be a date or datetime. "
        f"Got {type(value).__name__}."
    )


def _text_arg(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(
            f"The {name!r} argument of apply_waivers must be a non-empty string, or the "
            f"report's metadata must hold 'model_{'id' if name == 'model' else 'version'}' "
            "(waivers are scoped to one model version)."
        )
    return value


def _check_waiver(w: Any, i: int) -> None:
    for attr in ("id", "model", "version", "requester", "status"):
        if not isinstance(getattr(w, attr, None), str):
            raise InvalidInputError(
                f"Item {i} of 'waivers' must have a string '{attr}' (see dfgov.waivers.Waiver)."
            )
    for attr in ("valid_from", "expires"):
        if not isinstance(getattr(w, attr, None), date):
            raise InvalidInputError(
                f"Item {i} of 'waivers' must have a date '{attr}' (see dfgov.waivers.Waiver)."
            )
    if getattr(w, "control", None) is None and getattr(w, "finding_fingerprint", None) is None:
        raise InvalidInputError(
            f"Waiver {w.id!r} names neither a 'control' nor a 'finding_fingerprint'."
        )


def _matches(w: Waiver, f: Finding) -> bool:
    if w.control is not None and w.control != f.control:
        return False
    if w.finding_fingerprint is not None:
        return w.finding_fingerprint == f.fingerprint
    return (w.subject or None) == (f.subject or None)


class _Judge:
    """Decides whether one waiver holds for one finding under the policy and scope."""

    def __init__(self, settings: WaiverPolicy, model: str, version: str,
                 model_fp: str | None, day: date) -> None:
        self.settings, self.model, self.version = settings, model, version
        self.model_fp, self.day = model_fp, day

    def outcome(self, w: Waiver, f: Finding) -> tuple[WaiverOutcome, LocalizedText]:
        s = self.settings
        subj = f.subject or "—"
        base = {"id": w.id, "control": f.control, "subject": subj}
        reason: LocalizedText | None = None
        if f.status is not Status.FAIL:
            reason = text("waivers.reason.not_failing", status=f.status.value)
        elif is_non_waivable(f.control, s.non_waivable):
            reason = text("waivers.reason.non_waivable", control=f.control)
        elif w.status != "approved" or not w.approver or w.approver == w.requester:
            reason = text("waivers.reason.not_approved")
        elif (w.expires - w.valid_from).days > s.max_days:
            reason = text("waivers.reason.too_long", days=(w.expires - w.valid_from).days,
                          limit=s.max_days)
        elif s.require_compensating_controls and not [
                c for c in (w.compensating_controls or ()) if str(c).strip()]:
            reason = text("waivers.reason.no_compensating")
        if reason is not None:
            # each language's template reads its own reason ({reason} / {reason_zh})
            return "refused", text("waivers.refused", reason=reason.en,
                                   reason_zh=reason.zh_cn, **base)
        if w.version != self.version or (
                w.model_fingerprint is not None and w.model_fingerprint != self.model_fp):
            scope = f"{w.model}@{w.version}"
            actual = f"{self.model}@{self.version}"
            if w.model_fingerprint is not None and w.version == self.version:
                scope += f" (model {w.model_fingerprint[:12]})"
                actual += f" (model {(self.model_fp or 'unknown')[:12]})"
            return "out_of_scope", text("waivers.out_of_scope", scope=scope, actual=actual,
                                        **base)
        if self.day < w.valid_from:
            return "not_yet_valid", text("waivers.not_yet_valid",
                                         valid_from=w.valid_from.isoformat(), **base)
        if self.day > w.expires:
            return "expired", text("waivers.expired", expires=w.expires.isoformat(), **base)
        return "applied", text("waivers.applied", expires=w.expires.isoformat(),
                               approver=w.approver or "", **base)


_ORDER: Mapping[str, int] = {"applied": 0, "refused": 1, "out_of_scope": 2, "not_yet_valid": 3,
                             "expired": 4, "unused": 5}


def apply_waivers(
    report: Report,
    waivers: Iterable[Waiver],
    *,
    model: str | None = None,
    version: str | None = None,
    as_of: date | datetime | None = None,
    policy: Policy | WaiverPolicy | None = None,
    audit: Any = None,
    actor: str | None = None,
    clock: Clock | None = None,
) -> tuple[Report, list[WaiverDecision]]:
    """Apply ``waivers`` to the failing findings of ``report``.

    Parameters
    ----------
    report : Report
        The assessment's report (it is not changed; a new one is returned).
    waivers : iterable of Waiver
        Candidate waivers, e.g. from :meth:`dfgov.review.ReviewStore.waivers`
        or :func:`dfgov.review.load_waivers`. Waivers of other models are
        ignored (outcome ``unused``).
    model, version : str, optional
        The model (id) and version the report is about; a waiver covers
        only its own model version. Default: the report's
        ``metadata["model_id"]`` and ``metadata["model_version"]``.
    as_of : date or datetime, optional
        The day of the decision (default: today by ``clock``).
        A waiver holds from ``valid_from`` through ``expires``, both inclusive.
    policy : Policy or WaiverPolicy, optional
        Its ``[waivers]`` section (defaults otherwise).
    audit : AuditLog or object with ``append(...)``, optional
        Receives one ``waiver.applied`` or ``waiver.not_applied`` event per
        waiver that matched a failing finding of this model.
    actor : str, optional
        Who runs the gate (recorded in the audit events).
    clock : Clock, optional
        Where today is read when ``as_of`` is not given (default
        :data:`dfgov.clock.SYSTEM_CLOCK`: today, or ``SOURCE_DATE_EPOCH``).

    Returns
    -------
    (Report, list of WaiverDecision)
        The report with covered findings ``waived`` (each carrying a
        :class:`~dfgov.report.WaiverRef`), one ``waivers.not_applied``
        warning per matching waiver that had no effect, and
        ``metadata["waivers"]`` listing every decision; and the decisions.

    Notes
    -----
    Only ``fail`` findings can be waived: an ``error`` means the control
    could not be judged, and a verdict that was not reached is never
    accepted. When several waivers hold for one finding, the one that
    expires last is used.
    """
    if not isinstance(report, Report):
        raise InvalidInputError(
            f"The 'report' argument of apply_waivers must be a dfgov Report. "
            f"Got {type(report).__name__}."
        )
    model = _text_arg(model if model is not None else report.metadata.get("model_id"), "model")
    version = _text_arg(version if version is not None else report.metadata.get("model_version"),
                        "version")
    settings = resolve_section(policy, WaiverPolicy, "apply_waivers")
    day = _day(as_of, clock)
    items = list(waivers)
    for i, w in enumerate(items):
        _check_waiver(w, i)
    judge = _Judge(settings, model, version, report.fingerprints.get("model"), day)
    mine = [w for w in items if w.model == model]
    best: dict[str, tuple[WaiverOutcome, LocalizedText, Finding]] = {}
    findings: list[Finding] = []
    for f in report.findings:
        if f.status not in (Status.FAIL, Status.ERROR):
            findings.append(f)
            continue
        valid: list[tuple[Waiver, LocalizedText]] = []
        for w in mine:
            if not _matches(w, f):
                continue
            outcome, msg = judge.outcome(w, f)
            if outcome == "applied":
                valid.append((w, msg))
            prev = best.get(w.id)
            if prev is None or _ORDER[outcome] < _ORDER[prev[0]]:
                best[w.id] = (outcome, msg, f)
        if not valid:
            findings.append(f)
            continue
        chosen, _ = max(valid, key=lambda v: (v[0].expires, v[0].id))
        for w, _msg in valid:  # the others held too but were not needed
            if w is not chosen and best[w.id][0] == "applied" and best[w.id][2] is f:
                best[w.id] = ("unused", text("waivers.unused", id=w.id), f)
        findings.append(f.model_copy(update={
            "status": Status.WAIVED,
            "waiver": WaiverRef(id=chosen.id, approver=chosen.approver or "",
                                expires=chosen.expires, original_status=f.status),
        }))
    decisions: list[WaiverDecision] = []
    extra: list[Finding] = []
    for w in items:
        hit = best.get(w.id)
        if hit is None:
            decisions.append(WaiverDecision(w.id, "unused", text("waivers.unused", id=w.id)))
            continue
        outcome, msg, f = hit
        d = WaiverDecision(w.id, outcome, msg, control=f.control, subject=f.subject,
                           finding_fingerprint=f.fingerprint)
        decisions.append(d)
        if outcome not in ("applied", "unused"):
            extra.append(Finding(
                control="waivers.not_applied", status=Status.WARN, subject=w.id, message=msg,
                clauses=WAIVER_CLAUSES,
                details={"outcome": outcome, "control": f.control, "subject": f.subject,
                         "finding_fingerprint": f.fingerprint},
            ))
    out = report.model_copy(update={
        "findings": (*findings, *extra),
        "metadata": {"model_id": model, "model_version": version, **report.metadata,
                     "waivers": [d.to_dict() for d in decisions]},
    })
    if audit is not None:
        _audit(audit, decisions, model=model, version=version, day=day, actor=actor)
    return out, decisions


def _audit(audit: Any, decisions: Sequence[WaiverDecision], *, model: str, version: str,
           day: date, actor: str | None) -> None:
    if not callable(getattr(audit, "append", None)):
        raise InvalidInputError(
            "The 'audit' argument of apply_waivers must have an append method."
        )
    for d in decisions:
        if d.outcome == "unused":
            continue
        action = "waiver.applied" if d.outcome == "applied" else "waiver.not_applied"
        audit.append(action=action, actor=actor, subject=d.waiver_id,
                     payload={**d.to_dict(), "model": model, "version": version,
                              "as_of": day.isoformat()})
