"""FairnessCheck: the [fairness] policy applied to predictions, as Findings and a Report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

import dfgov.model_risk.fairness._messages  # noqa: F401  (registers the texts)
from dfgov._judge import judge_severity
from dfgov.clock import Clock, now
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import align_rows
from dfgov.model_risk._compat import warn_report_deprecated
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.fairness._judge import (
    Outcome,
    group_label,
    judge_reference,
    judge_rule,
)
from dfgov.model_risk.fairness._metrics import GroupMetrics
from dfgov.model_risk.fairness._policy import FairnessPolicy, FairnessRule
from dfgov.policy import Policy, resolve_section
from dfgov.report import Figure, Finding, Report, Status, Table

__all__ = ["CLAUSES", "FOUR_FIFTHS", "FairnessCheck", "by_group_table"]

CLAUSES = ("AP-16", "JR/T 0221-2021 §6.1", "EU AI Act Art.10")
"""Clauses every fairness finding serves."""
FOUR_FIFTHS = "4/5ths rule"
"""Added to rules on the ratio of selection rates."""


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.4f}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


class FairnessCheck:
    """Judge fairness rules on predictions, configured by the ``[fairness]`` policy section.

    Labels are mapped to "favourable" in one place, the decision vocabulary of
    the policy's ``[model_risk]`` section (:class:`DecisionVocabulary`): every
    rate is the rate of the favourable outcome (selection rate = share of
    favourable decisions). The favourable label is never guessed.

    Parameters
    ----------
    policy : Policy or FairnessPolicy, optional
        A whole policy (its ``[fairness]`` and ``[model_risk]`` sections are
        used) or the ``[fairness]`` section itself; defaults apply when omitted.
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary to use instead of the policy's ``[model_risk]``.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Examples
    --------
    >>> import numpy as np
    >>> from dfgov.model_risk import DecisionVocabulary
    >>> rng = np.random.default_rng(0)
    >>> sex = rng.choice(["f", "m"], 2000)
    >>> y = rng.integers(0, 2, 2000)          # 1 = defaulted
    >>> check = FairnessCheck(vocabulary=DecisionVocabulary(favourable_label=0))
    >>> report = check.run(y, y, sensitive_features=sex)
    >>> sorted({f.status.value for f in report.findings})
    ['pass']
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "fairness"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021 §6.1",
        "4/5ths rule",
        "EU AI Act Art.10",
    )

    control_prefix = "fairness"

    def __init__(self, policy: Policy | FairnessPolicy | None = None, *,
                 vocabulary: DecisionVocabulary | None = None,
                 clock: Clock | None = None) -> None:
        resolve_section(policy, FairnessPolicy, "FairnessCheck")
        self.policy = policy
        self.vocabulary = vocabulary
        self.clock = clock

    @property
    def section(self) -> FairnessPolicy:
        """The ``[fairness]`` section in force."""
        return resolve_section(self.policy, FairnessPolicy, "FairnessCheck")

    @property
    def decisions(self) -> DecisionVocabulary:
        """The decision vocabulary in force (``vocabulary``, else the policy's)."""
        return DecisionVocabulary.resolve(self.vocabulary, self.policy)

    def prepare(
        self, y_true: Any, y_pred: Any, *, sensitive_features: Any, y_score: Any = None,
        sample_weight: Any = None, caller: str = "FairnessCheck.run",
    ) -> dict[str, Any]:
        """Align the inputs by index and map labels to favourable (1) / unfavourable (0).

        Returns the keyword arguments of :class:`GroupMetrics` minus the
        groupings: ``y_true``, ``y_pred`` (uint8, 1 = favourable), ``y_score``
        (the probability of the favourable outcome), ``sample_weight`` and the
        aligned ``sensitive_features``.
        """
        if sensitive_features is None:
            raise InvalidInputError(f"The 'sensitive_features' argument of {caller} "
                                    "is required.")
        got = align_rows({"y_true": y_true, "y_pred": y_pred,
                          "sensitive_features": sensitive_features, "y_score": y_score,
                          "sample_weight": sample_weight}, caller=caller)
        voc = self.decisions
        voc.check_labels({"y_true": got["y_true"], "y_pred": got["y_pred"]}, caller=caller)
        score = None
        if got["y_score"] is not None:
            voc.require_direction(caller=caller)
            score = voc.favourable_score(_values(got["y_score"]))
        return {
            "y_true": np.ascontiguousarray(voc.favourable(got["y_true"])).view(np.uint8),
            "y_pred": np.ascontiguousarray(voc.favourable(got["y_pred"])).view(np.uint8),
            "y_score": score,
            "sample_weight": _values(got["sample_weight"]),
            "sensitive_features": got["sensitive_features"],
        }

    # -- inputs ------------------------------------------------------------
    def _groupings(self, sensitive_features: Any, sec: FairnessPolicy) -> list[pd.DataFrame]:
        if sensitive_features is None:
            raise InvalidInputError("The 'sensitive_features' argument of FairnessCheck.run "
                                    "is required.")
        if isinstance(sensitive_features, pd.Series):
            frame = sensitive_features.to_frame(
                sensitive_features.name if sensitive_features.name is not None
                else (sec.sensitive_features[0] if len(sec.sensitive_features) == 1
                      else "sensitive_feature_0"))
        elif isinstance(sensitive_features, pd.DataFrame):
            frame = sensitive_features
        elif type(sensitive_features).__module__.split(".")[0] in ("polars", "pyarrow") or (
                isinstance(sensitive_features, dict)):
            from dfgov._frames import to_pandas

            frame = to_pandas(sensitive_features, argument="sensitive_features",
                              caller="FairnessCheck.run").frame
        else:
            arr = np.asarray(sensitive_features)
            if arr.ndim == 1:
                arr = arr[:, None]
            if arr.ndim != 2:
                raise InvalidInputError(
                    "The 'sensitive_features' argument must be one- or two-dimensional.")
            names = (sec.sensitive_features if len(sec.sensitive_features) == arr.shape[1]
                     else [f"sensitive_feature_{j}" for j in range(arr.shape[1])])
            frame = pd.DataFrame({n: arr[:, j] for j, n in enumerate(names)})
        if sec.sensitive_features:
            missing = [c for c in sec.sensitive_features if c not in frame.columns]
            if missing:
                raise ColumnError(
                    f"The sensitive feature column {missing[0]!r} named in the policy's "
                    "'fairness.sensitive_features' is not in 'sensitive_features'."
                )
            frame = frame[list(sec.sensitive_features)]
        if frame.shape[1] == 0:
            raise InvalidInputError("The 'sensitive_features' argument has no columns.")
        if sec.intersectional or frame.shape[1] == 1:
            return [frame]
        return [frame[[c]] for c in frame.columns]

    def metrics(
        self, y_true: Any, y_pred: Any, *, sensitive_features: Any, y_score: Any = None,
        sample_weight: Any = None,
    ) -> list[GroupMetrics]:
        """Validate inputs and compute the GroupMetrics of each grouping in the policy.

        The metrics count favourable outcomes: label 1 of the returned
        GroupMetrics is the favourable label of the decision vocabulary.
        """
        prep = self.prepare(y_true, y_pred, sensitive_features=sensitive_features,
                            y_score=y_score, sample_weight=sample_weight)
        return self._metrics(prep)

    def _metrics(self, prep: dict[str, Any]) -> list[GroupMetrics]:
        sec = self.section
        out = []
        for frame in self._groupings(prep["sensitive_features"], sec):
            out.append(GroupMetrics(
                y_true=prep["y_true"], y_pred=prep["y_pred"], y_score=prep["y_score"],
                sample_weight=prep["sample_weight"],
                sensitive_features=frame if frame.shape[1] > 1 else frame.iloc[:, 0],
                missing=sec.missing, min_group_size=sec.min_group_size,
            ))
        return out

    # -- judging -----------------------------------------------------------
    def run(
        self, y_true: Any, y_pred: Any, *, sensitive_features: Any, y_score: Any = None,
        sample_weight: Any = None, plots: bool = True,
    ) -> Report:
        """Judge every rule of the policy; a Report with one Finding per rule and grouping.

        Also one ``skipped`` finding per group below ``min_group_size``
        (insufficient data), and, with a reference group, one finding per
        rule and compared group. The Report carries a by-group table per
        grouping and, unless ``plots`` is false, a by-group chart per grouping.
        """
        return self._build(y_true, y_pred, sensitive_features=sensitive_features,
                           y_score=y_score, sample_weight=sample_weight, plots=plots,
                           caller="FairnessCheck.run")

    def _judge_all(self, prep: dict[str, Any], gms: list[GroupMetrics]) -> list[Finding]:
        findings: list[Finding] = []
        for gm in gms:
            findings.extend(self.judge(gm))
        if self.section.shift.delta > 0:
            findings.extend(self._shift(gms, prep["y_true"], prep["y_pred"],
                                        prep["sensitive_features"], prep["sample_weight"]))
        return findings

    def _shift(self, gms: list[GroupMetrics], y_true: Any, y_pred: Any,
               sensitive_features: Any, sample_weight: Any) -> list[Finding]:
        """Demographic-shift findings: the worst worsening of each rule."""
        from dfgov.model_risk.fairness._shift import demographic_shift

        sec = self.section
        gm = gms[0]
        if len(gms) > 1:  # not intersectional: shift on the intersection of all columns
            gm = GroupMetrics(y_true=y_true, y_pred=y_pred, sample_weight=sample_weight,
                              sensitive_features=self._groupings_all(sensitive_features),
                              missing=sec.missing)
        table = demographic_shift(gm, list(sec.rules), delta=sec.shift.delta,
                                  min_group_size=sec.min_group_size)
        out = []
        for rule in sec.rules:
            rows = table[table["rule"] == rule.rule_id].dropna(subset=["worsening"])
            if rows.empty:
                continue
            worst = rows.iloc[int(np.argmax(rows["worsening"].to_numpy()))]
            change = float(worst["worsening"])
            status = judge_severity(change, sec.shift.tolerance, sec.shift.severity)
            breach = status is not Status.PASS
            group = f"{worst['column']}={worst['group']}"
            metric = f"{rule.metric}_{rule.kind}"
            out.append(Finding(
                control=f"{self.control_prefix}.shift.{rule.rule_id}", status=status,
                message=text("fairness.shift.breach" if breach else "fairness.shift.pass",
                             metric=metric, change=_fmt(change), group=group,
                             delta=f"{float(worst['delta']):+.2f}",
                             tolerance=_fmt(sec.shift.tolerance)),
                metric=f"{metric}_shift_worsening", value=change,
                threshold=sec.shift.tolerance, subject=f"{worst['grouping']}: {group}",
                clauses=CLAUSES,
                details={"before": float(worst["before"]), "after": float(worst["after"]),
                         "delta": float(worst["delta"]), "grouping": worst["grouping"],
                         "shifts_tested": len(rows)},
            ))
        return out

    def _groupings_all(self, sensitive_features: Any) -> pd.DataFrame:
        frames = self._groupings(sensitive_features, self.section)
        return pd.concat(frames, axis=1)

    def counterfactual(self, model: Any, X: Any, column: str, *,
                       values: list[Any] | None = None, sample_weight: Any = None) -> Finding:
        """Counterfactual flip test: share of decisions that change with ``column`` alone.

        For models that take a protected attribute (or its encoding) as input.
        Decisions are the model's favourable decisions at the decision
        threshold of the vocabulary (never the model's own ``predict``).
        Judged against the policy's ``counterfactual_tolerance``.
        """
        from dfgov.model_risk._scoring import as_scorer
        from dfgov.model_risk.fairness._shift import counterfactual_flip_rate

        sec = self.section
        scorer = as_scorer(model, self.decisions, caller="FairnessCheck.counterfactual")
        rate = counterfactual_flip_rate(_Decisions(scorer), X, column, values=values,
                                        sample_weight=sample_weight)
        status = judge_severity(rate, sec.counterfactual_tolerance, sec.counterfactual_severity)
        breach = status is not Status.PASS
        return Finding(
            control=f"{self.control_prefix}.counterfactual", status=status,
            message=text("fairness.counterfactual.breach" if breach
                         else "fairness.counterfactual.pass", column=column,
                         rate=f"{rate:.2%}", tolerance=f"{sec.counterfactual_tolerance:.2%}"),
            metric="counterfactual_flip_rate", value=rate,
            threshold=sec.counterfactual_tolerance, subject=column, clauses=CLAUSES,
            details={"column": column, "rows": len(X)},
        )

    def judge(self, gm: GroupMetrics) -> list[Finding]:
        """Findings for one GroupMetrics (no control features)."""
        if gm.control_levels is not None:
            raise InvalidInputError("FairnessCheck.judge needs GroupMetrics without "
                                    "control features.")
        sec = self.section
        subject = " & ".join(str(n) for n in gm.sensitive_index.names)
        findings = self._insufficient(gm, subject)
        bs = None
        if sec.n_boot > 0:
            bs = gm.bootstrap(sec.n_boot, confidence=sec.confidence, stratified=sec.stratified,
                              random_state=sec.random_state)
        ref = self._reference(gm)
        for rule in sec.rules:
            if ref is None:
                findings.append(self._finding(rule, judge_rule(gm, bs, rule, sec), gm, subject))
            else:
                for _, outcome in judge_reference(gm, bs, rule, sec, ref):
                    findings.append(self._finding(rule, outcome, gm, subject, reference=True))
        return findings

    def _reference(self, gm: GroupMetrics) -> int | None:
        sec = self.section
        if sec.reference_group is None:
            return None
        labels = [group_label(k) for k in gm.sensitive_index]
        if sec.reference_group not in labels:
            raise InvalidInputError(
                "The policy's 'fairness.reference_group' is not one of the groups of "
                "'sensitive_features' (intersections are written 'a & b' in column order)."
            )
        ref = labels.index(sec.reference_group)
        if not gm.mask[0, ref]:
            raise InvalidInputError(
                "The policy's 'fairness.reference_group' has fewer rows than "
                "'fairness.min_group_size'; choose a larger reference group."
            )
        return ref

    def _insufficient(self, gm: GroupMetrics, subject: str) -> list[Finding]:
        sec = self.section
        sizes = gm.group_sizes
        out = []
        for key in gm.insufficient_groups:
            label = group_label(key)
            out.append(Finding(
                control=f"{self.control_prefix}.group_size",
                status=Status.SKIPPED,
                message=text("fairness.group.insufficient", group=label,
                             count=int(sizes.loc[key]), min_group_size=sec.min_group_size),
                metric="count", value=float(sizes.loc[key]),
                threshold=float(sec.min_group_size), subject=f"{subject}: {label}",
                clauses=CLAUSES, details={"group": label, "sensitive_features": subject},
            ))
        return out

    def _finding(self, rule: FairnessRule, out: Outcome, gm: GroupMetrics, subject: str,
                 *, reference: bool = False) -> Finding:
        sec = self.section
        metric = f"{rule.metric}_{rule.kind}"
        where = subject
        if reference:
            where = text("fairness.subject.reference", group=out.low,
                         reference=out.high).en
            where = f"{subject}: {where}"
        lo, hi = out.interval if out.interval is not None else (None, None)
        message = text(
            out.key, metric=metric, value=_fmt(out.value), subject=where,
            threshold=_fmt(rule.threshold), low=out.low, high=out.high,
            confidence=_pct(sec.confidence), lower=_fmt(lo), upper=_fmt(hi),
            detectable=_fmt(out.detectable), power=_pct(sec.power),
            min_group_size=sec.min_group_size,
        )
        if "interval_note" in out.details:  # the interval deserves a caveat: say why
            note = text(f"fairness.interval.{out.details['interval_note']}")
            message = LocalizedText(en=f"{message.en} {note.en}", zh_cn=message.zh_cn + note.zh_cn)
        clauses: tuple[str, ...] = CLAUSES
        if rule.kind == "ratio" and rule.metric in ("demographic_parity", "selection_rate"):
            clauses = (*CLAUSES, FOUR_FIFTHS)
        details: dict[str, Any] = {
            "rule": rule.model_dump(mode="json"),
            "sensitive_features": list(gm.sensitive_index.names),
            "group_sizes": {group_label(k): int(v) for k, v in gm.group_sizes.items()},
            "insufficient_groups": [group_label(k) for k in gm.insufficient_groups],
            "min_detectable": out.detectable,
            "n_boot": sec.n_boot,
            **out.details,
        }
        if out.low or out.high:
            details["worst_pair"] = [out.low, out.high]
        if out.p_value is not None:
            details["p_value"] = out.p_value
        return Finding(
            control=f"{self.control_prefix}.{rule.rule_id}",
            status=out.status, message=message, metric=metric, value=out.value,
            threshold=rule.threshold, interval=out.interval,
            confidence=sec.confidence if out.interval is not None else None,
            subject=where, clauses=clauses, details=details,
        )

    # -- report ------------------------------------------------------------
    def report(
        self, y_true: Any, y_pred: Any, *, sensitive_features: Any, y_score: Any = None,
        sample_weight: Any = None, title: str | None = None, plots: bool = True,
        fingerprints: dict[str, str] | None = None,
    ) -> Report:
        """Deprecated (one release): :meth:`run` returns the Report."""
        warn_report_deprecated(self)
        return self._build(y_true, y_pred, sensitive_features=sensitive_features,
                           y_score=y_score, sample_weight=sample_weight, plots=plots,
                           caller="FairnessCheck.report", title=title,
                           fingerprints=fingerprints)

    def _build(
        self, y_true: Any, y_pred: Any, *, sensitive_features: Any, y_score: Any,
        sample_weight: Any, plots: bool, caller: str, title: str | None = None,
        fingerprints: dict[str, str] | None = None,
    ) -> Report:
        started = now(self.clock)
        prep = self.prepare(y_true, y_pred, sensitive_features=sensitive_features,
                            y_score=y_score, sample_weight=sample_weight, caller=caller)
        gms = self._metrics(prep)
        findings = self._judge_all(prep, gms)
        tables: list[Table] = []
        figures: list[Figure] = []
        for gm in gms:
            tables.append(by_group_table(gm, self.section.confidence))
            if plots:
                from dfgov.model_risk.fairness._plots import by_group_figure

                figures.append(by_group_figure(gm, self.section.confidence,
                                               rules=self.section.rules))
        policy = self.policy if isinstance(self.policy, Policy) else Policy().replace(
            self.section)
        return Report.build(
            findings, title=title or text("fairness.report.title"), policy=policy,
            fingerprints=fingerprints, started_at=started, clock=self.clock, tables=tables,
            figures=figures,
        )


