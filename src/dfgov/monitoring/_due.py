"""One view of what is due: overdue and soon-due work across the governance stores.

Each area keeps its own store; all of them can live in one database. This
reads, from that database and without writing to it, whatever stores it
holds: the model inventory (validations and reviews), the data-security
assessment register, the outsourcing register (assessments, exit-plan tests,
audits, contract ends) and the monitoring store (outcome labels and the next
period's data), and lists every piece of work with its due date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dfgov._sql import open_engine
from dfgov.clock import Clock, now
from dfgov.i18n import register_messages, text
from dfgov.monitoring._messages import both
from dfgov.monitoring._periods import add_months, matures_on, period_bounds
from dfgov.monitoring._policy import MonitoringPolicy
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dfgov.policy import Policy

__all__ = ["DueItem", "due", "due_items"]

_INVENTORY_CLAUSES = ("AP-16", "SR 11-7 §VI", "JR/T 0221-2021 §6.5")
_MONITOR_CLAUSES = ("AP-16", "SR 11-7 §V", "JR/T 0221-2021 §6.5")

register_messages({
    "due.report.title": {"en": "What is due as of {as_of}", "zh-CN": "截至 {as_of} 的到期事项"},
    "due.overdue": {
        "en": "{what} of {subject} is overdue: due {due}{last}.",
        "zh-CN": "{subject} 的{what}已逾期：应于 {due} 完成{last}。"},
    "due.never": {
        "en": "{what} of {subject} has never been done and is due now.",
        "zh-CN": "{subject} 的{what}从未进行，现已到期。"},
    "due.soon": {
        "en": "{what} of {subject} is due on {due} (within {days} days){last}.",
        "zh-CN": "{subject} 的{what}将于 {due} 到期（{days} 天内）{last}。"},
    "due.last": {"en": "; last done {last}", "zh-CN": "；上次完成于 {last}"},
    "due.clear": {
        "en": "Nothing is overdue or due within {days} days ({n} items tracked in {stores}).",
        "zh-CN": "无逾期事项，{days} 天内无到期事项（{stores} 中共跟踪 {n} 项）。"},
    "due.none": {
        "en": "The database holds no governance store (model inventory, data-security "
              "assessments, outsourcing register, monitoring); nothing can be listed.",
        "zh-CN": "该数据库中没有任何治理存储（模型清单、数据安全评估、外包登记、持续监测），"
                 "无法列出到期事项。"},
    "due.table": {"en": "Work and due dates", "zh-CN": "工作事项与到期日"},
    "due.col.due": {"en": "due", "zh-CN": "到期日"},
    "due.col.status": {"en": "status", "zh-CN": "状态"},
    "due.col.area": {"en": "area", "zh-CN": "领域"},
    "due.col.kind": {"en": "work", "zh-CN": "事项"},
    "due.col.subject": {"en": "subject", "zh-CN": "对象"},
    "due.col.last": {"en": "last done", "zh-CN": "上次完成"},
    **{f"due.kind.{k}": {"en": en, "zh-CN": zh} for k, en, zh in (
        ("validation", "Model validation and review", "模型验证与复审"),
        ("assessment", "Risk assessment", "风险评估"),
        ("exit_test", "Exit-plan test", "退出预案演练"),
        ("exit_plan", "Exit plan", "退出预案"),
        ("audit", "Audit", "审计"),
        ("contract_end", "Contract renewal or exit (notice date)", "合同续签或退出（通知日）"),
        ("labels", "Outcome labels", "结果标签"),
        ("period", "Monitoring data of the next period", "下一期间的监测数据"),
        ("data_security_assessment", "Data-security risk assessment", "数据安全风险评估"),
        ("outsourcing_assessment", "Outsourcing assessment", "外包评估"),
        ("post_launch_review", "Post-launch review of new business", "新业务上线后评估"),
        ("condition", "Condition of a compliance review", "合规审查附加条件"),
        ("expiry", "Expiry of a risk acceptance (waiver)", "风险接受（豁免）到期"),
    )},
})


@dataclass(frozen=True)
class DueItem:
    """One piece of recurring work and when it falls due (None: never done, due now)."""

    area: str
    kind: str
    subject: str
    due: date | None
    last: date | None
    clauses: tuple[str, ...]

    def state(self, as_of: date, soon_days: int) -> Literal["overdue", "soon", "later"]:
        """``overdue`` (due before ``as_of``), ``soon`` (within ``soon_days``) or ``later``."""
        if self.due is None or self.due < as_of:
            return "overdue"
        return "soon" if (self.due - as_of).days <= soon_days else "later"

    @property
    def label(self) -> str:
        """Catalog key of the work's name."""
        if self.kind == "assessment" and self.area in ("data_protection", "outsourcing"):
            return "data_security_assessment" if self.area == "data_protection" else (
                "outsourcing_assessment")
        return self.kind


