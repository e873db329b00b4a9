"""User-facing texts of data security (lifecycle and risk assessment), en and zh-CN."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    # -- lifecycle ---------------------------------------------------------
    "data_security.plan.title": {
        "en": "Data due for deletion",
        "zh-CN": "到期待删除数据",
    },
    "data_security.plan.dataset": {"en": "Dataset", "zh-CN": "数据集"},
    "data_security.plan.column": {"en": "Column", "zh-CN": "字段"},
    "data_security.plan.category": {"en": "Category", "zh-CN": "类别"},
    "data_security.plan.level": {"en": "Level", "zh-CN": "级别"},
    "data_security.plan.retention": {"en": "Retention (days)", "zh-CN": "保存期限(天)"},
    "data_security.plan.due": {"en": "Due", "zh-CN": "到期日"},
    "data_security.plan.overdue": {"en": "Days overdue", "zh-CN": "逾期天数"},
    "data_security.retention.overdue": {
        "en": "{subject}: retention of {days} days ended {overdue} days ago; delete or "
              "crypto-shred it.",
        "zh-CN": "{subject}:{days} 天保存期限已于 {overdue} 天前届满,应删除或以密钥销毁方式清除。",
    },
    # -- assessment --------------------------------------------------------
    "data_security.report.title": {
        "en": "Data-security risk assessment: {dataset}",
        "zh-CN": "数据安全风险评估:{dataset}",
    },
    "data_security.table.title": {
        "en": "Columns, controls and risk",
        "zh-CN": "字段、控制措施与风险",
    },
    "data_security.table.encryption": {"en": "Encryption at rest", "zh-CN": "存储加密"},
    "data_security.table.masked": {"en": "Masked on display", "zh-CN": "展示脱敏"},
    "data_security.table.score": {"en": "Risk score", "zh-CN": "风险值"},
    "data_security.table.rating": {"en": "Rating", "zh-CN": "风险等级"},
    "data_security.rating.low": {"en": "low", "zh-CN": "低"},
    "data_security.rating.medium": {"en": "medium", "zh-CN": "中"},
    "data_security.rating.high": {"en": "high", "zh-CN": "高"},
    "data_security.rating.critical": {"en": "critical", "zh-CN": "极高"},
    "data_security.encryption.missing": {
        "en": "{subject} ({category}, level {level}) is not encrypted at rest; levels from "
              "{required} require it. Risk {score} ({rating}).",
        "zh-CN": "{subject}({category},{level} 级)未进行存储加密;{required} 级及以上要求加密。"
                 "风险值 {score}({rating})。",
    },
    "data_security.encryption.not_sm": {
        "en": "{subject} (level {level}) is encrypted with {algorithm}; from level {required} "
              "the policy requires SM4 (GB/T 39786-2021). Risk {score} ({rating}).",
        "zh-CN": "{subject}({level} 级)使用 {algorithm} 加密;策略要求 {required} 级及以上使用"
                 " SM4(GB/T 39786-2021)。风险值 {score}({rating})。",
    },
    "data_security.mask.missing": {
        "en": "{subject} ({category}, level {level}) is shown unmasked; levels from {required} "
              "must be masked on display. Risk {score} ({rating}).",
        "zh-CN": "{subject}({category},{level} 级)展示时未脱敏;{required} 级及以上须脱敏展示。"
                 "风险值 {score}({rating})。",
    },
    "data_security.retention.missing": {
        "en": "{subject} ({category}) has no retention period set. Risk {score} ({rating}).",
        "zh-CN": "{subject}({category})未设定保存期限。风险值 {score}({rating})。",
    },
    "data_security.retention.too_long": {
        "en": "{subject} is kept {days} days, longer than the policy's {limit} days for its "
              "category/level. Risk {score} ({rating}).",
        "zh-CN": "{subject} 保存 {days} 天,超过策略对其类别/级别规定的 {limit} 天。"
                 "风险值 {score}({rating})。",
    },
    "data_security.transfer.no_route": {
        "en": "{subject} leaves the country without a recorded PIPL Art. 38 route (CAC "
              "assessment, certification or standard contract). Risk {score} ({rating}).",
        "zh-CN": "{subject} 出境但未记录《个人信息保护法》第三十八条规定的路径(安全评估、认证或"
                 "标准合同)。风险值 {score}({rating})。",
    },
    "data_security.pia.missing": {
        "en": "{subject} holds sensitive personal information ({category}); no personal-"
              "information impact assessment within {days} days is recorded (PIPL Art. 55). "
              "Risk {score} ({rating}).",
        "zh-CN": "{subject} 含敏感个人信息({category}),未记录 {days} 天内的个人信息保护影响评估"
                 "(《个人信息保护法》第五十五条)。风险值 {score}({rating})。",
    },
    "data_security.column.ok": {
        "en": "{subject} ({category}, level {level}): declared controls meet the policy. "
              "Residual risk {score} ({rating}).",
        "zh-CN": "{subject}({category},{level} 级):已声明的控制措施符合策略。剩余风险值 "
                 "{score}({rating})。",
    },
})
