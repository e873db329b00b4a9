"""China ledger (外包台账) and annual outsourcing report (银保监办发〔2021〕141号), zh-CN and en."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov.i18n import LocalizedText, check_lang, register_messages, text
from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import State
from dfgov.outsourcing.registers._csv import write_csv
from dfgov.policy import resolve_section
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.policy import Policy

__all__ = ["LEDGER_COLUMNS", "china_annual_report", "china_ledger"]

_L = "outsourcing.ledger."
_PRE: tuple[State, ...] = ("proposed", "pre_assessment", "due_diligence", "approved",
                           "regulator_notified", "rejected")
register_messages({
    _L + "id": {"en": "Arrangement", "zh-CN": "外包编号"},
    _L + "provider": {"en": "Provider", "zh-CN": "服务商名称"},
    _L + "uscc": {"en": "USCC", "zh-CN": "统一社会信用代码"},
    _L + "type": {"en": "Type (Art.12)", "zh-CN": "外包类型"},
    _L + "important": {"en": "Important", "zh-CN": "重要外包"},
    _L + "non_onsite": {"en": "Non-onsite centralised", "zh-CN": "非驻场集中式外包"},
    _L + "cross_border": {"en": "Cross-border", "zh-CN": "跨境外包"},
    _L + "related": {"en": "Related-party / intra-group", "zh-CN": "关联外包"},
    _L + "data": {"en": "Data categories", "zh-CN": "涉及数据类别"},
    _L + "status": {"en": "Status", "zh-CN": "状态"},
    _L + "notified": {"en": "Notified to regulator", "zh-CN": "监管报告日期"},
    _L + "signed": {"en": "Contract signed", "zh-CN": "合同签署日期"},
    _L + "end": {"en": "Contract end", "zh-CN": "合同到期日期"},
    _L + "assessed": {"en": "Last assessment", "zh-CN": "最近评估日期"},
    _L + "conclusion": {"en": "Conclusion", "zh-CN": "评估结论"},
    _L + "drill": {"en": "Last exit drill", "zh-CN": "最近退出演练"},
    _L + "audit": {"en": "Last audit", "zh-CN": "最近审计日期"},
    _L + "incidents": {"en": "Major incidents", "zh-CN": "重大事件数"},
    _L + "yes": {"en": "yes", "zh-CN": "是"},
    _L + "no": {"en": "no", "zh-CN": "否"},
    "outsourcing.annual.title": {
        "en": "Annual outsourcing risk report {year}",
        "zh-CN": "{year} 年度信息科技外包风险报告",
    },
    "outsourcing.annual.summary": {"en": "Outsourcing portfolio", "zh-CN": "外包总体情况"},
    "outsourcing.annual.item": {"en": "Item", "zh-CN": "项目（英文）"},
    "outsourcing.annual.item_zh": {"en": "Item (Chinese)", "zh-CN": "项目"},
    "outsourcing.annual.count": {"en": "Count", "zh-CN": "数量"},
    "outsourcing.annual.in_force": {"en": "Arrangements in force", "zh-CN": "存续外包安排"},
    "outsourcing.annual.important": {"en": "Important outsourcing", "zh-CN": "重要外包"},
    "outsourcing.annual.non_onsite": {"en": "Non-onsite centralised outsourcing",
                                      "zh-CN": "非驻场集中式外包"},
    "outsourcing.annual.cross_border": {"en": "Cross-border outsourcing", "zh-CN": "跨境外包"},
    "outsourcing.annual.related": {"en": "Related-party outsourcing", "zh-CN": "关联外包"},
    "outsourcing.annual.notifications": {"en": "Notifications to the regulator",
                                         "zh-CN": "向监管报告的外包"},
    "outsourcing.annual.incidents": {"en": "Major incidents", "zh-CN": "重大事件"},
    "outsourcing.annual.assessments": {"en": "Assessments performed", "zh-CN": "已开展评估"},
    "outsourcing.annual.drills": {"en": "Exit drills performed", "zh-CN": "已开展退出演练"},
    "outsourcing.annual.exited": {"en": "Arrangements exited", "zh-CN": "已退出外包"},
    "outsourcing.annual.assessed": {
        "en": "Important arrangement {subject}: annual comprehensive assessment in {year}: "
              "{done}.",
        "zh-CN": "重要外包 {subject}：{year} 年度全面评估：{done}。",
    },
    "outsourcing.annual.drilled": {
        "en": "Important arrangement {subject}: drill with the provider in {year}: {done}.",
        "zh-CN": "重要外包 {subject}：{year} 年与服务商开展演练：{done}。",
    },
    "outsourcing.annual.reported": {
        "en": "Incident {subject}: reported within {hours} hours: {done}.",
        "zh-CN": "事件 {subject}：{hours} 小时内报告：{done}。",
    },
})

#: Ledger columns (message keys under ``outsourcing.ledger.``).
LEDGER_COLUMNS = ("id", "provider", "uscc", "type", "important", "non_onsite", "cross_border",
                  "related", "data", "status", "notified", "signed", "end", "assessed",
                  "conclusion", "drill", "audit", "incidents")
_TYPES = {
    "consulting_planning": ("consulting and planning", "咨询规划类"),
    "development_testing": ("development and testing", "开发测试类"),
    "operation_maintenance": ("operation and maintenance", "运行维护类"),
    "security_services": ("security services", "安全服务类"),
    "business_support": ("business support", "业务支持类"),
}


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def china_ledger(
    cases: Iterable[OutsourcingCase], *, lang: str = "zh-CN", path: str | Path | None = None
) -> pd.DataFrame:
    """The outsourcing ledger with headers in ``lang`` (every state except proposed/rejected).

    Written as UTF-8 CSV (with BOM, for Excel) to ``path`` when given; in
    the file, a text cell a spreadsheet would read as a formula gets a
    leading apostrophe (OWASP); the returned frame keeps the values.
    """
    import pandas as pd

    zh = check_lang(lang) == "zh-CN"
    yes, no = (text(_L + k).get(lang) for k in ("yes", "no"))

    def yn(v: bool) -> str:
        return yes if v else no

    rows = []
    for case in cases:
        a, p = case.arrangement, case.provider
        if a.status in ("proposed", "rejected"):
            continue
        c, last, drill = case.contract, case.last_assessment(), case.last_exit_test()
        audit, note = case.last_assessment(kind="audit"), case.notification
        rows.append((
            a.id, p.legal_name, p.uscc, _TYPES[a.outsourcing_type][1 if zh else 0],
            yn(a.important), yn(a.non_onsite), yn(a.cross_border),
            yn(a.intra_group or p.related_party), ";".join(a.data_categories),
            a.status, _iso(note.notified_on if note else None),
            _iso(c.signed_on if c else None), _iso(c.end if c else None),
            _iso(last.performed_on if last else None), last.conclusion if last else None,
            _iso(drill.performed_on if drill else None),
            _iso(audit.performed_on if audit else None),
            sum(1 for i in case.incidents if i.severity != "minor"),
        ))
    cols = [text(_L + k).get(lang) for k in LEDGER_COLUMNS]
    frame = pd.DataFrame(rows, columns=cols)
    if path is not None:
        write_csv(frame, path, encoding="utf-8-sig")
    return frame


def china_annual_report(
    cases: Iterable[OutsourcingCase], year: int, *,
    policy: Policy | OutsourcingPolicy | None = None,
) -> Report:
    """Annual report (141 Art.35): portfolio counts plus per-arrangement checks of the year.

    Arrangements count when they were in force at some time in ``year``.
    Findings: the annual comprehensive assessment of each important
    arrangement (Art.35), the year's drill with its provider (Art.31), and
    each major incident reported within the deadline (Art.38).
    """
    pol = resolve_section(policy, OutsourcingPolicy, "china_annual_report")
    cases = list(cases)
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    in_force = [c for c in cases if _in_force_during(c, start, end)]

    def yr(d: Any) -> bool:
        return d is not None and d.year == year

    counts = {
        "in_force": len(in_force),
        "important": sum(c.arrangement.important for c in in_force),
        "non_onsite": sum(c.arrangement.non_onsite for c in in_force),
        "cross_border": sum(c.arrangement.cross_border for c in in_force),
        "related": sum(c.arrangement.intra_group or c.provider.related_party for c in in_force),
        "notifications": sum(yr(n.notified_on) for c in cases for n in c.notifications),
        "incidents": sum(i.severity != "minor" and start <= i.detected_at < end
                         for c in cases for i in c.incidents),
        "assessments": sum(yr(a.performed_on) for c in cases for a in c.assessments),
        "drills": sum(yr(t.performed_on) for c in cases for t in c.exit_tests),
        "exited": sum(h.to_state == "exited" and h.at.year == year
                      for c in cases for h in c.history),
    }
    table = Table(
        title=text("outsourcing.annual.summary"),
        columns=(text("outsourcing.annual.item"), text("outsourcing.annual.item_zh"),
                 text("outsourcing.annual.count")),
        rows=tuple((text(f"outsourcing.annual.{k}").en, text(f"outsourcing.annual.{k}").zh_cn, v)
                   for k, v in counts.items()),
    )
    findings: list[Finding] = []
    for c in in_force:
        if not c.arrangement.important:
            continue
        did = any(yr(a.performed_on) for a in c.assessments if a.kind in ("annual", "periodic",
                                                                          "audit"))
        findings.append(_check("outsourcing.annual.assessment", c.id, did, year,
                               "outsourcing.annual.assessed", "CBIRC-2021-141 Art.35"))
        drilled = any(yr(t.performed_on) for t in c.exit_tests)
        findings.append(_check("outsourcing.annual.drill", c.id, drilled, year,
                               "outsourcing.annual.drilled", "CBIRC-2021-141 Art.31"))
    hours = pol.incident_report_hours
    for c in cases:
        for i in c.incidents:
            if i.severity == "minor" or not (start <= i.detected_at < end):
                continue
            deadline = i.deadline(hours) or i.detected_at + timedelta(hours=hours)
            ok = i.reported_at is not None and i.reported_at <= deadline
            findings.append(_check("outsourcing.annual.incident", i.id, ok, year,
                                   "outsourcing.annual.reported", "CBIRC-2021-141 Art.38",
                                   hours=hours))
    return Report.build(findings, title=text("outsourcing.annual.title", year=year),
                        tables=(table,), metadata={"year": year, **counts})


def _in_force_during(case: OutsourcingCase, start: datetime, end: datetime) -> bool:
    """Whether the arrangement was contracted and not yet exited at some time in [start, end)."""
    began = [h.at for h in case.history if h.to_state == "contracted"]
    if not began and case.contract is not None and case.status not in _PRE:
        began = [datetime.combine(case.contract.start, datetime.min.time(), tzinfo=UTC)]
    if not began or began[0] >= end:
        return False
    exited = [h.at for h in case.history if h.to_state in ("exited",)]
    return not exited or exited[-1] >= start


def _check(control: str, subject: str, ok: bool, year: int, key: str, clause: str,
           **extra: Any) -> Finding:
    done_en, done_zh = (("yes", "是") if ok else ("no", "否"))
    en = text(key, subject=subject, year=year, done=done_en, **extra).en
    zh = text(key, subject=subject, year=year, done=done_zh, **extra).zh_cn
    return Finding(control=control, status=Status.PASS if ok else Status.FAIL, subject=subject,
                   message=LocalizedText(en=en, zh_cn=zh), clauses=("AP-16", clause))
