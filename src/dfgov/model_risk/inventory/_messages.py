"""Texts of the model inventory (en + zh-CN)."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages({
    "inventory.table": {"en": "Model inventory", "zh-CN": "模型清单"},
    "inventory.col.model": {"en": "Model", "zh-CN": "模型"},
    "inventory.col.version": {"en": "Version", "zh-CN": "版本"},
    "inventory.col.owner": {"en": "Owner", "zh-CN": "负责人"},
    "inventory.col.tier": {"en": "Tier", "zh-CN": "风险等级"},
    "inventory.col.status": {"en": "Status", "zh-CN": "状态"},
    "inventory.col.last_validation": {"en": "Last validation", "zh-CN": "最近验证"},
    "inventory.col.next_review": {"en": "Next review due", "zh-CN": "下次复核截止"},
    "inventory.overdue": {
        "en": "Model {model} (tier {tier}, {status}) is overdue for validation: review was due "
              "on {due}, {days} days ago.",
        "zh-CN": "模型 {model}（风险等级 {tier}，{status}）验证已逾期：应于 {due} 复核，"
                 "已逾期 {days} 天。",
    },
    "inventory.never_validated": {
        "en": "Model {model} (tier {tier}) is in {status} without any recorded validation.",
        "zh-CN": "模型 {model}（风险等级 {tier}）处于{status}状态，但没有任何验证记录。",
    },
    "inventory.current": {
        "en": "All {n} active models have a current validation.",
        "zh-CN": "全部 {n} 个在用模型的验证均在有效期内。",
    },
})
