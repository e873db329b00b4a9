"""Readable, localised names for what reports otherwise show as identifiers.

Areas, controls, metrics and a few table values have ids (``fairness``,
``robustness.out_of_range``, ``demographic_parity_difference``, ``stable``);
this module gives each a name in English and Chinese from the message catalog
(keys ``label.area.*``, ``label.control.*``, ``label.metric.*``,
``label.value.*``). An id without a name is shown as the id itself (a bank's
own control, say), marked as code.
"""

from __future__ import annotations

from functools import lru_cache

from dfgov.errors import InvalidInputError
from dfgov.i18n import catalog, catalog_size, check_lang, register_messages, text

__all__ = ["AREAS", "area_name", "area_of", "cell_text", "control_name", "metric_name"]

AREAS: tuple[str, ...] = (
    "fairness", "explainability", "validation", "robustness", "security", "disclosure",
    "data_protection", "outsourcing", "inventory", "audit",
)
"""Areas in the order reports show them."""

_AREA_OF_PREFIX = {
    "fairness": "fairness", "explain": "explainability", "explainability": "explainability",
    "validation": "validation", "robustness": "robustness", "security": "security",
    "disclosure": "disclosure", "data_protection": "data_protection",
    "data_security": "data_protection", "anonymity": "data_protection",
    "outsourcing": "outsourcing", "inventory": "inventory", "audit": "audit",
}

_AREA_NAMES = {
    "fairness": ("Fairness", "公平性"),
    "explainability": ("Explainability", "可解释性"),
    "validation": ("Validation", "模型验证"),
    "robustness": ("Robustness", "稳健性"),
    "security": ("Security", "模型安全"),
    "disclosure": ("Disclosure", "算法披露"),
    "data_protection": ("Data protection", "数据保护"),
    "outsourcing": ("Outsourcing", "外包管理"),
    "inventory": ("Model inventory", "模型清单"),
    "audit": ("Audit log", "审计日志"),
    "other": ("Other controls", "其他控制项"),
}

_RATES = {
    "base_rate": ("base rate", "基础比率"),
    "selection_rate": ("selection rate", "选中率"),
    "true_positive_rate": ("true positive rate", "真正例率"),
    "false_positive_rate": ("false positive rate", "假正例率"),
    "true_negative_rate": ("true negative rate", "真负例率"),
    "false_negative_rate": ("false negative rate", "假负例率"),
    "precision": ("precision", "精确率"),
    "recall": ("recall", "召回率"),
    "negative_predictive_value": ("negative predictive value", "阴性预测值"),
    "false_discovery_rate": ("false discovery rate", "错误发现率"),
    "false_omission_rate": ("false omission rate", "错误遗漏率"),
    "accuracy": ("accuracy", "准确率"),
    "balanced_accuracy": ("balanced accuracy", "平衡准确率"),
    "f1": ("F1 score", "F1 值"),
    "demographic_parity": ("demographic parity", "人口均等"),
    "equal_opportunity": ("equal opportunity", "机会均等"),
    "equalized_odds": ("equalized odds", "均等几率"),
    "predictive_parity": ("predictive parity", "预测均等"),
}

