"""Message catalog of the outsourcing area (English and zh-CN)."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    "outsourcing.review.title": {
        "en": "Outsourcing review as of {as_of}",
        "zh-CN": "外包持续评估（截至 {as_of}）",
    },
    "outsourcing.score.arrangement": {
        "en": "Arrangement {subject}: weighted review score {value:.1f} "
              "(threshold {threshold:.0f}).",
        "zh-CN": "外包安排 {subject}：加权评估得分 {value:.1f}（阈值 {threshold:.0f}）。",
    },
    "outsourcing.score.unscored": {
        "en": "Arrangement {subject} has no assessment scores.",
        "zh-CN": "外包安排 {subject} 尚无评估得分。",
    },
    "outsourcing.score.provider": {
        "en": "Provider {subject}: spend-weighted review score {value:.1f} "
              "(threshold {threshold:.0f}).",
        "zh-CN": "外包服务商 {subject}：按费用加权的评估得分 {value:.1f}（阈值 {threshold:.0f}）。",
    },
    "outsourcing.summary": {
        "en": "{control}: {count} of {total} subjects need attention"
              "{truncated}.",
        "zh-CN": "{control}：{total} 个对象中有 {count} 个需要关注{truncated}。",
    },
    "outsourcing.summary.truncated": {
        "en": " (first {shown} listed individually)",
        "zh-CN": "（逐项列出前 {shown} 个）",
    },
    "outsourcing.knockout": {
        "en": "Arrangement {subject}: knock-out ({events}) forces the state '{action}'; "
            "it is '{status}'.",
        "zh-CN": "外包安排 {subject}：否决事项（{events}）要求进入“{action}”状态；"
                 "当前为“{status}”。",
    },
    "outsourcing.assessment_due": {
        "en": "Arrangement {subject}: the periodic assessment is overdue "
              "(every {months} months).",
        "zh-CN": "外包安排 {subject}：定期评估已逾期（每 {months} 个月一次）。",
    },
    "outsourcing.contract_expiring": {
        "en": "Arrangement {subject}: the contract ends on {end}, within its notice period.",
        "zh-CN": "外包安排 {subject}：合同于 {end} 到期，已进入通知期。",
    },
    "outsourcing.contract_expired": {
        "en": "Arrangement {subject}: the contract ended on {end} but the service is in force.",
        "zh-CN": "外包安排 {subject}：合同已于 {end} 到期，但服务仍在进行。",
    },
    "outsourcing.exit_plan_missing": {
        "en": "Important arrangement {subject} has no exit plan.",
        "zh-CN": "重要外包安排 {subject} 没有退出计划。",
    },
    "outsourcing.exit_test_due": {
        "en": "Arrangement {subject}: the exit plan has not been tested for {months} months.",
        "zh-CN": "外包安排 {subject}：退出计划已超过 {months} 个月未演练。",
    },
    "outsourcing.audit_due": {
        "en": "Important arrangement {subject} has not been audited within {months} months.",
        "zh-CN": "重要外包安排 {subject} 在 {months} 个月内未经审计。",
    },
    "outsourcing.incident_overdue": {
        "en": "Arrangement {subject}: an incident report is past its deadline ({deadline}).",
        "zh-CN": "外包安排 {subject}：事件报告已超过报送时限（{deadline}）。",
    },
    "outsourcing.all_clear": {
        "en": "{control}: nothing due among {total} subjects.",
        "zh-CN": "{control}：{total} 个对象均无到期事项。",
    },
    "outsourcing.hhi": {
        "en": "HHI of {measure} by {dimension}: {value:.3f} (threshold {threshold:.3f}).",
        "zh-CN": "按{dimension}计算的{measure}赫芬达尔指数：{value:.3f}（阈值 {threshold:.3f}）。",
    },
    "outsourcing.single_provider": {
        "en": "Critical function {subject} is served by a single provider.",
        "zh-CN": "关键职能 {subject} 仅由单一服务商提供服务。",
    },
    "outsourcing.group_share": {
        "en": "Closely connected provider group {subject} ({n} providers) holds "
              "{value:.1%} of spend.",
        "zh-CN": "关联服务商集团 {subject}（{n} 家）占外包费用的 {value:.1%}。",
    },
    "outsourcing.table.providers": {"en": "Lowest provider scores", "zh-CN": "得分最低的服务商"},
    "outsourcing.table.concentration": {"en": "Concentration (HHI)", "zh-CN": "集中度（HHI）"},
    "outsourcing.col.provider": {"en": "Provider", "zh-CN": "服务商"},
    "outsourcing.col.score": {"en": "Score", "zh-CN": "得分"},
    "outsourcing.col.arrangements": {"en": "Arrangements", "zh-CN": "外包安排数"},
    "outsourcing.col.dimension": {"en": "Dimension", "zh-CN": "维度"},
    "outsourcing.col.measure": {"en": "Measure", "zh-CN": "度量"},
    "outsourcing.col.hhi": {"en": "HHI", "zh-CN": "HHI"},
    "outsourcing.col.top": {"en": "Largest", "zh-CN": "最大者"},
    "outsourcing.col.top_share": {"en": "Largest share", "zh-CN": "最大份额"},
    "outsourcing.dim.parent": {"en": "ultimate parent", "zh-CN": "最终母公司"},
    "outsourcing.dim.ict_service_type": {"en": "ICT service type", "zh-CN": "ICT 服务类型"},
    "outsourcing.dim.data_country": {"en": "data location", "zh-CN": "数据所在地"},
    "outsourcing.measure.spend": {"en": "annual spend", "zh-CN": "年度费用"},
    "outsourcing.measure.critical_functions": {
        "en": "critical functions", "zh-CN": "关键职能数量",
    },
})

# What a lifecycle transition still needs (Lifecycle.missing): one text per code.
_MISSING: dict[str, tuple[str, str]] = {
    "no_transition": ("no transition {frm} -> {to}", "不存在从 {frm} 到 {to} 的状态转换"),
    "evidence.reason": ("evidence.reason", "变更理由（evidence.reason）"),
    "evidence.pre_assessment": ("evidence.pre_assessment",
                                "前期评估记录（evidence.pre_assessment）"),
    "evidence.senior_approver": ("evidence.senior_approver (141 Art.15)",
                                 "高级管理层审批（evidence.senior_approver，141号文第十五条）"),
    "evidence.approver": ("evidence.approver", "审批人（evidence.approver）"),
    "evidence.remediation_plan": ("evidence.remediation_plan",
                                  "整改计划（evidence.remediation_plan）"),
    "evidence.remediation_deadline": ("evidence.remediation_deadline",
                                      "整改期限（evidence.remediation_deadline）"),
    "evidence.termination_reason": ("evidence.termination_reason",
                                    "终止原因（evidence.termination_reason）"),
    "evidence.data_returned_or_deleted": (
        "evidence.data_returned or evidence.data_deleted",
        "数据已返还或已删除（evidence.data_returned 或 evidence.data_deleted）"),
    "evidence.access_revoked_on": ("evidence.access_revoked_on",
                                   "访问权限撤销日期（evidence.access_revoked_on）"),
    "due_diligence.completed": ("completed due diligence (141 Art.17)",
                                "已完成的尽职调查（141号文第十七条）"),
    "due_diligence.items": ("due diligence items {items}", "尽职调查事项 {items}"),
    "due_diligence.open_critical": (
        "resolution of {n} open critical due-diligence finding(s)",
        "解决 {n} 项尚未关闭的重大尽职调查问题"),
    "approver.independent": ("an approver other than the requester", "由申请人以外的人员审批"),
    "notification.not_listed": ("listed outsourcing (no notification due)",
                                "须报告的外包（本安排无需报告）"),
    "notification.record": ("notification record", "报告记录"),
    "notification.required": ("regulator notification (141 Art.37)",
                              "向监管机构报告（141号文第三十七条）"),
    "notification.waiting_period": (
        "contract signed on or after {date} ({days} working days after notification)",
        "合同签署日不早于 {date}（报告后 {days} 个工作日）"),
    "contract.record": ("contract record", "合同记录"),
    "contract.clauses": ("contract clauses {items}", "合同条款 {items}"),
    "contract.started": ("contract started (contract.start <= today)",
                         "合同已开始履行（合同开始日不晚于当日）"),
    "exit_plan.record": ("exit plan (141 Art.29, DORA Art.28(8))",
                         "退出计划（141号文第二十九条，DORA 第28条第8款）"),
    "assessment.since_review": ("an assessment performed since the review began",
                                "审查开始后完成的评估"),
    "assessment.satisfactory": ("a satisfactory assessment conclusion", "评估结论为满意"),
    "assessment.post_exit": ("post-exit evaluation (assessment kind 'post_exit')",
                             "退出后评价（评估类型 post_exit）"),
    "incidents.open_major": ("remediation of open major incidents", "整改尚未关闭的重大事件"),
    "regulator_requests.open": ("closure of open regulator requests", "关闭尚未办结的监管要求"),
    "certifications.expired": ("renewal of expired certifications", "更新已过期的认证"),
}
register_messages({f"outsourcing.missing.{code}": {"en": en, "zh-CN": zh}
                   for code, (en, zh) in _MISSING.items()})
