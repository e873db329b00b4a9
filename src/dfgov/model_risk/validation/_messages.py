"""Texts of the validation, robustness and security controls (en + zh-CN)."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    # -- discrimination and calibration ----------------------------------
    "validation.auc": {
        "en": "ROC AUC is {value:.3f} (fails below {fail:.2f}, warns below {warn:.2f}); "
              "Gini {gini:.3f}.",
        "zh-CN": "ROC AUC 为 {value:.3f}（低于 {fail:.2f} 不通过，低于 {warn:.2f} 预警）；"
                 "基尼系数 {gini:.3f}。",
    },
    "validation.ks": {
        "en": "KS statistic is {value:.3f} (warns below {threshold:.2f}).",
        "zh-CN": "KS 统计量为 {value:.3f}（低于 {threshold:.2f} 预警）。",
    },
    "validation.ks.inverted": {
        "en": "The scores separate the outcomes in the opposite direction to the declared "
              "score_direction: KS {value:.3f} in the declared direction, {reverse:.3f} the "
              "other way. The model, or [model_risk] score_direction, is inverted.",
        "zh-CN": "评分区分结果的方向与声明的 score_direction 相反：声明方向 KS 为 {value:.3f}，"
                 "反方向为 {reverse:.3f}。模型或 [model_risk] score_direction 方向颠倒。",
    },
    "validation.precision": {
        "en": "Precision at threshold {cut:.2f} is {value}{rule}.",
        "zh-CN": "阈值 {cut:.2f} 处的精确率为 {value}{rule}。",
    },
    "validation.recall": {
        "en": "Recall at threshold {cut:.2f} is {value}{rule}.",
        "zh-CN": "阈值 {cut:.2f} 处的召回率为 {value}{rule}。",
    },
    "validation.brier": {
        "en": "Brier score is {value:.4f}{rule}.",
        "zh-CN": "Brier 分数为 {value:.4f}{rule}。",
    },
    "validation.ece": {
        "en": "Expected calibration error is {value:.4f} (warns above {threshold:.3f}).",
        "zh-CN": "期望校准误差为 {value:.4f}（高于 {threshold:.3f} 预警）。",
    },
    "validation.hosmer_lemeshow": {
        "en": "Hosmer–Lemeshow statistic {statistic:.2f} on {dof} degrees of freedom, "
              "p = {value:.3g} (warns below {threshold:.2f}).",
        "zh-CN": "Hosmer–Lemeshow 统计量 {statistic:.2f}，自由度 {dof}，p = {value:.3g}"
                 "（低于 {threshold:.2f} 预警）。",
    },
    "validation.undefined": {
        "en": "{metric} could not be computed: {reason}",
        "zh-CN": "无法计算 {metric}：{reason}",
    },
    "validation.rule.min": {"en": " (fails below {threshold:.3f})",
                            "zh-CN": "（低于 {threshold:.3f} 不通过）"},
    "validation.rule.max": {"en": " (fails above {threshold:.3f})",
                            "zh-CN": "（高于 {threshold:.3f} 不通过）"},
    "validation.undefined_value": {"en": "undefined", "zh-CN": "无定义"},
    # -- stability ------------------------------------------------------------
    "validation.psi.score": {
        "en": "Score PSI between the reference and current samples is {value:.4f}: {band}.",
        "zh-CN": "参考样本与当前样本之间评分的 PSI 为 {value:.4f}：{band}。",
    },
    "validation.psi.feature": {
        "en": "CSI of feature {feature} is {value:.4f}: {band}.",
        "zh-CN": "特征 {feature} 的 CSI 为 {value:.4f}：{band}。",
    },
    "validation.psi.new_categories": {
        "en": "Feature {feature} has {count} categor(y/ies) never seen in the reference sample, "
              "holding {value:.2%} of current rows: the model meets values it was not "
              "validated on.",
        "zh-CN": "特征 {feature} 出现 {count} 个参考样本中未见过的类别，占当前样本 {value:.2%}："
                 "模型遇到了未经验证的取值。",
    },
    "validation.psi.constant": {
        "en": "Feature {feature} is constant in the reference sample; its CSI is not defined.",
        "zh-CN": "特征 {feature} 在参考样本中为常数，CSI 无定义。",
    },
    "validation.band.stable": {"en": "stable", "zh-CN": "稳定"},
    "validation.band.watch": {"en": "watch", "zh-CN": "关注"},
    "validation.band.shifted": {"en": "shifted", "zh-CN": "显著偏移"},
    "validation.table.psi": {"en": "Stability (PSI/CSI) per feature",
                             "zh-CN": "各特征稳定性（PSI/CSI）"},
    "validation.table.calibration": {"en": "Calibration curve", "zh-CN": "校准曲线"},
    "validation.figure.roc": {"en": "ROC curve (AUC {auc})", "zh-CN": "ROC 曲线（AUC {auc}）"},
    "validation.figure.roc_curve": {"en": "model (AUC {auc})", "zh-CN": "模型（AUC {auc}）"},
    "validation.figure.fpr": {"en": "false positive rate", "zh-CN": "假正例率"},
    "validation.figure.tpr": {"en": "true positive rate", "zh-CN": "真正例率"},
    "validation.figure.chance": {"en": "chance", "zh-CN": "随机猜测"},
    "validation.figure.calibration": {"en": "Calibration curve (ECE {ece})",
                                      "zh-CN": "校准曲线（期望校准误差 {ece}）"},
    "validation.figure.calibration_curve": {"en": "observed vs predicted",
                                            "zh-CN": "实际与预测"},
    "validation.figure.perfect": {"en": "perfect calibration", "zh-CN": "完美校准"},
    "validation.figure.calibration_note": {
        "en": "{bins} bins over {rows} rows.",
        "zh-CN": "共 {rows} 行，分为 {bins} 个分箱。",
    },
    "validation.figure.psi": {"en": "Stability per feature (PSI/CSI)",
                              "zh-CN": "各特征稳定性（PSI/CSI）"},
    "validation.figure.watch": {"en": "watch from {value}", "zh-CN": "关注线 {value}"},
    "validation.figure.shift": {"en": "shifted from {value}", "zh-CN": "显著偏移线 {value}"},
    "validation.col.feature": {"en": "Feature", "zh-CN": "特征"},
    "validation.col.kind": {"en": "Kind", "zh-CN": "类型"},
    "validation.col.bins": {"en": "Bins", "zh-CN": "分箱数"},
    "validation.col.psi": {"en": "PSI", "zh-CN": "PSI"},
    "validation.col.band": {"en": "Band", "zh-CN": "区间"},
    "validation.col.missing_ref": {"en": "Missing (reference)", "zh-CN": "缺失率（参考）"},
    "validation.col.missing_cur": {"en": "Missing (current)", "zh-CN": "缺失率（当前）"},
    "validation.col.bin": {"en": "Bin", "zh-CN": "分箱"},
    "validation.col.predicted": {"en": "Mean predicted", "zh-CN": "平均预测概率"},
    "validation.col.observed": {"en": "Observed rate", "zh-CN": "实际发生率"},
    "validation.col.count": {"en": "Count", "zh-CN": "样本数"},
    # -- robustness -----------------------------------------------------------
    "robustness.flip_rate": {
        "en": "Under bounded perturbation (noise {noise} SD, swap probability {swap}), "
              "{value:.2%} of decisions flip (fails above {threshold:.2%}).",
        "zh-CN": "在有界扰动下（噪声 {noise} 个标准差，类别替换概率 {swap}），"
                 "{value:.2%} 的决策发生翻转（高于 {threshold:.2%} 不通过）。",
    },
    "robustness.score_change": {
        "en": "Mean absolute score change under perturbation is {value:.4f} "
              "(warns above {threshold:.4f}).",
        "zh-CN": "扰动下评分的平均绝对变化为 {value:.4f}（高于 {threshold:.4f} 预警）。",
    },
    "robustness.monotone": {
        "en": "Feature {feature} is declared {direction}: {value:.2%} of swept rows violate it "
              "(largest reversal {worst:.4f}; fails above {threshold:.2%}).",
        "zh-CN": "特征 {feature} 声明为{direction}：{value:.2%} 的扫描样本违反该单调性"
                 "（最大反向变化 {worst:.4f}；高于 {threshold:.2%} 不通过）。",
    },
    "robustness.direction.increasing": {"en": "increasing", "zh-CN": "单调递增"},
    "robustness.direction.decreasing": {"en": "decreasing", "zh-CN": "单调递减"},
    "robustness.missing.predicts": {
        "en": "With {feature} missing the model predicts (it handles missing values).",
        "zh-CN": "特征 {feature} 缺失时模型仍给出预测（可处理缺失值）。",
    },
    "robustness.missing.raises": {
        "en": "With {feature} missing the model raises {error}; missing values must be "
              "handled before scoring.",
        "zh-CN": "特征 {feature} 缺失时模型抛出 {error}；评分前必须处理缺失值。",
    },
    "robustness.missing.non_finite": {
        "en": "With {feature} missing the model returns non-finite scores.",
        "zh-CN": "特征 {feature} 缺失时模型返回非有限值评分。",
    },
    "robustness.monotone.categorical": {
        "en": "Feature {feature} is categorical: a monotone direction is defined only for "
              "numeric features, so it was not swept.",
        "zh-CN": "特征 {feature} 为类别型：单调方向仅对数值型特征有定义，未做扫描。",
    },
    "robustness.range.predicts": {
        "en": "For {feature} outside its observed range the model silently extrapolates "
              "(mean score change {value:.4f}).",
        "zh-CN": "特征 {feature} 超出观测范围时模型静默外推（平均评分变化 {value:.4f}）。",
    },
    "robustness.range.raises": {
        "en": "For {feature} outside its observed range the model refuses the input ({error}).",
        "zh-CN": "特征 {feature} 超出观测范围时模型拒绝该输入（{error}）。",
    },
    "robustness.range.non_finite": {
        "en": "For {feature} outside its observed range the model returns non-finite scores.",
        "zh-CN": "特征 {feature} 超出观测范围时模型返回非有限值评分。",
    },
    # -- security ------------------------------------------------------------
    "security.membership": {
        "en": "Membership-inference attack AUC (confidence threshold, training vs holdout rows) "
              "is {value:.3f} (0.5 = no leakage; warns above {warn:.2f}, fails above {fail:.2f}).",
        "zh-CN": "成员推断攻击 AUC（置信度阈值，训练样本对比留出样本）为 {value:.3f}"
                 "（0.5 表示无泄露；高于 {warn:.2f} 预警，高于 {fail:.2f} 不通过）。",
    },
    "security.evasion": {
        "en": "{value:.2%} of {n} sampled declined rows flip to approval by changing one "
              "actionable feature within its budget{rule}.",
        "zh-CN": "抽样的 {n} 个拒绝样本中，{value:.2%} 可在预算内改变单个可操作特征"
                 "而转为通过{rule}。",
    },
    "security.evasion.none": {
        "en": "No declined rows in the sample; the evasion search was not run.",
        "zh-CN": "样本中没有被拒绝的记录，未执行规避搜索。",
    },
    "security.evasion.rule": {"en": " (warns above {threshold:.2%})",
                              "zh-CN": "（高于 {threshold:.2%} 预警）"},
    "security.dependencies": {
        "en": "The model depends on: {libraries}.",
        "zh-CN": "模型依赖的库：{libraries}。",
    },
    "security.dependency.outdated": {
        "en": "Library {library} is at version {version}, below the policy minimum {minimum}.",
        "zh-CN": "库 {library} 的版本为 {version}，低于策略要求的最低版本 {minimum}。",
    },
    "security.format.unsafe": {
        "en": "The model was loaded from an unsafe format ({format}): loading it can execute "
              "arbitrary code. Save it with skops instead.",
        "zh-CN": "模型从不安全的格式（{format}）加载：加载过程可执行任意代码。请改用 skops 保存。",
    },
    "security.format.safe": {
        "en": "The model was loaded from {format} with a checked list of trusted types.",
        "zh-CN": "模型从 {format} 加载，且类型已通过受信任类型清单检查。",
    },
    "security.format.unknown": {
        "en": "The model's file format is not known (it was not loaded with load_model).",
        "zh-CN": "模型文件格式未知（未通过 load_model 加载）。",
    },
})
