"""The trend from the store equals a recomputation from the raw rows, for every metric."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score

import dfgov
from dfgov.model_risk.fairness import GroupMetrics
from dfgov.model_risk.validation import chi2_sf, population_stability_index
from dfgov.monitoring import Monitor
from tests.conftest import budget

R = 50  # score resolution (coarse, so ties across rows are common)
C = 5   # calibration bins

POLICY = f"""
[model_risk]
score_direction = "higher_is_unfavourable"
favourable_label = 0
decision_threshold = 0.5
[fairness]
sensitive_features = ["g1", "g2"]
intersectional = false
min_group_size = 1
[monitoring]
maturity_months = 0
score_resolution = {R}
calibration_bins = {C}
feature_bins = 4
"""


def _frame(rng: np.random.Generator, n: int, shift: float) -> pd.DataFrame:
    f = rng.normal(shift, 1.0, n).round(1)
    f[rng.random(n) < 0.1] = np.nan
    cat = rng.choice(np.array(["u", "v", "w", None], dtype=object), n,
                     p=[0.4, 0.3, 0.2, 0.1])
    s = rng.random(n)
    tied = rng.random(n) < 0.3
    s[tied] = rng.choice([0.0, 0.25, 0.5, 1.0], int(tied.sum()))
    return pd.DataFrame({
        "g1": rng.choice(["a", "b", "c"], n), "g2": rng.choice(["x", "y"], n),
        "f": f, "c": cat, "score": np.round(s, 2),
        "y": (rng.random(n) < s).astype(int), "pred": (rng.random(n) < 0.5).astype(int),
    })


@st.composite
def histories(draw: Any) -> dict[str, Any]:
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    n_periods = draw(st.integers(1, 3))
    sizes = [draw(st.integers(30, 250)) for _ in range(n_periods)]
    labelled = [draw(st.booleans()) for _ in range(n_periods)]
    return {"ref": _frame(rng, draw(st.integers(40, 250)), 0.0),
            "periods": [_frame(rng, n, draw(st.floats(-1, 1))) for n in sizes],
            "labelled": labelled}


def _q(s: pd.Series) -> np.ndarray:
    return np.minimum(np.floor(s.to_numpy() * R), R - 1)


def _hl(y: np.ndarray, s: np.ndarray) -> float:
    b = np.minimum((s * C).astype(int), C - 1)
    stat, used = 0.0, 0
    for k in range(C):
        m = b == k
        e, o, n = s[m].sum(), y[m].sum(), m.sum()
        var = e * (1 - e / n) if n else 0.0
        if var > 1e-12:
            stat += (o - e) ** 2 / var
            used += 1
    return chi2_sf(stat, used) if used else math.nan


def _delong_var(y: np.ndarray, q: np.ndarray, w: np.ndarray | None = None) -> float:
    pos, neg = q[y == 1], q[y == 0]
    v10 = np.array([((neg < p).sum() + 0.5 * (neg == p).sum()) / len(neg) for p in pos])
    v01 = np.array([((pos > n).sum() + 0.5 * (pos == n).sum()) / len(pos) for n in neg])
    return float(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))


def _close(a: Any, b: Any) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return abs(float(a) - float(b)) <= 1e-9


@budget.slow
@given(histories())
def test_trend_equals_recomputation_from_rows(tmp_path_factory: Any, h: dict[str, Any]) -> None:
    policy = dfgov.Policy.loads(POLICY)
    db = tmp_path_factory.mktemp("eq") / "m.db"
    mon = Monitor(db, model_id="m", policy=policy)
    ref = h["ref"]
    mon.start(ref, y_true="y", y_score="score", sensitive_features=["g1", "g2"],
              features=["f", "c"])
    keys = [f"2024-{i + 1:02d}" for i in range(len(h["periods"]))]
    for key, frame, lab in zip(keys, h["periods"], h["labelled"], strict=True):
        mon.add_period(key, frame, y_score="score", y_pred="pred")
        if lab:
            mon.add_labels(key, frame, y_true="y", y_score="score", y_pred="pred",
                           as_of="2025-01-01")
    trend = mon.trend(as_of="2025-01-01")
    t, g = trend.table, trend.groups
    mon.close()

    def row(period: str, family: str, metric: str, **kw: str) -> pd.Series:
        sel = t[(t["period"] == period) & (t["family"] == family) & (t["metric"] == metric)]
        for k, v in kw.items():
            sel = sel[sel[k] == v]
        assert len(sel) == 1, (period, family, metric, kw)
        return sel.iloc[0]

    for key, frame, lab in zip(keys, h["periods"], h["labelled"], strict=True):
        fav_pred = (frame["pred"] == 0).astype(int)
        fav_true = (frame["y"] == 0).astype(int)
        # stability: validation's PSI/CSI on the raw columns
        for col in ("f", "c"):
            want = population_stability_index(ref[col], frame[col], bins=4)
            assert _close(row(key, "stability", "csi", subject=col)["value"], want)
        assert _close(row(key, "stability", "psi", subject="score")["value"],
                      population_stability_index(ref["score"], frame["score"], bins=4))
        for col in ("g1", "g2"):
            dec = GroupMetrics(y_true=np.zeros(len(frame), int), y_pred=fav_pred,
                               sensitive_features=frame[col], classes=[0, 1])
            sel = g[(g["period"] == key) & (g["grouping"] == col)
                    & (g["metric"] == "selection_rate")].set_index("group")
            want = dec.by_group["selection_rate"]
            assert sel["value"].to_dict() == pytest.approx(want.to_dict(), abs=1e-12)
            wilson = dec.wilson("selection_rate", 0.95)
            for bound in ("lower", "upper"):
                assert sel[bound].to_dict() == pytest.approx(wilson[bound].to_dict(), abs=1e-12)
            if want.notna().sum() >= 2:
                assert _close(row(key, "fairness", "demographic_parity_difference",
                                  grouping=col)["value"], dec.difference("demographic_parity"))
                assert _close(row(key, "fairness", "four_fifths_rule", grouping=col)["value"],
                              dec.ratio("demographic_parity"))
            if lab:
                gm = GroupMetrics(y_true=fav_true, y_pred=fav_pred, sensitive_features=frame[col])
                out = g[(g["period"] == key) & (g["grouping"] == col)]
                for m in ("true_positive_rate", "false_positive_rate"):
                    got = out[out["metric"] == m].set_index("group")["value"]
                    want = gm.by_group[m].dropna()
                    assert got.to_dict() == pytest.approx(want.to_dict(), abs=1e-12)
                eo = t[(t["period"] == key) & (t["metric"] == "equalized_odds_difference")
                       & (t["grouping"] == col)]
                if len(eo):
                    assert _close(eo.iloc[0]["value"], gm.difference("equalized_odds"))
        q = _q(frame["score"])
        y = frame["y"].to_numpy()
        if lab and 0 < y.sum() < len(y):
            auc = row(key, "discrimination", "roc_auc")
            assert _close(auc["value"], roc_auc_score(y, q))
            se = (auc["upper"] - auc["value"]) / 1.959963984540054
            assert se**2 == pytest.approx(_delong_var(y, q), rel=1e-9, abs=1e-15)
            assert _close(row(key, "discrimination", "ks")["value"],
                          ks_2samp(q[y == 1], q[y == 0]).statistic)
            full = GroupMetrics(y_true=y, y_pred=frame["pred"], y_score=frame["score"],
                                sensitive_features=frame["g1"], n_bins=C)
            cal = row(key, "calibration", "expected_calibration_error")
            assert _close(cal["value"], full.overall["expected_calibration_error"])
            assert _close(cal["p_value"], _hl(y, frame["score"].to_numpy()))
        elif not lab:
            s = frame["score"].to_numpy()
            yy = np.r_[np.ones(len(s)), np.zeros(len(s))]
            ww = np.r_[s, 1 - s]
            if s.sum() > 0 and (1 - s).sum() > 0:
                est = row(key, "estimate", "roc_auc")
                assert _close(est["value"], roc_auc_score(yy, np.r_[q, q], sample_weight=ww))
                assert bool(est["estimate"])
