"""Loading models from their libraries' own data formats, which hold no code.

XGBoost JSON/UBJSON (``.json``, ``.ubj``, ``.xgb``), LightGBM text (``.txt``), CatBoost
binary (``.cbm``) and ONNX (``.onnx``) describe trees, coefficients or graphs of
standard operators as data: loading them cannot run code, unlike pickle. Each loader
checks the file's first bytes before handing it to its library, so a file named
``.json`` that is not an XGBoost model is refused with a message naming the format
expected.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from dfgov.errors import InputFileError, MissingDependencyError

__all__ = ["NATIVE_SUFFIXES", "NativeFormat", "load_native", "native_format"]

NativeFormat = Literal["xgboost_json", "xgboost_ubj", "lightgbm_text", "catboost_cbm", "onnx"]

#: File suffixes read as a library's own safe format.
NATIVE_SUFFIXES: dict[str, str] = {
    ".json": "XGBoost JSON", ".ubj": "XGBoost UBJSON", ".xgb": "XGBoost UBJSON",
    ".txt": "LightGBM text", ".lgb": "LightGBM text", ".cbm": "CatBoost binary",
    ".cb": "CatBoost binary", ".onnx": "ONNX",
}
_XGB_CLASSIFIER = ("binary:", "multi:")


def _head(p: Path, n: int = 64) -> bytes:
    try:
        with open(p, "rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise InputFileError(f"Cannot read the model file {str(p)!r}: "
                             f"{type(exc).__name__}.") from None


#: Per suffix: the format, a test of the file's first bytes, and what the file is not.
_SIGNATURES: dict[str, tuple[NativeFormat, Callable[[bytes], bool], str]] = {
    ".json": ("xgboost_json", lambda h: h.lstrip().startswith(b"{"),
              "a JSON document; a .json model must be an XGBoost model saved with save_model"),
    ".ubj": ("xgboost_ubj", lambda h: h[:1] == b"{",
             "XGBoost UBJSON (expected a file written by XGBoost's save_model)"),
    ".txt": ("lightgbm_text", lambda h: h.startswith((b"tree\n", b"tree\r\n")),
             "a LightGBM model (expected the text written by Booster.save_model, starting "
             "with 'tree')"),
    ".cbm": ("catboost_cbm", lambda h: h[:4] == b"CBM1", "a CatBoost .cbm model"),
}
_SIGNATURES[".xgb"] = _SIGNATURES[".ubj"]
_SIGNATURES[".lgb"] = _SIGNATURES[".txt"]
_SIGNATURES[".cb"] = _SIGNATURES[".cbm"]


def native_format(p: Path) -> NativeFormat | None:
    """The safe native format of ``p`` from its suffix and first bytes, or None."""
    suffix = p.suffix.lower()
    if suffix not in NATIVE_SUFFIXES:
        return None
    if suffix not in _SIGNATURES:
        return "onnx"
    fmt, looks_right, not_what = _SIGNATURES[suffix]
    if looks_right(_head(p)):
        return fmt
    raise InputFileError(f"The model file {str(p)!r} is not {not_what}.")


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module, "models", purpose=f"{module} model files") \
            from exc


def load_native(p: Path, fmt: NativeFormat) -> Any:
    """Load ``p`` with its own library (the format checked by :func:`native_format`)."""
    try:
        if fmt in ("xgboost_json", "xgboost_ubj"):
            return _xgboost(p, fmt)
        if fmt == "lightgbm_text":
            lightgbm = _need("lightgbm")
            return lightgbm.Booster(model_file=str(p))
        if fmt == "catboost_cbm":
            catboost = _need("catboost")
            model = catboost.CatBoostClassifier()
            model.load_model(str(p), format="cbm")
            return model
        from dfgov.model_risk import OnnxModel

        return OnnxModel(p)
    except (MissingDependencyError, InputFileError):
        raise
    except Exception as exc:
        raise InputFileError(
            f"The model file {str(p)!r} cannot be loaded as {fmt}: {type(exc).__name__}."
        ) from None


def _xgboost(p: Path, fmt: NativeFormat) -> Any:
    """An ``XGBClassifier`` for classification objectives, else the ``Booster``."""
    xgboost = _need("xgboost")
    booster = xgboost.Booster()
    booster.load_model(str(p))
    objective = json.loads(booster.save_config())["learner"]["objective"]["name"]
    if not objective.startswith(_XGB_CLASSIFIER):
        return booster
    model = xgboost.XGBClassifier()
    model.load_model(str(p))
    return model
