"""Packaging-level promises: light import, public names, errors, datasets."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dfgov
from dfgov import errors

HEAVY = ("shap", "sklearn", "fairlearn", "pandas", "matplotlib", "sqlalchemy")


def test_import_is_light() -> None:
    code = (
        "import sys, dfgov, dfgov.policy, dfgov.report, dfgov.errors, dfgov.i18n, dfgov.cli;"
        "from dfgov.policy import registered_sections; registered_sections();"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_all_matches_public_names() -> None:
    for name in dfgov.__all__:
        assert getattr(dfgov, name) is not None
    public = {n for n in dir(dfgov) if not n.startswith("_")} - {"annotations", "importlib"}
    assert set(dfgov.__all__) - {"__version__"} <= public


def test_error_tree() -> None:
    assert issubclass(errors.InvalidInputError, ValueError)
    assert issubclass(errors.ColumnError, KeyError)
    assert issubclass(errors.PolicyError, ValueError)
    assert issubclass(errors.MissingDependencyError, ImportError)
    assert issubclass(errors.TamperError, errors.IntegrityError)
    assert issubclass(errors.ConflictError, errors.LifecycleError)
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.DfgovError)
    assert str(errors.ColumnError("Column 'x' is missing.")) == "Column 'x' is missing."
    msg = str(errors.MissingDependencyError("matplotlib", "plots"))
    assert 'pip install "dfgov[plots]"' in msg
    assert str(errors.DecryptionError()) == "decryption failed"


def test_german_credit() -> None:
    from dfgov.datasets import load_german_credit

    df = load_german_credit()
    assert df.shape == (1000, 22)
    assert int(df["default"].sum()) == 300
    assert df["sex"].value_counts().to_dict() == {"male": 690, "female": 310}
    assert df.isna().sum().sum() == 0
    X, y = load_german_credit(return_X_y=True)
    assert "default" not in X.columns and len(y) == 1000
    assert set(df["purpose"].cat.categories) >= {"car (new)", "business"}


def test_i18n_catalog_complete() -> None:
    from dfgov.i18n import LocalizedText, catalog, register_messages, text

    register_messages({"test.x": {"en": "a {n}", "zh-CN": "甲 {n}"}})
    assert text("test.x", n=1) == LocalizedText(en="a 1", zh_cn="甲 1")
    with pytest.raises(errors.InvalidInputError):
        register_messages({"test.y": {"en": "only english"}})
    with pytest.raises(errors.InvalidInputError):
        register_messages({"test.x": {"en": "other", "zh-CN": "其他"}})
    for key, texts in catalog().items():
        assert texts["en"] and texts["zh-CN"], key
