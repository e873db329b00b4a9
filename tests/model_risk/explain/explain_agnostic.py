"""Model-agnostic (permutation / exact) explainer checks, run in a subprocess by the tests.

shap's permutation and exact explainers call numba-compiled helpers whose
first compilation takes 10-30 s; the tests run these checks in a separate
interpreter with ``NUMBA_DISABLE_JIT=1`` (same code, interpreted), which
keeps the suite fast without changing any result.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
from explain_data import mixed_pipeline, numeric_data


def main() -> None:
    warnings.simplefilter("error")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    from dfgov.model_risk.explain import Explainer

    out: dict[str, dict[str, object]] = {}
    X, y = numeric_data()
    lr = LogisticRegression().fit(X, y)
    for algorithm in ("permutation", "exact", "auto"):
        ex = Explainer(lr, X, scale="probability", algorithm=algorithm,  # type: ignore[arg-type]
                       max_background=20)
        e = ex.explain(X.iloc[:4])
        out[f"lr-probability-{algorithm}"] = {
            "kind": ex.kind_.name, "reason": ex.kind_.reason, "error": e.additivity_error(),
            "shape": list(e.values.shape),
        }
    from sklearn.ensemble import HistGradientBoostingClassifier

    hgb = HistGradientBoostingClassifier(max_iter=30, random_state=0).fit(X, y)
    ex = Explainer(hgb, X, scale="probability", max_background=20)
    e = ex.explain(X.iloc[:3])
    out["hgb-probability"] = {"kind": ex.kind_.name, "reason": ex.kind_.reason,
                              "error": e.additivity_error(), "shape": list(e.values.shape)}
    # the exact path equals shap's Exact explainer called directly on the same background
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import shap
    ex = Explainer(lr, X, scale="probability", algorithm="exact", max_background=20)
    ours = ex.explain(X.iloc[:5])
    direct = shap.explainers.Exact(
        lambda Z: lr.predict_proba(pd.DataFrame(Z, columns=X.columns))[:, 1],
        shap.maskers.Independent(ex.background_.to_numpy(), max_samples=20),
    )(X.iloc[:5].to_numpy(), silent=True)
    out["exact-vs-shap"] = {
        "max_abs_diff": float(np.abs(ours.values - direct.values).max()),
        "base_diff": float(np.abs(ours.base_values - direct.base_values).max()),
    }
    rf = RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)
    ex = Explainer(rf, X, scale="log_odds", max_background=10)
    e = ex.explain(X.iloc[:3])
    out["rf-log_odds"] = {"kind": ex.kind_.name, "reason": ex.kind_.reason,
                          "error": e.additivity_error(), "shape": list(e.values.shape)}
    pipe, Xm = mixed_pipeline()
    for algorithm in ("permutation", "auto"):
        ex = Explainer(pipe, Xm, scale="probability", max_background=10,
                       algorithm=algorithm)  # type: ignore[arg-type]
        e = ex.explain(Xm.iloc[:2])
        out[f"pipeline-probability-{algorithm}"] = {
            "kind": ex.kind_.name, "reason": ex.kind_.reason, "error": e.additivity_error(),
            "shape": list(e.values.shape), "features": e.feature_names,
            "finite": bool(np.isfinite(e.values).all()),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
