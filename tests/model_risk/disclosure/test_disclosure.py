"""AlgorithmDisclosure: auto-fill from a Report, missing fields, rendering, audit event."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import dfgov
from dfgov.audit import AuditLog
from dfgov.errors import InvalidInputError, LifecycleError
from dfgov.i18n import text
from dfgov.model_risk import DecisionVocabulary
from dfgov.model_risk.disclosure import AlgorithmDisclosure, ChangeRecord
from dfgov.model_risk.validation import ValidationCheck
from dfgov.report import Finding, Report, Status

FULL: dict[str, Any] = {
    "algorithm_id": "retail-pd",
    "name": {"en": "Retail PD model", "zh-CN": "零售违约概率模型"},
    "version": "2.1",
    "algorithm_type": {"en": "gradient-boosted trees", "zh-CN": "梯度提升树"},
    "logic": {"en": "Estimates the chance of default from repayment history.",
              "zh-CN": "根据还款记录估计违约概率。"},
    "scenario": {"en": "Consumer loans up to 50,000 CNY", "zh-CN": "5 万元以下个人消费贷款"},
    "decision_use": {"en": "Scores above 0.5 go to manual review.",
                     "zh-CN": "评分高于 0.5 的申请转人工审核。"},
    "human_oversight": {"en": "Credit officers review every decline.",
                        "zh-CN": "信贷人员复核每一笔拒绝。"},
    "data_sources": ["Application form", "Credit bureau"],
    "excluded_attributes": ["sex", "age"],
    "responsible_entity": {"en": "Example Bank Retail Risk", "zh-CN": "示例银行零售风险部"},
    "appeal_channel": {"en": "Call 95500 or any branch", "zh-CN": "致电 95500 或前往任一网点"},
    "limitations": ["Not validated for small-business loans"],
    "changes": [ChangeRecord(date=date(2026, 1, 5), version="2.1",
                             description="Recalibrated")],
}

CREDIT = DecisionVocabulary(favourable_label=0, score_direction="higher_is_unfavourable")


@pytest.fixture(scope="module")
def report() -> Report:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 800)
    s = np.clip(0.3 * y + 0.7 * rng.random(800), 0, 1)
    rep = ValidationCheck(vocabulary=CREDIT).run(y=y, y_score=s)
    extra = [
        Finding(control="fairness.demographic_parity", status=Status.PASS,
                message=text("disclosure.empty"), metric="selection_rate_ratio", value=0.91,
                subject="sex"),
        Finding(control="explain.concentration", status=Status.PASS,
                message=text("disclosure.empty"), metric="features_for_share", value=3.0,
                details={"top_features": ["checking_status", "duration_months",
                                          "credit_history"]}),
    ]
    return rep.model_copy(update={"findings": rep.findings + tuple(extra)})


def test_from_report_fills_audit_performance_fairness_factors(report: Report) -> None:
    d = AlgorithmDisclosure.from_report(report, **FULL)
    auc = next(f.value for f in report.findings if f.metric == "roc_auc")
    assert d.performance["roc_auc"] == auc
    assert d.fairness == {"selection_rate_ratio[sex]": 0.91}
    assert d.main_factors[0].en == "checking_status"
    assert d.last_assessment_date == report.finished_at.date()
    assert d.assessment_status == report.status.value
    assert d.report_digest == report.digest and len(d.report_digest) == 64
    assert d.missing_fields() == []
    checks = d.check()
    assert [f.status for f in checks if f.control == "disclosure.completeness"] == [Status.PASS]
    override = AlgorithmDisclosure.from_report(report, **{**FULL, "performance": {"auc": 0.5}})
    assert override.performance == {"auc": 0.5}
    pol = dfgov.Policy.loads('[disclosure]\naudience = "regulator"\n')
    assert AlgorithmDisclosure.from_report(report, policy=pol, **FULL).audience == "regulator"
    assert "监管机构" in AlgorithmDisclosure.from_report(report, policy=pol, **FULL).to_markdown(
        lang="zh-CN")


def test_missing_fields_become_findings(report: Report) -> None:
    d = AlgorithmDisclosure.from_report(report, algorithm_id="x", name="X")
    findings = d.check()
    missing = {f.subject for f in findings if f.status is Status.FAIL}
    assert {"appeal_channel", "responsible_entity", "logic", "limitations"} <= missing
    assert "name" not in missing and "performance" not in missing
    f = next(f for f in findings if f.subject == "appeal_channel")
    assert f.clauses == ("AP-16", "JR/T 0287-2023", "PIPL Art.24", "EU AI Act Art.13")
    assert "申诉与解释渠道" in f.message.zh_cn
    pol = dfgov.Policy.loads('[disclosure]\nrequired_fields = ["name"]\nmissing_status = "warn"\n')
    assert [f.status for f in d.check(pol) if f.control == "disclosure.completeness"] == [
        Status.PASS]
    with pytest.raises(InvalidInputError, match=r"\['nonsense'\]"):
        d.missing_fields(["nonsense"])


def test_renders_in_both_languages(report: Report, tmp_path: Path) -> None:
    d = AlgorithmDisclosure.from_report(report, **FULL)
    en, zh = d.to_markdown(), d.to_markdown(lang="zh-CN")
    assert "# Algorithm disclosure: Retail PD model 2.1" in en
    assert "## 5. Responsible entity" in en and "Call 95500" in en
    assert "# 算法信息披露: 零售违约概率模型 2.1" in zh
    assert "## 五、责任主体" in zh and "致电 95500" in zh and "JR/T 0287-2023" in zh
    html = d.to_html(tmp_path / "d.html", lang="zh-CN")
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in html
    assert (tmp_path / "d.html").read_text(encoding="utf-8") == html
    assert AlgorithmDisclosure.from_json(d.to_json()) == d
    assert json.loads(d.to_json())["name"] == {"en": "Retail PD model", "zh-CN": "零售违约概率模型"}
    sparse = AlgorithmDisclosure(algorithm_id="x")
    assert "**(missing)**" in sparse.to_markdown()
    assert 'class="missing"' in sparse.to_html()
    with pytest.raises(InvalidInputError, match="'lang'"):
        d.to_markdown(lang="fr")


def test_untrusted_text_is_escaped() -> None:
    d = AlgorithmDisclosure(algorithm_id="x", logic="<script>alert(1)</script> | a")
    assert "<script>" not in d.to_html()
    md = d.to_markdown()
    assert "<script>" not in md and "\\| a" in md


def test_publish_writes_an_audit_event(report: Report, tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "gov.db", actor="ci")
    d = AlgorithmDisclosure.from_report(report, **FULL)
    event = d.publish(log, actor="model-owner", event="major_change")
    assert event.action == "disclosure.major_change" and event.actor == "model-owner"
    assert event.subject == "retail-pd@2.1"
    (stored,) = list(log.events(action="disclosure.major_change"))
    assert stored.payload["digest"] == d.digest
    assert stored.payload["report_digest"] == report.digest
    assert log.verify().ok
    with pytest.warns(DeprecationWarning, match=r"'audit_log' argument of "
                                                r"AlgorithmDisclosure\.publish.*'audit'"):
        old = d.publish(audit_log=log, actor="model-owner", event="major_change")
    assert (old.action, old.subject) == (event.action, event.subject)
    assert d.publish(audit=log, actor="model-owner", event="launch").action == (
        "disclosure.launch")
    with pytest.raises(InvalidInputError, match=r"'audit' argument .* old name 'audit_log'"):
        d.publish(log, actor="model-owner", audit_log=log)
    with pytest.raises(InvalidInputError, match=r"'audit' argument .* is required"):
        d.publish(actor="model-owner")
    incomplete = AlgorithmDisclosure(algorithm_id="x")
    with pytest.raises(LifecycleError, match="appeal_channel"):
        incomplete.publish(log, actor="a")
    incomplete.publish(log, actor="a", event="suspension", allow_incomplete=True)
    assert len(log) == 4
    log.close()
    with pytest.raises(InvalidInputError, match="'audit'"):
        d.publish(object(), actor="a")  # type: ignore[arg-type]


def test_bad_metadata_names_the_field(report: Report) -> None:
    with pytest.raises(InvalidInputError, match=r"AlgorithmDisclosure\.performance"):
        AlgorithmDisclosure.from_report(report, algorithm_id="x", performance="high")
    with pytest.raises(InvalidInputError, match="'report'"):
        AlgorithmDisclosure.from_report("r", algorithm_id="x")  # type: ignore[arg-type]


def test_report_digest_is_the_saved_json_file_digest(report: Report, tmp_path: Path) -> None:
    import hashlib

    path = report.save(tmp_path / "report.json")
    assert report.digest == hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_report_digest_alias_is_deprecated(report: Report) -> None:
    from dfgov.model_risk.disclosure import report_digest

    with pytest.warns(DeprecationWarning, match=r"report\.digest"):
        assert report_digest(report) == report.digest


def test_disclosure_check_is_a_control_returning_a_report() -> None:
    from dfgov.errors import InvalidInputError
    from dfgov.model_risk.disclosure import DisclosureCheck, DisclosurePolicy
    from dfgov.report import Report, Status

    doc = AlgorithmDisclosure(algorithm_id="credit-v3")
    report = DisclosureCheck(DisclosurePolicy(missing_status="warn")).run(doc)
    assert isinstance(report, Report)
    assert report.findings == tuple(doc.check(DisclosurePolicy(missing_status="warn")))
    assert {f.status for f in report.findings} == {Status.WARN}
    assert DisclosureCheck().run(doc).status is Status.FAIL
    with pytest.raises(InvalidInputError, match="'disclosure'"):
        DisclosureCheck().run({"algorithm_id": "x"})  # type: ignore[arg-type]
