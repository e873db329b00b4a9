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
        "assessment.disabled": {
            "en": "Control '{control}' is not enabled by the policy.",
            "zh-CN": "策略未启用控制项“{control}”。",
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
    "no_reference": ("no reference (development) sample was given", "未提供参考（开发）样本"),
    "no_train": ("no training sample was given", "未提供训练样本"),
    "no_metadata": ("no disclosure metadata was given", "未提供披露元数据"),
    "not_installed": ("the control's area is not installed", "该控制项所属模块不可用"),
    "not_on_spark": (
        "it needs a model or row-level data in memory; only count-based controls run on Spark",
        "该控制项需要模型或内存中的逐行数据，Spark 上仅运行基于计数的控制项",
    ),
}
