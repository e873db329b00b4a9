"""dfgov.spark's surface: what its names are, the missing-extra error (light import and
resolution: ``tests/test_public_api.py``)."""

from __future__ import annotations

import sys

import pytest

import dfgov.spark
from dfgov.errors import MissingDependencyError


def test_every_name_is_a_function_or_the_pseudonym_ad() -> None:
    for name in dfgov.spark.__all__:
        value = getattr(dfgov.spark, name)
        assert callable(value) or (name.isupper() and isinstance(value, bytes))  # PSEUDONYM_AD


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from dfgov.spark._common import require_pyspark

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingDependencyError, match=r'dfgov\[spark\]'):
        require_pyspark()
