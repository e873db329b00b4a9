"""Texts of the compliance review and waiver reports, in English and Chinese."""

from __future__ import annotations

from collections.abc import Sequence

from dfgov.i18n import LocalizedText, register_messages, text

__all__ = ["kind_label", "roles_label", "state_label"]


def kind_label(kind: str) -> LocalizedText:
    """The name of an evidence kind."""
    return text(f"review.kind.{kind}")


def state_label(state: str) -> LocalizedText:
    """The name of a workflow state."""
    return text(f"review.st.{state}")


def roles_label(roles: Sequence[str]) -> LocalizedText:
    """Role names joined, e.g. "compliance, legal" / "合规、法律"."""
    names = [text(f"review.role.{r}") for r in roles]
    return LocalizedText(en=", ".join(n.en for n in names),
                         zh_cn="、".join(n.zh_cn for n in names))


register_messages({
    # states and roles
    "review.st.draft": {"en": "draft", "zh-CN": "草稿"},
    "review.st.submitted": {"en": "submitted", "zh-CN": "已提交"},
    "review.st.under_review": {"en": "under review", "zh-CN": "审查中"},
    "review.st.approved": {"en": "approved", "zh-CN": "已批准"},
    "review.st.approved_with_conditions": {"en": "approved with conditions",
                                           "zh-CN": "附条件批准"},
    "review.st.rejected": {"en": "rejected", "zh-CN": "已否决"},
    "review.st.launched": {"en": "launched", "zh-CN": "已上线"},
    "review.st.post_launch_review_due": {"en": "post-launch review due",
                                         "zh-CN": "待上线后复审"},
    "review.st.withdrawn": {"en": "withdrawn", "zh-CN": "已撤回"},
    "review.role.compliance": {"en": "compliance", "zh-CN": "合规"},
    "review.role.risk": {"en": "risk", "zh-CN": "风险管理"},
    "review.role.legal": {"en": "legal", "zh-CN": "法律"},
    "review.role.data_protection": {"en": "data protection", "zh-CN": "数据保护"},
    "review.role.business": {"en": "business", "zh-CN": "业务"},
    "review.decision.approve": {"en": "approve", "zh-CN": "同意"},
    "review.decision.reject": {"en": "reject", "zh-CN": "不同意"},
    # evidence kinds
    "review.kind.model_risk_report": {"en": "model-risk assessment report",
                                      "zh-CN": "模型风险评估报告"},
    "review.kind.disclosure": {"en": "algorithm disclosure", "zh-CN": "算法信息披露"},
    "review.kind.data_protection_scan": {"en": "data-protection scan",
                                         "zh-CN": "数据保护扫描报告"},
    "review.kind.data_security_assessment": {"en": "data-security assessment",
                                             "zh-CN": "数据安全评估报告"},
    "review.kind.impact_assessment": {"en": "personal-information impact assessment",
                                      "zh-CN": "个人信息保护影响评估"},
    # checklist findings
    "review.missing": {"en": "The {kind} for {subject} is missing.",
                       "zh-CN": "{subject} 缺少{kind}。"},
    "review.stale": {
        "en": "The {kind} for {subject} is {days} days old (dated {dated}); the policy allows "
              "{limit}.",
        "zh-CN": "{subject} 的{kind}已有 {days} 天（日期 {dated}），超过策略允许的 {limit} 天。",
    },
    "review.undated": {"en": "The {kind} for {subject} carries no date; its age cannot be "
                             "judged.",
                       "zh-CN": "{subject} 的{kind}没有日期，无法判断其时效。"},
    "review.other_model": {"en": "The {kind} linked for {subject} is about {other}.",
                           "zh-CN": "为 {subject} 关联的{kind}针对的是 {other}。"},
    "review.report_failing": {
        "en": "The model-risk report for {subject} fails: {count} failing finding(s) "
              "({controls}).",
        "zh-CN": "{subject} 的模型风险评估报告不通过：{count} 项不通过（{controls}）。",
    },
    "review.report_ok": {"en": "The model-risk report for {subject} does not fail "
                               "(overall {status}).",
                         "zh-CN": "{subject} 的模型风险评估报告无不通过项（总体结论：{status}）。"},
    "review.control_not_judged": {
        "en": "The model-risk report for {subject} does not judge '{control}' (no finding, or "
              "only skipped ones).",
        "zh-CN": "{subject} 的模型风险评估报告未对“{control}”得出结论（无结果或均被跳过）。",
    },
    "review.control_failing": {
        "en": "'{control}' fails for {subject}: {items}.",
        "zh-CN": "{subject} 的“{control}”不通过：{items}。",
    },
    "review.control_ok": {"en": "'{control}' passes for {subject}.",
                          "zh-CN": "{subject} 的“{control}”通过。"},
    "review.waived_ok": {
        "en": "{what} for {subject} is accepted by waiver(s) {ids} until {expires}.",
        "zh-CN": "{subject} 的{what}已由豁免 {ids} 接受风险，有效期至 {expires}。",
    },
    "review.waived_expired": {
        "en": "{what} for {subject} rests on waiver(s) {ids} that expired on {expires}.",
        "zh-CN": "{subject} 的{what}所依据的豁免 {ids} 已于 {expires} 到期。",
    },
    "review.waived_refused": {
        "en": "{what} for {subject} is only waived ({ids}); the policy does not accept waived "
              "findings as review evidence ([review] accept_waived).",
        "zh-CN": "{subject} 的{what}仅为已豁免（{ids}）；策略不接受已豁免的结果作为审查证据"
                 "（[review] accept_waived）。",
    },
    "review.disclosure_incomplete": {
        "en": "The algorithm disclosure for {subject} lacks required fields: {fields}.",
        "zh-CN": "{subject} 的算法信息披露缺少必填字段：{fields}。",
    },
    "review.disclosure_unpublished": {
        "en": "The algorithm disclosure for {subject} (digest {digest}) has not been published "
              "(no disclosure.launch or disclosure.major_change event in the audit log).",
        "zh-CN": "{subject} 的算法信息披露（摘要 {digest}）尚未发布（审计日志中没有 "
                 "disclosure.launch 或 disclosure.major_change 事件）。",
    },
    "review.disclosure_ok": {"en": "The algorithm disclosure for {subject} is complete and "
                                   "published.",
                             "zh-CN": "{subject} 的算法信息披露完整且已发布。"},
    "review.scan_ok": {"en": "The data-protection scan of {subject} found categories: "
                             "{categories}.",
                       "zh-CN": "{subject} 的数据保护扫描发现的类别：{categories}。"},
    "review.dsa_wrong_dataset": {
        "en": "The data-security assessment linked for {subject} assesses dataset "
              "'{other}'.",
        "zh-CN": "为 {subject} 关联的数据安全评估针对的是数据集“{other}”。",
    },
    "review.not_encrypted": {
        "en": "Dataset {subject} holds {categories} data but column(s) {columns} are not "
              "encrypted at rest.",
        "zh-CN": "数据集 {subject} 含有 {categories} 类数据，但字段 {columns} 未做存储加密。",
    },
    "review.dsa_gaps": {
        "en": "The data-security assessment of {subject} is encrypted at rest but has other "
              "failing controls: {controls}.",
        "zh-CN": "{subject} 的数据安全评估显示已做存储加密，但其他控制项不通过：{controls}。",
    },
    "review.dsa_ok": {"en": "Dataset {subject} ({categories}) is encrypted at rest per its "
                            "data-security assessment.",
                      "zh-CN": "根据数据安全评估，数据集 {subject}（{categories}）已做存储加密。"},
    "review.pia_unacceptable": {
        "en": "The impact assessment {ref} concludes the processing is not acceptable.",
        "zh-CN": "个人信息保护影响评估 {ref} 的结论为处理活动不可接受。",
    },
    "review.pia_uncovered": {
        "en": "The impact assessment {ref} does not cover PIPL Art.55 situation(s) present in "
              "the dossier: {triggers}.",
        "zh-CN": "个人信息保护影响评估 {ref} 未覆盖档案中存在的《个人信息保护法》第五十五条"
                 "情形：{triggers}。",
    },
    "review.pia_ok": {"en": "The impact assessment {ref} covers {triggers} and concludes "
                            "{conclusion}.",
                      "zh-CN": "个人信息保护影响评估 {ref} 覆盖 {triggers}，结论为 {conclusion}。"},
    "review.pia_not_required": {"en": "No personal-information impact assessment is required "
                                      "(no PIPL Art.55 situation).",
                                "zh-CN": "无需个人信息保护影响评估（不存在第五十五条情形）。"},
    "review.arrangement_unknown": {
        "en": "Outsourcing arrangement {subject} is not in the outsourcing register.",
        "zh-CN": "外包安排 {subject} 不在外包登记册中。",
    },
    "review.arrangement_state": {
        "en": "Outsourcing arrangement {subject} ({importance}) is in state '{state}'; it must "
              "be one of {allowed}.",
        "zh-CN": "外包安排 {subject}（{importance}）当前状态为“{state}”，应为 {allowed} 之一。",
    },
    "review.arrangement_ok": {"en": "Outsourcing arrangement {subject} ({importance}) is "
                                    "'{state}'.",
                              "zh-CN": "外包安排 {subject}（{importance}）状态为“{state}”。"},
    "review.important": {"en": "important", "zh-CN": "重要外包"},
    "review.not_important": {"en": "not important", "zh-CN": "非重要外包"},
    # workflow findings
    "review.signoffs_missing": {
        "en": "Sign-off round {round}: approval still missing from {roles}.",
        "zh-CN": "第 {round} 轮会签：尚缺 {roles} 的同意意见。",
    },
    "review.signoffs_rejected": {
        "en": "Sign-off round {round}: {roles} rejected.",
        "zh-CN": "第 {round} 轮会签：{roles} 不同意。",
    },
    "review.signoffs_ok": {"en": "Sign-off round {round}: {roles} approved.",
                           "zh-CN": "第 {round} 轮会签：{roles} 均已同意。"},
    "review.condition_overdue": {
        "en": "Condition {id} ('{text}', owner {owner}) was due on {deadline} and is not met.",
        "zh-CN": "条件 {id}（“{text}”，责任人 {owner}）应于 {deadline} 前完成，尚未满足。",
    },
    "review.condition_open": {
        "en": "Condition {id} ('{text}', owner {owner}) is open until {deadline}.",
        "zh-CN": "条件 {id}（“{text}”，责任人 {owner}）未完成，期限 {deadline}。",
    },
    "review.condition_met": {"en": "Condition {id} was met on {met_on} by {met_by}.",
                             "zh-CN": "条件 {id} 已于 {met_on} 由 {met_by} 完成。"},
    "review.post_launch_overdue": {
        "en": "The post-launch review of {subject} was due on {due}.",
        "zh-CN": "{subject} 的上线后复审应于 {due} 完成，已逾期。",
    },
    "review.post_launch_soon": {"en": "The post-launch review of {subject} is due on {due}.",
                                "zh-CN": "{subject} 的上线后复审将于 {due} 到期。"},
    "review.post_launch_scheduled": {"en": "The next post-launch review of {subject} is due "
                                           "on {due}.",
                                     "zh-CN": "{subject} 的下次上线后复审日期为 {due}。"},
    "review.state": {"en": "Review {id} of '{product}' is {state} (round {round}).",
                     "zh-CN": "“{product}”的审查 {id} 当前状态：{state}（第 {round} 轮）。"},
    # report titles and tables
    "review.title": {"en": "Compliance review of new business: {product}",
                     "zh-CN": "创新业务合规审查：{product}"},
    "review.table.evidence": {"en": "Evidence", "zh-CN": "证据"},
    "review.table.signoffs": {"en": "Sign-offs", "zh-CN": "会签"},
    "review.table.conditions": {"en": "Conditions", "zh-CN": "审批条件"},
    "review.table.history": {"en": "History", "zh-CN": "流转记录"},
    "review.table.dossier": {"en": "Dossier", "zh-CN": "审查档案"},
    "review.col.kind": {"en": "Kind", "zh-CN": "类型"},
    "review.col.subject": {"en": "Subject", "zh-CN": "对象"},
    "review.col.digest": {"en": "Digest", "zh-CN": "摘要"},
    "review.col.added": {"en": "Added", "zh-CN": "添加时间"},
    "review.col.by": {"en": "By", "zh-CN": "操作人"},
    "review.col.round": {"en": "Round", "zh-CN": "轮次"},
    "review.col.role": {"en": "Role", "zh-CN": "角色"},
    "review.col.person": {"en": "Person", "zh-CN": "签署人"},
    "review.col.decision": {"en": "Decision", "zh-CN": "意见"},
    "review.col.at": {"en": "At", "zh-CN": "时间"},
    "review.col.id": {"en": "Id", "zh-CN": "编号"},
    "review.col.text": {"en": "Condition", "zh-CN": "条件"},
    "review.col.deadline": {"en": "Deadline", "zh-CN": "期限"},
    "review.col.owner": {"en": "Owner", "zh-CN": "责任人"},
    "review.col.met": {"en": "Met on", "zh-CN": "完成日期"},
    "review.col.from": {"en": "From", "zh-CN": "原状态"},
    "review.col.to": {"en": "To", "zh-CN": "新状态"},
    "review.col.reason": {"en": "Reason", "zh-CN": "原因"},
    "review.col.field": {"en": "Field", "zh-CN": "项目"},
    "review.col.value": {"en": "Value", "zh-CN": "内容"},
    # waiver register report
    "waiver.title": {"en": "Risk acceptances (waivers) as of {day}",
                     "zh-CN": "风险接受（豁免）情况，截至 {day}"},
    "waiver.active": {
        "en": "Waiver {id} accepts {target} for {model}@{version} until {expires} (approved by "
              "{approver}; compensating: {compensating}).",
        "zh-CN": "豁免 {id} 接受 {model}@{version} 的 {target}，有效期至 {expires}（审批人 "
                 "{approver}；补偿性控制：{compensating}）。",
    },
    "waiver.expiring": {
        "en": "Waiver {id} for {target} of {model}@{version} expires in {days} day(s), on "
              "{expires}.",
        "zh-CN": "{model}@{version} 的 {target} 豁免 {id} 将在 {days} 天后（{expires}）到期。",
    },
    "waiver.none": {"en": "No waiver is active.", "zh-CN": "当前没有生效的豁免。"},
    "waiver.table": {"en": "Active and expiring waivers", "zh-CN": "生效中及即将到期的豁免"},
    "waiver.col.target": {"en": "Finding", "zh-CN": "检查结果"},
    "waiver.col.model": {"en": "Model", "zh-CN": "模型"},
    "waiver.col.requester": {"en": "Requester", "zh-CN": "申请人"},
    "waiver.col.approver": {"en": "Approver", "zh-CN": "审批人"},
    "waiver.col.valid_from": {"en": "Valid from", "zh-CN": "生效日期"},
    "waiver.col.expires": {"en": "Expires", "zh-CN": "到期日期"},
    "waiver.col.days_left": {"en": "Days left", "zh-CN": "剩余天数"},
    "waiver.col.compensating": {"en": "Compensating controls", "zh-CN": "补偿性控制"},
    # due items
    "review.due.condition": {"en": "Condition {id} of review {review}: {text}",
                             "zh-CN": "审查 {review} 的条件 {id}：{text}"},
    "review.due.post_launch": {"en": "Post-launch review of {review} ({product})",
                               "zh-CN": "{review}（{product}）的上线后复审"},
    "review.due.waiver": {"en": "Waiver {id} for {target} of {model}@{version} expires",
                          "zh-CN": "{model}@{version} 的 {target} 豁免 {id} 到期"},
})
