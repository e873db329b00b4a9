"""English and Chinese texts of data protection (detection, masking, anonymity) and data
security (retention and deletion plans, the risk assessment)."""

from __future__ import annotations

from dfgov.i18n import LocalizedText, register_messages, text

__all__ = ["TYPE_LABELS", "type_label"]

register_messages({
    "data_protection.scan.title": {
        "en": "Data protection scan", "zh-CN": "数据保护扫描"},
    "data_protection.inventory.title": {
        "en": "Data inventory (JR/T 0171-2020 categories, JR/T 0197-2020 levels)",
        "zh-CN": "数据资产清单(JR/T 0171-2020 类别,JR/T 0197-2020 级别)"},
    "data_protection.col.column": {"en": "Column", "zh-CN": "列"},
    "data_protection.col.dtype": {"en": "Storage type", "zh-CN": "存储类型"},
    "data_protection.col.data_type": {"en": "Data type", "zh-CN": "数据类型"},
    "data_protection.col.category": {"en": "Category", "zh-CN": "类别"},
    "data_protection.col.level": {"en": "Level", "zh-CN": "级别"},
    "data_protection.col.confidence": {"en": "Confidence", "zh-CN": "置信度"},
    "data_protection.col.share": {"en": "Share matched", "zh-CN": "匹配比例"},
    "data_protection.col.evidence": {"en": "Evidence", "zh-CN": "依据"},
    "data_protection.col.examples": {"en": "Masked examples", "zh-CN": "脱敏示例"},
    "data_protection.column.classified": {
        "en": "Column '{column}' holds {data_type} (category {category}, level {level}); "
              "confidence {confidence:.2f}, {share:.0%} of values validate.",
        "zh-CN": "列“{column}”为{data_type}(类别 {category},级别 {level});"
                 "置信度 {confidence:.2f},{share:.0%} 的值通过校验。"},
    "data_protection.column.by_name": {
        "en": "Column '{column}' holds {data_type} (category {category}, level {level}) by its "
              "name; confidence {confidence:.2f}.",
        "zh-CN": "按列名判断,列“{column}”为{data_type}(类别 {category},级别 {level});"
                 "置信度 {confidence:.2f}。"},
    "data_protection.column.unclassified": {
        "en": "Column '{column}' holds no recognised personal financial information.",
        "zh-CN": "列“{column}”未识别出个人金融信息。"},
    "data_protection.column.damaged": {
        "en": "Column '{column}' looks like identifiers stored as floating-point numbers "
              "({share:.0%} of values); digits have been lost. Read the source as text.",
        "zh-CN": "列“{column}”疑似以浮点数存储的证件或卡号({share:.0%} 的值),"
                 "数位已丢失。请以文本方式读取源数据。"},
    "data_protection.column.free_text": {
        "en": "Free-text column '{column}' contains identifiers ({kinds}) in {share:.0%} of "
              "the rows examined.",
        "zh-CN": "自由文本列“{column}”在 {share:.0%} 的已检查行中含有标识符({kinds})。"},
    "data_protection.profile.c3_storage": {
        "en": "Column '{column}' holds authentication data ({data_type}, C3): store it only "
              "encrypted (passwords only as salted hashes).",
        "zh-CN": "列“{column}”含鉴别信息({data_type},C3):只能加密存储(密码只能以加盐散列存储)。"},
    "data_protection.profile.c3_display": {
        "en": "Column '{column}' holds authentication data ({data_type}, C3) in a display "
              "profile; C3 data must never be displayed.",
        "zh-CN": "展示场景中的列“{column}”含鉴别信息({data_type},C3);C3 信息不得展示。"},
    "data_protection.profile.c3_export": {
        "en": "Column '{column}' holds authentication data ({data_type}, C3) in an export "
              "profile; C3 data must not leave the bank.",
        "zh-CN": "导出场景中的列“{column}”含鉴别信息({data_type},C3);C3 信息不得导出。"},
    "data_protection.profile.unmasked": {
        "en": "Column '{column}' holds {data_type} ({category}) unmasked in the {profile} "
              "profile ({share:.0%} of values in clear); mask or pseudonymise it.",
        "zh-CN": "{profile}场景中的列“{column}”含未脱敏的{data_type}({category},"
                 "{share:.0%} 的值为明文);请脱敏或假名化。"},
    "data_protection.profile.masked": {
        "en": "Column '{column}' ({data_type}) is masked or pseudonymised.",
        "zh-CN": "列“{column}”({data_type})已脱敏或假名化。"},
    "data_protection.anonymity.title": {
        "en": "Anonymity of a data set", "zh-CN": "数据集匿名化评估",
    },
    "data_protection.anonymity.k": {
        "en": "k-anonymity over {qis}: the smallest equivalence class has {value} record(s) "
              "(threshold {threshold}).",
        "zh-CN": "基于 {qis} 的 k-匿名:最小等价类有 {value} 条记录(阈值 {threshold})。"},
    "data_protection.anonymity.l": {
        "en": "{kind} l-diversity of '{sensitive}' over {qis}: {value:.3g} (threshold "
              "{threshold}).",
        "zh-CN": "'{sensitive}' 基于 {qis} 的 {kind} l-多样性:{value:.3g}(阈值 {threshold})。"},
    "data_protection.anonymity.t": {
        "en": "t-closeness of '{sensitive}' over {qis}: {value:.3f} (threshold {threshold}).",
        "zh-CN": "'{sensitive}' 基于 {qis} 的 t-接近度:{value:.3f}(阈值 {threshold})。"},
    "data_protection.anonymity.risk": {
        "en": "Prosecutor re-identification risk over {qis}: {value:.3f} at most, "
              "{average:.3f} on average (threshold {threshold}).",
        "zh-CN": "基于 {qis} 的检察官攻击重识别风险:最大 {value:.3f},平均 {average:.3f}"
                 "(阈值 {threshold})。"},
    "data_protection.anonymity.missing": {
        "en": "Anonymity check skipped: column '{column}' is not in the data.",
        "zh-CN": "已跳过匿名性检查:数据中没有列“{column}”。"},
})

