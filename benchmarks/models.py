"""The model stack side by side: explanations of boosters, frame types, linear models.

1. XGBoost, LightGBM and CatBoost (``--rows`` rows, 30 features, 300 trees): dfgov's
   ``Explainer.explain`` against shap's ``TreeExplainer.shap_values`` on the same rows, the
   booster's own contribution API printed alongside (target: dfgov <= 1.10x shap).
2. The full assessment (every control but disclosure) on ``--assess-rows`` rows given as
   pandas, polars and pyarrow (target: polars and pyarrow <= 1.2x pandas).
3. LogisticRegression explanations at 10,000 rows: dfgov against shap's LinearExplainer
   (target: <= 1.10x).

Wall-clock seconds, best of ``--repeat``; print ``uptime`` with the figures, the machine is
shared. Values are checked equal before timing.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _data(n: int, p: int = 30, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, p)), columns=[f"x{i:02d}" for i in range(p)])
    logit = X["x00"] - 0.7 * X["x01"] + 0.5 * X["x02"] * X["x03"] + rng.normal(size=n)
    return X, (logit > 0).to_numpy(dtype=int)


def _shap() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    return shap


def boosters(rows: int, trees: int, repeat: int) -> None:
    import catboost as cb
    import lightgbm as lgb
    import xgboost as xgb

    from dfgov.model_risk.explain import Explainer

    shap = _shap()
    X, y = _data(rows)
    fit_rows = min(rows, 20_000)
    Xf, yf = X.iloc[:fit_rows], y[:fit_rows]
    models = {
        "XGBoost": (xgb.XGBClassifier(n_estimators=trees, max_depth=6).fit(Xf, yf),
                    lambda m: m.get_booster().predict(xgb.DMatrix(X), pred_contribs=True),
                    "pred_contribs"),
        "LightGBM": (lgb.LGBMClassifier(n_estimators=trees, num_leaves=31, verbose=-1)
                     .fit(Xf, yf),
                     lambda m: m.booster_.predict(X, pred_contrib=True), "pred_contrib"),
        "CatBoost": (cb.CatBoostClassifier(iterations=trees, depth=6, verbose=0,
                                           allow_writing_files=False).fit(Xf, yf),
                     lambda m: m.get_feature_importance(cb.Pool(X), type="ShapValues"),
                     "ShapValues"),
    }
    print(f"\n1. explanations, {rows:,} rows x {X.shape[1]} features, {trees} trees")
    print(f"{'model':<10}{'shap s':>9}{'dfgov s':>9}{'ratio':>8}{'native s':>10}  native API")
    bg = X.iloc[:100]
    for name, (model, native, api) in models.items():
        ours = Explainer(model, bg, progress=False)
        tree = shap.TreeExplainer(model)
        values = ours.explain(X).values
        ref = np.asarray(tree.shap_values(X))
        tol = ours.explain(X.iloc[:1000]).additivity_tolerance()
        assert np.max(np.abs(values - ref)) <= tol, name
        t_shap = _best(lambda t=tree: t.shap_values(X), repeat)
        t_ours = _best(lambda o=ours: o.explain(X), repeat)
        t_native = _best(lambda m=model, f=native: f(m), repeat)
        print(f"{name:<10}{t_shap:>9.3f}{t_ours:>9.3f}{t_ours / t_shap:>8.3f}{t_native:>10.3f}"
              f"  {api}")


def frames(rows: int, repeat: int) -> None:
    import lightgbm as lgb
    import polars as pl
    import pyarrow as pa

    from dfgov.model_risk import ModelRiskAssessment
    from dfgov.policy import Policy

    X, y = _data(rows, p=20, seed=1)
    rng = np.random.default_rng(2)
    X["region"] = pd.Categorical(rng.choice(["north", "south", "east", "west"], rows))
    X["sex"] = pd.Categorical(rng.choice(["female", "male"], rows))
    model = lgb.LGBMClassifier(n_estimators=100, verbose=-1).fit(
        X.drop(columns="sex").iloc[:50_000], y[:50_000])
    policy = Policy.loads("""
[model_risk]
controls = ["fairness", "explainability", "validation", "robustness", "security"]
score_direction = "higher_is_unfavourable"
favourable_label = 0
[fairness]
sensitive_features = ["sex"]
n_boot = 200
""")
    ref = X.iloc[: rows // 2]
    table, ref_table = pa.Table.from_pandas(X), pa.Table.from_pandas(ref)
    inputs = {"pandas": (X, ref), "polars": (pl.from_arrow(table), pl.from_arrow(ref_table)),
              "pyarrow": (table, ref_table)}

    def run(kind: str) -> Any:
        cur, r = inputs[kind]
        return ModelRiskAssessment(policy).run(
            model, cur, y, sensitive_features=["sex"], X_reference=r, X_train=r,
            y_train=y[: rows // 2], figures=False)

    base = [(f.control, f.subject, f.status) for f in run("pandas").findings]
    print(f"\n2. full assessment, {rows:,} rows (fairness, explainability, validation, "
          "robustness, security)")
    print(f"{'input':<10}{'seconds':>9}{'vs pandas':>11}")
    t_pandas = _best(lambda: run("pandas"), repeat)
    print(f"{'pandas':<10}{t_pandas:>9.2f}{1.0:>11.3f}")
    for kind in ("polars", "pyarrow"):
        assert [(f.control, f.subject, f.status) for f in run(kind).findings] == base, kind
        t = _best(lambda k=kind: run(k), repeat)
        print(f"{kind:<10}{t:>9.2f}{t / t_pandas:>11.3f}")


def linear(rows: int, repeat: int) -> None:
    from sklearn.linear_model import LogisticRegression

    from dfgov.model_risk.explain import Explainer

    shap = _shap()
    X, y = _data(rows, p=20)
    bg = X.iloc[:100]
    lr = LogisticRegression(max_iter=1000).fit(X, y)
    lin = shap.LinearExplainer(lr, shap.maskers.Independent(bg.to_numpy(), max_samples=100))
    ours = Explainer(lr, bg, progress=False)
    np.testing.assert_allclose(ours.explain(X).values, lin.shap_values(X), atol=1e-9)
    t_shap = _best(lambda: lin.shap_values(X), repeat)
    t_ours = _best(lambda: ours.explain(X), repeat)
    t_shap_c = _best(lambda: shap.LinearExplainer(
        lr, shap.maskers.Independent(bg.to_numpy(), max_samples=100)).shap_values(X), repeat)
    t_ours_c = _best(lambda: Explainer(lr, bg, progress=False).explain(X), repeat)
    print(f"\n3. LogisticRegression, {rows:,} rows x 20 features")
    print(f"{'case':<26}{'shap ms':>9}{'dfgov ms':>10}{'ratio':>8}")
    print(f"{'explain (reused)':<26}{t_shap * 1e3:>9.2f}{t_ours * 1e3:>10.2f}"
          f"{t_ours / t_shap:>8.3f}")
    print(f"{'construct + explain':<26}{t_shap_c * 1e3:>9.2f}{t_ours_c * 1e3:>10.2f}"
          f"{t_ours_c / t_shap_c:>8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--trees", type=int, default=300)
    ap.add_argument("--assess-rows", type=int, default=1_000_000)
    ap.add_argument("--linear-rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=["boosters", "frames", "linear"], default=None)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.only in (None, "linear"):
        linear(args.linear_rows, max(args.repeat, 5))
    if args.only in (None, "boosters"):
        boosters(args.rows, args.trees, args.repeat)
    if args.only in (None, "frames"):
        frames(args.assess_rows, max(1, min(args.repeat, 2)))


if __name__ == "__main__":
    main()