def _values(value: Any) -> Any:
    """A pandas object's values (it is aligned already); anything else unchanged."""
    if isinstance(value, pd.Series | pd.DataFrame):
        return value.to_numpy()
    return value


class _Decisions:
    """``predict`` = favourable decisions of a scorer (for the counterfactual flip test)."""

    def __init__(self, scorer: Any) -> None:
        self.scorer = scorer

    def predict(self, X: Any) -> np.ndarray:
        out: np.ndarray = self.scorer.favourable(X)
        return out


TABLE_METRICS: Sequence[str] = (
    "base_rate", "selection_rate", "true_positive_rate", "false_positive_rate", "precision",
)


def by_group_table(gm: GroupMetrics, confidence: float) -> Table:
    """The by-group report table of :class:`FairnessCheck` for one GroupMetrics.

    Parameters
    ----------
    gm : GroupMetrics
        Metrics of one grouping (e.g. from :meth:`GroupMetrics.from_counts`).
    confidence : float
        Level of the Wilson interval of each group's selection rate.

    Returns
    -------
    Table
        One row per non-empty group: size, rates, ROC AUC when scores were
        given, the selection-rate interval, the adverse impact ratio and
        whether the group is large enough to be judged.
    """
    by = gm.by_group
    ci = gm.wilson("selection_rate", confidence)
    air = gm.adverse_impact_ratios()
    metrics = [m for m in (*TABLE_METRICS, "roc_auc") if m in by.columns]
    insufficient = set(gm.insufficient_groups)
    rows = []
    for key in by.index:
        n = int(by.loc[key, "count"])
        if n == 0:
            continue
        lo, hi = ci.loc[key, "lower"], ci.loc[key, "upper"]
        status = "insufficient" if key in insufficient else "ok"
        rows.append((
            group_label(key), n, *(float(by.loc[key, m]) for m in metrics),
            f"[{lo:.3f}, {hi:.3f}]", float(air.loc[key]),
            text(f"fairness.status.{status}").en,
        ))
    subject = " & ".join(str(n) for n in gm.sensitive_index.names)
    columns = [text("fairness.col.group"), text("fairness.col.count"),
               *(text(f"fairness.col.{m}") for m in metrics),
               text("fairness.col.selection_ci"), text("fairness.col.adverse_impact_ratio"),
               text("fairness.col.status")]
    return Table(title=text("fairness.table.by_group", subject=subject),
                 columns=tuple(columns), rows=tuple(rows))

