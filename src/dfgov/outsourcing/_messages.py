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
