"""The package's public surface: explicit __all__, lazy and light imports."""

from __future__ import annotations

import subprocess
import sys

import dfgov.data_protection.crypto as crypto


def test_all_names_resolve() -> None:
    assert sorted(crypto.__all__) == crypto.__all__
    for name in crypto.__all__:
        assert getattr(crypto, name) is not None
    assert set(crypto.__all__) <= set(dir(crypto))


def test_import_is_light() -> None:
    code = (
        "import sys, dfgov.data_protection.crypto, dfgov.data_protection._policy\n"
        "import dfgov.data_protection.lifecycle, dfgov.data_protection.detect\n"
        "import dfgov.data_protection.anonymity, dfgov.data_protection.assessment\n"
        "heavy = [m for m in ('pandas', 'cryptography', 'sklearn', 'sqlalchemy') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