class _ReadOnly:
    """An audit sink for stores opened only to read (any write is a bug)."""

    def append(self, **_: Any) -> None:
        raise RuntimeError("dfgov due only reads")

    def close(self) -> None:
        return None


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def due_items(target: str | Path | sa.Engine = "governance.db", *,
              policy: Policy | None = None,
              extra: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
              ) -> tuple[list[DueItem], list[str]]:
    """Every piece of recurring work in the stores of one database, and the stores found.

    ``extra`` adds the plain records (``area``, ``kind``, ``subject``, ``due``,
    ``last``, ``clauses``) of stores this package does not read itself, by
    store name — e.g. the review register's, which the command line passes
    (composers do not import each other).
    """
    import sqlalchemy as sa

    engine, owned = open_engine(target, "due_items")
    try:
        names = set(sa.inspect(engine).get_table_names())
        items: list[DueItem] = []
        stores: list[str] = []
        if "dfgov_model_inventory" in names:
            stores.append("model_inventory")
            items += _inventory(engine)
        if "dfgov_data_security_assessments" in names:
            from dfgov.data_protection import AssessmentRegister

            stores.append("data_security_assessments")
            reg = AssessmentRegister(engine, audit=_ReadOnly())
            items += [_item(d) for d in reg.due_items()]
        if "dfgov_outsourcing_arrangements" in names:
            from dfgov.outsourcing import OutsourcingPolicy, OutsourcingRegistry
            from dfgov.outsourcing import due_items as outsourcing_due

            stores.append("outsourcing_register")
            pol = policy.section(OutsourcingPolicy) if policy is not None else None
            items += [_item(d) for d in outsourcing_due(OutsourcingRegistry(engine), policy=pol)]
        if "dfgov_monitor_models" in names:
            stores.append("monitoring")
            items += _monitoring(engine, policy)
        for store, records in (extra or {}).items():
            stores.append(store)
            items += [_item(d) for d in records]
    finally:
        if owned:
            engine.dispose()
    return sorted(items, key=lambda i: (i.due or date.min, i.area, i.subject, i.kind)), stores


def _item(d: Mapping[str, Any]) -> DueItem:
    return DueItem(area=str(d["area"]), kind=str(d["kind"]), subject=str(d["subject"]),
                   due=_day(d["due"]), last=_day(d.get("last")),
                   clauses=tuple(d.get("clauses", ())))


def _inventory(engine: sa.Engine) -> list[DueItem]:
    from dfgov.model_risk.inventory import ModelInventory

    inv = ModelInventory(engine, audit=_ReadOnly())
    return [DueItem("model_risk", "validation", r.key, r.next_review_due, r.last_validation,
                    _INVENTORY_CLAUSES)
            for r in inv.records() if r.status in ("validated", "approved", "production")]


