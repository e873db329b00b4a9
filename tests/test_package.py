"""Packaging-level promises: light import, public names, errors, datasets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def _registering_modules() -> list[str]:
    """Every dfgov module that registers messages (found in the source, not by luck of import)."""
    root = Path(dfgov.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        if "register_messages(" in path.read_text(encoding="utf-8") and path.name != "i18n.py":
            parts = path.relative_to(root.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_message_of_every_area_is_complete() -> None:
    """All messages, whatever ran before: every module that registers some is imported first.
    Each has English and Chinese text, and the Chinese template uses the English one's
    placeholders (or their ``_zh`` variants) and no other."""
    import importlib
    import string

    from dfgov.i18n import catalog

    modules = _registering_modules()
    assert len(modules) >= 10, modules
    for name in modules:
        importlib.import_module(name)
    messages = catalog()
    assert len(messages) >= 20 * len(modules), len(messages)

    def fields(template: str) -> set[str]:
        return {f.split(".")[0].split("[")[0]
                for _, f, _, _ in string.Formatter().parse(template) if f}

    for key, texts in messages.items():
        assert texts["en"].strip() and texts["zh-CN"].strip(), key
        en, zh = fields(texts["en"]), fields(texts["zh-CN"])
        assert zh <= en | {f + "_zh" for f in en}, (key, zh - en)
        assert en <= zh | {f[:-3] for f in zh if f.endswith("_zh")}, (key, en - zh)
