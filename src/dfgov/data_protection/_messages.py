"""English and Chinese texts of the data-protection controls (detection, masking, anonymity)."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

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
        "en": "Column '{column}' holds {data_type} ({category}) unmasked in the '{profile}' "
              "profile ({share:.0%} of values in clear); mask or pseudonymise it.",
        "zh-CN": "{profile}场景中的列“{column}”含未脱敏的{data_type}({category},"
                 "{share:.0%} 的值为明文);请脱敏或假名化。"},
    "data_protection.profile.masked": {
        "en": "Column '{column}' ({data_type}) is masked or pseudonymised.",
        "zh-CN": "列“{column}”({data_type})已脱敏或假名化。"},
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
