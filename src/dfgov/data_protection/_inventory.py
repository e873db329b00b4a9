"""The data inventory: one typed record per column, rendered through :class:`dfgov.report.Report`.

:class:`ColumnClassification` is the contract other controls consume (the
data-security risk assessment reads ``column``, ``dtype``, ``category``,
``level``, ``confidence`` and ``share``). It never holds a raw value: examples
are masked before they are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from dfgov.errors import ColumnError
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    from datetime import datetime

    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = ["ColumnClassification", "DataInventory", "Evidence"]

Evidence = Literal["declared", "values", "name", "values+name", "text", "damaged", "none"]
CLAUSES = ("AP-17", "JR/T 0171-2020", "JR/T 0197-2020")


@dataclass(frozen=True)
class ColumnClassification:
    """What one column holds.

    Attributes
    ----------
    column : str
        Column name.
    dtype : str
        Storage type as read (``"str"``, ``"int64"``, ``"float64"``, ...).
    data_type : str
        One of :func:`~dfgov.data_protection.data_types` (``"unknown"`` if none fits).
    category : {"C1", "C2", "C3"} or None
        JR/T 0171-2020 category; None when not personal financial information.
    level : int
        JR/T 0197-2020 level, 1 (public) to 5 (important data).
    confidence : float
        In [0, 1]: how sure the classification is (see the docs for the rule).
    share : float
        Share of non-null values that validate as ``data_type`` (for free text: share of
        rows examined that contain an identifier); 0.0 when only the name spoke.
    evidence : str
        ``declared``, ``values``, ``name``, ``values+name``, ``text``, ``damaged`` or ``none``.
    rows, non_null : int
        Rows examined and how many of them held a value.
    masked_share : float
        Share of non-null values that are already masked (``138****5678``) or pseudonyms.
    contains : tuple of str
        For free text: identifier kinds found inside.
    examples : tuple of str
        Up to three masked examples. Never raw values.
    """

    column: str
    dtype: str
    data_type: str
    category: Literal["C1", "C2", "C3"] | None
    level: int
    confidence: float
    share: float
    evidence: Evidence = "none"
    rows: int = 0
    non_null: int = 0
    masked_share: float = 0.0
    contains: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible dict."""
        d = asdict(self)
        d["contains"] = list(self.contains)
        d["examples"] = list(self.examples)
        return d


