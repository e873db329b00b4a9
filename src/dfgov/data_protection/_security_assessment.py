"""Data-security risk assessment: inventory + declared controls → rated Findings → Report.

Each column of a scan inventory (``dfgov.data_protection.scan(df)``, or any
records with ``column``, ``category`` and ``level``) is checked against the
controls the bank declares for it. Every gap becomes a Finding rated
likelihood × impact, where impact is the column's JR/T 0197 level (1-5) and
likelihood is fixed per gap (below); the score (1-25) is judged against the
policy's ``warn_score``/``fail_score``.

=====================  ==========  ===============================================
gap                    likelihood  clauses
=====================  ==========  ===============================================
not encrypted at rest  4           AP-17, JR/T 0171-2020, JR/T 0223-2021,
                                   GB/T 39786-2021, PIPL Art.51
not SM4 where required 2           AP-17, GB/T 39786-2021
shown unmasked         3           AP-17, JR/T 0171-2020, JR/T 0223-2021
no retention period    2           AP-17, JR/T 0223-2021, JR/T 0171-2020
retention too long     2           AP-17, JR/T 0223-2021
export without route   5           AP-17, PIPL Art.38
sensitive PI, no PIA   3           AP-17, PIPL Art.28, PIPL Art.55
(+1 if exported)
=====================  ==========  ===============================================

A column without gaps gets a PASS finding with residual score 1 × level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dfgov._input_errors import input_error
from dfgov._judge import judge
from dfgov.clock import Clock, now
from dfgov.data_protection import _messages  # noqa: F401  (registers texts)
from dfgov.data_protection._retention import ColumnRecord, retention_days
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.i18n import text
from dfgov.report import Finding, Report, Table

if TYPE_CHECKING:
    from dfgov.data_protection._policy import DataSecurityPolicy
    from dfgov.policy import Policy

__all__ = ["ColumnControls", "DataSecurityAssessment", "DatasetControls"]

Route = Literal["cac-assessment", "certification", "standard-contract"]


class ColumnControls(BaseModel):
    """Controls declared for one column."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encryption: Literal["SM4-GCM", "AES-256-GCM", "AES-SIV", "other"] | None = Field(
        None, description="Encryption at rest, if any."
    )
    masked: bool = Field(False, description="Masked whenever displayed.")
    retention_days: int | None = Field(None, ge=0, description="Retention period set, in days.")
    cross_border: bool = Field(False, description="Transferred out of mainland China.")
    transfer_route: Route | None = Field(None, description="PIPL Art. 38 route of the transfer.")


