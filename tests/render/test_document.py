"""The report's reading order: summary, sections per area, important first, repeats collapsed."""

from __future__ import annotations

import re

import pytest

from dfgov.i18n import LocalizedText
from dfgov.render._document import COLLAPSE_AT, build_document
from dfgov.report import Finding, Report, Status


def _f(control: str, status: str, subject: str | None = None, value: float | None = None,
       metric: str | None = None, details: dict[str, object] | None = None) -> Finding:
    return Finding(control=control, status=Status(status), subject=subject, value=value,
                   metric=metric, message=LocalizedText(en=f"{control} on {subject}",
                                                        zh_cn=f"{subject} 的检查"),
                   details=details or {})


def _report(**meta: object) -> Report:
    findings = [
        _f("fairness.demographic_parity_difference", "pass", "sex", 0.01,
           "demographic_parity_difference"),
        *(_f("robustness.out_of_range", "warn", f"x{i}", 0.01 * i) for i in range(5)),
        _f("robustness.monotonicity", "pass", "age"),
        _f("fairness.equal_opportunity_difference", "fail", "sex", 0.3,
           "equal_opportunity_difference"),
        _f("bank.own_control", "skipped"),
    ]
    return Report(findings=tuple(findings), title=LocalizedText(en="T", zh_cn="标题"),
                  metadata=dict(meta))


def test_sections_follow_the_area_order_and_put_failures_first() -> None:
    doc = build_document(_report(), "en")
    assert [s.area for s in doc.sections] == ["fairness", "robustness", "other"]
    fairness = doc.sections[0]
    assert [g.status for g in fairness.groups] == ["fail", "pass"]
    assert fairness.status == "fail" and doc.status == "fail"
    assert dict((s, n) for s, n, _ in fairness.counts) == {"fail": 1, "pass": 1}


def test_repeated_findings_of_one_kind_collapse_with_their_subjects() -> None:
    doc = build_document(_report(), "en")
    (warn, ok) = doc.sections[1].groups
    assert warn.collapsed and len(warn.rows) == 5 >= COLLAPSE_AT
    assert warn.subjects == ("x0", "x1", "x2", "x3", "x4")
    assert warn.summary == "5 findings of this kind; values from 0 to 0.04."
    assert not ok.collapsed and warn.control_text == "out-of-range inputs"


def test_verdict_is_two_or_three_plain_sentences_in_both_languages() -> None:
    for lang in ("en", "zh-CN"):
        doc = build_document(_report(), lang)
        assert 2 <= len(doc.verdict) <= 3
        assert doc.skipped_note is not None
    en = build_document(_report(), "en")
    assert en.verdict[0] == "Not passed — findings beyond their limits: 1, in Fairness."
    assert en.verdict[-1].startswith("The CI gate exits with code 1")
    zh = build_document(_report(), "zh-CN")
    assert zh.verdict[0] == "未通过：公平性共有 1 项检查结果超出限值。"
    passing = Report(findings=(_f("fairness.x", "pass"),))
    assert build_document(passing, "en").verdict == (
        "Passed — every finding is within its limits (1).",
        "The CI gate exits with code 0: the model may proceed.")


def test_subject_comes_from_metadata_in_the_report_language() -> None:
    r = _report(model_name={"en": "PD model", "zh-CN": "违约概率模型"}, model_version="2.1",
                model_owner="Risk", dataset="loans 2025")
    zh = dict(build_document(r, "zh-CN").subject)
    assert zh["模型"] == "违约概率模型" and zh["版本"] == "2.1" and zh["负责部门"] == "Risk"
    # without model metadata the algorithm disclosure fills in
    r2 = _report(disclosure={"name": {"en": "Scorecard", "zh-CN": "评分卡"}, "version": "3"})
    assert dict(build_document(r2, "en").subject)["Model"] == "Scorecard"


def test_metric_ids_in_messages_become_names_and_unknown_controls_stay_ids() -> None:
    r = Report(findings=(Finding(
        control="fairness.demographic_parity_difference", status=Status.PASS,
        metric="demographic_parity_difference",
        message=LocalizedText(en="demographic_parity_difference is 0.01 across sex.",
                              zh_cn="sex 的 demographic_parity_difference 为 0.01。")),
        _f("bank.own_control", "pass")))
    zh = build_document(r, "zh-CN")
    row = zh.sections[0].groups[0].rows[0]
    assert row.message == "sex 的人口均等差异为 0.01。"
    assert build_document(r, "en").sections[0].groups[0].rows[0].message.startswith(
        "demographic parity difference is")
    other = zh.sections[1].groups[0]
    assert other.control_text is None and other.control == "bank.own_control"


def test_identifiers_include_subjects_pairs_and_named_details() -> None:
    r = Report(findings=(_f("security.dependencies", "pass", details={
        "libraries": {"numpy": "2"}, "format": "skops", "worst_pair": ["a", "b"]}),))
    ids = build_document(r, "en").identifiers
    assert {"numpy", "skops", "a", "b", "security.dependencies"} <= ids


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_empty_report(lang: str) -> None:
    doc = build_document(Report(), lang)
    assert doc.sections == () and doc.status == "skipped" and len(doc.verdict) == 1
    assert re.search(r"0", doc.totals)


def test_a_report_passed_under_waivers_says_so() -> None:
    from datetime import date

    from dfgov.report import WaiverRef

    waived = Finding(control="fairness.four_fifths_rule", status=Status.WAIVED,
                     message=LocalizedText(en="m", zh_cn="m"),
                     waiver=WaiverRef(id="W-1", approver="cro", expires=date(2030, 1, 1)))
    doc = build_document(Report(findings=(waived, _f("fairness.x", "pass"))), "en")
    assert doc.status == "waived"
    assert doc.verdict[0].startswith("Passed under waivers")
    assert "four-fifths rule (1)" in doc.verdict[1]
    row = doc.sections[0].groups[0].rows[0]
    assert row.status_text == "waived" and "waived by W-1" in row.message