_METRICS = {
    **_RATES,
    **{f"{k}_difference": (f"{en} difference", f"{zh}差异") for k, (en, zh) in _RATES.items()},
    **{f"{k}_ratio": (f"{en} ratio", f"{zh}比率") for k, (en, zh) in _RATES.items()},
    "count": ("rows", "样本数"),
    "roc_auc": ("ROC AUC", "ROC 曲线下面积（AUC）"),
    "ks": ("KS statistic", "KS 统计量"),
    "brier": ("Brier score", "Brier 分数"),
    "ece": ("expected calibration error", "期望校准误差"),
    "hosmer_lemeshow_p": ("Hosmer–Lemeshow p-value", "Hosmer–Lemeshow 检验 p 值"),
    "psi": ("population stability index (PSI)", "群体稳定性指数（PSI）"),
    "csi": ("characteristic stability index (CSI)", "特征稳定性指数（CSI）"),
    "flip_rate": ("decision flip rate", "决策翻转率"),
    "mean_abs_score_change": ("mean absolute score change", "平均绝对分数变化"),
    "violation_share": ("share of monotonicity violations", "单调性违反占比"),
    "membership_auc": ("membership-inference AUC", "成员推断攻击 AUC"),
    "flippable_share": ("share of decisions flippable by small changes",
                        "可被微小改动翻转的决策占比"),
    "max_additivity_error": ("largest additivity error", "最大可加性误差"),
    "rank_stability_p05": ("rank stability (5th percentile)", "排序稳定性（第 5 百分位）"),
    "features_for_share": ("features carrying 80% of importance", "承载 80% 重要性的特征数"),
    "protected_importance_share": ("importance share of protected attributes",
                                   "受保护属性的重要性占比"),
    "proxy_importance_share": ("importance share of proxy features", "代理变量的重要性占比"),
    "reason_coverage": ("reason-code coverage", "原因码覆盖率"),
    "importance_tv_distance": ("importance distance between groups", "组间重要性差异"),
    "counterfactual_flip_rate": ("counterfactual flip rate", "反事实翻转率"),
    "required_fields": ("required fields", "必填字段数"),
    "assessment_age_days": ("assessment age in days", "评估距今天数"),
    "k_anonymity": ("k-anonymity", "k-匿名"),
    "t_closeness": ("t-closeness", "t-接近性"),
    "prosecutor_risk": ("re-identification risk (prosecutor)", "再识别风险（检察官模型）"),
    "weighted_score": ("weighted score", "加权得分"),
    "risk_score": ("risk score", "风险评分"),
    "share_in_clear": ("share stored in clear", "明文存储占比"),
    "spend_share": ("spend share", "支出占比"),
    "hhi": ("Herfindahl–Hirschman index", "赫芬达尔—赫希曼指数"),
    "overdue_days": ("days overdue", "逾期天数"),
    "days_overdue": ("days overdue", "逾期天数"),
    "events_verified": ("events verified", "已验证事件数"),
    "confidence": ("confidence", "置信度"),
}

_CONTROLS = {
    "fairness.four_fifths_rule": ("four-fifths rule", "五分之四规则"),
    "fairness.group_size": ("group size", "分组样本量"),
    "fairness.counterfactual": ("counterfactual test", "反事实测试"),
    "explain.fidelity": ("explanation fidelity", "解释保真度"),
    "explain.stability": ("explanation stability", "解释稳定性"),
    "explain.concentration": ("importance concentration", "重要性集中度"),
    "explain.prohibited_features": ("protected attributes as inputs", "受保护属性作为输入"),
    "explain.proxy": ("proxy features", "代理变量"),
    "explain.reason_codes": ("reason codes", "原因码"),
    "explain.group_divergence": ("explanations across groups", "组间解释差异"),
    "validation.discrimination.auc": ("discrimination (AUC)", "区分能力（AUC）"),
    "validation.discrimination.ks": ("discrimination (KS)", "区分能力（KS）"),
    "validation.threshold.precision": ("precision at the threshold", "阈值处精确率"),
    "validation.threshold.recall": ("recall at the threshold", "阈值处召回率"),
    "validation.calibration.brier": ("calibration (Brier score)", "校准（Brier 分数）"),
    "validation.calibration.ece": ("calibration (ECE)", "校准（期望校准误差）"),
    "validation.calibration.hosmer_lemeshow": ("calibration (Hosmer–Lemeshow)",
                                               "校准（Hosmer–Lemeshow 检验）"),
    "validation.stability.score": ("score stability", "分数稳定性"),
    "validation.stability.feature": ("feature stability", "特征稳定性"),
    "robustness.perturbation.flip_rate": ("small perturbations: decision flips",
                                          "微小扰动：决策翻转"),
    "robustness.perturbation.score_change": ("small perturbations: score change",
                                             "微小扰动：分数变化"),
    "robustness.monotonicity": ("declared monotonicity", "声明的单调性"),
    "robustness.missing": ("missing inputs", "缺失输入"),
    "robustness.out_of_range": ("out-of-range inputs", "超出范围的输入"),
    "security.membership_inference": ("membership inference", "成员推断"),
    "security.evasion": ("evasion", "规避攻击"),
    "security.dependencies": ("dependencies", "依赖组件"),
    "security.model_format": ("model file format", "模型文件格式"),
    "disclosure.completeness": ("disclosure completeness", "披露完整性"),
    "disclosure.assessment_age": ("age of the assessment", "评估时效"),
    "data_protection.classification": ("data classification", "数据分类分级"),
    "data_protection.profile": ("personal data profile", "个人信息概况"),
    "data_security.retention": ("retention", "保存期限"),
    "outsourcing.assessment_due": ("assessment due", "评估到期"),
    "outsourcing.audit_due": ("audit due", "审计到期"),
    "outsourcing.concentration.group": ("concentration (group)", "集中度（集团）"),
    "outsourcing.concentration.single_provider": ("concentration (single provider)",
                                                  "集中度（单一服务商）"),
    "outsourcing.contract_expiry": ("contract expiry", "合同到期"),
    "outsourcing.exit_plan": ("exit plan", "退出计划"),
    "outsourcing.incident_report": ("incident reporting", "事件报告"),
    "outsourcing.knockout": ("knock-out criteria", "否决项"),
    "outsourcing.score.arrangement": ("arrangement risk score", "外包安排风险评分"),
    "outsourcing.score.provider": ("provider risk score", "服务商风险评分"),
    "audit.chain": ("audit chain", "审计链"),
    "inventory.validation_due": ("validation due", "验证到期"),
}

