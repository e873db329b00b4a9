"""Policy sections of validation, robustness, security and disclosure are registered.

Resolution and light imports of the packages: ``tests/test_public_api.py``.
"""

from __future__ import annotations


def test_policy_sections_are_registered() -> None:
    import dfgov

    sections = dfgov.policy.registered_sections()
    for name in ("validation", "robustness", "security", "disclosure"):
        assert name in sections
    text = dfgov.Policy.template()
    assert "[validation]" in text and "psi_epsilon" in text and "[security]" in text
