"""Reading an MLflow model directory (its ``MLmodel`` file) through the safe loaders.

An MLflow model directory names, per flavor, the file that holds the model and how
it was written. dfgov reads that description itself (no MLflow needed) and loads the
file with the loader for its format: XGBoost UBJSON/JSON, LightGBM text, CatBoost
``.cbm``, ONNX, or skops with the caller's exact trusted types. The
``skops_trusted_types`` an MLmodel file lists are never trusted on its word. Flavors
stored as pickle or cloudpickle (scikit-learn's or statsmodels' pickled models) load
only with ``trust_pickle=True``; a custom ``python_function`` model is code and is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dfgov.errors import InputFileError, MissingDependencyError

__all__ = ["MLmodelEntry", "read_mlmodel"]

#: Flavors dfgov reads, in order of preference.
_FLAVORS = ("xgboost", "lightgbm", "catboost", "onnx", "sklearn", "statsmodels")


@dataclass(frozen=True)
class MLmodelEntry:
    """The file of one flavor of an MLflow model directory and how it is stored."""

    flavor: str
    path: Path
    serialization: str
    """``native`` (the library's own format), ``skops``, ``pickle`` or ``cloudpickle``."""


def _yaml(path: Path) -> dict[str, Any]:
    try:
        import yaml
    except ImportError as exc:
        raise MissingDependencyError("pyyaml", "mlflow", purpose="MLflow model directories") \
            from exc
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputFileError(
            f"The MLmodel file {str(path)!r} cannot be read: {type(exc).__name__}."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("flavors"), dict):
        raise InputFileError(f"The MLmodel file {str(path)!r} lists no flavors.")
    return data


def _inside(directory: Path, name: Any) -> Path:
    if not isinstance(name, str) or not name:
        raise InputFileError(f"The MLmodel file of {str(directory)!r} names no model file.")
    p = (directory / name).resolve()
    if directory.resolve() not in p.parents and p != directory.resolve():
        raise InputFileError(
            f"The MLmodel file of {str(directory)!r} points outside its directory."
        )
    if not p.is_file():
        raise InputFileError(f"The MLflow model file {str(p)!r} does not exist.")
    return p


def read_mlmodel(directory: Path) -> MLmodelEntry:
    """The model file and storage of the first flavor dfgov reads.

    Raises
    ------
    InputFileError
        No ``MLmodel`` file, no flavor dfgov reads (a custom ``python_function`` model
        is code), or a model file outside the directory.
    """
    mlmodel = directory / "MLmodel"
    if not mlmodel.is_file():
        raise InputFileError(f"The directory {str(directory)!r} is not an MLflow model "
                             "(it has no MLmodel file).")
    flavors: dict[str, Any] = _yaml(mlmodel)["flavors"]
    for flavor in _FLAVORS:
        conf = flavors.get(flavor)
        if not isinstance(conf, dict):
            continue
        name = conf.get("data") or conf.get("pickled_model")
        fmt = str(conf.get("serialization_format") or "")
        path = _inside(directory, name)
        if flavor == "sklearn" or (flavor == "lightgbm" and path.suffix == ".skops"):
            serialization = "skops" if path.suffix == ".skops" or fmt == "skops" else (
                fmt or "pickle")
        elif flavor == "statsmodels" or path.suffix in (".pkl", ".pickle"):
            serialization = "pickle"
        elif flavor == "catboost" and str(conf.get("save_format", "cbm")) != "cbm":
            if str(conf.get("save_format")) != "onnx":
                raise InputFileError(
                    f"The MLflow CatBoost model in {str(directory)!r} is saved as "
                    f"{conf.get('save_format')!r}; dfgov reads 'cbm' and 'onnx'."
                )
            serialization = "native"
        else:
            serialization = "native"
        return MLmodelEntry(flavor, path, serialization)
    names = sorted(flavors)
    raise InputFileError(
        f"The MLflow model in {str(directory)!r} has flavors {names}; dfgov reads "
        f"{list(_FLAVORS)}. A custom python_function model is pickled code and is not loaded."
    )
