"""pytest plugin and assertion helpers for fairness and model-risk gates in CI.

Registered through the ``pytest11`` entry point, so a bank's own test suite
can hold a gate::

    from dfgov.testing import assert_fair, assert_passes

    def test_credit_model_is_fair(model, X_test, y_test):
        # policy.toml states [model_risk] favourable_label (e.g. 0 = did not default)
        assert_fair(y_test, model.predict(X_test),
                    sensitive_features=X_test["sex"], policy="policy.toml")

Options (prefixed ``--dfgov-``): ``--dfgov-policy PATH`` sets the policy the
``dfgov_policy`` fixture loads; ``--dfgov-lang`` the language of failure
messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from dfgov.policy import Policy
    from dfgov.report import Report

__all__ = ["GateFailure", "assert_fair", "assert_passes"]

_POLICY_KEY: pytest.StashKey[str | None] = pytest.StashKey()
_LANG_KEY: pytest.StashKey[str] = pytest.StashKey()


class GateFailure(AssertionError):
    """A dfgov gate failed; the message lists the failed findings."""


def assert_passes(report: Report, *, lang: str = "en") -> None:
    """Fail with a readable list of findings when ``report`` fails its gate."""
    if report.exit_code != 0:
        from dfgov.render import render_text

        raise GateFailure(render_text(report, lang=lang, only_failed=True).rstrip("\n"))


def _as_policy(policy: Policy | str | Path | None) -> Policy:
    from dfgov.policy import Policy

    if policy is None:
        return Policy.default()
    if isinstance(policy, Policy):
        return policy
    return Policy.load(policy)


def assert_fair(
    y_true: Any,
    y_pred: Any,
    *,
    sensitive_features: Any,
    policy: Policy | str | Path | None = None,
    favourable_label: Any = None,
    y_score: Any = None,
    sample_weight: Any = None,
    lang: str = "en",
) -> Report:
    """Run the ``[fairness]`` rules of ``policy`` and fail if the gate fails.

    The favourable label is the policy's ``[model_risk] favourable_label``, or
    ``favourable_label`` when given (it is never guessed). Returns the fairness
    Report when it passes.
    """
    from dfgov.model_risk import DecisionVocabulary
    from dfgov.model_risk.fairness import FairnessCheck

    pol = _as_policy(policy)
    voc = DecisionVocabulary.from_policy(pol)
    if favourable_label is not None:
        voc = voc.with_favourable(favourable_label)
    check = FairnessCheck(pol, vocabulary=voc)
    report: Report = check.run(y_true, y_pred, sensitive_features=sensitive_features,
                               y_score=y_score, sample_weight=sample_weight)
    assert_passes(report, lang=lang)
    return report


# -- pytest plugin hooks ----------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dfgov", "dfgov model-risk gates")
    group.addoption("--dfgov-policy", default=None, metavar="PATH",
                    help="Policy file for the dfgov_policy fixture (default: built-in defaults).")
    group.addoption("--dfgov-lang", default="en", choices=["en", "zh-CN"],
                    help="Language of dfgov failure messages (default: en).")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_POLICY_KEY] = config.getoption("--dfgov-policy", None)
    config.stash[_LANG_KEY] = config.getoption("--dfgov-lang", "en")


@pytest.fixture
def dfgov_policy(request: pytest.FixtureRequest) -> Policy:
    """The policy named by ``--dfgov-policy``, or the defaults."""
    return _as_policy(request.config.stash.get(_POLICY_KEY, None))


@pytest.fixture
def dfgov_lang(request: pytest.FixtureRequest) -> str:
    """The language chosen with ``--dfgov-lang``."""
    return request.config.stash.get(_LANG_KEY, "en")
