"""A simulated monitoring history from the bundled German credit data (for demos and tests).

Each month's applications are drawn with replacement from the 1,000 German
credit applicants and scored by a logistic-regression scorecard fitted on
them. Two changes can be planted: a covariate drift (from ``drift_from`` on,
applicants are drawn with weights ``exp(drift * z(credit_amount))``, so larger
loans are more frequent while the outcome given the applicant is unchanged)
and a disparity (from ``disparity_from`` on, women are declined from a lower
score cut-off). Outcomes are the drawn applicants' real outcomes; they are
known ``maturity`` months after each month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.policy import Policy

__all__ = ["SimulatedHistory", "simulate_history"]

NUMERIC = ["duration_months", "credit_amount", "installment_rate", "age", "existing_credits"]
CATEGORICAL = ["checking_status", "credit_history", "purpose", "savings", "employment_since",
               "housing"]

POLICY = """
[policy]
name = "german-credit-monitoring-demo"

[model_risk]
score_direction = "higher_is_unfavourable"  # the score is the probability of default
favourable_label = 0     # no default is good for the applicant
decision_threshold = 0.5 # declined when the probability of default is 0.5 or more

[fairness]
sensitive_features = ["sex", "age_band"]
intersectional = false
min_group_size = 30

[[fairness.rules]]
metric = "demographic_parity"
kind = "difference"
threshold = 0.2

[[fairness.rules]]
metric = "demographic_parity"
kind = "ratio"
threshold = 0.8
name = "four_fifths_rule"

[[fairness.rules]]
metric = "equal_opportunity"
kind = "difference"
threshold = 0.2
severity = "warn"

[monitoring]
maturity_months = 6
"""


@dataclass
class SimulatedHistory:
    """Monthly applications with scores, decisions and outcomes, and the model behind them.

    Attributes
    ----------
    model : sklearn Pipeline
        The scorecard (probability of default).
    reference : DataFrame
        The 1,000 applicants the model was fitted and validated on.
    months : list of (str, DataFrame)
        ``("2024-01", frame)`` per month; frames hold the features, ``sex``,
        ``age_band``, ``score``, ``decision`` (1 = declined) and ``default``.
    policy : Policy
        Decision vocabulary, fairness rules and monitoring settings of the demo.
    """

    model: Any
    reference: pd.DataFrame
    months: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    policy: Policy | None = None
    features: list[str] = field(default_factory=lambda: [*NUMERIC, *CATEGORICAL])


def _month(start_year: int, i: int) -> str:
    return f"{start_year + i // 12:04d}-{i % 12 + 1:02d}"


def simulate_history(
    months: int = 24, *, rows: int = 2000, drift_from: int | None = 13,
    disparity_from: int | None = 18, drift: float = 0.6, disparity: float = 0.25,
    start_year: int = 2024, random_state: int | None = 0, model: Any = None,
) -> SimulatedHistory:
    """Simulate ``months`` months of applications (month 1 is January of ``start_year``).

    ``drift_from``/``disparity_from`` (1-based months, None for none) plant
    the changes; ``drift`` is the tilt towards large loans, ``disparity`` how
    much lower women's score cut-off is. ``model`` reuses the scorecard of an
    earlier simulation (it does not depend on the random state).
    """
    from sklearn.compose import make_column_transformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from dfgov.datasets import load_german_credit
    from dfgov.policy import Policy

    df = load_german_credit()
    df["age_band"] = np.where(df["age"] < 30, "<30", "30+")
    if model is None:
        model = make_pipeline(
            make_column_transformer((StandardScaler(), NUMERIC),
                                    (OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)),
            LogisticRegression(max_iter=1000))
        model.fit(df[NUMERIC + CATEGORICAL], df["default"])
    ref = df.copy()
    ref["score"] = model.predict_proba(ref[NUMERIC + CATEGORICAL])[:, 1]
    z = ((df["credit_amount"] - df["credit_amount"].mean()) / df["credit_amount"].std()
         ).to_numpy()
    tilt = np.exp(drift * z)
    tilt /= tilt.sum()
    rng = np.random.default_rng(random_state)
    out = SimulatedHistory(model=model, reference=ref, policy=Policy.loads(POLICY))
    for m in range(1, months + 1):
        drifted = drift_from is not None and m >= drift_from
        idx = rng.choice(len(df), rows, replace=True, p=tilt if drifted else None)
        frame = ref.iloc[idx].reset_index(drop=True)
        cutoff = np.full(rows, 0.5)
        if disparity_from is not None and m >= disparity_from:
            cutoff[(frame["sex"] == "female").to_numpy()] -= disparity
        frame["decision"] = (frame["score"].to_numpy() >= cutoff).astype(np.int64)
        out.months.append((_month(start_year, m - 1), frame))
    return out
