"""English and Chinese texts of the explainability area."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    # reason-code fallbacks (feature name and direction)
    "explain.reason.high": {
        "en": "{feature}: value higher than typical",
        "zh-CN": "{feature}：数值高于一般水平",
    },
    "explain.reason.low": {
        "en": "{feature}: value lower than typical",
        "zh-CN": "{feature}：数值低于一般水平",
    },
    "explain.reason.category": {
        "en": "{feature}: category associated with this outcome",
        "zh-CN": "{feature}：所属类别对该结果有影响",
    },
    # findings
    "explain.fidelity.pass": {
        "en": "Explanations are faithful: base value plus contributions equals the model output "
              "on the {scale} scale (largest error {value:.3g} <= {threshold:.3g}; {kind}).",
        "zh-CN": "解释忠实于模型：在{scale_zh}尺度上基准值加各特征贡献等于模型输出"
                 "（最大误差 {value:.3g} <= {threshold:.3g}；{kind}）。",
    },
    "explain.fidelity.fail": {
        "en": "Explanations are not faithful: base value plus contributions differs from the "
              "model output on the {scale} scale by up to {value:.3g} (> {threshold:.3g}; {kind}).",
        "zh-CN": "解释不忠实于模型：在{scale_zh}尺度上基准值加各特征贡献与模型输出最多相差 "
                 "{value:.3g}（> {threshold:.3g}；{kind}）。",
    },
    "explain.stability.pass": {
        "en": "Global importance ranking is stable: 5th percentile of the bootstrap rank "
              "correlation is {value:.3f} (>= {threshold:.3f}).",
        "zh-CN": "全局重要性排序稳定：自助重抽样秩相关系数的第5百分位数为 {value:.3f}"
                 "（>= {threshold:.3f}）。",
    },
    "explain.stability.fail": {
        "en": "Global importance ranking is unstable: 5th percentile of the bootstrap rank "
              "correlation is {value:.3f} (< {threshold:.3f}).",
        "zh-CN": "全局重要性排序不稳定：自助重抽样秩相关系数的第5百分位数为 {value:.3f}"
                 "（< {threshold:.3f}）。",
    },
    "explain.stability.undefined": {
        "en": "Stability of the importance ranking is undefined: the model's importance does not "
              "vary across features.",
        "zh-CN": "无法评估重要性排序的稳定性：各特征的重要性没有差异。",
    },
    "explain.concentration.ok": {
        "en": "{value:.0f} feature(s) carry {share:.0%} of total importance (at most "
              "{threshold:.0f} allowed).",
        "zh-CN": "{value:.0f} 个特征贡献了总重要性的 {share:.0%}（上限 {threshold:.0f} 个）。",
    },
    "explain.concentration.info": {
        "en": "{value:.0f} feature(s) carry {share:.0%} of total importance.",
        "zh-CN": "{value:.0f} 个特征贡献了总重要性的 {share:.0%}。",
    },
    "explain.concentration.warn": {
        "en": "{value:.0f} feature(s) are needed to carry {share:.0%} of total importance (more "
              "than {threshold:.0f}); explanations may be hard to communicate.",
        "zh-CN": "需要 {value:.0f} 个特征才能贡献总重要性的 {share:.0%}"
                 "（超过 {threshold:.0f} 个），解释可能难以传达。",
    },
    "explain.prohibited.none": {
        "en": "No protected attribute is a model input.",
        "zh-CN": "模型输入中没有受保护属性。",
    },
    "explain.prohibited.pass": {
        "en": "Protected attribute '{feature}' is a model input but carries {value:.1%} of total "
              "importance (<= {threshold:.1%}).",
        "zh-CN": "受保护属性“{feature}”是模型输入，但其重要性占比为 {value:.1%}"
                 "（<= {threshold:.1%}）。",
    },
    "explain.prohibited.fail": {
        "en": "Protected attribute '{feature}' is a model input and carries {value:.1%} of total "
              "importance (> {threshold:.1%}).",
        "zh-CN": "受保护属性“{feature}”是模型输入，且其重要性占比为 {value:.1%}"
                 "（> {threshold:.1%}）。",
    },
    "explain.proxy.none": {
        "en": "No sensitive attribute was given; proxy risk was not assessed.",
        "zh-CN": "未提供敏感属性，未评估代理变量风险。",
    },
    "explain.proxy.pass": {
        "en": "No feature is both strongly associated with a sensitive attribute (>= "
              "{assoc:.2f}) and important (>= {threshold:.1%} of total importance).",
        "zh-CN": "没有特征同时与敏感属性强相关（>= {assoc:.2f}）"
                 "且重要（>= 总重要性的 {threshold:.1%}）。",
    },
    "explain.proxy.flag": {
        "en": "Feature '{feature}' may proxy sensitive attribute '{attribute}': association "
              "{association:.2f} ({measure}) and {value:.1%} of total importance.",
        "zh-CN": "特征“{feature}”可能是敏感属性“{attribute}”的代理变量：关联度 {association:.2f}"
                 "（{measure}），占总重要性的 {value:.1%}。",
    },
    "explain.divergence.pass": {
        "en": "Importance profiles of the groups of '{attribute}' agree: largest total-variation "
              "distance {value:.3f} (<= {threshold:.3f}).",
        "zh-CN": "“{attribute}”各组的重要性分布一致：最大总变差距离 {value:.3f}"
                 "（<= {threshold:.3f}）。",
    },
    "explain.divergence.warn": {
        "en": "Importance profile of group '{group}' of '{attribute}' diverges from the overall "
              "one: total-variation distance {value:.3f} (> {threshold:.3f}).",
        "zh-CN": "“{attribute}”的“{group}”组重要性分布偏离总体：总变差距离 {value:.3f}"
                 "（> {threshold:.3f}）。",
    },
    "explain.divergence.skipped": {
        "en": "Groups of '{attribute}' are too small to compare importance profiles.",
        "zh-CN": "“{attribute}”各组样本量过小，无法比较重要性分布。",
    },
    "explain.reasons.pass": {
        "en": "Adverse-action reasons are available: {value:.1%} of {n} adverse outcomes get "
              "principal reasons (up to {k}) from actionable, non-protected features.",
        "zh-CN": "可提供不利决定理由：{n} 个不利结果中 {value:.1%} 获得来自可操作、非受保护特征的"
                 "主要理由（最多 {k} 条）。",
    },
    "explain.reasons.warn": {
        "en": "Only {value:.1%} of {n} adverse outcomes get a principal reason from actionable, "
              "non-protected features (up to {k} are given).",
        "zh-CN": "{n} 个不利结果中仅 {value:.1%} 获得来自可操作、非受保护特征的主要理由"
                 "（最多 {k} 条）。",
    },
    "explain.reasons.undefined": {
        "en": "No explained row is on the adverse side; no reasons to give.",
        "zh-CN": "解释样本中没有处于不利一侧的记录，无需提供理由。",
    },
    "explain.reasons.none": {
        "en": "No explained row has an adverse outcome; no reasons to give.",
        "zh-CN": "解释样本中没有不利结果，无需提供理由。",
    },
    "explain.error": {
        "en": "The explainability check could not run: {error}",
        "zh-CN": "可解释性检查无法运行：{error}",
    },
    # tables and figures
    "explain.report.title": {"en": "Model explainability", "zh-CN": "模型可解释性"},
    "explain.table.importance": {
        "en": "Global importance (mean absolute SHAP value, {scale} scale)",
        "zh-CN": "全局重要性（平均绝对 SHAP 值，{scale_zh}尺度）",
    },
    "explain.col.feature": {"en": "Feature", "zh-CN": "特征"},
    "explain.col.importance": {"en": "Importance", "zh-CN": "重要性"},
    "explain.col.share": {"en": "Share", "zh-CN": "占比"},
    "explain.col.low": {"en": "CI low", "zh-CN": "置信区间下限"},
    "explain.col.high": {"en": "CI high", "zh-CN": "置信区间上限"},
    "explain.figure.summary": {
        "en": "SHAP values of the most important features (colour: feature value rank)",
        "zh-CN": "最重要特征的 SHAP 值（颜色：特征取值排名）",
    },
    "explain.figure.importance": {
        "en": "Global importance (mean absolute SHAP value)",
        "zh-CN": "全局重要性（平均绝对 SHAP 值）",
    },
    "explain.figure.importance_axis": {
        "en": "mean absolute SHAP value ({scale})",
        "zh-CN": "平均绝对 SHAP 值（{scale_zh}）",
    },
    "explain.figure.importance_note": {
        "en": "Whiskers: bootstrap intervals over the explained rows.",
        "zh-CN": "误差线：对所解释样本行的自助法置信区间。",
    },
    "explain.figure.waterfall": {
        "en": "One applicant's decision explained (the most adverse output in the sample)",
        "zh-CN": "单个申请人的决策解释（样本中最不利的输出）",
    },
    "explain.figure.output_axis": {
        "en": "model output ({scale})",
        "zh-CN": "模型输出（{scale_zh}）",
    },
    "explain.figure.base": {"en": "average output (base value)", "zh-CN": "平均输出（基准值）"},
    "explain.figure.output": {"en": "this applicant's output", "zh-CN": "该申请人的输出"},
    "explain.figure.other_features": {"en": "{n} other features", "zh-CN": "其余 {n} 个特征"},
    "explain.figure.waterfall_note": {
        "en": "The {top} largest contributions; the applicant's own values are not shown.",
        "zh-CN": "列出贡献最大的 {top} 个特征；不显示申请人本人的取值。",
    },
    "explain.scale.probability": {"en": "probability", "zh-CN": "概率"},
    "explain.scale.log_odds": {"en": "log-odds", "zh-CN": "对数几率"},
    "explain.scale.raw": {"en": "raw output", "zh-CN": "原始输出"},
})
