"""Shared test configuration: hypothesis profiles, fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from dfgov.audit import MemoryAuditLog

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
