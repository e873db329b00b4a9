"""ModelRiskAssessment: run the model-risk controls a policy enables, into one Report.

Predictions and scores are computed once per dataset and shared by every
control. A control whose inputs are missing is reported as ``skipped`` with
the reason; a control that raises is reported as ``error`` (which fails the
gate unless the policy's ``errors_fail`` is false).

Examples
--------
Illustrative (a whole assessment is slow; ``docs/getting-started.md`` runs one):

>>> from dfgov.model_risk import ModelRiskAssessment  # doctest: +SKIP
>>> report = ModelRiskAssessment(policy).run(  # doctest: +SKIP
...     model, X_test, y_test, sensitive_features=X_test[["sex"]], X_reference=X_train)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from dfgov.errors import ColumnError, DfgovError, InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk import _messages
from dfgov.model_risk._assessment_policy import CONTROL_NAMES, AssessmentPolicy
from dfgov.policy import Policy
from dfgov.report import Finding, Report, Status, now
from dfgov.waivers import Waiver, apply_waivers

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["AssessmentContext", "ModelRiskAssessment", "SkipControl"]


class SkipControl(Exception):
    """Raised by a control adapter when its inputs are missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AuditSink(Protocol):
    """Anything with the AuditLog's ``append``."""

    def append(self, *, action: str, actor: str | None = ..., subject: str | None = ...,
               payload: Mapping[str, Any] | None = ...) -> Any: ...


@dataclass
class AssessmentContext:
    """Inputs of one assessment, with predictions computed once and shared."""

    policy: Policy
    model: Any = None
    X: pd.DataFrame | None = None
    y: np.ndarray | None = None
    sensitive: pd.DataFrame | None = None
    X_reference: pd.DataFrame | None = None
    y_reference: np.ndarray | None = None
    X_train: pd.DataFrame | None = None
    y_train: np.ndarray | None = None
    y_pred: np.ndarray | None = None
    y_score: np.ndarray | None = None
    sample_weight: np.ndarray | None = None
    model_format: str | None = None
    figures: bool = True
    metadata: dict[str, Any] = field(default_factory=dict)
    results: dict[str, list[Finding]] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def settings(self) -> AssessmentPolicy:
        """The ``[assessment]`` section."""
        return self.policy.section(AssessmentPolicy)

    def require(self, *names: str) -> None:
        """Raise :class:`SkipControl` naming the first missing input."""
        reasons = {"model": "no_model", "X": "no_data", "y": "no_target",
                   "sensitive": "no_sensitive", "y_score": "no_score",
                   "X_reference": "no_reference", "X_train": "no_train"}
        for name in names:
            if getattr(self, name) is None:
                raise SkipControl(reasons.get(name, "no_data"))

    def scores_for(self, X: pd.DataFrame) -> np.ndarray | None:
        """Positive-class scores of the model on ``X`` (None without predict_proba)."""
        import numpy as np

        if self.model is None or not hasattr(self.model, "predict_proba"):
            return None
        proba = np.asarray(self.model.predict_proba(X))
        classes = list(getattr(self.model, "classes_", range(proba.shape[1])))
        pos = self.settings.positive_label
        if pos not in classes:
            raise InvalidInputError(
                f"The [assessment] positive_label {pos!r} is not among the model's classes "
                f"{classes!r}."
            )
        return np.asarray(proba[:, classes.index(pos)], dtype=float)

    def favourable(self, labels: np.ndarray) -> np.ndarray:
        """1 where ``labels`` equal the policy's favourable label, else 0."""
        import numpy as np

        fav = self.settings.favourable_label
        out: np.ndarray = (np.asarray(labels) == fav).astype(np.int64)
        return out


ControlFn = Callable[[AssessmentContext], list[Finding]]


def _frame(value: Any, arg: str) -> pd.DataFrame | None:
    from dfgov._frames import to_pandas

    if value is None:
        return None
    return to_pandas(value, argument=arg, caller="ModelRiskAssessment.run").frame


def _array(value: Any, arg: str, n: int | None) -> np.ndarray | None:
    import numpy as np

    if value is None:
        return None
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {arg!r} argument of ModelRiskAssessment.run must be one-dimensional. "
            f"Got shape {arr.shape}."
        )
    if n is not None and len(arr) != n:
        raise InvalidInputError(
            f"The {arg!r} argument of ModelRiskAssessment.run has {len(arr)} rows; "
            f"X has {n}."
        )
    return arr


