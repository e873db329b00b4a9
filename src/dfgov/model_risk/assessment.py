"""ModelRiskAssessment: run the model-risk controls a policy enables, into one Report.

Inputs are converted, aligned by index and by column name, and scored once
(:mod:`dfgov.model_risk._context`); predictions and scores are shared by every
control. A control whose inputs are missing is reported as ``skipped`` with
the reason; a control that raises is reported as ``error``. Verdicts fail
closed: a control the policy requires (``[model_risk] required``; by default
fairness whenever sensitive features are named) that was not judged adds a
``fail`` finding naming why, and a run that judged nothing fails.

Examples
--------
Illustrative (a whole assessment is slow; ``docs/getting-started.md`` runs one):

>>> from dfgov.model_risk import ModelRiskAssessment  # doctest: +SKIP
>>> policy = dfgov.Policy.load("policy.toml")  # doctest: +SKIP
>>> report = ModelRiskAssessment(policy).run(  # doctest: +SKIP
...     model, X_test, y_test, sensitive_features=X_test[["sex"]], X_reference=X_train)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from dfgov._validate import renamed_arg
from dfgov.audit import AuditSink
from dfgov.clock import Clock, now
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk import _messages
from dfgov.model_risk._context import AssessmentContext, SkipControl, build_context
from dfgov.model_risk._policy import CONTROL_NAMES, ModelRiskPolicy
from dfgov.policy import Policy, resolve_policy
from dfgov.report import Finding, Report, Status
from dfgov.waivers import Waiver, apply_waivers

__all__ = ["AssessmentContext", "ModelRiskAssessment", "SkipControl"]

ControlFn = Callable[[AssessmentContext], list[Finding]]


class ModelRiskAssessment:
    """Run the model-risk controls that a policy enables and return one Report.

    Parameters
    ----------
    policy : Policy or ModelRiskPolicy, optional
        Defaults to :meth:`Policy.default`; a ``[model_risk]`` section object is
        placed into the default policy. ``[model_risk]`` states the decision
        vocabulary (favourable label, score direction, decision threshold),
        the controls to run and the controls that must be judged.
    checks : sequence of str or callables, optional
        Overrides the policy's list: names from ``fairness``, ``explainability``,
        ``validation``, ``robustness``, ``security``, ``disclosure``, or
        callables taking an :class:`AssessmentContext` and returning Findings.
    audit : AuditLog, optional
        When given, an ``assessment.run`` event (report digest, status,
        fingerprints) is appended after each run.
    actor : str, optional
        Who runs the assessment (recorded in the audit event and report metadata).
    clock : Clock, optional
        Where report times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "model_risk.assessment"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021",
        "SR 11-7 §V",
        "EU AI Act Art.9",
        "EU AI Act Art.12",
    )

    def __init__(
        self,
        policy: Policy | ModelRiskPolicy | None = None,
        checks: Sequence[str | ControlFn] | None = None,
        *,
        audit: AuditSink | None = None,
        actor: str | None = None,
        clock: Clock | None = None,
        audit_log: AuditSink | None = None,
    ) -> None:
        audit = renamed_arg(audit, audit_log, caller="ModelRiskAssessment",
                            new="audit", old="audit_log")
        self.policy = None if policy is None else resolve_policy(
            policy, ModelRiskPolicy, "ModelRiskAssessment")
        self.checks = checks
        self.audit_log = audit
        self.actor = actor
        self.clock = clock

    def _controls(self, policy: Policy) -> list[tuple[str, ControlFn]]:
        from dfgov.model_risk._controls import CONTROLS

        wanted: Sequence[str | ControlFn] = (
            self.checks if self.checks is not None
            else policy.section(ModelRiskPolicy).controls
        )
        out: list[tuple[str, ControlFn]] = []
        for item in wanted:
            if callable(item):
                out.append((getattr(item, "__name__", "custom"), item))
            elif item in CONTROLS:
                out.append((item, CONTROLS[item]))
            else:
                raise InvalidInputError(
                    f"The 'checks' argument of ModelRiskAssessment names an unknown control "
                    f"{item!r}; known: {list(CONTROL_NAMES)}."
                )
        return out

    def run(
        self,
        model: Any = None,
        X: Any = None,
        y: Any = None,
        *,
        sensitive_features: Any = None,
        X_reference: Any = None,
        y_reference: Any = None,
        X_train: Any = None,
        y_train: Any = None,
        y_pred: Any = None,
        y_score: Any = None,
        sample_weight: Any = None,
        model_format: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        fingerprints: Mapping[str, str] | None = None,
        figures: bool = True,
        waivers: Iterable[Waiver] | None = None,
    ) -> Report:
        """Assess ``model`` on ``(X, y)``; see the class docstring.

        ``sensitive_features`` may be column names of ``X`` or a DataFrame /
        Series / array describing the same rows. pandas inputs (``X``, ``y``,
        ``y_pred``, ``y_score``, ``sensitive_features``, ``sample_weight``)
        are matched by index label — the same labels in another order are
        reordered, other labels are an error naming both — and arrays by
        position (equal lengths). ``X`` reaches the model as the columns it
        was fitted on, in its order. ``y_pred`` / ``y_score`` gate
        precomputed decisions (or scores, decided at the threshold) without a
        model. ``figures=False`` skips plots (they need matplotlib and only
        show in HTML). ``waivers`` (risk acceptances,
        :func:`dfgov.waivers.apply_waivers`) turn the failures they validly
        cover into ``waived``; they need ``metadata`` with ``model_id`` and
        ``model_version``, and each use is an event in the audit log.

        Raises
        ------
        PolicyError
            The policy does not state what a verdict needs (the favourable
            label; the score direction when scores are used); the message names
            the key and lists the label values found.
        InvalidInputError
            Inputs that cannot be aligned, labels that are not two values (or a
            multi-class model's classes), decisions that are scores, no rows.
        ModelError
            The model is not recognised, or raised when scoring ``X``.
        """
        from dfgov.fingerprint import fingerprint_frame, fingerprint_model

        started = now(self.clock)
        policy = self.policy or Policy.default()
        ctx = build_context(
            policy, model=model, X=X, y=y, sensitive_features=sensitive_features,
            X_reference=X_reference, y_reference=y_reference, X_train=X_train,
            y_train=y_train, y_pred=y_pred, y_score=y_score, sample_weight=sample_weight,
            model_format=model_format, metadata=metadata, figures=figures,
        )
        ctx.clock = self.clock
        self.errors_: list[tuple[str, BaseException]] = []
        findings: list[Finding] = list(ctx.notes)
        controls = self._controls(policy)
        for name, fn in controls:
            ctx.results[name] = self._run_one(name, fn, ctx, self.errors_)
            findings.extend(ctx.results[name])
        required = self._required(policy, ctx, [name for name, _ in controls])
        findings.extend(judge_required(ctx.results, required))
        not_run = controls_not_run(ctx.results)
        if not any(_judged(f) for f in findings):
            findings.append(Finding(
                control="model_risk.verdict", status=Status.FAIL,
                message=text("assessment.nothing_judged", n=len(not_run)),
                details={"controls_not_run": not_run}))
        if ctx.vocabulary.one_vs_rest:  # said on every finding
            findings = [_one_vs_rest(f, ctx.vocabulary.favourable_label) for f in findings]
        fps = dict(fingerprints or {})
        if model is not None and "model" not in fps:
            fps["model"] = (ctx.adapter.fingerprint() if ctx.adapter is not None
                            else fingerprint_model(model))
        if ctx.X is not None and "data" not in fps:
            fps["data"] = fingerprint_frame(ctx.X)
        if ctx.X_reference is not None and "reference_data" not in fps:
            fps["reference_data"] = fingerprint_frame(ctx.X_reference)
        meta = {"actor": self.actor, **ctx.metadata} if self.actor else dict(ctx.metadata)
        meta["decision_vocabulary"] = ctx.vocabulary.describe()
        meta["required_controls"] = list(required)
        meta["controls_not_run"] = not_run
        report = Report.build(
            findings, title=text("assessment.title"), policy=policy, fingerprints=fps,
            started_at=started, metadata=meta,
            figures=ctx.extras.get("figures", ()), tables=ctx.extras.get("tables", ()),
            clock=self.clock,
        )
        if waivers is not None:
            report, _ = apply_waivers(report, waivers, policy=policy, audit=self.audit_log,
                                      actor=self.actor, clock=self.clock)
        if self.audit_log is not None:
            self.audit_log.append(
                action="assessment.run", actor=self.actor, subject=fps.get("model"),
                payload={"report_sha256": report.digest,
                         "status": report.status.value, "exit_code": report.exit_code,
                         "fingerprints": fps, "counts": report.counts(),
                         "report_time": report.finished_at.isoformat()},
            )
        return report

    def _required(self, policy: Policy, ctx: AssessmentContext,
                  ran: Sequence[str]) -> tuple[str, ...]:
        from dfgov.model_risk.fairness import FairnessPolicy

        named = ctx.sensitive is not None or bool(
            policy.section(FairnessPolicy).sensitive_features)
        required = policy.section(ModelRiskPolicy).required_controls(sensitive_named=named)
        if self.checks is not None:  # the caller chose the controls: require those among them
            required = tuple(c for c in required if c in ran)
        return required

    @staticmethod
    def _run_one(name: str, fn: ControlFn, ctx: AssessmentContext,
                 errors: list[tuple[str, BaseException]]) -> list[Finding]:
        from dfgov.model_risk._messages import SKIP_REASONS

        control = f"{name}.control"
        try:
            return list(fn(ctx))
        except SkipControl as skip:
            en, zh = SKIP_REASONS.get(skip.reason, (skip.reason, skip.reason))
            return [Finding(control=control, status=Status.SKIPPED,
                            message=text("assessment.skipped", control=name, reason=en,
                                         reason_zh=zh),
                            details={"reason": skip.reason})]
        except Exception as exc:
            # Whatever a control, its model or a library inside it raises is an error
            # finding (the control was not judged), never a crash of the gate.
            errors.append((name, exc))
            first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            err = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
            return [Finding(control=control, status=Status.ERROR,
                            message=text("assessment.error", control=name, error=err),
                            details={"exception": type(exc).__name__})]