class DatasetControls(BaseModel):
    """Controls declared for one dataset: per column, plus its PI impact assessment date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    columns: dict[str, ColumnControls] = Field(default_factory=dict)
    impact_assessment_at: date | None = Field(
        None, description="Date of the last personal-information impact assessment (PIPL Art.55)."
    )


_ENC = ("AP-17", "JR/T 0171-2020", "JR/T 0223-2021", "GB/T 39786-2021", "PIPL Art.51")
_SM = ("AP-17", "GB/T 39786-2021")
_MASK = ("AP-17", "JR/T 0171-2020", "JR/T 0223-2021")
_RET = ("AP-17", "JR/T 0223-2021", "JR/T 0171-2020")
_RET_LONG = ("AP-17", "JR/T 0223-2021")
_ROUTE = ("AP-17", "PIPL Art.38")
_PIA = ("AP-17", "PIPL Art.28", "PIPL Art.55")
_OK = ("AP-17", "JR/T 0197-2020")


class DataSecurityAssessment:
    """Regular data-security risk assessment (measure 17) of one dataset.

    Parameters
    ----------
    policy : Policy, optional
        Its ``[data_security]`` section sets thresholds, required levels and
        retention periods (defaults otherwise).
    clock : Clock, optional
        Where report times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from datetime import datetime
    >>> @dataclass
    ... class Col:
    ...     column: str
    ...     category: str | None
    ...     level: int
    >>> inv = [Col("id_number", "C2", 3), Col("cvv", "C3", 4)]
    >>> controls = {"name": "customers", "impact_assessment_at": "2025-03-01", "columns": {
    ...     "id_number": {"encryption": "SM4-GCM", "masked": True, "retention_days": 1825}}}
    >>> report = DataSecurityAssessment().run(inv, controls, as_of=datetime(2025, 6, 1))
    >>> [(f.subject, f.control, f.status.value, f.value) for f in report.findings]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('customers.id_number', 'data_security.column', 'pass', 3.0),
     ('customers.cvv', 'data_security.encryption', 'fail', 16.0),
     ('customers.cvv', 'data_security.masking', 'fail', 12.0),
     ('customers.cvv', 'data_security.retention', 'warn', 8.0)]
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.assessment"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-17",
        "JR/T 0171-2020",
        "JR/T 0197-2020",
        "JR/T 0223-2021",
        "GB/T 39786-2021",
        "PIPL Art.28",
        "PIPL Art.38",
        "PIPL Art.51",
        "PIPL Art.55",
    )

    def __init__(self, policy: Policy | DataSecurityPolicy | None = None, *,
                 clock: Clock | None = None) -> None:
        from dfgov.data_protection._policy import DataSecurityPolicy
        from dfgov.policy import resolve_policy

        self.policy = None if policy is None else resolve_policy(
            policy, DataSecurityPolicy, "DataSecurityAssessment")
        self.clock = clock

    def run(
        self,
        inventory: Iterable[ColumnRecord],
        controls: DatasetControls | Mapping[str, Any],
        *,
        as_of: datetime | None = None,
    ) -> Report:
        """Assess ``inventory`` under ``controls``; returns a Report (en and zh-CN)."""
        from dfgov.data_protection._policy import DataSecurityPolicy
        from dfgov.policy import Policy

        started = now(self.clock)
        policy = self.policy or Policy.default()
        settings = policy.section(DataSecurityPolicy)
        ds = self._controls(controls)
        cols = self._inventory(inventory)
        unknown = sorted(set(ds.columns) - {c.column for c in cols})
        if unknown:
            raise ColumnError(
                f"The controls of dataset {ds.name!r} name columns the inventory lacks: "
                f"{', '.join(map(repr, unknown))}."
            )
        when = as_of or started
        rules = _Rules(settings, policy, ds, when)
        findings: list[Finding] = []
        rows: list[tuple[Any, ...]] = []
        for c in cols:
            ctl = ds.columns.get(c.column, ColumnControls())
            found = rules.column(c, ctl)
            findings.extend(found)
            worst = max((f.value or 0.0) for f in found) if found else 0.0
            rating = rules.rating(int(worst))
            rows.append((c.column, c.category, c.level, ctl.encryption, ctl.masked,
                         int(worst), f"{rating.en} / {rating.zh_cn}"))
        table = Table(
            title=text("data_security.table.title"),
            columns=(text("data_security.plan.column"), text("data_security.plan.category"),
                     text("data_security.plan.level"), text("data_security.table.encryption"),
                     text("data_security.table.masked"), text("data_security.table.score"),
                     text("data_security.table.rating")),
            rows=tuple(rows),
        )
        period = settings.assessment.period_days
        return Report.build(
            findings,
            title=text("data_security.report.title", dataset=ds.name),
            policy=policy,
            started_at=started,
            tables=[table],
            clock=self.clock,
            metadata={
                "dataset": ds.name,
                "as_of": when.isoformat(),
                "next_assessment_due": (when + timedelta(days=period)).date().isoformat(),
            },
        )

    @staticmethod
    def _controls(controls: DatasetControls | Mapping[str, Any]) -> DatasetControls:
        if isinstance(controls, DatasetControls):
            return controls
        try:
            return DatasetControls.model_validate(controls)
        except ValidationError as exc:
            raise input_error(exc, "DataSecurityAssessment.run: controls") from None

    @staticmethod
    def _inventory(inventory: Iterable[ColumnRecord]) -> list[ColumnRecord]:
        cols = list(inventory)
        for i, c in enumerate(cols):
            name = getattr(c, "column", None)
            level = getattr(c, "level", None)
            if not isinstance(name, str) or isinstance(level, bool) or not isinstance(
                level, int
            ) or not 1 <= level <= 5 or getattr(c, "category", "") not in ("C1", "C2", "C3",
                                                                           None):
                raise InvalidInputError(
                    f"Inventory record {i} must have 'column' (str), 'category' (C1/C2/C3 or "
                    "None) and 'level' (int 1-5)."
                )
        return cols


