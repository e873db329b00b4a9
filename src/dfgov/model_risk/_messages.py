"""Texts of the model-risk assessment (en, zh-CN)."""

from __future__ import annotations

from dfgov.i18n import register_messages

register_messages(
    {
        "assessment.title": {"en": "Model risk assessment", "zh-CN": "模型风险评估"},
        "assessment.skipped": {
            "en": "Control '{control}' skipped: {reason}.",
            "zh-CN": "控制项“{control}”已跳过：{reason_zh}。",
        },
        "assessment.error": {
            "en": "Control '{control}' could not run: {error}.",
            "zh-CN": "控制项“{control}”无法执行：{error}。",
        },
        "assessment.required": {
            "en": "Control '{control}' must be judged for a pass ([model_risk] required), but "
                  "it was not: {why}",
            "zh-CN": "控制项“{control}”为通过所必需（[model_risk] required），"
                     "但未能作出判断：{why}",
        },
        "assessment.required.no_findings": {
            "en": "it produced no finding.",
            "zh-CN": "该控制项未产生任何结论。",
        },
        "assessment.required.grouping": {
            "en": "no rule could be judged for the sensitive feature(s) '{grouping}': {why}",
            "zh-CN": "敏感特征“{grouping}”的规则均未能判断：{why}",
        },
        "assessment.nothing_judged": {
            "en": "No control was judged ({n} not run); a run that judged nothing does not pass.",
            "zh-CN": "没有任何控制项作出判断（{n} 项未运行）；未作任何判断的运行不能通过。",
        },
        "assessment.column_order": {
            "en": "The model records no feature names, so the columns of X were given to it in "
                  "their order ({columns}); column order was assumed.{dropped}",
            "zh-CN": "模型未记录特征名称，X 的列按其原有顺序（{columns}）输入模型；列顺序系假定。"
                     "{dropped_zh}",
        },
        "assessment.column_order.dropped": {
            "en": " The sensitive column(s) {columns} were not given to the model.",
            "zh-CN": "敏感列 {columns} 未输入模型。",
        },
        "assessment.inverted": {
            "en": "The decisions agree with the outcomes less often than chance (balanced "
                  "accuracy {value}): are they coded with the other label values, e.g. "
                  "1 = approved while the target's 1 = defaulted? Every fairness rate would "
                  "then count the wrong outcome.",
            "zh-CN": "决策与实际结果的一致程度低于随机水平（平衡准确率 {value}）："
                     "决策是否采用了相反的标签编码（例如 1 = 批准，而目标列的 1 = 违约）？"
                     "若如此，所有公平性比率都将统计错误的结果。",
        },
        "assessment.one_vs_rest": {
            "en": "{message} (judged one-versus-rest: class {label} against the other classes.)",
            "zh-CN": "{message}（按一对其余判断：类别 {label} 对其他类别。）",
        },
    }
)

# Reasons for skipping, in both languages (keys are stable identifiers).
SKIP_REASONS: dict[str, tuple[str, str]] = {
    "no_model": ("no model was given", "未提供模型"),
    "no_data": ("no evaluation data was given", "未提供评估数据"),
    "no_target": ("no true labels were given", "未提供真实标签"),
    "no_sensitive": ("no sensitive features were given", "未提供敏感特征"),
    "no_score": ("no scores (predict_proba or a score column) are available", "无可用评分"),
    "no_decisions": (
        "no decisions were given (a model, a prediction column, or a score column with "
        "[model_risk] score_direction and decision_threshold)",
        "未提供决策（模型、预测列，或带 [model_risk] score_direction 与 decision_threshold "
        "的评分列）",
    ),
    "multiclass": (
        "explanations of a multi-class model judged one-versus-rest are not supported",
        "不支持按一对其余判断的多分类模型的解释",
    ),
    "no_reference": ("no reference (development) sample was given", "未提供参考（开发）样本"),
    "no_train": ("no training sample was given", "未提供训练样本"),
    "no_metadata": ("no disclosure metadata was given", "未提供披露元数据"),
    "not_installed": ("the control's area is not installed", "该控制项所属模块不可用"),
    "not_on_spark": (
        "it needs a model or row-level data in memory; only count-based controls run on Spark",
        "该控制项需要模型或内存中的逐行数据，Spark 上仅运行基于计数的控制项",
    ),
}