class ModelRiskAssessment:
    """Run the model-risk controls that a policy enables and return one Report.

    Parameters
    ----------
    policy : Policy, optional
        Defaults to :meth:`Policy.default`. ``[assessment] controls`` lists the
        controls to run.
    checks : sequence of str or callables, optional
        Overrides the policy's list: names from ``fairness``, ``explainability``,
        ``validation``, ``robustness``, ``security``, ``disclosure``, or
        callables taking an :class:`AssessmentContext` and returning Findings.
    audit_log : AuditLog, optional
        When given, an ``assessment.run`` event (report digest, status,
        fingerprints) is appended after each run.
    actor : str, optional
        Who runs the assessment (recorded in the audit event and report metadata).
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
        policy: Policy | None = None,
        checks: Sequence[str | ControlFn] | None = None,
        *,
        audit_log: AuditSink | None = None,
        actor: str | None = None,
    ) -> None:
        self.policy = policy
        self.checks = checks
        self.audit_log = audit_log
        self.actor = actor

    def _controls(self, policy: Policy) -> list[tuple[str, ControlFn]]:
        from dfgov.model_risk._controls import CONTROLS

        wanted: Sequence[str | ControlFn] = (
            self.checks if self.checks is not None
            else policy.section(AssessmentPolicy).controls
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
        Series aligned with ``X``. ``y_pred`` / ``y_score`` gate precomputed
        decisions without a model. ``figures=False`` skips plots (they need
        matplotlib and only show in HTML). ``waivers`` (risk acceptances,
        :func:`dfgov.waivers.apply_waivers`) turn the failures they validly
        cover into ``waived``; they need ``metadata`` with ``model_id`` and
        ``model_version``, and each use is an event in the audit log.
        """
        from dfgov.fingerprint import fingerprint_frame

        started = now()
        policy = self.policy or Policy.default()
        if model is not None:
            from dfgov.model_risk._adapter import adapt

            model = adapt(model)  # every control sees the model through its adapter
        Xf = _frame(X, "X")
        n = len(Xf) if Xf is not None else None
        yv = _array(y, "y", n)
        if n is None and yv is not None:
            n = len(yv)
        sens = self._sensitive(sensitive_features, Xf, n)
        ctx = AssessmentContext(
            policy=policy, model=model, X=Xf, y=yv, sensitive=sens,
            X_reference=_frame(X_reference, "X_reference"),
            y_reference=_array(y_reference, "y_reference", None),
            X_train=_frame(X_train, "X_train"), y_train=_array(y_train, "y_train", None),
            y_pred=_array(y_pred, "y_pred", n), y_score=_array(y_score, "y_score", n),
            sample_weight=_array(sample_weight, "sample_weight", n),
            model_format=model_format, figures=figures, metadata=dict(metadata or {}),
        )
        self._predict(ctx)
        findings: list[Finding] = []
        for name, fn in self._controls(policy):
            ctx.results[name] = self._run_one(name, fn, ctx)
            findings.extend(ctx.results[name])
        fps = dict(fingerprints or {})
        if model is not None and "model" not in fps:
            fps["model"] = model.fingerprint()
        if Xf is not None and "data" not in fps:
            fps["data"] = fingerprint_frame(Xf)
        if ctx.X_reference is not None and "reference_data" not in fps:
            fps["reference_data"] = fingerprint_frame(ctx.X_reference)
        meta = {"actor": self.actor, **ctx.metadata} if self.actor else dict(ctx.metadata)
        report = Report.build(
            findings, title=text("assessment.title"), policy=policy, fingerprints=fps,
            started_at=started, metadata=meta,
            figures=ctx.extras.get("figures", ()), tables=ctx.extras.get("tables", ()),
        )
        if waivers is not None:
            report, _ = apply_waivers(report, waivers, policy=policy, audit=self.audit_log,
                                      actor=self.actor)
        if self.audit_log is not None:
            from dfgov._hashing import digest

            self.audit_log.append(
                action="assessment.run", actor=self.actor, subject=fps.get("model"),
                payload={"report_sha256": digest(report.to_json().encode("utf-8")),
                         "status": report.status.value, "exit_code": report.exit_code,
                         "fingerprints": fps, "counts": report.counts(),
                         "report_time": report.finished_at.isoformat()},
            )
        return report

    def run_spark(
        self,
        df: Any,
        *,
        y_true: str,
        y_pred: str,
        sensitive_features: Sequence[str],
        y_score: str | None = None,
        sample_weight: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        fingerprints: Mapping[str, str] | None = None,
        figures: bool = True,
    ) -> Report:
        """Gate a Spark DataFrame of scored decisions where it lives; one Report.

        Only count-based controls run on Spark: this runs the ``fairness``
        control (through :func:`dfgov.spark.spark_fairness_control`, one Spark
        aggregation), with the same findings, tables and exit code as
        :meth:`run` with ``y``, ``y_pred`` and ``sensitive_features`` on the
        same rows in memory. Nothing else runs: the other enabled controls
        (validation, explainability, robustness, ...) need a model or
        row-level scores and appear as ``skipped`` findings, even when
        ``y_score`` is given and ``validation`` is enabled; ``y_score`` is
        checked to be a column but not used (score-based fairness metrics
        are not computed). Needs the ``spark`` extra.

        Parameters
        ----------
        df : pyspark.sql.DataFrame
        y_true, y_pred : str
            Outcome and decision columns (mapped to the favourable label).
        sensitive_features : list of str
            Sensitive columns of ``df``.
        y_score, sample_weight : str, optional
            Column names.
        metadata, fingerprints, figures
            As for :meth:`run`.

        Raises
        ------
        InvalidInputError
            When the policy's ``assessment.controls`` (or ``checks``) does not
            enable ``fairness``.
        """
        from dfgov.spark import spark_fairness_control
        from dfgov.spark._common import require_columns, require_dataframe

        policy = self.policy or Policy.default()
        wanted = self.checks if self.checks is not None else (
            policy.section(AssessmentPolicy).controls)
        if "fairness" not in wanted:
            raise InvalidInputError(
                "ModelRiskAssessment.run_spark runs the 'fairness' control, which the "
                "policy's 'assessment.controls' (or the 'checks' argument) does not enable."
            )
        require_dataframe(df, "df", "ModelRiskAssessment.run_spark")
        if y_score is not None:
            require_columns(df, [y_score], "y_score", "ModelRiskAssessment.run_spark")
        control = spark_fairness_control(
            df, y_true=y_true, y_pred=y_pred, sensitive_features=list(sensitive_features),
            sample_weight=sample_weight, plots=figures)
        others = [_not_on_spark(name) for name in wanted
                  if isinstance(name, str) and name != "fairness"]
        runner = ModelRiskAssessment(policy, checks=[control, *others],
                                     audit_log=self.audit_log, actor=self.actor)
        return runner.run(metadata=metadata, fingerprints=fingerprints, figures=figures)

    @staticmethod
    def _sensitive(value: Any, X: pd.DataFrame | None, n: int | None) -> pd.DataFrame | None:
        import pandas as pd

        if value is None:
            return None
        if isinstance(value, str) or (
            isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value)
        ):
            names = [value] if isinstance(value, str) else list(value)
            if X is None:
                raise InvalidInputError(
                    "The 'sensitive_features' argument names columns, but no X was given."
                )
            missing = [c for c in names if c not in X.columns]
            if missing:
                raise ColumnError(
                    f"The 'sensitive_features' columns {missing} are not in X "
                    f"(columns: {list(map(str, X.columns))[:20]})."
                )
            return X[names]
        frame = _frame(value, "sensitive_features")
        assert frame is not None
        if n is not None and len(frame) != n:
            raise InvalidInputError(
                f"The 'sensitive_features' argument has {len(frame)} rows; X has {n}."
            )
        return frame.reset_index(drop=True) if isinstance(frame, pd.DataFrame) else frame

    @staticmethod
    def _predict(ctx: AssessmentContext) -> None:
        import numpy as np

        if ctx.X is None or ctx.model is None:
            return
        if ctx.y_score is None:
            ctx.y_score = ctx.scores_for(ctx.X)
        if ctx.y_pred is None:
            if ctx.y_score is not None:
                s = ctx.settings
                classes = list(getattr(ctx.model, "classes_", [0, 1]))
                negative = next((c for c in classes if c != s.positive_label), 0)
                ctx.y_pred = np.where(ctx.y_score >= s.decision_threshold,
                                      s.positive_label, negative)
            elif hasattr(ctx.model, "predict"):
                ctx.y_pred = np.asarray(ctx.model.predict(ctx.X))

    @staticmethod
    def _run_one(name: str, fn: ControlFn, ctx: AssessmentContext) -> list[Finding]:
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
        except (DfgovError, ValueError, TypeError, AttributeError, KeyError) as exc:
            # A control that cannot run is an error finding, not a crash of the gate.
            err = f"{type(exc).__name__}: {exc}"
            return [Finding(control=control, status=Status.ERROR,
                            message=text("assessment.error", control=name, error=err),
                            details={"exception": type(exc).__name__})]


def _not_on_spark(name: str) -> ControlFn:
    """A control that reports itself skipped because it cannot run on Spark."""

    def control(ctx: AssessmentContext) -> list[Finding]:
        raise SkipControl("not_on_spark")

    control.__name__ = name
    return control


def skipped_text(control: str, reason: str) -> LocalizedText:
    """The localised 'skipped' message (for adapters that skip part of a control)."""
    from dfgov.model_risk._messages import SKIP_REASONS

    en, zh = SKIP_REASONS.get(reason, (reason, reason))
    return text("assessment.skipped", control=control, reason=en, reason_zh=zh)


_ = _messages
