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

#: Examples per test in ``dev`` and ``ci``: the unit every budget below is scaled from.
_UNIT = 60


@dataclass(frozen=True)
class Budget:
    """Hypothesis examples per cost class, scaled by the profile loaded.

    A test states what one example costs, never a count of its own::

        @budget.heavy   # a model fitted, a subprocess or a database per example
        @given(...)
        def test_...

    The counts below are those of ``dev`` and ``ci``; every profile scales them by its
    ``max_examples`` / 60 (``thorough``: 500 / 60), so ``thorough`` raises every test's
    count. A test without a budget runs the profile's own count (60; ``thorough`` 500).
    Other settings combine as ``@settings(budget.medium, suppress_health_check=[...])``.
    """

    scale: float

    def _settings(self, examples: int) -> settings:
        return settings(max_examples=max(1, round(examples * self.scale)))

    @property
    def heavy(self) -> settings:
        """6 examples: a model fitted, a Spark job, a subprocess or a database per example."""
        return self._settings(6)

    @property
    def slow(self) -> settings:
        """15 examples: a full control run or many database writes per example."""
        return self._settings(15)

    @property
    def medium(self) -> settings:
        """30 examples: a peer library (fairlearn, stdnum, cryptography) per example."""
        return self._settings(30)

    def wide(self, examples: int) -> settings:
        """``examples`` (more than the profile's 60): cheap examples over a large space."""
        if examples <= _UNIT:
            raise ValueError(f"budget.wide({examples}): use the profile's count, or a class")
        return self._settings(examples)


#: The one budget every test takes its example counts from.
budget = Budget(scale=(settings.default.max_examples or _UNIT) / _UNIT)

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


def pytest_report_header() -> str:
    """The hypothesis profile and the budgets' scale, in the session header."""
    return (f"hypothesis profile: {os.environ.get('DFGOV_HYPOTHESIS_PROFILE', 'dev')} "
            f"(budget scale {budget.scale:g})")