_VERDICTS = (Status.SKIPPED, Status.ERROR)


def _judged(finding: Finding) -> bool:
    """Whether a finding is a verdict (pass, warn, fail, or a waived failure)."""
    return finding.status not in _VERDICTS and finding.control != "model_risk.inputs"


def _why(findings: Sequence[Finding]) -> LocalizedText:
    unjudged = [f for f in findings if not _judged(f)]
    if unjudged:
        return unjudged[0].message
    return text("assessment.required.no_findings")


def _fairness_groupings(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Fairness rule findings by grouping (the sensitive features they judge)."""
    out: dict[str, list[Finding]] = {}
    for f in findings:
        cols = f.details.get("sensitive_features") if "rule" in f.details else None
        if cols:
            out.setdefault(" & ".join(map(str, cols)), []).append(f)
    return out


def judge_required(results: Mapping[str, Sequence[Finding]],
                   required: Sequence[str]) -> list[Finding]:
    """A ``fail`` finding for each required control that was not judged, naming why.

    A control is judged when at least one of its findings is a verdict (not
    ``skipped`` or ``error``); fairness is judged when every grouping of the
    sensitive features has a judged rule.
    """
    out: list[Finding] = []
    for name in required:
        found = list(results.get(name, ()))
        why: LocalizedText | None = None
        if not any(_judged(f) for f in found):
            why = _why(found)
        elif name == "fairness":
            for grouping, rules in _fairness_groupings(found).items():
                if not any(_judged(f) for f in rules):
                    inner = _why(rules)
                    why = text("assessment.required.grouping", grouping=grouping, why=inner)
                    break
        if why is None:
            continue
        out.append(Finding(
            control=f"{name}.required", status=Status.FAIL,
            message=text("assessment.required", control=name, why=why),
            details={"control": name, "judged": False},
        ))
    return out


def controls_not_run(results: Mapping[str, Sequence[Finding]]) -> dict[str, dict[str, str]]:
    """Controls that judged nothing (skipped or error): the reason key and its texts."""
    from dfgov.model_risk._messages import SKIP_REASONS

    out: dict[str, dict[str, str]] = {}
    for name, found in results.items():
        if found and not any(_judged(f) for f in found):
            f = found[0]
            reason = str(f.details.get("reason") or f.details.get("exception") or "not_judged")
            en, zh = SKIP_REASONS.get(reason, (reason, reason))
            out[name] = {"reason": reason, "en": en, "zh-CN": zh}
    return out


def _one_vs_rest(finding: Finding, label: Any) -> Finding:
    shown = repr(label)
    return finding.model_copy(update={
        "message": text("assessment.one_vs_rest", message=finding.message, label=shown),
        "details": {**finding.details, "one_vs_rest": shown},
    })


def skipped_text(control: str, reason: str) -> LocalizedText:
    """The localised 'skipped' message (for adapters that skip part of a control)."""
    from dfgov.model_risk._messages import SKIP_REASONS

    en, zh = SKIP_REASONS.get(reason, (reason, reason))
    return text("assessment.skipped", control=control, reason=en, reason_zh=zh)


_ = _messages
