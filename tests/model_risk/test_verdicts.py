"""Verdicts a bank can trust (issue 13): each observation 1-13 as a test, on German credit.

The headline example: the target ``default`` is 1 when the applicant defaulted, so the
favourable label is 0 and a model's score is the probability of default.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import InvalidInputError, ModelError, PolicyError
from dfgov.model_risk import DecisionVocabulary, ModelRiskAssessment
from dfgov.model_risk.fairness import FairnessCheck
from dfgov.policy import Policy
from dfgov.report import Report, Status
from tests.conftest import GermanCredit

CREDIT = ('[model_risk]\nfavourable_label = 0\nscore_direction = "higher_is_unfavourable"\n'
          'controls = ["fairness", "validation", "robustness", "security"]\n')
FAIRNESS = "[fairness]\nsensitive_features = [\"sex\"]\nn_boot = 50\n"


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures are not what these tests are about (matplotlib costs seconds)."""
    monkeypatch.setattr("dfgov.model_risk.fairness._plots.have_matplotlib", lambda: False)


def by(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in report.findings:
        out.setdefault(f.control, f)
    return out


def policy(*extra: str) -> Policy:
    return Policy.loads(CREDIT + "".join(extra))


# -- 1. text labels -----------------------------------------------------------------------
def test_1_text_labels_never_guessed_and_a_discriminatory_decision_fails(
        german_credit: GermanCredit) -> None:
    test = german_credit.test
    sex = test["sex"].astype(str)
    decision = np.where(sex == "male", "approve", "deny")  # approves every man, denies women
    outcome = np.where(test["default"] == 1, "deny", "approve")
    # no favourable label stated: exit 2, naming the key and the labels found with counts
    with pytest.raises(PolicyError) as info:
        ModelRiskAssessment(checks=["fairness"]).run(
            y=outcome, y_pred=decision, sensitive_features=test[["sex"]])
    msg = str(info.value)
    assert "[model_risk] favourable_label" in msg
    assert f"'approve' ({(decision == 'approve').sum():,} rows)" in msg
    assert f"'deny' ({(decision == 'deny').sum():,} rows)" in msg
    # stated: the discriminatory column fails the four-fifths rule
    approve = Policy.loads('[model_risk]\nfavourable_label = "approve"\n' + FAIRNESS)
    report = ModelRiskAssessment(approve, checks=["fairness"]).run(
        y=outcome, y_pred=decision, sensitive_features=test[["sex"]])
    assert report.exit_code == 1
    assert by(report)["fairness.four_fifths_rule"].value == 0.0
    # outcomes good/bad and decisions approve/deny: not one label vocabulary -> exit 2
    good_bad = np.where(test["default"] == 1, "bad", "good")
    with pytest.raises(InvalidInputError, match=r"'y_pred'.*not among the labels of 'y'"):
        ModelRiskAssessment(approve, checks=["fairness"]).run(
            y=good_bad, y_pred=decision, sensitive_features=test[["sex"]])


# -- 2. the favourable outcome is the one stated --------------------------------------------
def test_2_four_fifths_judged_on_the_favourable_outcome(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    pred = (model.predict_proba(test[german_credit.features])[:, 1] >= 0.5).astype(int)
    with pytest.raises(PolicyError, match="favourable_label"):  # the old default guessed 1
        ModelRiskAssessment(checks=["fairness"]).run(
            y=test["default"], y_pred=pred, sensitive_features=test[["sex"]])
    report = ModelRiskAssessment(policy(FAIRNESS), checks=["fairness"]).run(
        y=test["default"], y_pred=pred, sensitive_features=test[["sex"]])
    approved = pd.Series(pred == 0).groupby(test["sex"].astype(str).to_numpy()).mean()
    assert by(report)["fairness.four_fifths_rule"].value == pytest.approx(
        approved.min() / approved.max(), abs=1e-12)
    assert report.metadata["decision_vocabulary"]["favourable_label"] == 0
    assert "model_risk.inputs" not in by(report)
    # the old CI example: decisions coded 1 = approved against the target default: a warning
    inverted = ModelRiskAssessment(policy(FAIRNESS), checks=["fairness"]).run(
        y=test["default"], y_pred=1 - pred, sensitive_features=test[["sex"]])
    note = by(inverted)["model_risk.inputs"]
    assert note.status is Status.WARN and "coded with the other label values" in note.message.en


# -- 3. one mapping, one threshold ------------------------------------------------------------
def test_3_assessment_and_fairness_check_agree_on_one_policy(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    pol = policy(FAIRNESS)
    pred = (model.predict_proba(test[german_credit.features])[:, 1] >= 0.5).astype(int)
    report = ModelRiskAssessment(pol, checks=["fairness"]).run(
        y=test["default"], y_pred=pred, sensitive_features=test[["sex"]])
    direct = {f.control: f for f in FairnessCheck(pol).run(
        test["default"], pred, sensitive_features=test[["sex"]]).findings}
    for name in ("fairness.four_fifths_rule", "fairness.demographic_parity_difference"):
        assert by(report)[name].value == direct[name].value


@pytest.mark.parametrize(("text", "new"), [
    ("[fairness]\npos_label = 0\n", "model_risk] favourable_label"),
    ("[validation]\nthreshold = 0.3\n", "model_risk] decision_threshold"),
    ("[robustness]\nthreshold = 0.3\n", "model_risk] decision_threshold"),
    ("[security]\nthreshold = 0.3\n", "model_risk] decision_threshold"),
    ("[explainability]\nadverse_threshold = 0.0\n", "model_risk] decision_threshold"),
    ("[explainability]\nadverse = \"low\"\n", "model_risk] favourable_label"),
    ("[assessment]\nfavourable_label = 0\n", "renamed [model_risk]"),
    ("[assessment]\npositive_label = 1\n", "score_direction"),
])
def test_3_per_control_copies_are_refused_naming_the_new_key(text: str, new: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.loads(text)
    assert new in str(info.value) and "(line " in str(info.value)


def test_3_one_threshold_reaches_every_control(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    pol = policy("decision_threshold = 0.3\n[security]\nactionable = {credit_amount = 1.0}\n")
    report = ModelRiskAssessment(pol).run(model, test, test["default"])
    found = by(report)
    assert found["validation.threshold.precision"].details["operating_threshold"] == 0.3
    score = model.predict_proba(test[german_credit.features])[:, 1]
    declined = int((score >= 0.3).sum())
    assert found["security.evasion"].details["declined"] == declined


# -- 4. fairness not judged -> exit 1 --------------------------------------------------------
def test_4_required_fairness_not_judged_fails(german_credit: GermanCredit) -> None:
    test = german_credit.test
    pred = np.where(test["credit_amount"] > 5000, 1, 0)
    pol = policy(FAIRNESS)
    # sensitive features named by the policy but not given
    report = ModelRiskAssessment(pol).run(y=test["default"], y_pred=pred)
    assert report.exit_code == 1
    req = by(report)["fairness.required"]
    assert req.status is Status.FAIL and "sensitive" in req.message.en
    assert "敏感" in req.message.zh_cn
    # one row against 399: no group big enough to compare
    lone = pd.Series(np.where(np.arange(len(test)) == 0, "x", "y"), name="sex")
    report = ModelRiskAssessment(pol).run(y=test["default"], y_pred=pred,
                                          sensitive_features=lone)
    assert report.exit_code == 1 and "fairness.required" in by(report)
    # a high-cardinality intersection: every group below min_group_size
    many = test[["purpose", "savings", "job", "housing"]].astype(str)
    wide = Policy.loads(CREDIT + "[fairness]\nn_boot = 0\n")
    report = ModelRiskAssessment(wide).run(y=test["default"], y_pred=pred,
                                           sensitive_features=many)
    assert report.exit_code == 1 and by(report)["fairness.required"].status is Status.FAIL
    # a score column without decisions: decided at the threshold, fairness judged
    score = german_credit.model.predict_proba(test[german_credit.features])[:, 1]
    report = ModelRiskAssessment(pol).run(y=test["default"], y_score=score,
                                          sensitive_features=test[["sex"]])
    assert "fairness.four_fifths_rule" in by(report) and "fairness.required" not in by(report)


def test_4_not_judged_is_not_waivable_by_default() -> None:
    from dfgov.waivers import WaiverPolicy, is_non_waivable

    patterns = WaiverPolicy().non_waivable
    assert is_non_waivable("fairness.required", patterns)
    assert is_non_waivable("model_risk.verdict", patterns)
    assert not is_non_waivable("fairness.four_fifths_rule", patterns)


def test_4_nothing_judged_never_passes(german_credit: GermanCredit) -> None:
    test = german_credit.test
    report = ModelRiskAssessment(policy()).run(y=test["default"])
    assert report.exit_code == 1 and by(report)["model_risk.verdict"].status is Status.FAIL
    assert set(report.metadata["controls_not_run"]) == {"fairness", "validation",
                                                         "robustness", "security"}


# -- 5. rows aligned by label ---------------------------------------------------------------
def test_5_sensitive_features_aligned_by_index(german_credit: GermanCredit) -> None:
    test = german_credit.test
    pred = np.where(test["credit_amount"] > 4000, 1, 0)
    y = pd.Series(test["default"].to_numpy(), index=test.index)
    sens = test[["sex"]]
    shuffled = sens.sample(frac=1.0, random_state=1)  # same labels, other order
    pol = policy(FAIRNESS)
    check = FairnessCheck(pol)
    want = [f.model_dump() for f in check.run(y, pred, sensitive_features=sens).findings]
    assert [f.model_dump() for f in check.run(y, pred,
                                              sensitive_features=shuffled).findings] == want
    a = ModelRiskAssessment(pol, checks=["fairness"]).run(y=y, y_pred=pred,
                                                          sensitive_features=shuffled)
    b = ModelRiskAssessment(pol, checks=["fairness"]).run(y=y, y_pred=pred,
                                                          sensitive_features=sens)
    assert [f.model_dump() for f in a.findings] == [f.model_dump() for f in b.findings]
    # positionally the shuffled column would give another answer
    positional = check.run(y, pred, sensitive_features=shuffled.to_numpy().ravel())
    assert [f.model_dump() for f in positional.findings] != want
    # other labels: an error naming both objects
    with pytest.raises(InvalidInputError, match=r"'sensitive_features'.*'y_true'"):
        check.run(y, pred, sensitive_features=sens.set_axis(sens.index + 1000))


# -- 6. columns aligned by name -------------------------------------------------------------
def test_6_columns_selected_and_ordered_by_the_model(german_credit: GermanCredit) -> None:
    import pyarrow as pa

    test, train, model = german_credit.test, german_credit.train, german_credit.model
    pol = policy(FAIRNESS)
    run = ModelRiskAssessment(pol, checks=["fairness", "validation", "robustness"]).run
    want = run(model, test, test["default"], sensitive_features=["sex"], X_reference=train)
    cols = list(reversed(test.columns))
    got = run(model, test[cols], test["default"], sensitive_features=["sex"],
              X_reference=train[list(reversed(train.columns))])
    assert [f.model_dump() for f in got.findings] == [f.model_dump() for f in want.findings]
    auc = by(want)["validation.discrimination.auc"].value
    assert auc > 0.6
    table = pa.Table.from_pandas(test[cols], preserve_index=False)
    arrow = run(model, table, test["default"], sensitive_features=["sex"], X_reference=train)
    assert by(arrow)["validation.discrimination.auc"].value == auc
    # an Arrow table has no index: its rows are taken in order, whatever y's index holds
    y_labelled = pd.Series(test["default"].to_numpy(), index=test.index + 5000)
    arrow = run(model, table, y_labelled, sensitive_features=["sex"], X_reference=train)
    assert by(arrow)["validation.discrimination.auc"].value == auc


def test_6_nameless_model_column_order_assumed_and_sensitive_dropped(
        german_credit: GermanCredit) -> None:
    from sklearn.linear_model import LogisticRegression

    test, train, features = german_credit.test, german_credit.train, german_credit.features
    model = LogisticRegression(max_iter=2000).fit(train[features].to_numpy(), train["default"])
    X = test[[*features, "sex"]]
    report = ModelRiskAssessment(policy(FAIRNESS), checks=["fairness"]).run(
        model, X, test["default"], sensitive_features=["sex"])
    notes = [f for f in report.findings if f.control == "model_risk.inputs"]
    assert len(notes) == 1 and "column order was assumed" in notes[0].message.en
    assert notes[0].details["sensitive_dropped"] == ["sex"]
    assert notes[0].details["column_order_assumed"] == features
    assert report.exit_code in (0, 1) and "fairness.four_fifths_rule" in by(report)


def test_6_explainer_background_aligned_by_name(german_credit: GermanCredit) -> None:
    from dfgov.model_risk.explain import ExplainabilityCheck, ExplainabilityPolicy

    test, train, model = german_credit.test, german_credit.train, german_credit.model
    voc = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=10, max_rows=100),
                                vocabulary=voc)
    feats = german_credit.features
    a = check.run(model, test[feats], background=train[feats])
    ea = check.explanation_
    b = check.run(model, test[feats], background=train[list(reversed(feats))])
    np.testing.assert_allclose(check.explanation_.values, ea.values, atol=1e-12)
    assert [f.value for f in a.findings] == [f.value for f in b.findings]


# -- 7. decisions are decisions ---------------------------------------------------------------
class ProbabilityPredict:
    """Like statsmodels or lightgbm.Booster: predict() returns probabilities."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.classes_ = model.classes_
        self.feature_names_in_ = model.feature_names_in_

    def predict(self, X: Any) -> Any:
        return self.model.predict_proba(X)[:, 1]

    def predict_proba(self, X: Any) -> Any:
        return self.model.predict_proba(X)


def test_7_predict_returning_probabilities_is_never_taken_as_decisions(
        german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    pol = policy(FAIRNESS)
    run = ModelRiskAssessment(pol, checks=["fairness"]).run
    wrapped = run(ProbabilityPredict(model), test, test["default"], sensitive_features=["sex"])
    plain = run(model, test, test["default"], sensitive_features=["sex"])
    assert [f.value for f in wrapped.findings] == [f.value for f in plain.findings]
    probabilities = model.predict_proba(test[german_credit.features])[:, 1]
    with pytest.raises(InvalidInputError, match=r"'y_pred'.*not labels.*scores"):
        run(y=test["default"], y_pred=probabilities, sensitive_features=test[["sex"]])


# -- 8. multi-class ---------------------------------------------------------------------------
def test_8_multiclass_refused_unless_one_favourable_class_is_named(
        german_credit: GermanCredit) -> None:
    from sklearn.linear_model import LogisticRegression

    df, features = german_credit.df, german_credit.features
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    grade = np.select([df["default"] == 1, df["credit_amount"] > 4000], ["bad", "watch"],
                      "good")
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)).fit(
        df[features], grade)
    unstated = Policy.loads('[model_risk]\nscore_direction = "higher_is_favourable"\n')
    with pytest.raises(PolicyError, match=r"favourable_label.*'bad' \(300 rows\), 'good'"):
        ModelRiskAssessment(unstated).run(model, df, grade, sensitive_features=["sex"])
    named = Policy.loads('[model_risk]\nfavourable_label = "good"\n'
                         'score_direction = "higher_is_favourable"\n'
                         'controls = ["fairness", "validation", "robustness"]\n' + FAIRNESS)
    report = ModelRiskAssessment(named).run(model, df, grade, sensitive_features=["sex"])
    assert report.findings and all(f.details.get("one_vs_rest") == "'good'"
                                   for f in report.findings)
    assert all("one-versus-rest" in f.message.en for f in report.findings)
    fair = by(report)["fairness.four_fifths_rule"]
    p_good = model.predict_proba(df[features])[:, list(model.classes_).index("good")]
    rates = pd.Series(p_good >= 0.5).groupby(df["sex"].astype(str).to_numpy()).mean()
    assert fair.value == pytest.approx(rates.min() / rates.max(), abs=1e-12)
    # no model: three label values are refused
    with pytest.raises(InvalidInputError, match="found 3 label values"):
        ModelRiskAssessment(named).run(y=grade, y_pred=grade,
                                       sensitive_features=df[["sex"]])


# -- 9. KS takes the declared direction --------------------------------------------------------
def test_9_an_inverted_model_fails_auc_and_ks(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    score = model.predict_proba(test[german_credit.features])[:, 1]
    run = ModelRiskAssessment(policy(), checks=["validation"]).run
    good = by(run(y=test["default"], y_score=score))
    assert good["validation.discrimination.ks"].status is not Status.FAIL
    inverted = by(run(y=test["default"], y_score=1 - score))
    assert inverted["validation.discrimination.auc"].status is Status.FAIL
    ks = inverted["validation.discrimination.ks"]
    assert ks.status is Status.FAIL and "opposite direction" in ks.message.en
    assert ks.details["ks_reverse"] == pytest.approx(good["validation.discrimination.ks"].value)


# -- 10. empty input ----------------------------------------------------------------------------
def test_10_no_rows_is_an_error(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    with pytest.raises(InvalidInputError, match="No rows"):
        ModelRiskAssessment(policy()).run(model, test.iloc[:0], test["default"].iloc[:0])


# -- 11. errors from the model or a library ------------------------------------------------------
class Raising:
    """A model that raises when called (on every call, or from the second call on)."""

    def __init__(self, model: Any, after: int = 0) -> None:
        self.model, self.after, self.calls = model, after, 0
        self.classes_ = model.classes_
        self.feature_names_in_ = model.feature_names_in_

    def predict_proba(self, X: Any) -> Any:
        self.calls += 1
        if self.calls > self.after:
            raise RuntimeError("backend unavailable")
        return self.model.predict_proba(X)


def test_11_a_model_that_raises(german_credit: GermanCredit) -> None:
    test, model = german_credit.test, german_credit.model
    pol = policy(FAIRNESS)
    with pytest.raises(ModelError, match="RuntimeError when scoring 'X': backend unavailable"):
        ModelRiskAssessment(pol).run(Raising(model), test, test["default"],
                                     sensitive_features=["sex"])
    # raising inside a control (robustness calls the model again): an error finding
    report = ModelRiskAssessment(pol, checks=["fairness", "robustness"]).run(
        Raising(model, after=1), test, test["default"], sensitive_features=["sex"])
    assert by(report)["robustness.control"].status is Status.ERROR
    assert report.exit_code == 1
    # ... and a required control that raised is not judged: exit 1 naming why
    req = Policy.loads(CREDIT.replace("controls", "required = [\"robustness\"]\ncontrols")
                       + FAIRNESS + "[policy]\nerrors_fail = false\n")
    report = ModelRiskAssessment(req).run(Raising(model, after=1), test, test["default"],
                                          sensitive_features=["sex"])
    assert report.exit_code == 1 and "RuntimeError" in by(report)["robustness.required"].message.en


# -- 12. reason codes for adverse rows only ----------------------------------------------------
def test_12_reason_codes_only_for_declined_applicants(german_credit: GermanCredit) -> None:
    from dfgov.model_risk.explain import Explainer

    test, train, model, feats = german_credit.test, german_credit.train, german_credit.model, \
        german_credit.features
    ex = Explainer(model, train[feats]).explain(test[feats])
    rc = ex.reason_codes()
    declined = model.predict_proba(test[feats])[:, 1] >= 0.5  # the policy default, 0.5
    assert 0 < len(rc) < len(test)
    assert list(rc.index) == list(test.index[declined])


# -- 13. protected attributes by name and synonym ------------------------------------------------
def test_13_protected_attributes_case_insensitive_and_never_reasons(
        german_credit: GermanCredit) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dfgov.model_risk.explain import ExplainabilityCheck, ExplainabilityPolicy

    df = german_credit.df
    X = df[german_credit.features].assign(
        SEX=(df["sex"] == "male").astype(float), age=df["age"],
        居住地域=(df["housing"] == "own").astype(float))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)).fit(
        X, df["default"] ^ (X["SEX"] > 0))
    voc = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=10, max_rows=300),
                                vocabulary=voc)
    findings = check.run(model, X, sensitive_features=df[["purpose"]].astype(str)).findings
    prohibited = {f.subject: f for f in findings if f.control == "explain.prohibited_features"}
    assert {"SEX", "age", "居住地域"} <= set(prohibited)
    assert prohibited["SEX"].status is Status.FAIL
    rc = check.explanation_.reason_codes(k=4, exclude=["purpose"])
    reasons = set(rc.filter(like="_feature").stack().dropna())
    assert reasons and not reasons & {"SEX", "age", "居住地域", "purpose"}


def test_13_a_sensitive_feature_is_never_a_reason(german_credit: GermanCredit) -> None:
    from dfgov.model_risk.explain import ExplainabilityCheck, ExplainabilityPolicy

    test, model, feats = german_credit.test, german_credit.model, german_credit.features
    voc = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=10), vocabulary=voc)

    def reasons() -> set[str]:
        return set(check.reason_codes_.filter(like="_feature").stack().dropna())

    check.run(model, test[feats])
    assert "duration_months" in reasons()
    check.run(model, test[feats], sensitive_features=test[["duration_months"]])
    assert reasons() and "duration_months" not in reasons()
