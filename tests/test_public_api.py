"""Every package's public surface, from its one export list (``_EXPORTS``, see ``dfgov._lazy``).

For each package ``pkgutil.walk_packages`` finds: the ``if TYPE_CHECKING:`` imports (what
type checkers see) equal ``_EXPORTS`` (what runs), name for name and module for module;
``__all__`` is ``_EXPORTS`` sorted; every name in ``__all__`` resolves; ``dir()`` is ``__all__``
plus the module's real attributes; deprecated names resolve with a warning but are listed
nowhere; and importing a package loads no heavy library (one subprocess, one fork a package).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import pkgutil
import re
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

import dfgov

#: Packages not yet on the one-list mechanism (they still keep hand lists); they are skipped
#: by the checks of that mechanism until they are converted, and then removed from here.
PENDING: set[str] = set()


def _unimportable(name: str) -> None:
    raise ImportError(f"{name} cannot be imported")  # walk_packages would skip it silently


PACKAGES = ["dfgov", *(m.name for m in pkgutil.walk_packages(dfgov.__path__, "dfgov.",
                                                              onerror=_unimportable)
                       if m.ispkg)]
CONVERTED = [p for p in PACKAGES if p not in PENDING]

#: What importing any package must not load.
HEAVY = frozenset({"pandas", "numpy", "pyarrow", "sklearn", "scipy", "shap", "fairlearn",
                   "matplotlib", "sqlalchemy", "skops", "pyspark", "py4j", "mlflow",
                   "cryptography", "pydantic"})
#: Further imports that stay light too: (what is imported, what it must not load).
LIGHT_TOO = [
    ("import dfgov.cli._audit, dfgov.cli._evidence",
     {"sqlalchemy", "cryptography", "pandas", "pydantic"}),
    ("from dfgov.outsourcing import Lifecycle, Provider, OutsourcingPolicy",
     {"pandas", "sqlalchemy", "sklearn", "matplotlib"}),
    ("import dfgov.model_risk.fairness._policy",
     {"pandas", "sklearn", "fairlearn", "matplotlib", "scipy"}),
    ("import dfgov.model_risk.validation._policy, dfgov.model_risk._disclosure_policy",
     {"pandas", "sklearn", "sqlalchemy", "scipy", "skops", "shap", "matplotlib"}),
]
#: Deprecated names: (module, old name, the dotted name of what it still gives, the advice).
DEPRECATED = [
    ("dfgov.model_risk", "AssessmentPolicy", "dfgov.model_risk.ModelRiskPolicy",
     r"use dfgov\.model_risk\.ModelRiskPolicy"),
    ("dfgov.report", "now", "dfgov.clock.now", r"use dfgov\.clock\.now"),
    ("dfgov.report", "to_jsonable", "dfgov._jsonable.to_jsonable",
     "Finding, Table and Report convert their values to plain JSON themselves"),
]


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _type_checking_imports(package: str) -> set[tuple[str, str]]:
    """``(name, module)`` for every import under the package's ``if TYPE_CHECKING:``."""
    path = Path(_module(package).__file__ or "")
    found: set[tuple[str, str]] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.If) and isinstance(node.test, ast.Name)
                and node.test.id == "TYPE_CHECKING"):
            continue
        for stmt in node.body:
            assert isinstance(stmt, ast.ImportFrom), \
                f"{package}: only `from m import X as X` under TYPE_CHECKING"
            module = importlib.util.resolve_name("." * stmt.level + (stmt.module or ""), package)
            for alias in stmt.names:
                assert alias.asname == alias.name, \
                    f"{package}: `{alias.name}` needs `as {alias.name}` (an explicit re-export)"
                found.add((alias.name, module))
    return found


@pytest.mark.parametrize("package", CONVERTED)
def test_type_checking_imports_equal_exports(package: str) -> None:
    mod = _module(package)
    exports: dict[str, str] | None = getattr(mod, "_EXPORTS", None)
    if exports is None:  # an eager package: real imports only, nothing lazy
        assert "__getattr__" not in vars(mod), f"{package} is lazy but has no _EXPORTS"
        assert not _type_checking_imports(package)
        return
    expected = set()
    for name, target in exports.items():
        module = importlib.util.resolve_name(target, package)
        # a subpackage exported under its own name is imported as `from package import name`
        expected.add((name, package if module == f"{package}.{name}" else module))
    assert _type_checking_imports(package) == expected
    assert mod.__all__ == sorted(exports)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_name_in_all_resolves(package: str) -> None:
    mod = _module(package)
    assert len(set(mod.__all__)) == len(mod.__all__), "__all__ repeats a name"
    for name in mod.__all__:
        value = getattr(mod, name)
        assert value is not None, name
        target = getattr(mod, "_EXPORTS", {}).get(name)
        if target is not None:  # the very object its submodule defines
            source = importlib.import_module(target, package)
            assert value is (source if source.__name__ == f"{package}.{name}"
                             else getattr(source, name)), name


@pytest.mark.parametrize("package", CONVERTED)
def test_dir_is_all_plus_real_attributes(package: str) -> None:
    mod = _module(package)
    assert dir(mod) == sorted(set(mod.__all__) | set(vars(mod)))
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        getattr(mod, "no_such_name")  # noqa: B009


@pytest.mark.parametrize(("module", "old", "new", "advice"), DEPRECATED)
def test_deprecated_names_warn_and_are_listed_nowhere(
        module: str, old: str, new: str, advice: str) -> None:
    mod = _module(module)
    new_module, _, new_name = new.rpartition(".")
    expected = (rf"^{re.escape(module)}\.{old} is deprecated and goes in the next release; "
                rf"{advice}\.$")
    with pytest.warns(DeprecationWarning, match=expected):
        value = getattr(mod, old)
    assert value is getattr(_module(new_module), new_name)
    assert old not in mod.__all__ and old not in dir(mod) and old not in vars(mod)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new name itself does not warn
        getattr(_module(new_module), new_name)


_LIGHT = r"""
import json, os, sys

def loaded(code):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a fresh copy of this interpreter, which has imported no dfgov module
        os.close(read)
        try:
            exec(code, {})
            out = sorted({m.split(".")[0] for m in sys.modules})
        except BaseException as exc:
            out = f"{type(exc).__name__}: {exc}"
        os.write(write, json.dumps(out).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 1 << 16):
        data += chunk
    os.waitpid(pid, 0)
    return json.loads(data)

print(json.dumps([loaded(code) for code in json.loads(sys.argv[1])]))
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_importing_a_package_stays_light() -> None:
    cases = [(f"import {p}", HEAVY) for p in PACKAGES] + LIGHT_TOO
    run = subprocess.run([sys.executable, "-c", _LIGHT, json.dumps([c for c, _ in cases])],
                         capture_output=True, text=True, check=True)
    results = json.loads(run.stdout)
    bad = {code: (mods if isinstance(mods, str) else sorted(set(mods) & set(heavy)))
           for (code, heavy), mods in zip(cases, results, strict=True)}
    assert {code: mods for code, mods in bad.items() if mods} == {}
