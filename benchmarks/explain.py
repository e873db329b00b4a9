"""Benchmark: dfgov's Explainer against calling the same shap explainer directly.

Side by side in one run, on the same data and model:

1. HistGradientBoosting (20 features): ``shap.TreeExplainer`` (path-dependent,
   log-odds) vs ``dfgov Explainer(...).explain(X)``.
2. LogisticRegression (20 features): ``shap.LinearExplainer`` with the same
   background vs ``Explainer``.
3. Reason codes for many applicants: raw shap time for the rows vs
   ``explain`` + ``reason_codes(k=4)``.

Targets (issue 4): overhead <= 10 % on 1 and 2 at 10,000 rows; reason codes
for 100,000 applicants in <= 1.2x the raw SHAP time.

Usage::

    python benchmarks/explain.py [--rows 10000] [--reason-rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _best(fn: Callable[[], Any], repeat: int) -> float:
    """Best-of-``repeat`` CPU time of ``fn`` (process time: robust on a shared machine)."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def _data(n: int, p: int = 20, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"x{i:02d}" for i in range(p)])
    logit = X["x00"] - 0.7 * X["x01"] + 0.5 * X["x02"] * X["x03"] + rng.normal(size=n)
    return X, (logit > 0).to_numpy(dtype=int)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--reason-rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.repeat < 1 or args.rows < 100 or args.reason_rows < 100:
        ap.error("--repeat must be >= 1 and --rows, --reason-rows >= 100")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    from dfgov.model_risk.explain import Explainer

    X, y = _data(max(args.rows, 2_000))
    X = X.iloc[: args.rows]
    y = y[: args.rows]
    bg = X.iloc[:100]
    print(f"shap {shap.__version__}; rows={args.rows}, features={X.shape[1]}, "
          f"repeat={args.repeat} (best of; CPU seconds of this process)")

    def row(case: str, raw: Callable[[], Any], ours: Callable[[], Any], values: Any) -> None:
        np.testing.assert_allclose(np.asarray(values(raw())), ours().values, atol=1e-9)
        t_raw, t_ours = _best(raw, args.repeat), _best(ours, args.repeat)
        print(f"{case:<44}{t_raw:>10.4f}{t_ours:>10.4f}{t_ours / t_raw:>8.3f}"
              f"{(t_ours - t_raw) * 1000:>12.1f}")

    print(f"{'case':<44}{'shap s':>10}{'dfgov s':>10}{'ratio':>8}{'extra ms':>12}")
    with threadpool_limits(1):  # single-threaded: CPU time then equals the work done
        hgb = HistGradientBoostingClassifier(max_iter=100, random_state=0).fit(X, y)
    tree = shap.TreeExplainer(hgb, feature_perturbation="tree_path_dependent")
    ours_t = Explainer(hgb, bg, progress=False)
    # shap is called on the same DataFrame the user holds; dfgov takes it as it is
    row("HistGB tree: construct + explain",
        lambda: shap.TreeExplainer(hgb, feature_perturbation="tree_path_dependent")
        .shap_values(X, check_additivity=False),
        lambda: Explainer(hgb, bg, progress=False).explain(X), lambda v: v)
    row("HistGB tree: explain (explainer reused)",
        lambda: tree.shap_values(X, check_additivity=False), lambda: ours_t.explain(X),
        lambda v: v)

    lr = LogisticRegression(max_iter=1000).fit(X, y)
    lin = shap.LinearExplainer(lr, shap.maskers.Independent(bg.to_numpy(), max_samples=100))
    ours_l = Explainer(lr, bg, progress=False)
    row("LogisticRegression linear: construct + explain",
        lambda: shap.LinearExplainer(
            lr, shap.maskers.Independent(bg.to_numpy(), max_samples=100)).shap_values(X),
        lambda: Explainer(lr, bg, progress=False).explain(X), lambda v: v)
    row("LogisticRegression linear: explain (reused)",
        lambda: lin.shap_values(X), lambda: ours_l.explain(X), lambda v: v)

    n = args.reason_rows
    XR, _ = _data(n, seed=1)

    def raw_reasons_base() -> Any:
        ex = shap.TreeExplainer(hgb, feature_perturbation="tree_path_dependent")
        return ex.shap_values(XR, check_additivity=False)

    def ours_reasons() -> Any:
        e = Explainer(hgb, bg, progress=False).explain(XR)
        return e.reason_codes(k=4, threshold=-np.inf)  # every row: the worst case

    rep = max(1, min(args.repeat, 2))
    t_raw = _best(raw_reasons_base, rep)
    t_ours = _best(ours_reasons, rep)
    e = Explainer(hgb, bg, progress=False).explain(XR)
    t_codes = _best(lambda: e.reason_codes(k=4, threshold=-np.inf), rep)
    print(f"{f'explain + reason codes, {n:,} rows':<44}{t_raw:>10.3f}{t_ours:>10.3f}"
          f"{t_ours / t_raw:>8.3f}{(t_ours - t_raw) * 1000:>12.1f}")
    print(f"  reason_codes(k=4) alone on {n:,} rows: {t_codes:.3f} s "
          f"({t_codes / t_raw:.1%} of the raw SHAP time)")


if __name__ == "__main__":
    main()
