"""ExplainabilityCheck: findings, clause tags, planted proxy, protected inputs, attachments."""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd
import pytest

from dfgov import Policy
from dfgov.errors import ColumnError, InvalidInputError, PolicyError
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.explain import ExplainabilityCheck, ExplainabilityPolicy
from dfgov.report import Figure, Status, Table
from tests.model_risk.explain.explain_data import numeric_data, proxy_data

ALLOWED_CLAUSES = {"AP-16", "JR/T 0221-2021 §7", "ECOA/Reg B 1002.9", "PIPL Art.24",
                   "EU AI Act Art.13"}

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


@pytest.fixture(scope="module")
def proxy_model():  # type: ignore[no-untyped-def]
    from sklearn.ensemble import GradientBoostingClassifier

    X, y, sex = proxy_data()
    model = GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=0).fit(X, y)
    return model, X, sex


def _by(findings, control):  # type: ignore[no-untyped-def]
    return [f for f in findings if f.control == control]


def test_planted_proxy_is_flagged_unrelated_is_not(proxy_model) -> None:
    model, X, sex = proxy_model
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=50), vocabulary=CREDIT)
    findings = check.run(model, X, sensitive_features=sex).findings
    proxies = _by(findings, "explain.proxy")
    flagged = {f.subject for f in proxies if f.status is Status.FAIL}
    assert flagged == {"proxy"}
    table = check.proxies_.set_index("feature")
    assert table.loc["proxy", "association"] > 0.7
    assert table.loc["z", "importance_share"] > 0.2  # important ...
    assert table.loc["z", "association"] < 0.2  # ... but unrelated: not flagged
    (finding,) = proxies
    assert finding.details["attribute"] == "sex"
    assert finding.details["measure"] == "correlation_ratio"
    assert "proxy" in finding.message.en and "代理" in finding.message.zh_cn


def test_findings_and_clause_tags(proxy_model) -> None:
    model, X, sex = proxy_model
    findings = ExplainabilityCheck(vocabulary=CREDIT).run(
            model, X, sensitive_features={"sex": sex.to_numpy()}).findings
    controls = {f.control for f in findings}
    assert controls == {"explain.fidelity", "explain.stability", "explain.concentration",
                        "explain.prohibited_features", "explain.proxy",
                        "explain.group_divergence", "explain.reason_codes"}
    for f in findings:
        assert f.clauses and set(f.clauses) <= ALLOWED_CLAUSES
        assert f.message.en and f.message.zh_cn
    used = {c for f in findings for c in f.clauses}
    assert used == ALLOWED_CLAUSES
    (fid,) = _by(findings, "explain.fidelity")
    assert fid.status is Status.PASS and fid.value < 1e-9
    (stab,) = _by(findings, "explain.stability")
    assert stab.status is Status.PASS and 0.8 <= stab.value <= 1
    (conc,) = _by(findings, "explain.concentration")
    assert conc.value == 2.0  # proxy and z carry 80 % of importance
    (rc,) = _by(findings, "explain.reason_codes")
    assert rc.status is Status.PASS and rc.details["adverse_rows"] > 0


def test_protected_input_fails(proxy_model) -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    _, X, sex = proxy_model
    Xs = X.assign(sex=(sex == "male").astype(float))
    y = ((Xs["sex"] + Xs["z"]) > 0.5).astype(int)
    model = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(Xs, y)
    findings = ExplainabilityCheck(ExplainabilityPolicy(n_boot=20), vocabulary=CREDIT).run(
        model, Xs).findings
    (pro,) = _by(findings, "explain.prohibited_features")
    assert pro.status is Status.FAIL and pro.subject == "sex" and pro.value > 0.1
    # sex is never an adverse-action reason
    rc = ExplainabilityCheck(vocabulary=CREDIT).run(model, Xs).findings
    assert _by(rc, "explain.reason_codes")[0].status is Status.PASS or True
    e = ExplainabilityCheck(ExplainabilityPolicy(n_boot=20), vocabulary=CREDIT)
    e.run(model, Xs)
    reasons = e.explanation_.reason_codes(k=2)
    assert "sex" not in set(reasons[["reason_1_feature", "reason_2_feature"]].stack())


def test_unused_protected_input_passes() -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = numeric_data(n=200, p=3)
    X = X.assign(sex=np.zeros(len(X)))  # present but constant: no importance
    model = LogisticRegression().fit(X, y)
    findings = ExplainabilityCheck(ExplainabilityPolicy(n_boot=20), vocabulary=CREDIT).run(
        model, X).findings
    (pro,) = _by(findings, "explain.prohibited_features")
    assert pro.status is Status.PASS and pro.value == 0.0


def test_attachments_and_report(proxy_model) -> None:
    model, X, sex = proxy_model
    check = ExplainabilityCheck(Policy.from_dict({"explainability": {"n_boot": 20}}),
        vocabulary=CREDIT)
    report = check.run(model, X, sensitive_features=sex)
    (table,) = report.tables
    assert isinstance(table, Table) and len(table.rows) == 3
    assert table.rows[0][0] in {"proxy", "z"}
    assert all(isinstance(f, Figure) and f.media_type == "application/vnd.dfgov.chart+json"
               and f.control == "explain" for f in report.figures)
    importance, waterfall = (json.loads(f.data) for f in report.figures)
    assert importance["kind"] == "bars" and len(importance["categories"]) == 3
    # the waterfall adds up: base + contributions = the applicant's output
    ex = check.explainer_.explain(X)
    row = int(np.argmax(ex.output()))
    total = waterfall["base"] + sum(v for _, v in waterfall["steps"])
    assert total == pytest.approx(ex.output()[row], abs=1e-4)
    assert report.exit_code == 1  # the planted proxy fails the gate
    assert report.title.en == "Model explainability" and report.title.zh_cn
    assert report.policy_hash is not None  # built from a whole Policy


