"""The audit package's public names load lazily and match ``__all__``."""

from __future__ import annotations

import subprocess
import sys

import dfgov.audit


def test_all_names_resolve() -> None:
    for name in dfgov.audit.__all__:
        assert getattr(dfgov.audit, name).__module__.startswith("dfgov.audit.")
    public = {n for n in dir(dfgov.audit) if not n.startswith("_")}
    assert set(dfgov.audit.__all__) <= public
    assert dfgov.AuditLog is dfgov.audit.AuditLog


def test_import_is_light() -> None:
    code = ("import sys, dfgov, dfgov.audit, dfgov.cli._audit, dfgov.cli._evidence; "
            "print(sorted(m for m in ('sqlalchemy', 'cryptography', 'pandas', 'pydantic') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