def _monitoring(engine: sa.Engine, policy: Policy | None) -> list[DueItem]:
    from dfgov.monitoring._store import MonitoringStore

    mon = (policy.section(MonitoringPolicy) if policy is not None else MonitoringPolicy())
    store = MonitoringStore(engine, audit=_ReadOnly())
    out: list[DueItem] = []
    for model_id, version in store.models():
        subject = f"{model_id}@{version}"
        recs = store.records(model_id, version, with_stats=False)
        labelled = {r.period for r in recs if r.kind == "labels"}
        periods = sorted({r.period for r in recs if r.kind == "decisions"})
        for p in periods:
            if p not in labelled:
                out.append(DueItem("monitoring", "labels", f"{subject} {p}",
                                   matures_on(p, mon.maturity_months), None, _MONITOR_CLAUSES))
        if periods:
            end = period_bounds(periods[-1])[1]
            nxt = add_months(end, 3 if "Q" in periods[-1] else 1)
            out.append(DueItem("monitoring", "period", subject, nxt,
                               period_bounds(periods[-1])[0], _MONITOR_CLAUSES))
    return out


def due(target: str | Path | sa.Engine = "governance.db", *, as_of: date | None = None,
        policy: Policy | None = None,
        extra: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
        clock: Clock | None = None) -> Report:
    """A Report of what is overdue (fail) and soon due (warn) across the stores of a database.

    Parameters
    ----------
    target : str, Path or sqlalchemy.Engine
        The governance database (SQLite path or SQLAlchemy URL).
    as_of : date, optional
        The day judged (default today).
    policy : Policy, optional
        ``[monitoring] due_soon_days``, ``[monitoring] maturity_months`` and
        the outsourcing frequencies.
    extra : mapping of store name to records, optional
        Work of further stores (see :func:`due_items`).
    clock : Clock, optional
        Today (the default ``as_of``) and report times (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).
    """
    started = now(clock)
    day = as_of or started.date()
    soon = (policy.section(MonitoringPolicy) if policy is not None
            else MonitoringPolicy()).due_soon_days
    items, stores = due_items(target, policy=policy, extra=extra)
    findings: list[Finding] = []
    rows = []
    for it in items:
        state = it.state(day, soon)
        what = text(f"due.kind.{it.label}")
        last = text("due.last", last=it.last.isoformat()) if it.last else None
        rows.append((it.due.isoformat() if it.due else None, state, it.area, what.en,
                     it.subject, it.last.isoformat() if it.last else None))
        if state == "later":
            continue
        if it.due is None:
            msg = both("due.never", what=what, subject=it.subject)
        else:
            key = "due.overdue" if state == "overdue" else "due.soon"
            msg = both(key, what=what, subject=it.subject, due=it.due.isoformat(),
                        days=soon, last=last)
        findings.append(Finding(
            control=f"due.{it.area}.{it.kind}",
            status=Status.FAIL if state == "overdue" else Status.WARN,
            subject=it.subject, metric="days_overdue" if state == "overdue" else "days_left",
            value=None if it.due is None else float(abs((day - it.due).days)),
            clauses=it.clauses, message=msg,
            details={"due": it.due.isoformat() if it.due else None, "area": it.area}))
    if not stores:
        findings.append(Finding(control="due", status=Status.SKIPPED, clauses=("AP-16",),
                                message=text("due.none")))
    elif not findings:
        findings.append(Finding(control="due", status=Status.PASS, clauses=("AP-16",),
                                message=text("due.clear", days=soon, n=len(items),
                                             stores=", ".join(stores))))
    table = Table(title=text("due.table"), columns=tuple(text(f"due.col.{c}") for c in (
        "due", "status", "area", "kind", "subject", "last")), rows=tuple(rows))
    return Report.build(findings, title=text("due.report.title", as_of=day.isoformat()),
                        policy=policy, started_at=started, tables=[table], clock=clock,
                        metadata={"as_of": day.isoformat(), "stores": stores,
                                  "items": len(items), "due_soon_days": soon})