#: Display names of the data types (en, zh-CN).
TYPE_LABELS: dict[str, tuple[str, str]] = {
    "password": ("password / PIN", "密码"),
    "cvv": ("card verification code", "卡片验证码"),
    "card_track": ("card track / chip data", "磁道或芯片数据"),
    "biometric": ("biometric data", "生物识别信息"),
    "resident_id": ("resident ID number", "居民身份证号码"),
    "passport": ("passport number", "护照号码"),
    "hk_macau_permit": ("Hong Kong/Macao permit number", "港澳通行证号码"),
    "taiwan_permit": ("Taiwan permit number", "台湾通行证号码"),
    "person_name": ("personal name", "姓名"),
    "date_of_birth": ("date of birth", "出生日期"),
    "gender": ("gender", "性别"),
    "age": ("age", "年龄"),
    "uscc": ("unified social credit code", "统一社会信用代码"),
    "bank_card": ("bank card number", "银行卡号"),
    "account_number": ("account number", "账号"),
    "mobile": ("mobile number", "手机号码"),
    "landline": ("landline number", "固定电话"),
    "email": ("e-mail address", "电子邮箱"),
    "address": ("address", "地址"),
    "ip_address": ("IP address", "IP 地址"),
    "balance": ("balance / assets", "余额或资产"),
    "income": ("income", "收入"),
    "transaction_amount": ("transaction amount", "交易金额"),
    "credit": ("credit information", "信用信息"),
    "account_open_date": ("account opening date", "开户时间"),
    "bic": ("BIC / SWIFT code", "BIC/SWIFT 代码"),
    "lei": ("legal entity identifier", "法人识别编码"),
    "free_text": ("free text", "自由文本"),
    "damaged_identifier": ("damaged identifier", "受损标识符"),
    "unknown": ("unclassified", "未分类"),
}

register_messages({
    f"data_protection.type.{name}": {"en": en, "zh-CN": zh}
    for name, (en, zh) in TYPE_LABELS.items()
})
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
register_messages({
    "data_protection.profile_name.storage": {"en": "storage", "zh-CN": "存储"},
    "data_protection.profile_name.display": {"en": "display", "zh-CN": "展示"},
    "data_protection.profile_name.export": {"en": "export", "zh-CN": "导出"},
})


def type_label(data_type: str) -> LocalizedText:
    """The display name of a data type in both languages (the code if unknown)."""
    if data_type in TYPE_LABELS:
        return text(f"data_protection.type.{data_type}")
    return LocalizedText.same(data_type)
