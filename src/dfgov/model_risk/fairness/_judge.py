"""Judging one fairness rule on group metrics: value, interval, worst pair, power."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dfgov.model_risk.fairness import _formulas as fm
from dfgov.model_risk.fairness._intervals import adjusted_alphas, z_value
from dfgov.report import Status

if TYPE_CHECKING:
    from dfgov.model_risk.fairness._intervals import Bootstrap
    from dfgov.model_risk.fairness._metrics import GroupMetrics
    from dfgov.model_risk.fairness._policy import FairnessPolicy, FairnessRule

__all__ = ["Outcome", "group_label", "judge_reference", "judge_rule"]

F64 = npt.NDArray[np.float64]


def group_label(key: Any) -> str:
    """A group's display label: intersections joined with ' & '."""
    if isinstance(key, tuple):
        return " & ".join(str(k) for k in key)
    return str(key)


@dataclass
class Outcome:
    """A judged rule (or one group against the reference)."""

    status: Status
    key: str
    value: float | None
    interval: tuple[float, float] | None
    low: str = ""
    high: str = ""
    detectable: float | None = None
    p_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)


def components(rule: FairnessRule) -> tuple[str, ...]:
    """The metrics a rule's disparity is built from."""
    return fm.COMPOSITES.get(rule.metric, (rule.metric,))


def breached(value: float, rule: FairnessRule) -> bool:
    """Whether ``value`` is on the failing side of the rule's threshold."""
    return value > rule.threshold if rule.kind == "difference" else value < rule.threshold


def _worst(values: list[float], kind: str) -> int:
    arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    if np.isnan(arr).all():
        return 0
    return int(np.nanargmax(arr) if kind == "difference" else np.nanargmin(arr))


def _denominators(gm: GroupMetrics, metric: str) -> F64:
    rows = gm.cell_rows[0].astype(np.float64)
    if metric in fm.RATE_CELLS:
        return fm._cells(rows, fm.RATE_CELLS[metric][1])
    return np.asarray(rows.sum(axis=-1), dtype=np.float64)


def detectable(gm: GroupMetrics, rule: FairnessRule, policy: FairnessPolicy,
               pair: tuple[int, int] | None = None) -> float | None:
    """Smallest disparity the group sizes detect (two-proportion z-test approximation).

    Uses the two smallest included groups (or ``pair``), the overall rate,
    the policy's confidence (two-sided) and power. For ratio rules the
    result is the detectable ratio ``(p - d) / p``.
    """
    z = z_value(policy.confidence) + NormalDist().inv_cdf(policy.power)
    worst: float | None = None
    for m in components(rule):
        n = _denominators(gm, m)
        ok = gm.mask[0] & (n > 0) & ~np.isnan(gm.values(m)[0])
        sizes = np.array([n[pair[0]], n[pair[1]]]) if pair is not None else np.sort(n[ok])[:2]
        if len(sizes) < 2 or (sizes <= 0).any():
            continue
        p = float(gm.overall_values(m)[0])
        if math.isnan(p):
            continue
        p = min(max(p, 0.01), 0.99)
        d = z * math.sqrt(p * (1 - p) * (1 / sizes[0] + 1 / sizes[1]))
        val = d if rule.kind == "difference" else max(0.0, (p - d) / p)
        if worst is None or (val > worst if rule.kind == "difference" else val < worst):
            worst = val
    return worst


def _status(rule: FairnessRule, value: float, interval: tuple[float, float] | None,
            det: float | None, policy: FairnessPolicy,
            confirmed: bool | None = None) -> tuple[Status, str]:
    severity = Status.FAIL if rule.severity == "fail" else Status.WARN
    if breached(value, rule):
        if rule.basis == "point":
            return severity, "fairness.rule.breach"
        if confirmed is None:
            confirmed = interval is not None and (
                interval[0] > rule.threshold if rule.kind == "difference"
                else interval[1] < rule.threshold
            )
        if confirmed:
            return severity, "fairness.rule.breach_confirmed"
        return Status.WARN, "fairness.rule.not_confirmed"
    if det is not None and policy.underpowered == "warn" and breached_power(det, rule):
        return Status.WARN, "fairness.rule.underpowered"
    return Status.PASS, "fairness.rule.pass"


def breached_power(det: float, rule: FairnessRule) -> bool:
    """Whether the detectable disparity is coarser than the threshold."""
    return det > rule.threshold if rule.kind == "difference" else det < rule.threshold


