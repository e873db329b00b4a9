"""The test tree's own rules (tests/README.md): it mirrors src/dfgov, every directory is a
package, and example counts come from the profile's budgets, never from a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src" / "dfgov"
#: Product-wide suites that test no single package (tests/README.md).
SUITES = {"security", "docs", "browser"}


def _test_dirs() -> list[Path]:
    return sorted(d for d in TESTS.rglob("*") if d.is_dir() and "__pycache__" not in d.parts
                  and any(d.glob("*.py")))


def test_every_test_directory_is_a_package() -> None:
    missing = [str(d.relative_to(TESTS)) for d in _test_dirs() if not (d / "__init__.py").is_file()]
    assert not missing, f"add an __init__.py to: {missing}"


def test_test_directories_mirror_src() -> None:
    strays = []
    for d in _test_dirs():
        rel = d.relative_to(TESTS)
        if rel.parts[0] in SUITES:
            continue
        if not (SRC / rel / "__init__.py").is_file():
            strays.append(str(rel))
    assert not strays, f"no package src/dfgov/<dir> for tests/<dir>: {strays}"


def test_no_test_sets_its_own_example_count() -> None:
    pinned = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
              if p.name != "conftest.py" and "max_examples" in p.read_text(encoding="utf-8")
              and p != Path(__file__).resolve()]
    assert not pinned, f"use tests.conftest.budget, not max_examples=: {pinned}"


def _counts(profile: str) -> dict[str, int]:
    code = ("import json; from hypothesis import settings; from tests.conftest import budget; "
            "print(json.dumps({'profile': settings.default.max_examples, "
            "'heavy': budget.heavy.max_examples, 'slow': budget.slow.max_examples, "
            "'medium': budget.medium.max_examples, 'wide': budget.wide(400).max_examples}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=TESTS.parent,
                         env={**os.environ, "DFGOV_HYPOTHESIS_PROFILE": profile}).stdout
    counts: dict[str, int] = json.loads(out)
    return counts


def test_thorough_raises_every_budget_and_ci_keeps_dev_counts() -> None:
    dev, ci, thorough = _counts("dev"), _counts("ci"), _counts("thorough")
    assert ci == dev
    assert dev == {"profile": 60, "heavy": 6, "slow": 15, "medium": 30, "wide": 400}
    assert all(thorough[k] > dev[k] for k in dev), thorough
