"""Shared test configuration: hypothesis profiles, fixtures."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

from dfgov.audit import MemoryAuditLog

if TYPE_CHECKING:
    import pandas as pd

# Profiles: "dev" (the default: random examples, remembered failures), "ci" (derandomised and
# without an example database, so a clean checkout always runs the same examples) and
# "thorough" (many more examples, run by hand before a release).
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("dev", deadline=None, max_examples=60, suppress_health_check=_SUPPRESS)
settings.register_profile("default", settings.get_profile("dev"))
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, database=None)
settings.register_profile("thorough", deadline=None, max_examples=500,
                          suppress_health_check=_SUPPRESS)
settings.load_profile(os.environ.get("DFGOV_HYPOTHESIS_PROFILE", "dev"))

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of ``dfgov demo`` (reports en and zh-CN, disclosure), made once per session.

    ``.ci/run`` runs ``dfgov demo`` before the tests and passes its directory in
    ``DFGOV_DEMO_DIR``, so CI does not run the demo twice.
    """
    given = os.environ.get("DFGOV_DEMO_DIR")
    if given and (Path(given) / "report.zh-CN.html").is_file():
        return Path(given)
    from dfgov.cli._demo import run_demo

    out = tmp_path_factory.mktemp("demo")
    run_demo(out)
    return out


@pytest.fixture
def memory_audit() -> MemoryAuditLog:
    """An empty in-memory audit sink (:class:`dfgov.audit.MemoryAuditLog`) for one test."""
    return MemoryAuditLog()


@dataclass(frozen=True)
class GermanCredit:
    """The bundled German credit data and one logistic regression fitted on its first 600 rows.

    ``df`` is :func:`dfgov.datasets.load_german_credit` with two coded columns added
    (``checking``, ``history``: the category codes of ``checking_status`` and
    ``credit_history``); ``train`` is its first 600 rows, ``test`` the other 400 (index reset).
    ``model`` is fitted on ``train[features]`` (``sex`` and ``age`` are not inputs).
    Shared by the whole session: tests must not change these objects.
    """

    df: pd.DataFrame
    train: pd.DataFrame
    test: pd.DataFrame
    features: list[str]
    model: Any


@pytest.fixture(scope="session")
def german_credit() -> GermanCredit:
    """:class:`GermanCredit`, fitted once per session."""
    from sklearn.linear_model import LogisticRegression

    from dfgov.datasets import load_german_credit

    df = load_german_credit()
    df = df.assign(checking=df["checking_status"].cat.codes.astype(float),
                   history=df["credit_history"].cat.codes.astype(float))
    train, test = df.iloc[:600], df.iloc[600:].reset_index(drop=True)
    features = ["checking", "history", "duration_months", "credit_amount", "installment_rate",
                "residence_since", "existing_credits", "num_dependents"]
    model = LogisticRegression(max_iter=5000).fit(train[features], train["default"])
    return GermanCredit(df=df, train=train.reset_index(drop=True), test=test,
                        features=features, model=model)