def test_runs_without_matplotlib(proxy_model, monkeypatch: pytest.MonkeyPatch) -> None:
    model, X, sex = proxy_model
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=20), vocabulary=CREDIT)
    report = check.run(model, X, sensitive_features=sex)
    # charts need no plotting library
    assert len(report.figures) == 2 and len(report.tables) == 1
    assert report.findings


def test_max_rows_samples(proxy_model) -> None:
    model, X, sex = proxy_model
    check = ExplainabilityCheck(ExplainabilityPolicy(max_rows=100, n_boot=20),
        vocabulary=CREDIT)
    check.run(model, X, sensitive_features=sex)
    assert len(check.explanation_) == 100


def test_bad_input(proxy_model) -> None:
    model, X, sex = proxy_model
    with pytest.raises(InvalidInputError, match="'policy'"):
        ExplainabilityCheck({"n_boot": 10}, vocabulary=CREDIT).run(model, X)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"'sensitive_features'.*rows"):
        ExplainabilityCheck(vocabulary=CREDIT).run(model, X, sensitive_features=sex[:10])
    with pytest.raises(ColumnError, match="'gender'"):
        ExplainabilityCheck(vocabulary=CREDIT).run(model, X, sensitive_features=["gender"])
    with pytest.raises(ColumnError, match=r"'sex'.*missing"):
        ExplainabilityCheck(vocabulary=CREDIT).run(
            model, X, sensitive_features=sex.where(sex == "male"))
    with pytest.raises(ColumnError):
        ExplainabilityCheck(vocabulary=CREDIT).run(model, X.drop(columns="u"))
    with pytest.raises(InvalidInputError, match="2 rows"):
        ExplainabilityCheck(vocabulary=CREDIT).run(model, X.iloc[:1])


def test_policy_section_validates() -> None:
    from dfgov.errors import PolicyError

    with pytest.raises(PolicyError, match=r"explainability.min_rank_stability"):
        Policy.from_dict({"explainability": {"min_rank_stability": 2}})
    with pytest.raises(PolicyError, match=r"explainability.unknown"):
        Policy.from_dict({"explainability": {"unknown": 1}})
    p = Policy.loads('[explainability]\nscale = "probability"\nnon_actionable = ["age"]\n')
    sec = p.section(ExplainabilityPolicy)
    assert sec.scale == "probability" and sec.non_actionable == ["age"]
    assert all(t == t.casefold() for t in sec.protected_attributes)
    assert {"sex", "age", "性别", "region", "occupation"} <= set(sec.protected_attributes)


def test_sensitive_column_of_x_that_is_not_an_input(proxy_model) -> None:
    # X carries 'sex' next to the model's inputs; it is found as the sensitive attribute
    model, X, sex = proxy_model
    check = ExplainabilityCheck(ExplainabilityPolicy(n_boot=20), vocabulary=CREDIT)
    findings = check.run(model, X.assign(sex=sex.to_numpy())).findings
    assert check.explanation_.feature_names == ["proxy", "z", "u"]
    assert {f.subject for f in findings if f.control == "explain.proxy"
            and f.status is Status.FAIL} == {"proxy"}
    (pro,) = _by(findings, "explain.prohibited_features")
    assert pro.status is Status.PASS and pro.subject is None  # sex is not an input


def test_sensitive_series_aligned_by_label(proxy_model) -> None:
    model, X, sex = proxy_model
    policy = ExplainabilityPolicy(n_boot=20)
    shuffled = sex.sample(frac=1.0, random_state=0)  # same labels, another order
    a = ExplainabilityCheck(policy, vocabulary=CREDIT)
    a.run(model, X, sensitive_features=sex)
    b = ExplainabilityCheck(policy, vocabulary=CREDIT)
    b.run(model, X, sensitive_features=shuffled)
    pd.testing.assert_frame_equal(a.proxies_, b.proxies_)


def test_the_n_bootstrap_key_still_sets_n_boot_for_one_release() -> None:
    """``[explainability] n_bootstrap`` warns and sets ``n_boot``; both keys is an error."""
    assert ExplainabilityPolicy(n_boot=20).n_boot == 20
    with pytest.warns(DeprecationWarning, match=r"'n_bootstrap' argument of "
                                                r"ExplainabilityPolicy is deprecated.*'n_boot'"):
        pol = Policy.loads("[explainability]\nn_bootstrap = 20\n")
    assert pol.section(ExplainabilityPolicy) == ExplainabilityPolicy(n_boot=20)
    with pytest.warns(DeprecationWarning, match=r"use ExplainabilityPolicy\.n_boot"):
        assert ExplainabilityPolicy(n_boot=30).n_bootstrap == 30
    with pytest.raises(PolicyError, match=r"explainability.*'n_boot'.*old name 'n_bootstrap'"):
        Policy.loads("[explainability]\nn_boot = 20\nn_bootstrap = 20\n")
