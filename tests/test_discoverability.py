"""``dfgov.<area>`` reachable from ``import dfgov`` (lazily) and ``python -m dfgov``."""

from __future__ import annotations

import subprocess
import sys

import dfgov

AREAS = ("model_risk", "data_protection", "outsourcing", "audit", "datasets")


def test_areas_are_lazy_attributes_listed_by_dir() -> None:
    code = (
        "import sys, dfgov; "
        f"before = [a for a in {AREAS!r} if 'dfgov.' + a in sys.modules]; "
        "print(before, 'model_risk' in dir(dfgov)); "
        "print(dfgov.model_risk.FairnessCheck.__name__, dfgov.datasets.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[] True"  # nothing imported until asked for
    assert out[1] == "FairnessCheck dfgov.datasets"
    for name in AREAS:
        assert getattr(dfgov, name).__name__ == f"dfgov.{name}"
        assert name in dfgov.__all__


def test_python_dash_m_dfgov_is_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "dfgov", "--version"], capture_output=True,
                         text=True)
    assert run.returncode == 0 and run.stdout.startswith("dfgov ")
    bad = subprocess.run([sys.executable, "-m", "dfgov", "render", "/nonexistent.json",
                          "--html", "-"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