@dataclass(frozen=True)
class DataInventory:
    """Per-column classification of one table (or file).

    Iterate over it for :class:`ColumnClassification` records, index it by column
    name, or turn it into a DataFrame (:meth:`to_frame`) or a Report
    (:meth:`to_report`), which renders to JSON, Markdown and HTML.
    """

    columns: tuple[ColumnClassification, ...]
    rows: int
    sampled: bool = False
    source: str | None = None
    findings: tuple[Finding, ...] = ()
    fingerprints: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_columns(
        cls, columns: Iterable[ColumnClassification], *, rows: int, sampled: bool = False,
        source: str | None = None, fingerprints: dict[str, str] | None = None,
    ) -> DataInventory:
        """The inventory of classified columns, with one classification finding per column.

        The one way :func:`scan`, :func:`scan_file` and
        :func:`dfgov.spark.scan_spark` build an inventory (e.g. from
        :meth:`ColumnEvidence.finish`).

        Parameters
        ----------
        columns : iterable of ColumnClassification
        rows : int
            Rows examined.
        sampled : bool
            Whether the rows were a sample.
        source : str, optional
            Where the rows came from (a file path).
        fingerprints : dict, optional
            Digests of the data (``{"data": ...}``).
        """
        cols = tuple(columns)
        return cls(columns=cols, rows=rows, sampled=sampled, source=source,
                   findings=tuple(classification_finding(c) for c in cols),
                   fingerprints=dict(fingerprints or {}))

    def __iter__(self) -> Iterator[ColumnClassification]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, column: str) -> ColumnClassification:
        for c in self.columns:
            if c.column == column:
                return c
        raise ColumnError(f"The inventory has no column {column!r}.")

    def at_least(self, level: int) -> list[ColumnClassification]:
        """Columns at JR/T 0197 level ``level`` or higher."""
        return [c for c in self.columns if c.level >= level]

    def to_frame(self) -> pd.DataFrame:
        """One row per column (examples joined by ``" | "``)."""
        import pandas as pd

        rows = []
        for c in self.columns:
            d = c.as_dict()
            d["contains"] = ",".join(c.contains)
            d["examples"] = " | ".join(c.examples)
            rows.append(d)
        cols = list(ColumnClassification.__dataclass_fields__)
        return pd.DataFrame(rows, columns=cols)

    def to_table(self) -> Table:
        """The inventory as a :class:`dfgov.report.Table`."""
        from dfgov.i18n import text

        heads = ("column", "dtype", "data_type", "category", "level", "confidence", "share",
                 "evidence", "examples")
        return Table(
            title=text("data_protection.inventory.title"),
            columns=tuple(text(f"data_protection.col.{h}") for h in heads),
            rows=tuple(
                (c.column, c.dtype, c.data_type, c.category, c.level, round(c.confidence, 3),
                 round(c.share, 3), c.evidence, " | ".join(c.examples))
                for c in self.columns
            ),
        )

    def to_report(
        self,
        *,
        policy: Policy | None = None,
        extra: Sequence[Finding] = (),
        started_at: datetime | None = None,
        clock: Clock | None = None,
    ) -> Report:
        """A Report with the inventory's findings (plus ``extra``) and the inventory table.

        Its times are read from ``clock`` (default :data:`dfgov.clock.SYSTEM_CLOCK`).
        """
        from dfgov.i18n import text

        meta: dict[str, Any] = {"rows": self.rows, "sampled": self.sampled}
        if self.source:
            meta["source"] = self.source
        return Report.build(
            [*self.findings, *extra],
            title=text("data_protection.scan.title"),
            policy=policy,
            fingerprints=self.fingerprints,
            started_at=started_at,
            metadata=meta,
            tables=(self.to_table(),),
            clock=clock,
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        """JSON of :meth:`to_report`."""
        return self.to_report().to_json(indent=indent)

    def to_markdown(self, *, lang: str = "en") -> str:
        """Markdown of :meth:`to_report`."""
        return self.to_report().to_markdown(lang=lang)

    def to_html(self, *, lang: str = "en") -> str:
        """Self-contained HTML of :meth:`to_report`."""
        return self.to_report().to_html(lang=lang)


def classification_finding(c: ColumnClassification) -> Finding:
    """The informational finding that records one column's classification."""
    from dfgov.data_protection._messages import type_label
    from dfgov.i18n import text

    label = type_label(c.data_type)
    if c.data_type == "unknown":
        msg = text("data_protection.column.unclassified", column=c.column)
        status = Status.PASS
    elif c.data_type == "damaged_identifier":
        msg = text("data_protection.column.damaged", column=c.column, share=c.share)
        status = Status.WARN
    elif c.data_type == "free_text" and c.contains:
        msg = text("data_protection.column.free_text", column=c.column,
                   kinds=", ".join(c.contains), share=c.share)
        status = Status.WARN
    elif c.evidence in ("name", "declared"):
        msg = text("data_protection.column.by_name", column=c.column, data_type=label,
                   category=c.category or "-", level=c.level, confidence=c.confidence)
        status = Status.PASS
    else:
        msg = text("data_protection.column.classified", column=c.column,
                        data_type=label, category=c.category or "-", level=c.level,
                   confidence=c.confidence, share=c.share)
        status = Status.PASS
    clauses: tuple[str, ...] = CLAUSES
    if status is Status.WARN:
        clauses = (*CLAUSES, "GB/T 35273-2020 §6.2")
    return Finding(
        control="data_protection.classification",
        status=status,
        message=msg,
        metric="confidence",
        value=c.confidence,
        subject=c.column,
        clauses=clauses,
        details={"data_type": c.data_type, "category": c.category, "level": c.level,
                 "share": c.share, "evidence": c.evidence, "contains": list(c.contains)},
    )
