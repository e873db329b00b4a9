"""dfgov.spark's surface: a light import, every public name resolves, the missing-extra error."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dfgov.spark
from dfgov.errors import MissingDependencyError


def test_import_is_light() -> None:
    code = ("import sys, dfgov.spark; "
            "print([m for m in ('pyspark', 'pandas', 'numpy', 'py4j') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_all_names_resolve() -> None:
    for name in dfgov.spark.__all__:
        value = getattr(dfgov.spark, name)
        assert callable(value) or (name.isupper() and isinstance(value, bytes))  # PSEUDONYM_AD
    assert set(dfgov.spark.__all__) <= set(dir(dfgov.spark))


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from dfgov.spark._common import require_pyspark

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingDependencyError, match=r'dfgov\[spark\]'):
        require_pyspark()
