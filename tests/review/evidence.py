"""Real evidence for the review tests: model-risk reports, scans, assessments, disclosures."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from dfgov import Policy
from dfgov.clock import Clock
from dfgov.report import Report

MODEL = "credit-scorer"

# Decisions of the German credit applicants (1 = predicted default, i.e. declined):
# a fair model declines both sexes at about 30 %, an unfair one women three times as often.
_FAIRNESS_POLICY = '[model_risk]\ncontrols = ["fairness"]\nfavourable_label = 0\n'


@cache
def german() -> pd.DataFrame:
    from dfgov.datasets import load_german_credit

    return load_german_credit()


def decisions(fair: bool, seed: int = 0) -> np.ndarray:
    d = german()
    u = np.random.default_rng(seed).random(len(d))
    if fair:
        return (u < 0.3).astype(int)
    return np.where(d["sex"] == "female", u < 0.6, u < 0.2).astype(int)


def fairness_policy() -> Policy:
    return Policy.loads(_FAIRNESS_POLICY)


def model_report(fair: bool, *, version: str = "1.0", clock: Clock | None = None) -> Report:
    """A model-risk assessment (fairness control) of the decisions on German credit."""
    from dfgov.model_risk import ModelRiskAssessment

    d = german()
    return ModelRiskAssessment(fairness_policy(), clock=clock).run(
        None, None, d["default"].to_numpy(), y_pred=decisions(fair),
        sensitive_features=d[["sex"]], metadata={"model_id": MODEL, "model_version": version})


def customers() -> pd.DataFrame:
    """Synthetic customer records with a C3 column (card verification codes)."""
    rng = np.random.default_rng(1)
    n = 200
    return pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(n)],
        "mobile": [f"13{rng.integers(0, 10**9):09d}" for _ in range(n)],
        "card_cvv": [f"{rng.integers(0, 1000):03d}" for _ in range(n)],
        "credit_limit": rng.integers(1000, 50000, n),
    })


def scan_report(df: pd.DataFrame, *, clock: Clock | None = None) -> Report:
    from dfgov.data_protection import DataProtectionScan

    return DataProtectionScan(clock=clock).run(df)


def security_report(df: pd.DataFrame, name: str, *, encrypted: bool, on: date,
                    clock: Clock | None = None) -> Report:
    """A data-security assessment of ``df``: every column encrypted at rest, or none."""
    from datetime import UTC, datetime

    from dfgov.data_protection import DataSecurityAssessment, scan

    inv = scan(df)
    cols: dict[str, Any] = {}
    for c in inv:
        cols[c.column] = {"masked": True, "retention_days": 1825,
                          "encryption": "SM4-GCM" if encrypted else None}
    controls = {"name": name, "impact_assessment_at": on.isoformat(), "columns": cols}
    return DataSecurityAssessment(clock=clock).run(
        inv, controls, as_of=datetime(on.year, on.month, on.day, tzinfo=UTC))


def disclosure(report: Report, *, version: str = "1.0") -> Any:
    from dfgov.model_risk.disclosure import AlgorithmDisclosure

    return AlgorithmDisclosure.from_report(
        report, algorithm_id=MODEL, version=version, name="Consumer credit scorer",
        algorithm_type="gradient boosting", logic="Scores the probability of default.",
        main_factors=["duration_months", "credit_amount", "checking_status"],
        scenario="Online consumer credit applications", decision_use="Approve or decline",
        human_oversight="Declines near the threshold are reviewed by an officer",
        data_sources=["application form", "credit bureau"], excluded_attributes=["sex"],
        responsible_entity="Retail credit risk", appeal_channel="95588 hotline",
        performance={"roc_auc": 0.78}, limitations=["Thin-file applicants"])


def impact_assessment(on: date, **kw: Any) -> Any:
    from dfgov.review import ImpactAssessment

    data: dict[str, Any] = {
        "id": "PIA-2026-01", "processing": "credit scoring of online applications",
        "purpose": "decide consumer-credit applications",
        "necessity": "only data needed to assess repayment capacity is processed",
        "risks": ("unfair declines", "leak of card data"),
        "measures": ("fairness monitoring", "SM4 field encryption", "human review of declines"),
        "triggers": ("sensitive_personal_information", "automated_decision",
                     "entrusted_processing"),
        "conclusion": "acceptable_with_measures", "assessor": "dpo", "assessed_on": on,
    }
    data.update(kw)
    return ImpactAssessment(**data)
