"""SecurityCheck: the model security assessment of JR/T 0221-2021 §6."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import dfgov.model_risk.validation._messages  # noqa: F401  (registers texts)
from dfgov._judge import judge
from dfgov.clock import now
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import has_columns
from dfgov.model_risk._compat import deprecated_report
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.model_risk.validation._common import CLAUSES_ATTACK, CLAUSES_DEPENDENCY, resolve_section
from dfgov.model_risk.validation._model_io import ModelProvenance, model_provenance
from dfgov.model_risk.validation._policy import SecurityPolicy
from dfgov.report import Finding, Report, Status

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = ["SecurityCheck"]


class SecurityCheck:
    """Membership inference, evasion, dependency inventory and model-file format.

    Parameters
    ----------
    policy : Policy or SecurityPolicy, optional
        The ``[security]`` section: attack thresholds, actionable features,
        minimum library versions, the status for unsafe model formats (and, for
        a whole Policy, the ``[model_risk]`` decision vocabulary: the evasion
        search starts from the rows the decision threshold declines).
    vocabulary : DecisionVocabulary, optional
        The decision vocabulary instead of the policy's ``[model_risk]``.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "security"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "JR/T 0221-2021 §6.2",
        "JR/T 0221-2021 §6.3",
        "JR/T 0221-2021 §6.4",
        "EU AI Act Art.15",
    )

    def __init__(self, policy: Policy | SecurityPolicy | None = None, *,
                 vocabulary: DecisionVocabulary | None = None,
                 clock: Clock | None = None) -> None:
        resolve_section(policy, SecurityPolicy, "SecurityCheck")
        self.policy = policy
        self.vocabulary = vocabulary
        self.clock = clock

    def run(
        self,
        model: Any,
        *,
        X_train: Any = None,
        y_train: Any = None,
        X_holdout: Any = None,
        y_holdout: Any = None,
        X: Any = None,
        provenance: ModelProvenance | None = None,
    ) -> Report:
        """Assess ``model``; a Report of the findings.

        Parameters
        ----------
        model : fitted model (through the model adapter)
        X_train, y_train, X_holdout, y_holdout : optional
            Training rows and rows never trained on, for the membership-inference attack
            (labels are label values; the vocabulary maps them).
        X : DataFrame or array, optional
            Rows whose declined part is searched for evasion (needs the
            policy's ``actionable`` features); defaults to ``X_holdout``.
        provenance : ModelProvenance, optional
            Where the model came from; by default what :func:`load_model` recorded.
        """
        from dfgov.model_risk._scoring import as_scorer
        from dfgov.model_risk.validation._security import (
            dependency_inventory,
            evasion_test,
            membership_inference,
            version_below,
        )

        started = now(self.clock)
        caller = "SecurityCheck.run"
        pol = resolve_section(self.policy, SecurityPolicy, "SecurityCheck")
        voc = DecisionVocabulary.resolve(self.vocabulary, self.policy)
        scorer = as_scorer(model, voc, caller=caller)
        names = scorer.adapter.feature_names

        def inputs(frame: Any, argument: str) -> Any:
            if frame is None or names is None or not has_columns(frame):
                return frame
            return scorer.adapter.select(frame, argument=argument, caller=caller)

        X_train, X_holdout, X = (inputs(X_train, "X_train"), inputs(X_holdout, "X_holdout"),
                                 inputs(X, "X"))
        findings: list[Finding] = []
        if X_train is not None and X_holdout is not None:
            if y_train is None or y_holdout is None:
                raise InvalidInputError(
                    "SecurityCheck.run needs 'y_train' and 'y_holdout' with 'X_train' and "
                    "'X_holdout' for the membership-inference attack."
                )
            classes = None if voc.one_vs_rest else scorer.adapter.classes
            voc.check_labels({"y_train": y_train}, caller=caller, classes=classes)
            voc.check_labels({"y_holdout": y_holdout}, caller=caller, classes=classes)
            mi = membership_inference(scorer, X_train, voc.event(y_train), X_holdout,
                                      voc.event(y_holdout),
                                      max_rows=pol.membership_rows,
                                      random_state=pol.random_state)
            status = judge(mi.auc, warn=pol.warn_membership_auc, fail=pol.max_membership_auc)
            findings.append(Finding(
                control="security.membership_inference", status=status,
                metric="membership_auc", value=mi.auc, threshold=pol.max_membership_auc,
                clauses=CLAUSES_ATTACK,
                details={"advantage": mi.advantage, "rows_each": mi.n_members,
                         "mean_confidence_train": mi.mean_confidence_members,
                         "mean_confidence_holdout": mi.mean_confidence_nonmembers},
                message=text("security.membership", value=mi.auc, warn=pol.warn_membership_auc,
                             fail=pol.max_membership_auc),
            ))
        rows = X if X is not None else X_holdout
        if pol.actionable and rows is not None:
            ev = evasion_test(scorer, rows, pol.actionable, threshold=voc.decision_threshold,
                              declined_when="low" if voc.score_is_favourable else "high",
                              n_rows=pol.evasion_rows, n_steps=pol.evasion_steps,
                              random_state=pol.random_state)
            if ev.flippable_share is None:
                findings.append(Finding(
                    control="security.evasion", status=Status.SKIPPED, metric="flippable_share",
                    clauses=CLAUSES_ATTACK, message=text("security.evasion.none"),
                ))
            else:
                limit = pol.max_flippable_share
                rule = (text("security.evasion.rule", threshold=limit) if limit is not None
                        else LocalizedText.same(""))
                findings.append(Finding(
                    control="security.evasion", status=judge(ev.flippable_share, warn=limit),
                    metric="flippable_share", value=ev.flippable_share, threshold=limit,
                    clauses=CLAUSES_ATTACK,
                    details={"declined": ev.n_declined, "sampled": ev.n_sampled,
                             "median_change_sd": ev.median_change,
                             "by_feature": ev.by_feature, "budget_sd": dict(pol.actionable)},
                    message=text("security.evasion", value=ev.flippable_share,
                                 n=ev.n_sampled, rule=rule),
                ))
        model = scorer.model
        deps = dependency_inventory(model)
        findings.append(Finding(
            control="security.dependencies", status=Status.PASS, clauses=CLAUSES_DEPENDENCY,
            details={"libraries": deps},
            message=text("security.dependencies",
                         libraries=", ".join(f"{k} {v}" for k, v in deps.items())),
        ))
        for lib, minimum in sorted(pol.min_versions.items()):
            have = deps.get(lib)
            if have is not None and version_below(have, minimum):
                findings.append(Finding(
                    control="security.dependencies", status=Status.FAIL, subject=lib,
                    clauses=CLAUSES_DEPENDENCY, details={"version": have, "minimum": minimum},
                    message=text("security.dependency.outdated", library=lib, version=have,
                                 minimum=minimum),
                ))
        prov = provenance if provenance is not None else model_provenance(model)
        findings.append(self._format_finding(pol, prov))
        policy = self.policy if not isinstance(self.policy, SecurityPolicy) else None
        return Report.build(findings, policy=policy, started_at=started, clock=self.clock,
                            title=LocalizedText(en="Model security assessment",
                                                zh_cn="模型安全评估"))

    def report(self, *args: Any, **kwargs: Any) -> Report:
        """Deprecated (one release): :meth:`run` returns the Report."""
        return deprecated_report(self, args, kwargs)

    @staticmethod
    def _format_finding(pol: SecurityPolicy, prov: ModelProvenance | None) -> Finding:
        if prov is None:
            return Finding(control="security.model_format", status=Status.SKIPPED,
                           clauses=CLAUSES_DEPENDENCY, message=text("security.format.unknown"))
        details = {"format": prov.format, "sha256": prov.sha256,
                   "trusted_types": list(prov.trusted_types)}
        if prov.safe:
            return Finding(control="security.model_format", status=Status.PASS,
                           clauses=CLAUSES_DEPENDENCY, details=details,
                           message=text("security.format.safe", format=prov.format))
        return Finding(
            control="security.model_format",
            status=Status.FAIL if pol.unsafe_format == "fail" else Status.WARN,
            clauses=CLAUSES_DEPENDENCY, details=details,
            message=text("security.format.unsafe", format=prov.format),
        )
