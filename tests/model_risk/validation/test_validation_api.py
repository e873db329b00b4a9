"""Public API: every exported name resolves; importing the packages stays light."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = ["dfgov.model_risk.validation", "dfgov.model_risk.disclosure",
            "dfgov.model_risk.inventory"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_resolve(name: str) -> None:
    mod = importlib.import_module(name)
    assert sorted(mod.__all__) == sorted(set(mod.__all__))
    for attr in mod.__all__:
        assert getattr(mod, attr) is not None
    assert set(mod.__all__) <= set(dir(mod))


def test_import_is_light() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {p}\n" for p in PACKAGES)
        + "import dfgov.model_risk.validation._policy, dfgov.model_risk._disclosure_policy\n"
        + "heavy = [m for m in ('pandas', 'sklearn', 'sqlalchemy', 'scipy', 'skops', 'shap',"
        + " 'matplotlib') if m in sys.modules]\n"
        + "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_policy_sections_are_registered() -> None:
    import dfgov

    sections = dfgov.policy.registered_sections()
    for name in ("validation", "robustness", "security", "disclosure"):
        assert name in sections
    text = dfgov.Policy.template()
    assert "[validation]" in text and "psi_epsilon" in text and "[security]" in text
