"""User-facing texts of the fairness area, in English and Chinese (zh-CN)."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    "fairness.rule.pass": {
        "en": "{metric} is {value} across {subject}; within the threshold {threshold}.",
        "zh-CN": "{subject} 的 {metric} 为 {value},未超出阈值 {threshold}。",
    },
    "fairness.rule.breach": {
        "en": "{metric} is {value} across {subject}, beyond the threshold {threshold} "
              "(worst pair: {low} vs {high}).",
        "zh-CN": "{subject} 的 {metric} 为 {value},超出阈值 {threshold}(差距最大的一对:"
                 "{low} 与 {high})。",
    },
    "fairness.rule.breach_confirmed": {
        "en": "{metric} is {value} across {subject}; its {confidence} interval "
              "[{lower}, {upper}] lies wholly beyond the threshold {threshold} "
              "(worst pair: {low} vs {high}).",
        "zh-CN": "{subject} 的 {metric} 为 {value},其 {confidence} 置信区间 [{lower}, {upper}] "
                 "完全超出阈值 {threshold}(差距最大的一对:{low} 与 {high})。",
    },
    "fairness.rule.not_confirmed": {
        "en": "{metric} is {value} across {subject}, beyond the threshold {threshold}, but "
              "its {confidence} interval [{lower}, {upper}] includes the threshold: the breach "
              "is not established at this confidence.",
        "zh-CN": "{subject} 的 {metric} 为 {value},超出阈值 {threshold},但其 {confidence} "
                 "置信区间 [{lower}, {upper}] 包含阈值:在该置信水平下不能认定超标。",
    },
    "fairness.rule.underpowered": {
        "en": "{metric} is {value} across {subject}, within the threshold {threshold}, but "
              "the groups are too small to detect a breach: the smallest detectable "
              "disparity is {detectable} (confidence {confidence}, power {power}). This pass "
              "is not evidence of fairness.",
        "zh-CN": "{subject} 的 {metric} 为 {value},未超出阈值 {threshold},但各组样本过小,"
                 "无法检出超标:可检出的最小差异为 {detectable}(置信水平 {confidence},"
                 "检验功效 {power})。此次通过不能作为公平性的证据。",
    },
    "fairness.rule.insufficient": {
        "en": "{metric} is not judged across {subject}: fewer than two groups have at least "
              "{min_group_size} rows and a defined value.",
        "zh-CN": "{subject} 的 {metric} 未作判断:样本量不少于 {min_group_size} 且取值有定义的组"
                 "少于两个。",
    },
    "fairness.interval.boundary_rate": {
        "en": "Note: a group's rate is exactly 0 or 1, which resampling cannot vary, so the "
              "interval reflects only the other groups' uncertainty and may be too narrow.",
        "zh-CN": "注意：某组的比率恰为 0 或 1，重抽样无法使其变化，因此区间只反映其他组的不确定性，"
                 "可能偏窄。",
    },
    "fairness.interval.zero_rate": {
        "en": "No interval: a group's rate is 0, so the ratio is 0 in every resample.",
        "zh-CN": "未给出区间：某组的比率为 0，比值在每次重抽样中都为 0。",
    },
    "fairness.interval.few_replicates": {
        "en": "No interval: too few bootstrap resamples had a defined value.",
        "zh-CN": "未给出区间：取值有定义的自助重抽样次数过少。",
    },
    "fairness.group.insufficient": {
        "en": "Group {group} has {count} rows, fewer than the minimum of {min_group_size}: "
              "insufficient data, neither passed nor failed.",
        "zh-CN": "组 {group} 仅有 {count} 行,少于最小样本量 {min_group_size}:数据不足,"
                 "不作通过或不通过的判断。",
    },
    "fairness.shift.pass": {
        "en": "{metric} stays within tolerance {tolerance} when the share of {group} moves by "
              "{delta}: worst change {change}.",
        "zh-CN": "当 {group} 的占比变动 {delta} 时,{metric} 的变化在容差 {tolerance} 之内:"
                 "最大恶化 {change}。",
    },
    "fairness.shift.breach": {
        "en": "{metric} worsens by {change} (beyond tolerance {tolerance}) when the share of "
              "{group} moves by {delta}.",
        "zh-CN": "当 {group} 的占比变动 {delta} 时,{metric} 恶化 {change},超出容差 {tolerance}。",
    },
    "fairness.counterfactual.pass": {
        "en": "Changing only {column} changes {rate} of decisions; within tolerance {tolerance}.",
        "zh-CN": "仅改变 {column} 时,{rate} 的决策发生变化,未超出容差 {tolerance}。",
    },
    "fairness.counterfactual.breach": {
        "en": "Changing only {column} changes {rate} of decisions, beyond tolerance "
              "{tolerance}: the model uses the protected attribute directly.",
        "zh-CN": "仅改变 {column} 时,{rate} 的决策发生变化,超出容差 {tolerance}:"
                 "模型直接使用了受保护属性。",
    },
    "fairness.table.by_group": {
        "en": "Fairness metrics by group ({subject})",
        "zh-CN": "分组公平性指标({subject})",
    },
    "fairness.table.mitigation": {
        "en": "Fairness before and after mitigation ({method})",
        "zh-CN": "缓解前后的公平性对比({method})",
    },
    "fairness.figure.by_group": {
        "en": "Selection rate by group, {confidence} intervals ({subject})",
        "zh-CN": "各组选中率及 {confidence} 置信区间（{subject}）",
    },
    "fairness.figure.selection_rate": {
        "en": "selection rate (share of favourable decisions)",
        "zh-CN": "选中率（有利决策占比）",
    },
    "fairness.figure.ratio_limit": {
        "en": "ratio limit: {threshold} × the highest rate",
        "zh-CN": "比率限值：最高比率的 {threshold} 倍",
    },
    "fairness.figure.difference_limit": {
        "en": "difference limit: the highest rate − {threshold}",
        "zh-CN": "差异限值：最高比率减 {threshold}",
    },
    "fairness.figure.note": {
        "en": "Whiskers: {confidence} Wilson intervals. A group left of a dashed line breaks "
              "that limit.",
        "zh-CN": "误差线：{confidence} Wilson 置信区间。位于虚线左侧的组超出该限值。",
    },
    "fairness.col.group": {"en": "group", "zh-CN": "组"},
    "fairness.col.count": {"en": "rows", "zh-CN": "行数"},
    "fairness.col.rule": {"en": "rule", "zh-CN": "规则"},
    "fairness.col.before": {"en": "before", "zh-CN": "缓解前"},
    "fairness.col.after": {"en": "after", "zh-CN": "缓解后"},
    "fairness.col.threshold": {"en": "threshold", "zh-CN": "阈值"},
    "fairness.col.status": {"en": "status", "zh-CN": "状态"},
    "fairness.col.status_before": {"en": "status before", "zh-CN": "缓解前状态"},
    "fairness.col.status_after": {"en": "status after", "zh-CN": "缓解后状态"},
    "fairness.col.selection_rate": {"en": "selection rate", "zh-CN": "选择率"},
    "fairness.col.selection_ci": {"en": "selection rate interval", "zh-CN": "选择率区间"},
    "fairness.col.true_positive_rate": {"en": "TPR", "zh-CN": "真正例率"},
    "fairness.col.false_positive_rate": {"en": "FPR", "zh-CN": "假正例率"},
    "fairness.col.precision": {"en": "precision", "zh-CN": "精确率"},
    "fairness.col.base_rate": {"en": "base rate", "zh-CN": "基础比率"},
    "fairness.col.roc_auc": {"en": "ROC AUC", "zh-CN": "ROC AUC"},
    "fairness.col.adverse_impact_ratio": {"en": "adverse impact ratio", "zh-CN": "不利影响比"},
    "fairness.status.ok": {"en": "judged", "zh-CN": "已判断"},
    "fairness.status.insufficient": {"en": "insufficient data", "zh-CN": "数据不足"},
    "fairness.subject.all": {"en": "all groups", "zh-CN": "所有组"},
    "fairness.subject.reference": {
        "en": "{group} vs reference {reference}",
        "zh-CN": "{group} 与参照组 {reference}",
    },
    "fairness.report.title": {"en": "Fairness assessment", "zh-CN": "公平性评估"},
    "fairness.report.mitigation_title": {
        "en": "Fairness mitigation ({method})",
        "zh-CN": "公平性缓解({method})",
    },
})
