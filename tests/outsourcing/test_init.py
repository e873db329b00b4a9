"""The package exports what __all__ lists, lazily and without heavy imports."""

from __future__ import annotations

import subprocess
import sys

import dfgov.outsourcing as pkg
import dfgov.outsourcing.registers as registers


def test_all_names_resolve() -> None:
    for mod in (pkg, registers):
        for name in mod.__all__:
            assert getattr(mod, name) is not None, name
        assert sorted(mod.__all__) == sorted(set(mod.__all__))


def test_light_import() -> None:
    code = (
        "import sys, dfgov.outsourcing, dfgov.outsourcing.registers\n"
        "from dfgov.outsourcing import Lifecycle, Provider, OutsourcingPolicy\n"
        "heavy = {'pandas', 'sqlalchemy', 'sklearn', 'matplotlib'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