def judge_rule(gm: GroupMetrics, bs: Bootstrap | None, rule: FairnessRule,
               policy: FairnessPolicy) -> Outcome:
    """Judge a rule over all groups (worst pair, or worst gap to overall)."""
    index = gm.by_group.index
    parts = components(rule)
    vals = [float(fm.disparity(gm.values(m), gm.overall_values(m), rule.kind,
                               rule.method)[0]) for m in parts]
    k = _worst(vals, rule.kind)
    value = vals[k]
    included = int((gm.mask[0] & ~np.isnan(gm.values(parts[k])[0])).sum())
    if math.isnan(value) or included < 2:
        return Outcome(Status.SKIPPED, "fairness.rule.insufficient", None, None,
                       details={"groups_judged": included})
    by = gm.values(parts[k])[0]
    if rule.method == "between_groups":
        low = group_label(index[int(np.nanargmin(by))])
        high = group_label(index[int(np.nanargmax(by))])
    else:
        far = int(np.nanargmax(np.abs(by - gm.overall_values(parts[k])[0])))
        low, high = group_label(index[far]), "overall"
    interval = None
    details: dict[str, Any] = {"component": parts[k], "groups_judged": included}
    if bs is not None:
        lo, hi, notes = bs.disparity_interval(rule.metric, rule.kind, rule.method)
        if not (math.isnan(lo[0]) or math.isnan(hi[0])):
            interval = (float(lo[0]), float(hi[0]))
        details.update(_interval_details(notes[0]))
    det = detectable(gm, rule, policy)
    status, key = _status(rule, value, interval, det, policy)
    return Outcome(status, key, value, interval, low, high, det, details=details)


def _interval_details(note: str | None) -> dict[str, Any]:
    """How the interval was made, and why it deserves a caveat (if it does)."""
    out: dict[str, Any] = {"interval_method": "simultaneous_signed_gaps"}
    if note is not None:
        out["interval_note"] = note
    return out


def judge_reference(gm: GroupMetrics, bs: Bootstrap | None, rule: FairnessRule,
                    policy: FairnessPolicy, ref: int) -> list[tuple[int, Outcome]]:
    """Judge each group against the reference group (with the policy's adjustment)."""
    parts = components(rule)
    n_groups = gm.values(parts[0]).shape[1]
    alpha = 1.0 - policy.confidence

    def gap(values: F64) -> F64:  # values (..., S) -> (..., S) gap to the reference
        ref_v = values[..., ref : ref + 1]
        if rule.kind == "difference":
            return np.asarray(np.abs(values - ref_v))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = values / ref_v
            return np.asarray(np.where(r > 1, 1.0 / r, r))

    def worst(stack: list[F64]) -> F64:
        s = np.stack(stack)
        fill = -np.inf if rule.kind == "difference" else np.inf
        filled = np.where(np.isnan(s), fill, s)
        out = filled.max(axis=0) if rule.kind == "difference" else filled.min(axis=0)
        return np.asarray(np.where(np.isnan(s).all(axis=0), np.nan, out))

    point = worst([gap(gm.values(m)[0]) for m in parts])
    p_values = np.full(n_groups, np.nan)
    lower = np.full(n_groups, np.nan)
    upper = np.full(n_groups, np.nan)
    notes: Sequence[str | None] = [None] * n_groups
    if bs is not None:
        lower, upper, p_values, notes = bs.reference_interval(
            rule.metric, rule.kind, ref, rule.threshold)
    tested = np.array([g != ref and gm.mask[0, g] and not math.isnan(point[g])
                       for g in range(n_groups)])
    p_values[~tested] = np.nan
    reject = adjusted_alphas(p_values, alpha, policy.adjustment)
    index = gm.by_group.index
    out: list[tuple[int, Outcome]] = []
    for g in np.flatnonzero(tested):
        interval = None
        if not (math.isnan(lower[g]) or math.isnan(upper[g])):
            interval = (float(lower[g]), float(upper[g]))
        det = detectable(gm, rule, policy, pair=(int(g), ref))
        confirmed = bool(reject[g]) if bs is not None else None
        status, key = _status(rule, float(point[g]), interval, det, policy, confirmed)
        p = None if math.isnan(p_values[g]) else float(p_values[g])
        details: dict[str, Any] = {"adjustment": policy.adjustment, "tests": int(tested.sum())}
        if bs is not None:
            details.update(_interval_details(notes[int(g)]))
        out.append((int(g), Outcome(
            status, key, float(point[g]), interval, group_label(index[int(g)]),
            group_label(index[ref]), det, p, details=details,
        )))
    return out
