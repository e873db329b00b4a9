"""``OutsourcingReview``: continuous assessment of every arrangement, vectorised.

Weighted scores per arrangement and per provider, knock-outs, and due work
(assessments, expiring contracts, untested exit plans, unaudited important
outsourcing, overdue incident reports) as Findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov._judge import judge, judge_array
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText, text
from dfgov.outsourcing import _messages  # noqa: F401  (registers the texts)
from dfgov.outsourcing._case import OutsourcingCase
from dfgov.outsourcing._concentration import ConcentrationAnalysis
from dfgov.outsourcing._frames import Portfolio, portfolio_frames
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import CRITERIA, RUNNING
from dfgov.policy import resolve_section
from dfgov.report import Finding, Report, Status, Table

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.policy import Policy

__all__ = ["OutsourcingReview"]

_BASE = ("AP-16",)


class OutsourcingReview:
    """Continuous assessment of external partners (141 Arts.23-38, EBA ¶54, DORA Art.28).

    Parameters
    ----------
    policy : Policy or OutsourcingPolicy, optional
        The ``[outsourcing]`` section: weights, knock-out rules, frequencies.
    fx_rates : mapping, optional
        Currency conversion for spend concentration (see ConcentrationAnalysis).
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Attributes
    ----------
    scores_ : pandas.DataFrame
        After :meth:`run`: one row per arrangement with ``score`` and ``provider_score``.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "outsourcing.review"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-16",
        "CBIRC-2021-141 Art.27",
        "CBIRC-2021-141 Art.31",
        "CBIRC-2021-141 Art.35",
        "CBIRC-2021-141 Art.36",
        "CBIRC-2021-141 Art.38",
        "DORA Art.28",
        "EBA/GL/2019/02 ¶54",
    )

    def __init__(
        self, policy: Policy | OutsourcingPolicy | None = None, *,
        fx_rates: Mapping[str, float] | None = None, clock: Clock | None = None,
    ) -> None:
        self.policy = policy
        self.section = resolve_section(policy, OutsourcingPolicy, "OutsourcingReview")
        self.fx_rates = fx_rates
        self.clock = clock

    def _section(self) -> OutsourcingPolicy:
        return self.section

    def run(
        self, data: Portfolio | Iterable[OutsourcingCase], *, as_of: date | None = None
    ) -> Report:
        """Review a portfolio (or cases) at ``as_of`` (default today) and return a Report."""
        import pandas as pd

        from dfgov.clock import now

        started = now(self.clock)
        pol = self._section()
        day = as_of or started.date()
        port = data if isinstance(data, Portfolio) else portfolio_frames(
            data, incident_hours=pol.incident_report_hours)
        arr = port.arrangements
        if arr["arrangement_id"].duplicated().any():
            raise InvalidInputError("Portfolio.arrangements has duplicate 'arrangement_id' values.")
        ts = pd.Timestamp(day)
        findings: list[Finding] = []
        scores = self._scores(arr)
        findings += self._score_findings(arr, scores, pol)
        findings += self._knockouts(port, ts, pol)
        findings += self._due(arr, ts, pol)
        findings += self._incidents(port, ts, pol)
        conc = ConcentrationAnalysis(pol, fx_rates=self.fx_rates, clock=self.clock).run(port)
        findings += conc.findings
        self.scores_ = scores
        policy = self.policy if not isinstance(self.policy, OutsourcingPolicy) else None
        return Report.build(
            findings, title=text("outsourcing.review.title", as_of=day.isoformat()),
            policy=policy, started_at=started, clock=self.clock,
            metadata={"as_of": day.isoformat(), "arrangements": len(arr)},
            tables=(self._provider_table(scores), *conc.tables),
        )

    # -- scores -------------------------------------------------------
    def _scores(self, arr: pd.DataFrame) -> pd.DataFrame:
        import numpy as np

        w = self._section().weights.model_dump()
        s = arr[[f"score_{c}" for c in CRITERIA]].to_numpy(dtype="float64")
        wv = np.array([w[c] for c in CRITERIA])
        present = ~np.isnan(s)
        denom = (present * wv).sum(axis=1)
        num = np.where(present, s, 0.0) @ wv
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(denom > 0, num / np.where(denom > 0, denom, 1.0), np.nan)
        out = arr[["arrangement_id", "provider_id", "status", "important", "annual_cost"]].copy()
        out["score"] = score
        ok = ~np.isnan(score)
        cost = out["annual_cost"].to_numpy(dtype="float64")
        wt = np.where(ok, np.where(cost > 0, cost, 0.0), 0.0)
        g = out.assign(_ws=np.where(ok, score, 0.0) * wt, _w=wt, _n=ok.astype(float),
                       _s=np.where(ok, score, 0.0)).groupby("provider_id")
        agg = g[["_ws", "_w", "_n", "_s"]].sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            prov = np.where(agg["_w"] > 0, agg["_ws"] / agg["_w"],
                            np.where(agg["_n"] > 0, agg["_s"] / agg["_n"], np.nan))
        out["provider_score"] = out["provider_id"].map(dict(zip(agg.index, prov, strict=True)))
        return out

    def _score_findings(
        self, arr: pd.DataFrame, scores: pd.DataFrame, pol: OutsourcingPolicy
    ) -> list[Finding]:
        import numpy as np

        live = scores["status"].isin(RUNNING).to_numpy()
        sc = scores["score"].to_numpy()
        # an unscored arrangement warns (it is never a pass)
        st = np.where(np.isnan(sc), "warn", judge_array(sc, warn=pol.warn_below,
                                                        fail=pol.fail_below, worse="lower"))
        clauses = (*_BASE, "CBIRC-2021-141 Art.35")
        mask = live & (st != "pass")
        ids = scores["arrangement_id"].to_numpy()

        def make(i: int) -> Finding:
            if np.isnan(sc[i]):
                msg = text("outsourcing.score.unscored", subject=ids[i])
            else:
                thr = pol.fail_below if st[i] == "fail" else pol.warn_below
                msg = text("outsourcing.score.arrangement", subject=ids[i], value=sc[i],
                           threshold=thr)
            return Finding(control="outsourcing.score.arrangement", status=Status(st[i]),
                           metric="weighted_score", value=sc[i], threshold=pol.fail_below,
                           subject=str(ids[i]), message=msg, clauses=clauses)

        out = _per_subject("outsourcing.score.arrangement", np.flatnonzero(mask), make,
                           int(live.sum()), pol, clauses)
        prov = scores[live].drop_duplicates("provider_id")
        ps = prov["provider_score"].to_numpy(dtype="float64")
        pids = prov["provider_id"].to_numpy()
        bad = np.flatnonzero(~np.isnan(ps) & (ps < pol.warn_below))

        def make_p(i: int) -> Finding:
            status = judge(ps[i], warn=pol.warn_below, fail=pol.fail_below, worse="lower")
            fail = status is Status.FAIL
            return Finding(
                control="outsourcing.score.provider", status=status,
                metric="weighted_score", value=ps[i], threshold=pol.fail_below,
                subject=str(pids[i]), clauses=clauses,
                message=text("outsourcing.score.provider", subject=pids[i], value=ps[i],
                             threshold=pol.fail_below if fail else pol.warn_below))

        return out + _per_subject("outsourcing.score.provider", bad, make_p, len(prov), pol,
                                  clauses)

    def _provider_table(self, scores: pd.DataFrame) -> Table:
        p = (scores.dropna(subset=["provider_score"])
             .groupby("provider_id").agg(score=("provider_score", "first"),
                                         n=("arrangement_id", "size"))
             .sort_values(["score"]).head(20))
        cols = tuple(text(f"outsourcing.col.{c}") for c in ("provider", "score", "arrangements"))
        rows = tuple((str(k), round(float(r.score), 2), int(r.n)) for k, r in p.iterrows())
        return Table(title=text("outsourcing.table.providers"), columns=cols, rows=rows)

    # -- knock-outs and due work -----------------------------------------
    def _knockouts(
        self, port: Portfolio, ts: pd.Timestamp, pol: OutsourcingPolicy
    ) -> list[Finding]:
        import numpy as np

        arr = port.arrangements
        inc = port.incidents
        major = set(inc.loc[(inc["severity"] != "minor") & inc["remediated_on"].isna(),
                            "arrangement_id"])
        req = set(port.requests.loc[port.requests["closed_on"].isna(), "arrangement_id"])
        certs = port.certifications
        expired = set(certs.loc[certs["valid_until"] < ts, "provider_id"])
        ids = arr["arrangement_id"]
        flags = {
            "major_incident": ids.isin(major).to_numpy(),
            "regulator_request": ids.isin(req).to_numpy(),
            "expired_certification": arr["provider_id"].isin(expired).to_numpy(),
        }
        live = arr["status"].isin(RUNNING).to_numpy()
        any_ko = live & np.logical_or.reduce(list(flags.values()))
        rules = pol.knockouts.model_dump()
        status = arr["status"].to_numpy()
        aid = ids.to_numpy()
        clauses = (*_BASE, "CBIRC-2021-141 Art.27", "DORA Art.28")

        def make(i: int) -> Finding:
            events = [k for k, v in flags.items() if v[i]]
            action = "suspended" if any(rules[e] == "suspended" for e in events) else (
                "under_review")
            met = status[i] == action or status[i] == "suspended"
            return Finding(
                control="outsourcing.knockout", status=Status.WARN if met else Status.FAIL,
                subject=str(aid[i]), clauses=clauses,
                message=text("outsourcing.knockout", subject=aid[i], events=", ".join(events),
                             action=action, status=status[i]),
                details={"action": action, "knockouts": events},
            )

        return _per_subject("outsourcing.knockout", np.flatnonzero(any_ko), make,
                            int(live.sum()), pol, clauses)

    def _due(self, arr: pd.DataFrame, ts: pd.Timestamp, pol: OutsourcingPolicy) -> list[Finding]:
        import numpy as np
        import pandas as pd

        live = arr["status"].isin(RUNNING).to_numpy()
        imp = arr["important"].to_numpy(dtype=bool)
        aid = arr["arrangement_id"].to_numpy()
        start = arr["contract_start"]
        n_live = int(live.sum())
        out: list[Finding] = []

        def cutoff(months: int) -> pd.Timestamp:
            return ts - pd.DateOffset(months=months)

        def older(col: str, months: int | np.ndarray) -> np.ndarray:
            base = arr[col].fillna(start)
            if isinstance(months, int):
                return (base.isna() | (base < cutoff(months))).to_numpy()
            hi = (base.isna() | (base < cutoff(pol.assessment_months_important))).to_numpy()
            lo = (base.isna() | (base < cutoff(pol.assessment_months_other))).to_numpy()
            return np.where(imp, hi, lo)

        months = np.where(imp, pol.assessment_months_important, pol.assessment_months_other)
        due = live & older("last_assessment", months)
        cl: tuple[str, ...] = (*_BASE, "CBIRC-2021-141 Art.35", "DORA Art.28")
        out += _per_subject("outsourcing.assessment_due", np.flatnonzero(due), lambda i: Finding(
            control="outsourcing.assessment_due", status=Status.FAIL, subject=str(aid[i]),
            clauses=cl, message=text("outsourcing.assessment_due", subject=aid[i],
                                     months=int(months[i]))), n_live, pol, cl)

        end = arr["contract_end"]
        notice = pd.to_timedelta(arr["notice_days"].fillna(0), unit="D")
        expired = live & (end < ts).to_numpy()
        expiring = live & ~expired & ((end - notice) <= ts).to_numpy()
        cl = (*_BASE, "CBIRC-2021-141 Art.29", "EBA/GL/2019/02 ¶54")
        ends = end.dt.strftime("%Y-%m-%d").to_numpy()

        def make_c(i: int) -> Finding:
            key = "contract_expired" if expired[i] else "contract_expiring"
            return Finding(control="outsourcing.contract_expiry",
                           status=Status.FAIL if expired[i] else Status.WARN,
                           subject=str(aid[i]), clauses=cl,
                           message=text(f"outsourcing.{key}", subject=aid[i], end=ends[i]))

        out += _per_subject("outsourcing.contract_expiry", np.flatnonzero(expiring | expired),
                            make_c, n_live, pol, cl)

        plan = arr["exit_plan"].to_numpy(dtype=bool)
        no_plan = live & imp & ~plan
        untested = live & imp & plan & older("last_exit_test", pol.exit_test_months)
        cl = (*_BASE, "CBIRC-2021-141 Art.31", "DORA Art.28")

        def make_x(i: int) -> Finding:
            if no_plan[i]:
                msg = text("outsourcing.exit_plan_missing", subject=aid[i])
            else:
                msg = text("outsourcing.exit_test_due", subject=aid[i],
                           months=pol.exit_test_months)
            return Finding(control="outsourcing.exit_plan", status=Status.FAIL,
                           subject=str(aid[i]), clauses=cl, message=msg)

        out += _per_subject("outsourcing.exit_plan", np.flatnonzero(no_plan | untested), make_x,
                            int((live & imp).sum()), pol, cl)

        unaudited = live & imp & older("last_audit", pol.audit_months_important)
        cl = (*_BASE, "CBIRC-2021-141 Art.36")
        out += _per_subject("outsourcing.audit_due", np.flatnonzero(unaudited), lambda i: Finding(
            control="outsourcing.audit_due", status=Status.FAIL, subject=str(aid[i]), clauses=cl,
            message=text("outsourcing.audit_due", subject=aid[i],
                         months=pol.audit_months_important)), int((live & imp).sum()), pol, cl)
        return out

    def _incidents(
        self, port: Portfolio, ts: pd.Timestamp, pol: OutsourcingPolicy
    ) -> list[Finding]:
        import numpy as np

        inc = port.incidents
        day = ts.tz_localize("UTC") if ts.tzinfo is None else ts
        dl, rep = inc["deadline"], inc["reported_at"]
        late = (dl.notna() & ((rep.isna() & (dl < day)) | (rep > dl))).to_numpy()
        aid = inc["arrangement_id"].to_numpy()
        dls = dl.dt.strftime("%Y-%m-%d %H:%M UTC").to_numpy()
        cl = (*_BASE, "CBIRC-2021-141 Art.38")
        return _per_subject(
            "outsourcing.incident_report", np.flatnonzero(late), lambda i: Finding(
                control="outsourcing.incident_report", status=Status.FAIL, subject=str(aid[i]),
                clauses=cl, message=text("outsourcing.incident_overdue", subject=aid[i],
                                         deadline=dls[i])),
            int(dl.notna().sum()), pol, cl)


def _per_subject(
    control: str, idx: Any, make: Any, total: int, pol: OutsourcingPolicy,
    clauses: tuple[str, ...],
) -> list[Finding]:
    """Findings for the first ``max_findings_per_control`` subjects plus one summary."""
    shown = list(idx[: pol.max_findings_per_control])
    found: list[Finding] = [make(int(i)) for i in shown]
    n = len(idx)
    if n == 0:
        msg = text("outsourcing.all_clear", control=control, total=total)
        return [Finding(control=control, status=Status.PASS, metric="count", value=0,
                        message=msg, clauses=clauses, details={"total": total})]
    worst = max((f.status for f in found), key=lambda s: s.rank)
    trunc = text("outsourcing.summary.truncated", shown=len(shown)) if n > len(shown) else None
    en = text("outsourcing.summary", control=control, count=n, total=total,
              truncated=trunc.en if trunc else "").en
    zh = text("outsourcing.summary", control=control, count=n, total=total,
              truncated=trunc.zh_cn if trunc else "").zh_cn
    summary = Finding(control=control, status=worst, metric="count", value=n,
                      message=LocalizedText(en=en, zh_cn=zh), clauses=clauses,
                      details={"total": total, "listed": len(shown)})
    return [summary, *found]
