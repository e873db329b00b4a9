"""Metrics and tests from stored histograms: AUC and KS (with variances), calibration, PSI.

Scores are kept on a grid of equal-width bins, so AUC and KS are those of the
scores rounded down to their bin (scores in one bin count as tied):
identical to :func:`sklearn.metrics.roc_auc_score` and
:func:`scipy.stats.ks_2samp` on ``floor(score * resolution)``, and within
``tie_bound`` of the unrounded AUC. The AUC variance is DeLong's, computed
from the same histogram; the KS variance is the binomial variance of the
two distribution functions at the point of the largest gap.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "auc_ks",
    "calibration",
    "homogeneity",
    "psi_and_test",
]

F64 = npt.NDArray[np.float64]




def auc_ks(pos: F64, neg: F64) -> dict[str, float]:
    """AUC, its DeLong variance and tie bound, KS and its variance, from two histograms.

    ``pos`` and ``neg`` are (possibly fractional) counts per score bin,
    ascending; positives are the rows of the score's label.
    """
    p_tot, n_tot = float(pos.sum()), float(neg.sum())
    out = {"roc_auc": math.nan, "roc_auc_var": math.nan, "tie_bound": math.nan,
           "ks": math.nan, "ks_var": math.nan, "positives": p_tot, "negatives": n_tot}
    if not (p_tot > 0 and n_tot > 0):
        return out
    neg_below = np.cumsum(neg) - neg
    pos_above = p_tot - np.cumsum(pos)
    v10 = (neg_below + 0.5 * neg) / n_tot
    v01 = (pos_above + 0.5 * pos) / p_tot
    auc = float((pos * v10).sum() / p_tot)
    s10 = float((pos * (v10 - auc) ** 2).sum() / max(p_tot - 1.0, 1.0))
    s01 = float((neg * (v01 - auc) ** 2).sum() / max(n_tot - 1.0, 1.0))
    f_pos = np.cumsum(pos) / p_tot
    f_neg = np.cumsum(neg) / n_tot
    gap = np.abs(f_neg - f_pos)
    k = int(np.argmax(gap))
    out.update(
        roc_auc=auc, roc_auc_var=s10 / p_tot + s01 / n_tot,
        tie_bound=float(0.5 * (pos * neg).sum() / (p_tot * n_tot)),
        ks=float(gap[k]),
        ks_var=float(f_pos[k] * (1 - f_pos[k]) / p_tot + f_neg[k] * (1 - f_neg[k]) / n_tot),
    )
    return out


def calibration(cal: F64) -> dict[str, float]:
    """ECE, calibration in the large and a Hosmer–Lemeshow test on fixed bins.

    ``cal`` has shape (bins, 3): rows, score sums and events per bin. The
    statistic is :math:`\\sum_b (O_b - E_b)^2 / (E_b (1 - E_b / n_b))` over
    bins whose variance term is positive; with bins fixed in advance (not
    deciles of the same data) it is chi-squared with as many degrees of
    freedom as bins used, for a calibrated score.
    """
    from dfgov.model_risk.validation import chi2_sf

    n, e, o = cal[:, 0], cal[:, 1], cal[:, 2]
    total = float(n.sum())
    out = {"ece": math.nan, "mean_score": math.nan, "event_rate": math.nan,
           "hl": math.nan, "hl_dof": 0.0, "hl_p": math.nan}
    if total <= 0:
        return out
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.where(n > 0, e * (1.0 - e / np.where(n > 0, n, 1.0)), 0.0)
    used = var > 1e-12
    stat = float(((o[used] - e[used]) ** 2 / var[used]).sum())
    dof = int(used.sum())
    out.update(ece=float(np.abs(o - e).sum() / total), mean_score=float(e.sum() / total),
               event_rate=float(o.sum() / total), hl=stat, hl_dof=float(dof),
               hl_p=chi2_sf(stat, dof) if dof >= 1 else math.nan)
    return out


def homogeneity(ref: F64, cur: F64) -> tuple[float, int, float]:
    """Pearson chi-squared test that two count vectors come from one distribution."""
    from dfgov.model_risk.validation import chi2_sf

    keep = (ref + cur) > 0
    r, c = ref[keep], cur[keep]
    n1, n2 = float(r.sum()), float(c.sum())
    dof = int(keep.sum()) - 1
    if dof < 1 or n1 <= 0 or n2 <= 0:
        return 0.0, max(dof, 0), 1.0
    tot = r + c
    e1 = tot * n1 / (n1 + n2)
    e2 = tot * n2 / (n1 + n2)
    stat = float(((r - e1) ** 2 / e1).sum() + ((c - e2) ** 2 / e2).sum())
    return stat, dof, chi2_sf(stat, dof)


def psi_and_test(ref: F64, cur: F64) -> dict[str, Any]:
    """PSI (validation's formula and smoothing) and the homogeneity test p-value."""
    from dfgov.model_risk.validation import psi_from_counts

    stat, dof, p = homogeneity(ref, cur)
    return {"psi": psi_from_counts(ref, cur), "chi2": stat, "dof": dof, "p_value": p}
