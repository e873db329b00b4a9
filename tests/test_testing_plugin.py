"""The pytest plugin, exercised through pytester."""

from __future__ import annotations

import pytest

from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status
from dfgov.testing import GateFailure, assert_passes


def _report(*statuses: str) -> Report:
    return Report(findings=tuple(
        Finding(control="fairness.dp", status=Status(s),
                message=LocalizedText(en="gap", zh_cn="差距"),
                metric="demographic_parity_difference", value=0.2, threshold=0.1, subject="sex")
        for s in statuses))


def test_assert_passes_lists_failed_findings() -> None:
    assert_passes(_report("pass", "warn"))
    with pytest.raises(GateFailure) as info:
        assert_passes(_report("pass", "fail"), lang="zh-CN")
    msg = str(info.value)
    assert "fairness.dp [sex]" in msg and "0.2" in msg and "差距" in msg


def test_plugin_options_and_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", policy='[policy]\nname = "from-option"\n')
    pytester.makepyfile(
        """
        def test_policy(dfgov_policy, dfgov_lang):
            assert dfgov_policy.meta.name == "from-option"
            assert dfgov_lang == "zh-CN"
        """
    )
    result = pytester.runpytest("--dfgov-policy", "policy.toml", "--dfgov-lang", "zh-CN")
    result.assert_outcomes(passed=1)


def test_plugin_help_lists_options(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--dfgov-policy*", "*--dfgov-lang*"])


def test_assert_fair_in_a_users_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import numpy as np
        from dfgov.testing import assert_fair

        def test_fair():
            rng = np.random.default_rng(0)
            sex = np.repeat(["f", "m"], 2000)
            y = rng.integers(0, 2, 4000)
            assert_fair(y, y, sensitive_features=sex, favourable_label=0)

        def test_unfair():
            sex = np.repeat(["f", "m"], 2000)
            y = np.r_[np.zeros(2000, int), np.ones(2000, int)]
            pred = np.r_[np.zeros(2000, int), np.ones(2000, int)]
            assert_fair(y, pred, sensitive_features=sex, favourable_label=0)

        def test_unstated_favourable_label_is_never_guessed():
            import pytest
            from dfgov.errors import PolicyError

            y = np.r_[np.zeros(2000, int), np.ones(2000, int)]
            with pytest.raises(PolicyError, match="favourable_label"):
                assert_fair(y, y, sensitive_features=np.repeat(["f", "m"], 2000))
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*GateFailure*", "*fail the gate*"])
