"""Full-lifecycle data security: retention periods, deletion plans, crypto-shredding.

Retention periods come from the policy (``[data_security.retention]``, in days,
per JR/T 0171 category and per JR/T 0197 level; where both apply the shorter
wins). :func:`plan_deletions` lists the holdings past their period;
:func:`execute_plan` deletes them with
:func:`~dfgov.data_protection.crypto.crypto_shred`, which destroys their data
keys — and replaces the key-encryption key, so no copy of a key made before (an export,
a keystore backup) unwraps again — which makes every copy of its ciphertexts
(backups included) unrecoverable, as long as the old KEK is really gone (see
:meth:`Keyring.destroy` for HSM-held KEKs and keystore backups), and
records the act in the audit log. Key events (create, promote, rotate,
destroy, KEK rotation) are recorded by the :class:`Keyring` itself when it is
given ``audit=``; no event carries key material.

Examples
--------
>>> from datetime import datetime, UTC
>>> h = Holding(dataset="customers", column="cvv", category="C3", level=4,
...             collected_at=datetime(2018, 1, 1, tzinfo=UTC))
>>> plan = plan_deletions([h], as_of=datetime(2024, 1, 1, tzinfo=UTC))
>>> [(i.holding.column, i.retention_days, i.overdue_days) for i in plan.items]
[('cvv', 1825, 366)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from dfgov.clock import now
from dfgov.data_protection import _messages  # noqa: F401  (registers texts)
from dfgov.errors import InvalidInputError
from dfgov.i18n import text
from dfgov.report import Finding, Status, Table

if TYPE_CHECKING:
    from dfgov.audit import AuditSink
    from dfgov.data_protection.crypto import KeyInfo, Keyring
    from dfgov.policy import Policy

__all__ = [
    "ColumnRecord",
    "DeletionItem",
    "DeletionPlan",
    "Holding",
    "execute_plan",
    "plan_deletions",
    "retention_days",
]

CLAUSES = ("AP-17", "JR/T 0171-2020", "JR/T 0223-2021", "PIPL Art.51")


class ColumnRecord(Protocol):
    """What retention and the assessment read of an inventory column.

    :class:`~dfgov.data_protection.ColumnClassification` (a scan's inventory) fits.
    """

    @property
    def column(self) -> str: ...

    @property
    def category(self) -> str | None: ...

    @property
    def level(self) -> int: ...


@dataclass(frozen=True)
class Holding:
    """Data a bank holds: a column (or a whole dataset when ``column`` is None).

    ``collected_at`` is when the retention period starts (collection or end of
    the business relationship). ``scope`` is the keyring scope of its data
    keys (default ``"<dataset>/<column>"``, as :class:`FieldEncryptor` uses).
    """

    dataset: str
    column: str | None
    category: str | None
    level: int
    collected_at: datetime
    scope: str | None = None

    @property
    def subject(self) -> str:
        """``dataset.column`` (or the dataset)."""
        return self.dataset if self.column is None else f"{self.dataset}.{self.column}"

    @property
    def key_scope(self) -> str:
        """Keyring scope whose keys protect this holding."""
        if self.scope is not None:
            return self.scope
        if self.column is None:
            return self.dataset
        from dfgov.data_protection.crypto import field_scope

        return field_scope(self.dataset, self.column)

    @classmethod
    def from_inventory(
        cls, inventory: Iterable[ColumnRecord], *, dataset: str, collected_at: datetime
    ) -> list[Holding]:
        """One holding per classified column of a scan inventory (or per-column records)."""
        return [
            cls(dataset, c.column, c.category, int(c.level), collected_at) for c in inventory
        ]


def retention_days(category: str | None, level: int, policy: Policy | None = None) -> int | None:
    """Retention period in days for a category/level (shorter wins); None if none set."""
    from dfgov.data_protection._policy import DataSecurityPolicy, RetentionSettings

    settings = (
        RetentionSettings() if policy is None else policy.section(DataSecurityPolicy).retention
    )
    periods = [
        p
        for p in (
            settings.by_category.get(category) if category in ("C1", "C2", "C3") else None,  # type: ignore[call-overload]
            settings.by_level.get(str(level)),  # type: ignore[call-overload]
        )
        if p is not None
    ]
    return min(periods) if periods else None


@dataclass(frozen=True)
class DeletionItem:
    """A holding past its retention period."""

    holding: Holding
    retention_days: int
    due_at: datetime
    overdue_days: int


@dataclass(frozen=True)
class DeletionPlan:
    """Holdings due for deletion as of ``as_of``, most overdue first."""

    items: tuple[DeletionItem, ...]
    as_of: datetime

    def __len__(self) -> int:
        return len(self.items)

    def findings(self) -> list[Finding]:
        """One FAIL finding per overdue holding (clauses JR/T 0223-2021 etc.)."""
        return [
            Finding(
                control="data_security.retention",
                status=Status.FAIL,
                message=text(
                    "data_security.retention.overdue",
                    subject=i.holding.subject, days=i.retention_days, overdue=i.overdue_days,
                ),
                metric="overdue_days",
                value=float(i.overdue_days),
                threshold=0.0,
                subject=i.holding.subject,
                clauses=CLAUSES,
                details={"due_at": i.due_at.isoformat(), "retention_days": i.retention_days,
                         "category": i.holding.category, "level": i.holding.level},
            )
            for i in self.items
        ]

    def to_table(self) -> Table:
        """The plan as a small report table."""
        cols = ("dataset", "column", "category", "level", "retention", "due", "overdue")
        return Table(
            title=text("data_security.plan.title"),
            columns=tuple(text(f"data_security.plan.{c}") for c in cols),
            rows=tuple(
                (i.holding.dataset, i.holding.column, i.holding.category, i.holding.level,
                 i.retention_days, i.due_at.date().isoformat(), i.overdue_days)
                for i in self.items
            ),
        )


def _aware(value: datetime | date, name: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise InvalidInputError(f"The {name!r} must be a datetime or date. Got {type(value).__name__}.")


def plan_deletions(
    holdings: Iterable[Holding],
    *,
    policy: Policy | None = None,
    as_of: datetime | None = None,
) -> DeletionPlan:
    """Holdings whose retention period (from the policy) ended by ``as_of`` (default: now)."""
    when = _aware(as_of or now(), "as_of")
    items: list[DeletionItem] = []
    for i, h in enumerate(holdings):
        if not isinstance(h, Holding):
            raise InvalidInputError(
                f"plan_deletions expects Holding records; position {i} is {type(h).__name__}."
            )
        if isinstance(h.level, bool) or not isinstance(h.level, int) or not 1 <= h.level <= 5:
            raise InvalidInputError(
                f"The level of holding {h.subject!r} must be an int in [1, 5]. Got {h.level!r}."
            )
        days = retention_days(h.category, h.level, policy)
        if days is None:
            continue
        due = _aware(h.collected_at, f"collected_at of {h.subject}") + timedelta(days=days)
        if due <= when:
            items.append(DeletionItem(h, days, due, (when - due).days))
    items.sort(key=lambda it: (-it.overdue_days, it.holding.subject))
    return DeletionPlan(tuple(items), when)


def execute_plan(
    plan: DeletionPlan,
    keyring: Keyring,
    *,
    audit: AuditSink | None = None,
    actor: str = "dfgov",
) -> dict[str, list[KeyInfo]]:
    """Crypto-shred every planned holding whose scope has keys; returns what was destroyed.

    Holdings without keys in ``keyring`` are skipped (delete them by other means).
    """
    from dfgov.data_protection.crypto import crypto_shred

    scopes: Sequence[str] = sorted({i.holding.key_scope for i in plan.items})
    out: dict[str, list[KeyInfo]] = {}
    for scope in scopes:
        if keyring.keys(scope):
            out[scope] = crypto_shred(keyring, scope, audit=audit, actor=actor,
                                      reason="retention period ended")
    return out

