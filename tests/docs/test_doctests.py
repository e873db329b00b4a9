"""The Examples sections of every dfgov module run as doctests.

Every module of the package is collected (the public ones and the private
modules that hold the public objects' docstrings). A slow example is skipped
explicitly in its docstring with ``# doctest: +SKIP``.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import dfgov

MODULES = ["dfgov", *sorted(m.name for m in pkgutil.walk_packages(dfgov.__path__, "dfgov."))]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split(".")[1:])


def test_every_public_module_is_collected() -> None:
    public = {n for n in MODULES if _public(n)}
    expected = {"dfgov", "dfgov.report", "dfgov.policy", "dfgov.i18n", "dfgov.render",
                "dfgov.model_risk", "dfgov.model_risk.fairness", "dfgov.data_protection",
                "dfgov.outsourcing", "dfgov.audit", "dfgov.spark", "dfgov.datasets"}
    assert expected <= public, expected - public
    assert len(MODULES) >= 150


def test_every_source_file_with_examples_is_collected() -> None:
    """No module of src/dfgov escapes the doctests (a package walk skips what it cannot see)."""
    root = Path(dfgov.__file__).parent
    with_examples = set()
    for path in root.rglob("*.py"):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = path.relative_to(root.parent).with_suffix("").parts
            with_examples.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert len(with_examples) >= 20
    assert with_examples <= set(MODULES), with_examples - set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    module = importlib.import_module(name)
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(module, name)
             if t.examples]
    if not tests:
        return
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out: list[str] = []
    for t in tests:
        runner.run(t, out=out.append)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, "".join(out)
