"""Concentration risk: Herfindahl-Hirschman indices, single-provider critical functions,
closely connected provider groups (141 Art.33, DORA Art.29).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._judge import judge
from dfgov._validate import param_error
from dfgov.i18n import text
from dfgov.outsourcing import _messages  # noqa: F401  (registers the texts)
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import IN_FORCE
from dfgov.policy import Policy, resolve_section
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.outsourcing._frames import Portfolio

__all__ = ["IN_FORCE", "ConcentrationAnalysis", "ConcentrationResult", "hhi"]

DIMENSIONS = ("parent_id", "ict_service_type", "data_country")
_DIM_KEY = {"parent_id": "parent", "ict_service_type": "ict_service_type",
            "data_country": "data_country"}
_CLAUSES = ("AP-16", "CBIRC-2021-141 Art.33", "DORA Art.29")


def hhi(values: Any, by: Any) -> float:
    """Herfindahl-Hirschman index of ``values`` summed per key ``by``: sum of squared shares.

    Shares are in [0, 1], so the index is in (0, 1] (multiply by 10,000 for
    the antitrust convention). ``nan`` when the total is zero.

    Examples
    --------
    >>> hhi([50, 30, 20], ["a", "b", "c"])
    0.38
    """
    import numpy as np
    import pandas as pd

    v = np.asarray(values, dtype="float64")
    if v.ndim != 1 or len(v) != len(by):
        raise param_error("hhi", "values", "must be 1-d and as long as 'by'",
                          got_text=f"shape {v.shape} against {len(by)} keys")
    if (v < 0).any() or not np.isfinite(v).all():
        raise param_error("hhi", "values", "must be finite and non-negative",
                          got_text="a negative value" if (v < 0).any() else "NaN or infinity")
    sums = pd.Series(v).groupby(np.asarray(by), sort=False).sum().to_numpy()
    total = sums.sum()
    if total == 0:
        return float("nan")
    return round(float(((sums / total) ** 2).sum()), 12)


@dataclass(frozen=True)
class ConcentrationResult:
    """HHI table, single-provider critical functions and closely connected groups."""

    table: pd.DataFrame
    single_provider_functions: tuple[str, ...]
    groups: pd.DataFrame


class ConcentrationAnalysis:
    """Concentration of spend and of critical functions.

    Parameters
    ----------
    policy : Policy or OutsourcingPolicy, optional
        The ``[outsourcing]`` section: ``hhi_warn`` and ``group_share_warn``
        thresholds (its defaults when omitted).
    fx_rates : mapping of currency to rate, optional
        Converts each arrangement's annual cost into one currency
        (``cost * fx_rates[currency]``); needed when currencies differ.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "outsourcing.concentration"
    clauses: ClassVar[tuple[str, ...]] = ("AP-16", "CBIRC-2021-141 Art.33", "DORA Art.29")

    def __init__(
        self, policy: Policy | OutsourcingPolicy | None = None, *,
        fx_rates: Mapping[str, float] | None = None, clock: Clock | None = None,
    ) -> None:
        self.policy = policy
        self.section = resolve_section(policy, OutsourcingPolicy, "ConcentrationAnalysis")
        self.fx_rates = fx_rates
        self.clock = clock

    def compute(self, portfolio: Portfolio) -> ConcentrationResult:
        """The HHI table (dimension x measure), single-provider functions and groups."""
        import numpy as np
        import pandas as pd

        arr = portfolio.arrangements
        arr = arr[arr["status"].isin(IN_FORCE)]
        spend = self._spend(arr)
        crit = arr[arr["important"].astype(bool)]
        rows: list[tuple[Any, ...]] = []
        for dim in DIMENSIONS:
            for measure in ("spend", "critical_functions"):
                if measure == "spend":
                    keys, vals = arr[dim].to_numpy(), spend
                else:
                    pairs = crit[[dim, "function_id"]].drop_duplicates()
                    keys, vals = pairs[dim].to_numpy(), np.ones(len(pairs))
                if len(vals) == 0 or float(np.sum(vals)) == 0:
                    rows.append((dim, measure, None, 0, None, None))
                    continue
                sums = pd.Series(vals).groupby(keys).sum()
                shares = sums / sums.sum()
                top = int(np.argmax(shares.to_numpy()))
                rows.append((dim, measure, float(hhi(vals, keys)), len(sums),
                             str(shares.index[top]), float(shares.iloc[top])))
        table = pd.DataFrame(rows, columns=["dimension", "measure", "hhi", "groups", "top",
                                            "top_share"])
        nprov = crit.groupby("function_id")["provider_id"].nunique()
        single = tuple(sorted(str(f) for f in nprov[nprov == 1].index))
        grouped = arr.assign(_spend=spend).dropna(subset=["group"])
        total = float(spend.sum()) or float("nan")
        groups = (
            grouped.groupby("group")
            .agg(providers=("provider_id", "nunique"), spend=("_spend", "sum"))
            .reset_index()
        )
        groups = groups[groups["providers"] > 1].assign(share=lambda g: g["spend"] / total)
        return ConcentrationResult(table, single, groups.reset_index(drop=True))

    def _spend(self, arr: pd.DataFrame) -> Any:
        cost = arr["annual_cost"].to_numpy(dtype="float64")
        currencies = arr["currency"].unique()
        if self.fx_rates is None:
            if len(currencies) > 1:
                raise param_error(
                    "ConcentrationAnalysis", "fx_rates",
                    "is needed to convert annual_cost into one currency when the arrangements "
                    "use several", got_text=f"None for the currencies {sorted(currencies)}")
            return cost
        missing = sorted(set(currencies) - set(self.fx_rates))
        if missing:
            raise param_error("ConcentrationAnalysis", "fx_rates",
                              "must give a rate for every currency in use",
                              got_text=f"no rate for {missing}")
        return cost * arr["currency"].map(self.fx_rates).to_numpy(dtype="float64")

    def run(self, portfolio: Portfolio) -> Report:
        """A Report: findings (HHI over threshold, single providers, big groups) and the table.

        Until 0.1 this returned a ``(findings, Table)`` tuple: ``findings, table =
        analysis.run(p)`` becomes ``report = analysis.run(p)`` with ``report.findings``
        and ``report.tables[0]``.
        """
        from dfgov.clock import now

        started = now(self.clock)
        pol = self.section
        res = self.compute(portfolio)
        out: list[Finding] = []
        trows = []
        records: list[dict[str, Any]] = res.table.to_dict("records")  # type: ignore[assignment]
        for r in records:
            key = _DIM_KEY[str(r["dimension"])]
            dim = text(f"outsourcing.dim.{key}")
            meas = text(f"outsourcing.measure.{r['measure']}")
            value = None if r["hhi"] is None or r["hhi"] != r["hhi"] else float(r["hhi"])
            share = None if value is None else round(float(r["top_share"]), 4)
            trows.append((dim.en, meas.en, None if value is None else round(value, 4),
                          r["top"] if value is not None else None, share))
            if value is None:
                continue
            out.append(Finding(
                control=f"outsourcing.concentration.{key}.{r['measure']}",
                status=judge(value, warn=pol.hhi_warn),
                metric="hhi", value=value, threshold=pol.hhi_warn,
                message=_hhi_text(dim.en, dim.zh_cn, meas.en, meas.zh_cn, value, pol.hhi_warn),
                clauses=_CLAUSES,
                details={"groups": int(r["groups"]), "top": r["top"], "top_share": share},
            ))
        for fid in res.single_provider_functions:
            out.append(Finding(
                control="outsourcing.concentration.single_provider", status=Status.WARN,
                subject=fid, message=text("outsourcing.single_provider", subject=fid),
                clauses=_CLAUSES,
            ))
        groups: list[dict[str, Any]] = res.groups.to_dict("records")  # type: ignore[assignment]
        for g in groups:
            status = judge(float(g["share"]), warn=pol.group_share_warn)
            if status is not Status.PASS:
                out.append(Finding(
                    control="outsourcing.concentration.group", status=status,
                    subject=str(g["group"]), metric="spend_share", value=float(g["share"]),
                    threshold=pol.group_share_warn, clauses=_CLAUSES,
                    message=text("outsourcing.group_share", subject=g["group"],
                                 n=int(g["providers"]), value=float(g["share"])),
                ))
        cols = tuple(text(f"outsourcing.col.{c}") for c in
                     ("dimension", "measure", "hhi", "top", "top_share"))
        table = Table(title=text("outsourcing.table.concentration"), columns=cols,
                      rows=tuple(trows))
        return Report.build(
            out, title=text("outsourcing.table.concentration"), started_at=started,
            clock=self.clock,
            policy=self.policy if isinstance(self.policy, Policy) else None, tables=(table,),
            metadata={"arrangements_in_force": int(portfolio.arrangements["status"]
                                                   .isin(IN_FORCE).sum())},
        )


def _hhi_text(dim_en: str, dim_zh: str, m_en: str, m_zh: str, value: float, thr: float) -> Any:
    from dfgov.i18n import LocalizedText

    en = text("outsourcing.hhi", measure=m_en, dimension=dim_en, value=value, threshold=thr).en
    zh = text("outsourcing.hhi", measure=m_zh, dimension=dim_zh, value=value,
              threshold=thr).zh_cn
    return LocalizedText(en=en, zh_cn=zh)
