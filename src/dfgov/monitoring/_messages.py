"""English and Chinese texts of monitoring findings, tables and charts."""

from __future__ import annotations

from typing import Any

from dfgov.i18n import LocalizedText, register_messages, text

__all__ = ["both"]


def both(key: str, **params: Any) -> LocalizedText:
    """:func:`dfgov.i18n.text` of ``key``, where a ``None`` parameter reads as empty."""
    return text(key, **{k: "" if v is None else v for k, v in params.items()})


register_messages({
    "monitoring.report.title": {
        "en": "Monitoring of {model} version {version} as of {as_of}",
        "zh-CN": "模型 {model}（版本 {version}）持续监测报告，截至 {as_of}",
    },
    "monitoring.finding.alarm": {
        "en": "{what} of {subject}: {value} in {period}, an alarm ({alarm}) since {started}; "
              "threshold {threshold}, p = {p} at level {level}.",
        "zh-CN": "{subject} 的{what}：{period} 为 {value}，自 {started} 起告警（{alarm}）；"
                 "阈值 {threshold}，p = {p}，检验水平 {level}。",
    },
    "monitoring.finding.ok": {
        "en": "{what} of {subject}: {value} in {period}; no alarm.{earlier}",
        "zh-CN": "{subject} 的{what}：{period} 为 {value}，无告警。{earlier}",
    },
    "monitoring.finding.unconfirmed": {
        "en": "{what} of {subject}: {value} in {period} is beyond the threshold {threshold} but "
              "not confirmed at the multiple-comparison level (p = {p}, level {level}); no "
              "alarm yet.{earlier}",
        "zh-CN": "{subject} 的{what}：{period} 为 {value}，超出阈值 {threshold}，但在多重比较校正后"
                 "的检验水平下未得到确认（p = {p}，检验水平 {level}），暂不告警。{earlier}",
    },
    "monitoring.finding.earlier": {
        "en": " Earlier alarms: {periods}.",
        "zh-CN": "此前告警期：{periods}。",
    },
    "monitoring.finding.insufficient": {
        "en": "{what} of {subject} in {period} is not judged: {rows} rows, fewer than {min}.",
        "zh-CN": "{subject} 的{what}在 {period} 未作判断：仅 {rows} 行，少于 {min} 行。",
    },
    "monitoring.estimate.ok": {
        "en": "Performance of {n} pending period(s) is estimated from the scores (CBPE — an "
              "estimate, not observed outcomes): AUC {auc} in {period} against a baseline of "
              "{base}. Calibration on the mature periods is confirmed.",
        "zh-CN": "{n} 个标签未成熟期间的表现由评分估计（CBPE 估计值，并非实际结果）：{period} 的 "
                 "AUC 为 {auc}，基线为 {base}。已成熟期间的校准已得到确认。",
    },
    "monitoring.estimate.unconfirmed": {
        "en": "Performance of {n} pending period(s) is estimated from the scores (CBPE — an "
              "estimate, not observed outcomes): AUC {auc} in {period} against a baseline of "
              "{base}. Calibration on the mature periods is not confirmed ({why}), so the "
              "estimates may be wrong.",
        "zh-CN": "{n} 个标签未成熟期间的表现由评分估计（CBPE 估计值，并非实际结果）：{period} 的 "
                 "AUC 为 {auc}，基线为 {base}。已成熟期间的校准未得到确认（{why}），"
                 "估计值可能有误。",
    },
    "monitoring.estimate.no_mature": {
        "en": "no period is mature yet", "zh-CN": "尚无标签成熟的期间",
    },
    "monitoring.estimate.miscalibrated": {
        "en": "calibration alarms in {periods}", "zh-CN": "{periods} 出现校准告警",
    },
    "monitoring.labels.overdue": {
        "en": "Outcome labels of {periods} are overdue (mature since {due}); their outcome "
              "metrics (AUC, KS, calibration, outcome-based fairness) are not judged.",
        "zh-CN": "{periods} 的结果标签已逾期（应于 {due} 成熟）；其结果类指标（AUC、KS、校准、"
                 "基于结果的公平性）未作判断。",
    },
    "monitoring.labels.current": {
        "en": "Outcome labels are recorded for every period past its maturity date "
              "({mature} mature, {pending} pending).",
        "zh-CN": "所有已过成熟日的期间均已记录结果标签（已成熟 {mature} 个，"
                 "未成熟 {pending} 个）。",
    },
    "monitoring.no_periods": {
        "en": "No period of {model} version {version} has been added yet; nothing is judged.",
        "zh-CN": "模型 {model}（版本 {version}）尚未加入任何期间，未作任何判断。",
    },
    "monitoring.what.psi": {"en": "PSI", "zh-CN": "群体稳定性指数（PSI）"},
    "monitoring.what.csi": {"en": "CSI", "zh-CN": "特征稳定性指数（CSI）"},
    "monitoring.what.roc_auc": {"en": "AUC", "zh-CN": "AUC"},
    "monitoring.what.ks": {"en": "KS", "zh-CN": "KS 统计量"},
    "monitoring.what.expected_calibration_error": {
        "en": "calibration error (ECE)", "zh-CN": "校准误差（ECE）"},
    "monitoring.what.trend": {
        "en": "widening of {rule} over {window}", "zh-CN": "{rule}在 {window} 的扩大趋势"},
    "monitoring.what.demographic_parity_difference": {
        "en": "approval-rate difference", "zh-CN": "通过率差异"},
    "monitoring.what.four_fifths_rule": {
        "en": "approval-rate ratio (four-fifths rule)", "zh-CN": "通过率比值（五分之四规则）"},
    "monitoring.what.demographic_parity_ratio": {
        "en": "approval-rate ratio", "zh-CN": "通过率比值"},
    "monitoring.what.equal_opportunity_difference": {
        "en": "equal-opportunity difference", "zh-CN": "机会均等差异"},
    "monitoring.what.equalized_odds_difference": {
        "en": "equalized-odds difference", "zh-CN": "均等几率差异"},
    "monitoring.alarm.shift": {"en": "shift", "zh-CN": "显著漂移"},
    "monitoring.alarm.sustained": {"en": "sustained drift", "zh-CN": "持续漂移"},
    "monitoring.alarm.breach": {"en": "threshold breached", "zh-CN": "超出阈值"},
    "monitoring.alarm.widening": {"en": "widening trend", "zh-CN": "差距扩大趋势"},
    "monitoring.alarm.drop": {"en": "drop below the baseline", "zh-CN": "低于基线"},
    "monitoring.alarm.miscalibrated": {"en": "miscalibration", "zh-CN": "校准失准"},
    "monitoring.table.periods": {"en": "Periods", "zh-CN": "监测期间"},
    "monitoring.table.alarms": {"en": "Alarms by period", "zh-CN": "各期间告警"},
    "monitoring.col.period": {"en": "period", "zh-CN": "期间"},
    "monitoring.col.rows": {"en": "rows", "zh-CN": "行数"},
    "monitoring.col.state": {"en": "labels", "zh-CN": "标签状态"},
    "monitoring.col.labelled": {"en": "labelled rows", "zh-CN": "有标签行数"},
    "monitoring.col.revision": {"en": "revisions (decisions/labels)", "zh-CN": "修订（决策/标签）"},
    "monitoring.col.family": {"en": "area", "zh-CN": "类别"},
    "monitoring.col.metric": {"en": "metric", "zh-CN": "指标"},
    "monitoring.col.subject": {"en": "subject", "zh-CN": "对象"},
    "monitoring.col.value": {"en": "value", "zh-CN": "数值"},
    "monitoring.col.threshold": {"en": "threshold", "zh-CN": "阈值"},
    "monitoring.col.p": {"en": "p-value", "zh-CN": "p 值"},
    "monitoring.col.level": {"en": "level", "zh-CN": "检验水平"},
    "monitoring.col.alarm": {"en": "alarm", "zh-CN": "告警"},
    "monitoring.state.mature": {"en": "mature", "zh-CN": "已成熟"},
    "monitoring.state.pending": {"en": "pending", "zh-CN": "未成熟"},
    "monitoring.state.labels_overdue": {"en": "overdue", "zh-CN": "逾期"},
    "monitoring.chart.stability": {
        "en": "Stability over time: PSI of the score and CSI of the most shifted features "
              "(circles: alarms; dashed line: shift level)",
        "zh-CN": "稳定性随时间变化：评分 PSI 与漂移最大的特征 CSI（圆圈：告警；虚线：漂移阈值）"},
    "monitoring.chart.rates": {
        "en": "{metric} by {grouping} group, with {confidence} intervals",
        "zh-CN": "按{grouping}分组的{metric}（{confidence} 置信区间）"},
    "monitoring.chart.rule": {
        "en": "{rule} ({grouping}) by period, with interval and threshold (circles: alarms)",
        "zh-CN": "各期间{rule}（{grouping}），含区间与阈值（圆圈：告警）"},
    "monitoring.chart.discrimination": {
        "en": "Discrimination: AUC and KS by period (dashed: CBPE estimates of pending periods; "
              "circles: alarms)",
        "zh-CN": "区分度：各期间 AUC 与 KS（虚线：未成熟期间的 CBPE 估计；圆圈：告警）"},
    "monitoring.chart.calibration": {
        "en": "Calibration error (ECE) by period (circles: alarms)",
        "zh-CN": "各期间校准误差（ECE）（圆圈：告警）"},
    "monitoring.metric.selection_rate": {"en": "Approval rate", "zh-CN": "通过率"},
    "monitoring.metric.true_positive_rate": {
        "en": "Approval rate of good applicants (TPR)", "zh-CN": "优质申请人通过率（TPR）"},
    "monitoring.metric.false_positive_rate": {
        "en": "Approval rate of bad applicants (FPR)", "zh-CN": "不良申请人通过率（FPR）"},
})
