"""The demo's documents beyond the report: algorithm disclosure and signed evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dfgov.report import Report

__all__ = ["DISCLOSURE_METADATA", "write"]

#: What the bank would fill in by hand for the demo model's disclosure (JR/T 0287-2023).
DISCLOSURE_METADATA: dict[str, Any] = {
    "algorithm_id": "demo-german-credit-gbm",
    "name": {"en": "Retail credit scoring model (demo)", "zh-CN": "零售信贷评分模型（演示）"},
    "version": "1.0.0",
    "algorithm_type": {"en": "Gradient-boosted decision trees (scikit-learn)",
                       "zh-CN": "梯度提升决策树（scikit-learn）"},
    "portfolio_entry": {"en": "Retail lending / application scoring",
                        "zh-CN": "零售贷款 / 申请评分"},
    "logic": {
        "en": "Estimates the probability that an applicant defaults from the application "
              "data (account status, credit history, amount, duration, savings, employment, "
              "property, housing). Applications with an estimated default probability of "
              "50% or more are referred for decline.",
        "zh-CN": "根据申请资料（账户状态、信用记录、金额、期限、储蓄、就业、财产、住房）估计申请人"
                 "违约的概率；估计违约概率不低于 50% 的申请转入拒绝流程。",
    },
    "scenario": {"en": "Consumer credit applications", "zh-CN": "个人消费信贷申请"},
    "decision_use": {"en": "Recommendation to a credit officer, who makes the final decision.",
                     "zh-CN": "向信贷审批人员提供建议，由其作出最终决定。"},
    "human_oversight": {"en": "Every decline is reviewed by a credit officer.",
                        "zh-CN": "每一笔拒绝均由信贷审批人员复核。"},
    "data_sources": [{"en": "UCI Statlog German credit data (1,000 applications)",
                      "zh-CN": "UCI Statlog 德国信贷数据（1,000 笔申请）"}],
    "data_period": "1994",
    "excluded_attributes": ["sex", "age_band"],
    "responsible_entity": {"en": "Example Bank, Model Risk Management",
                           "zh-CN": "示例银行模型风险管理部"},
    "contact": "model-risk@example.com",
    "appeal_channel": {"en": "Branch counter or the customer service hotline.",
                       "zh-CN": "营业网点柜台或客服热线。"},
    "limitations": [{"en": "Trained on 1990s German data; not representative of a current "
                           "portfolio. personal_status encodes sex.",
                     "zh-CN": "训练数据为 20 世纪 90 年代德国数据，不代表当前客群；"
                              "personal_status 字段隐含性别信息。"}],
}


def write(report: Report, out: Path, *, policy: Any, model: Any, audit: Any) -> None:
    """Write the disclosure (en and zh-CN), publish it to the log, save signed evidence."""
    from dfgov.audit import Ed25519Signer, save_evidence
    from dfgov.model_risk.disclosure import AlgorithmDisclosure

    doc = AlgorithmDisclosure.from_report(report, **DISCLOSURE_METADATA)
    from dfgov.render import write_atomic

    write_atomic(out / "disclosure.json", doc.to_json())
    for lang, suffix in (("en", "en"), ("zh-CN", "zh-CN")):
        write_atomic(out / f"disclosure.{suffix}.md", doc.to_markdown(lang=lang))
        doc.to_html(out / f"disclosure.{suffix}.html", lang=lang)
    if audit is not None:
        doc.publish(audit, actor="dfgov demo", allow_incomplete=True)
    signer = Ed25519Signer.generate()
    (out / "evidence-signing-key.pub.pem").write_bytes(signer.public_key_pem())
    bundle = out / "evidence"
    if bundle.exists():
        import shutil

        shutil.rmtree(bundle)
    save_evidence(report, bundle, signer=signer, policy=policy,
                  policy_file=out / "policy.toml", operator="dfgov demo",
                  extra_files={"model.skops": out / "model.skops",
                               "disclosure.json": out / "disclosure.json"},
                  audit=audit)