class _Rules:
    def __init__(self, settings: Any, policy: Policy, ds: DatasetControls, when: datetime) -> None:
        self.a = settings.assessment
        self.crypto = settings.crypto
        self.policy = policy
        self.ds = ds
        self.when = when if when.tzinfo else when.replace(tzinfo=UTC)

    def rating(self, score: int) -> Any:
        key = ("critical" if score >= 20 else "high" if score >= self.a.fail_score
               else "medium" if score >= self.a.warn_score else "low")
        return text(f"data_security.rating.{key}")

    def _finding(self, key: str, control: str, c: ColumnRecord, likelihood: int,
                 clauses: tuple[str, ...], **params: Any) -> Finding:
        score = likelihood * c.level
        status = judge(score, warn=self.a.warn_score, fail=self.a.fail_score, inclusive=True)
        subject = f"{self.ds.name}.{c.column}"
        rating = self.rating(score)
        return Finding(
            control=f"data_security.{control}",
            status=status,
            message=text(key, rating=rating, subject=subject, category=c.category or "-",
                         level=c.level, score=score, **params),
            metric="risk_score",
            value=float(score),
            threshold=float(self.a.fail_score),
            subject=subject,
            clauses=clauses,
            details={"likelihood": likelihood, "impact": c.level, "rating": rating.en,
                     "category": c.category},
        )

    def _pia_fresh(self) -> bool:
        at = self.ds.impact_assessment_at
        if at is None:
            return False
        return bool((self.when.date() - at).days <= self.a.assessment_max_age_days)

    def column(self, c: ColumnRecord, ctl: ColumnControls) -> list[Finding]:
        out: list[Finding] = []
        lvl = c.level
        if lvl >= self.a.encryption_required_from_level and ctl.encryption is None:
            out.append(self._finding("data_security.encryption.missing", "encryption", c, 4,
                                     _ENC, required=self.a.encryption_required_from_level))
        elif (ctl.encryption is not None and ctl.encryption != "SM4-GCM"
              and lvl >= self.crypto.sm_required_from_level):
            out.append(self._finding("data_security.encryption.not_sm", "sm_algorithm", c, 2,
                                     _SM, algorithm=ctl.encryption,
                                     required=self.crypto.sm_required_from_level))
        if lvl >= self.a.mask_required_from_level and not ctl.masked:
            out.append(self._finding("data_security.mask.missing", "masking", c, 3, _MASK,
                                     required=self.a.mask_required_from_level))
        limit = retention_days(c.category, lvl, self.policy)
        if c.category is not None and ctl.retention_days is None:
            out.append(self._finding("data_security.retention.missing", "retention", c, 2, _RET))
        elif limit is not None and ctl.retention_days is not None and ctl.retention_days > limit:
            out.append(self._finding("data_security.retention.too_long", "retention", c, 2,
                                     _RET_LONG, days=ctl.retention_days, limit=limit))
        if ctl.cross_border and ctl.transfer_route is None:
            out.append(self._finding("data_security.transfer.no_route", "cross_border", c, 5,
                                     _ROUTE))
        if c.category in ("C2", "C3") and not self._pia_fresh():
            out.append(self._finding("data_security.pia.missing", "impact_assessment", c,
                                     4 if ctl.cross_border else 3, _PIA,
                                     days=self.a.assessment_max_age_days))
        if not out:
            out.append(self._finding("data_security.column.ok", "column", c, 1, _OK))
        return out
