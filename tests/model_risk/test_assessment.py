"""ModelRiskAssessment: controls by policy, skips with reasons, shared predictions, audit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import ColumnError, InvalidInputError, PolicyError
from dfgov.i18n import LocalizedText
from dfgov.model_risk import ModelRiskAssessment
from dfgov.model_risk.assessment import AssessmentContext
from dfgov.policy import Policy
from dfgov.report import Finding, Status

VOCABULARY = '[model_risk]\nfavourable_label = 0\nscore_direction = "higher_is_unfavourable"\n'
#: 1 = defaulted: the favourable label is 0 and a score is the probability of default.
POLICY = Policy.loads(VOCABULARY)


@pytest.fixture(scope="module")
def data() -> tuple[Any, pd.DataFrame, np.ndarray, pd.DataFrame]:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    n = 1200
    X = pd.DataFrame({"income": rng.normal(50, 10, n), "debt": rng.normal(20, 5, n)})
    sex = pd.Series(rng.choice(["female", "male"], n), name="sex")
    y = (rng.random(n) < 1 / (1 + np.exp(-(X["debt"] - 20) / 5 + (X["income"] - 50) / 10)))
    model = LogisticRegression().fit(X[:600], y[:600].astype(int))
    return model, X, y.to_numpy().astype(int), sex.to_frame()


class Counting:
    """A model wrapper counting predict_proba calls."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.classes_ = model.classes_
        self.calls = 0

    def predict_proba(self, X: Any) -> Any:
        self.calls += 1
        return self.model.predict_proba(X)

    def predict(self, X: Any) -> Any:
        return self.model.predict(X)


def test_skips_name_the_missing_input(data: Any) -> None:
    model, X, y, _sex = data
    report = ModelRiskAssessment(POLICY, checks=["fairness", "validation", "security"]).run(
        model, X[600:], y[600:])
    by = {f.control: f for f in report.findings if f.status is Status.SKIPPED}
    assert by["fairness.control"].details["reason"] == "no_sensitive"
    assert "sensitive" in by["fairness.control"].message.en
    assert "敏感" in by["fairness.control"].message.zh_cn
    assert all(f.status is not Status.ERROR for f in report.findings)


def test_predictions_computed_once_and_shared(data: Any) -> None:
    model, X, y, sex = data
    seen: list[np.ndarray] = []

    def spy(ctx: AssessmentContext) -> list[Finding]:
        assert ctx.y_score is not None
        seen.append(ctx.y_score)
        return [Finding(control="spy", status=Status.PASS, message=LocalizedText.same("ok"))]

    wrapped = Counting(model)
    ModelRiskAssessment(POLICY, checks=[spy, "fairness", spy]).run(
        wrapped, X[600:].reset_index(drop=True), y[600:],
        sensitive_features=sex[600:].reset_index(drop=True))
    assert wrapped.calls == 1
    assert seen[0] is seen[1]
    np.testing.assert_allclose(seen[0], model.predict_proba(X[600:])[:, 1])


def test_policy_selects_controls_and_errors_are_findings(data: Any) -> None:
    model, X, y, sex = data

    def broken(ctx: AssessmentContext) -> list[Finding]:
        raise InvalidInputError("The 'x' argument must be positive.")

    policy = Policy.loads(VOCABULARY + 'controls = ["fairness"]\n')
    report = ModelRiskAssessment(policy).run(model, X[600:], y[600:],
                                             sensitive_features=sex[600:])
    assert {f.control.split(".")[0] for f in report.findings} == {"fairness"}
    report = ModelRiskAssessment(policy, checks=[broken]).run(model, X[600:], y[600:])
    assert report.findings[0].status is Status.ERROR
    assert report.exit_code == 1
    lenient = Policy.loads(VOCABULARY + "[policy]\nerrors_fail = false\n")
    # an error does not fail a lenient policy when something else was judged ...
    assert ModelRiskAssessment(lenient, checks=[broken, "validation"]).run(
        model, X, y).exit_code == 0
    # ... but a run that judged nothing never passes (fail closed)
    alone = ModelRiskAssessment(lenient, checks=[broken]).run(model, X, y)
    assert alone.exit_code == 1
    assert [f.control for f in alone.failed()] == ["model_risk.verdict"]


def test_precomputed_decisions_without_model() -> None:
    rng = np.random.default_rng(1)
    sex = rng.choice(["f", "m"], 5000)
    y = rng.integers(0, 2, 5000)
    pred = np.where(sex == "m", 1, rng.integers(0, 2, 5000))  # favours men (1 = approved)
    approve = Policy.loads("[model_risk]\nfavourable_label = 1\n")
    report = ModelRiskAssessment(approve, checks=["fairness"]).run(
        None, None, y, y_pred=pred, sensitive_features=pd.Series(sex, name="sex"))
    assert report.exit_code == 1
    dp = next(f for f in report.findings if f.metric == "demographic_parity_difference")
    assert dp.status is Status.FAIL and dp.value == pytest.approx(0.5, abs=0.05)


def test_bad_inputs_name_the_argument(data: Any) -> None:
    model, X, y, _sex = data
    with pytest.raises(InvalidInputError, match="'y'"):
        ModelRiskAssessment(POLICY).run(model, X, y[:10])
    with pytest.raises(ColumnError, match="nope"):
        ModelRiskAssessment(POLICY).run(model, X, y, sensitive_features=["nope"])
    with pytest.raises(InvalidInputError, match="unknown control"):
        ModelRiskAssessment(POLICY, checks=["fairnes"]).run(model, X, y)
    with pytest.raises(PolicyError, match=r"\[assessment\].*renamed \[model_risk\]"):
        Policy.loads('[assessment]\npositive_label = "yes"\n')
    bad_label = Policy.loads('[model_risk]\nfavourable_label = "yes"\n'
                             'score_direction = "higher_is_unfavourable"\n')
    with pytest.raises(InvalidInputError, match="favourable_label 'yes' is not one of"):
        ModelRiskAssessment(bad_label).run(model, X, y)


def test_audit_event_written(data: Any, tmp_path: Any) -> None:
    from dfgov.audit import AuditLog

    model, X, y, sex = data
    log = AuditLog(tmp_path / "gov.db")
    report = ModelRiskAssessment(POLICY, checks=["fairness"], audit=log, actor="ci").run(
        model, X[600:], y[600:], sensitive_features=sex[600:])
    events = list(log.events())
    assert [e.action for e in events] == ["assessment.run"]
    assert events[0].payload["status"] == report.status.value
    assert log.verify().ok