_VALUES = {
    "categorical": ("categorical", "类别型"),
    "numeric": ("numeric", "数值型"),
    "stable": ("stable", "稳定"),
    "watch": ("watch", "关注"),
    "shifted": ("shifted", "显著偏移"),
    "true": ("yes", "是"),
    "false": ("no", "否"),
}


def _register() -> None:
    msgs: dict[str, dict[str, str]] = {}
    for prefix, table in (("area", _AREA_NAMES), ("metric", _METRICS),
                          ("control", _CONTROLS), ("value", _VALUES)):
        for key, (en, zh) in table.items():
            msgs[f"label.{prefix}.{key}"] = {"en": en, "zh-CN": zh}
    register_messages(msgs)


_register()


def _get(key: str, lang: str) -> str | None:
    entry = catalog_entry(key)
    return None if entry is None else entry[check_lang(lang)]


def catalog_entry(key: str) -> dict[str, str] | None:
    """The catalog's texts for ``key`` (None if absent or if it needs parameters)."""
    try:
        t = text(key)
    except (InvalidInputError, KeyError, IndexError):
        return None
    return {"en": t.en, "zh-CN": t.zh_cn}


def area_of(control: str) -> str:
    """The area a control id belongs to (``other`` for unknown prefixes)."""
    return _AREA_OF_PREFIX.get(control.split(".", 1)[0], "other")


def area_name(area: str, lang: str) -> str:
    """Localised area name."""
    return _get(f"label.area.{area}", lang) or area


def control_name(control: str, lang: str) -> str | None:
    """Localised name of a control id; None when it has none (show the id)."""
    name = _get(f"label.control.{control}", lang)
    if name is not None:
        return name
    area = area_of(control)
    rest = control.split(".", 1)[1] if "." in control else ""
    if area == "fairness":  # rule ids default to '<metric>_<kind>'
        return metric_name(rest.removeprefix("shift."), lang)
    return None


def metric_name(metric: str | None, lang: str) -> str | None:
    """Localised metric name; None when it has none."""
    if not metric:
        return None
    return _get(f"label.metric.{metric}", lang)


def _reverse() -> dict[str, str]:
    return _reverse_at(catalog_size())


@lru_cache(maxsize=2)
def _reverse_at(size: int) -> dict[str, str]:
    """English text -> Chinese, for short fixed catalog texts used as table values."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for key, texts in catalog().items():
        en = texts["en"]
        if "{" in en or len(en) > 40 or not key.split(".")[-2:-1]:
            continue
        if en in out and out[en] != texts["zh-CN"]:
            clash.add(en)
        out.setdefault(en, texts["zh-CN"])
    for en in clash:
        out.pop(en, None)
    return out


def cell_text(value: str, lang: str) -> str:
    """A table's text cell in ``lang``: fixed values from the catalog are translated."""
    if check_lang(lang) == "en":
        v = _get(f"label.value.{value}", "en")
        return v if v is not None and value in ("true", "false") else value
    named = _get(f"label.value.{value}", lang)
    if named is not None:
        return named
    return _reverse().get(value, value)
