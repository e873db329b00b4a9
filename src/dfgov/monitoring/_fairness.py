"""Fairness over time: group rates, disparities and their tests, per period.

Per grouping, one :class:`~dfgov.model_risk.fairness.GroupMetrics` is built
from the stored counts with the period as control feature, so every period's
group rates and disparities are GroupMetrics' own (fairlearn semantics).

The test of a rule in a period is against the rule's threshold: for a
difference, that some pair of groups differs by more than the threshold; for
a ratio, that some group's rate is below ``threshold`` times another's. Each
pair (and direction, and component metric of a composite) is a one-sided z
test with binomial variances; the rule's p-value is the smallest pair's,
Bonferroni-adjusted for the number of pairs, so it is valid whatever pair
turns out worst.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dfgov._stats import normal_sf, z_value

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.model_risk.fairness import FairnessPolicy, FairnessRule, GroupMetrics
    from dfgov.monitoring._stats import Stats

__all__ = ["COMPONENTS", "DECISION_METRICS", "RuleResult", "grouping_metrics", "judge_rule"]

F64 = npt.NDArray[np.float64]

COMPONENTS: dict[str, tuple[str, ...]] = {
    "demographic_parity": ("selection_rate",),
    "equal_opportunity": ("true_positive_rate",),
    "equalized_odds": ("true_positive_rate", "false_positive_rate"),
    "predictive_parity": ("precision",),
}
"""Composite disparities and the rates they are built from (fairlearn's definitions)."""

DECISION_METRICS = ("demographic_parity", "selection_rate")
"""Rules judged on decisions alone (available when a period is added)."""

# Confusion cells (TN, FP, FN, TP) in the denominator of each rate.
_DEN: dict[str, tuple[int, ...]] = {
    "selection_rate": (0, 1, 2, 3), "base_rate": (0, 1, 2, 3), "accuracy": (0, 1, 2, 3),
    "true_positive_rate": (2, 3), "false_negative_rate": (2, 3),
    "false_positive_rate": (0, 1), "true_negative_rate": (0, 1),
    "precision": (1, 3), "false_discovery_rate": (1, 3),
    "negative_predictive_value": (0, 2), "false_omission_rate": (0, 2),
}


def count_table(periods: Sequence[str], stats: Sequence[Stats], names: Sequence[str],
                kind: str) -> pd.DataFrame:
    """Per-cell counts of every period: period, sensitive columns, ``y``, ``p``, ``rows``."""
    import pandas as pd

    records: list[tuple[Any, ...]] = []
    for period, st in zip(periods, stats, strict=True):
        levels = [st.levels(i) for i in range(len(names))]
        arr = st["pred"] if kind == "decisions" else st["cells"]
        for g, combo in enumerate(itertools.product(*levels)):
            for k in range(arr.shape[1]):
                n = int(arr[g, k])
                if n:
                    y, p = (0, k) if kind == "decisions" else (k // 2, k % 2)
                    records.append((period, *combo, y, p, n))
    return pd.DataFrame.from_records(records, columns=["period", *names, "y", "p", "rows"])


def grouping_metrics(table: pd.DataFrame, grouping: Sequence[str],
                     policy: FairnessPolicy) -> GroupMetrics | None:
    """GroupMetrics of one grouping with periods as control levels (None: fewer than 2 groups)."""
    from dfgov.errors import InvalidInputError
    from dfgov.model_risk.fairness import group_metrics_from_counts

    if table.empty:
        return None
    try:
        return group_metrics_from_counts(
            table, y_true="y", y_pred="p", sensitive_features=list(grouping),
            control_features="period", rows="rows", classes=[0, 1],
            min_group_size=policy.min_group_size)
    except InvalidInputError:
        return None


@dataclass
class RuleResult:
    """A rule judged in one period."""

    value: float
    lower: float
    upper: float
    p_value: float
    se: float
    low: str
    high: str
    groups: int


def _label(key: Any) -> str:
    return " & ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


class _Rates:
    """Group rates, denominators, variances and overall rates of every control level."""

    def __init__(self, gm: GroupMetrics) -> None:
        self.gm = gm
        self._cache: dict[str, tuple[F64, F64, F64, F64]] = {}

    def __call__(self, metric: str, c: int) -> tuple[F64, F64, F64, float, float]:
        if metric not in self._cache:
            gm = self.gm
            p = gm.values(metric)
            den = gm.cell_rows[..., list(_DEN[metric])].sum(axis=-1).astype(np.float64)
            with np.errstate(divide="ignore", invalid="ignore"):
                n = np.where(den > 0, den, np.nan)
                pc = np.clip(p, 0.5 / n, 1.0 - 0.5 / n)
                var = pc * (1.0 - pc) / n
            self._cache[metric] = (p, den, var, gm.overall_values(metric))
        p, den, var, ov = self._cache[metric]
        return p[c], den[c], var[c], float(ov[c]), float(np.nansum(den[c]))


def judge_rule(gm: GroupMetrics, rule: FairnessRule, confidence: float
               ) -> list[RuleResult | None]:
    """The rule's disparity in every control level (period), its interval and p-value."""
    values = np.asarray((gm.difference if rule.kind == "difference" else gm.ratio)(
        rule.metric, method=rule.method), dtype=np.float64).reshape(-1)
    index = [_label(k) for k in gm.sensitive_index]
    rates = _Rates(gm)
    return [None if math.isnan(v) else _judge_one(rates, rule, c, float(v), index, confidence)
            for c, v in enumerate(values)]


def _judge_one(rates: _Rates, rule: FairnessRule, c: int, value: float, index: list[str],
               confidence: float) -> RuleResult | None:
    tests: list[tuple[float, float, str, str, float]] = []  # (stat, se, low, high, estimate)
    for m in COMPONENTS.get(rule.metric, (rule.metric,)):
        if m not in _DEN:
            return None
        p, den, var, ov, total = rates(m, c)
        ok = np.flatnonzero(~np.isnan(p) & (den > 0))
        t = rule.threshold
        if rule.method == "between_groups":
            for i, j in itertools.permutations(ok, 2):
                if rule.kind == "difference":
                    tests.append((p[i] - p[j] - t, math.sqrt(var[i] + var[j]),
                                  index[j], index[i], p[i] - p[j]))
                else:
                    tests.append((t * p[j] - p[i], math.sqrt(var[i] + t * t * var[j]),
                                  index[i], index[j], p[i] / p[j] if p[j] > 0 else math.nan))
        else:
            w = den / total
            for g in ok:
                coef = -w.copy()
                coef[g] += 1.0
                se_d = math.sqrt(float(np.nansum(coef * coef * var)))
                if rule.kind == "difference":
                    for sign in (1.0, -1.0):
                        tests.append((sign * (p[g] - ov) - t, se_d, index[g], "overall",
                                      abs(p[g] - ov)))
                else:
                    e_g = np.eye(len(w))[g]
                    for coef, stat, lo_name, hi_name, est in (
                            (t * w - e_g, t * ov - p[g], index[g], "overall",
                             p[g] / ov if ov > 0 else math.nan),
                            (t * e_g - w, t * p[g] - ov, "overall", index[g],
                             ov / p[g] if p[g] > 0 else math.nan)):
                        tests.append((stat, math.sqrt(float(np.nansum(coef * coef * var))),
                                      lo_name, hi_name, est))
    if not tests:
        return None
    pvals = [normal_sf(s / se) if se > 0 else (0.0 if s > 0 else 1.0)
             for s, se, *_ in tests]
    k = int(np.argmin(pvals))
    # the displayed interval is the worst pair's (the one whose estimate is the value)
    worst = max(range(len(tests)), key=lambda i: tests[i][0] / max(tests[i][1], 1e-12))
    _stat, se, low, high, est = tests[worst]
    z = z_value(confidence)
    if rule.kind == "difference":
        lower, upper = est - z * se, est + z * se
    else:
        lower, upper, se = _ratio_interval(est, low, high, rates, rule, c, z, index)
    return RuleResult(value=value, lower=lower, upper=upper,
                      p_value=min(1.0, pvals[k] * len(tests)), se=se, low=low, high=high,
                      groups=len(index))


def _ratio_interval(est: float, low: str, high: str, rates: _Rates, rule: FairnessRule,
                    c: int, z: float, index: list[str]) -> tuple[float, float, float]:
    """Delta-method interval (log scale, folded below one) and standard error of a ratio."""
    if math.isnan(est) or est <= 0:
        return math.nan, math.nan, math.nan
    var_log = 0.0
    for name in (low, high):
        m = COMPONENTS.get(rule.metric, (rule.metric,))[0]
        p, _den, var, ov, _total = rates(m, c)
        if name == "overall":
            pv, vv = ov, 0.0
        else:
            g = index.index(name)
            pv, vv = float(p[g]), float(var[g])
        if pv <= 0:
            return math.nan, math.nan, math.nan
        var_log += vv / (pv * pv)
    half = z * math.sqrt(var_log)
    se = est * math.sqrt(var_log)
    lo, hi = est * math.exp(-half), min(est * math.exp(half), 1.0)
    return lo, hi, se
