"""Loading model files safely: native formats, skops with exact trusted types; pickle on request.

The libraries' own data formats hold no code and load as they are: XGBoost
JSON/UBJSON (``.json``, ``.ubj``), LightGBM text (``.txt``), CatBoost ``.cbm`` and
ONNX (``.onnx``); so does an MLflow model directory whose flavor is stored in one
of them (or as skops). Pickle and joblib files run arbitrary code when loaded, so
:func:`load_model` refuses them unless ``trust_pickle=True``. A skops file is loaded only when
every type it holds is trusted **by its exact name**: skops' own defaults
(scikit-learn estimators, numpy dtypes and ufuncs), the internal
scikit-learn types in :data:`TRUSTED_NAMES`, and the names the caller lists
in ``trusted``. No type is ever trusted for the module it lives in, and a
callable that executes, evaluates or imports code (:func:`is_forbidden_type`)
is refused even when the caller names it. Where each model came from is
remembered, and :class:`SecurityCheck` reports a finding for a model from an
unsafe format.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import weakref
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dfgov.errors import InputFileError, InvalidInputError
from dfgov.fingerprint import fingerprint_file

__all__ = ["TRUSTED_NAMES", "ModelProvenance", "check_trusted_names", "is_forbidden_type",
           "load_model", "model_provenance"]

_DIST = "sklearn.metrics._dist_metrics."
_SPLIT = "sklearn.model_selection._split."
#: Exact names, beyond skops' defaults, that a model file may hold without the caller naming
#: them: the fitted internals of scikit-learn's own estimators. skops lists a partial's
#: function and arguments as separate nodes, each checked on its own, so ``functools.partial``
#: cannot smuggle a callable in.
TRUSTED_NAMES: frozenset[str] = frozenset({
    "functools.partial",
    "numpy.dtype",
    "builtins.slice", "builtins.complex", "builtins.bytes", "builtins.bytearray",
    "builtins.frozenset", "builtins.range",
    "sklearn.tree._tree.Tree",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn.utils.validation.check_array",
    "sklearn.utils._bunch.Bunch",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.calibration._TemperatureScaling",
    "sklearn._loss.loss.HalfTweedieLoss", "sklearn._loss.loss.HalfTweedieLossIdentity",
    "sklearn.neighbors._kd_tree.KDTree", "sklearn.neighbors._kd_tree.KDTree64",
    "sklearn.neighbors._kd_tree.KDTree32",
    "sklearn.neighbors._ball_tree.BallTree", "sklearn.neighbors._ball_tree.BallTree64",
    "sklearn.neighbors._ball_tree.BallTree32",
    *(f"{_DIST}{name}Distance{bits}"
      for name in ("Euclidean", "SEuclidean", "Manhattan", "Chebyshev", "Minkowski",
                   "Mahalanobis", "Hamming", "Canberra", "BrayCurtis", "Jaccard", "Matching",
                   "Dice", "Kulsinski", "RogersTanimoto", "RussellRao", "SokalMichener",
                   "SokalSneath", "Haversine")
      for bits in ("32", "64")),
    "sklearn.metrics._scorer._PassthroughScorer", "sklearn.metrics._scorer._Scorer",
    *(f"{_SPLIT}{name}"
      for name in ("KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold",
                   "ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit",
                   "RepeatedKFold", "RepeatedStratifiedKFold", "TimeSeriesSplit",
                   "PredefinedSplit", "LeaveOneOut", "LeaveOneGroupOut")),
})

#: Modules whose members are never trusted, whoever names them: they execute, evaluate,
#: import or reach code, files, processes or the network.
_FORBIDDEN_MODULES: tuple[str, ...] = (
    "os", "posix", "nt", "sys", "subprocess", "importlib", "imp", "operator", "_operator",
    "pickle", "_pickle", "cloudpickle", "dill", "joblib", "marshal", "shelve", "runpy",
    "code", "codeop", "ctypes", "cffi", "shutil", "socket", "ssl", "pty", "io", "_io",
    "pathlib", "types", "inspect", "gc", "signal", "threading", "_thread",
    "multiprocessing", "concurrent", "asyncio", "tempfile", "webbrowser", "urllib", "http",
    "ftplib", "smtplib", "requests", "httpx", "ast", "dis", "linecache", "zipimport",
    "pkgutil", "site", "sysconfig", "platform", "ensurepip", "venv", "pdb", "bdb",
    "timeit", "trace", "tracemalloc", "weakref", "copyreg", "copy", "functools",
    "numpy.f2py", "numpy.testing", "numpy.distutils", "numpy.ctypeslib", "numpy.lib.format",
    "numpy.lib._npyio_impl", "numpy.lib.npyio", "numpy.lib._utils_impl", "numpy.lib.utils",
    "pandas", "numexpr", "scipy.weave", "scipy.io", "sklearn.utils._testing",
    "sklearn.externals", "skops", "sympy",
)
#: Exact names never trusted: builtins that run or reach code, and numpy's readers and
#: text evaluators (``numpy.load`` unpickles, ``safe_eval`` evaluates text).
_FORBIDDEN_NAMES: frozenset[str] = frozenset({
    "numpy.load", "numpy.loadtxt", "numpy.genfromtxt", "numpy.fromfile", "numpy.fromregex",
    "numpy.memmap", "numpy.save", "numpy.savez", "numpy.savetxt", "numpy.safe_eval",
    "numpy.frompyfunc", "numpy.vectorize", "numpy.piecewise", "numpy.apply_along_axis",
    "numpy.apply_over_axes", "numpy.DataSource", "numpy.lib.DataSource",
    "sklearn.metrics._dist_metrics.PyFuncDistance32",
    "sklearn.metrics._dist_metrics.PyFuncDistance64",
})
_SAFE_BUILTINS = frozenset({"int", "float", "str", "bool", "list", "tuple", "dict", "set",
                            "frozenset", "slice", "complex", "bytes", "bytearray", "range",
                            "map", "NoneType"})
_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def is_forbidden_type(name: str) -> bool:
    """True if ``name`` may never be trusted in a model file, whoever vouches for it.

    Forbidden are builtins other than plain containers and scalars (``builtins.exec``,
    ``eval``, ``compile``, ``__import__``, ``getattr``, ``open`` …), every member of a
    module that executes, evaluates, imports or reaches code, files, processes or the
    network (``os``, ``subprocess``, ``operator`` with its ``attrgetter``/``itemgetter``/
    ``methodcaller``, ``importlib``, ``pickle``, ``pandas.eval`` …), and numpy's readers
    and text evaluators (``numpy.load``, ``numpy.lib._utils_impl.safe_eval`` …).
    ``functools.partial`` is the one exception in ``functools``: skops checks the
    function it wraps as a node of its own.

    Examples
    --------
    >>> is_forbidden_type("builtins.exec"), is_forbidden_type("operator.attrgetter")
    (True, True)
    >>> is_forbidden_type("sklearn.tree._tree.Tree")
    False
    """
    if name == "functools.partial":
        return False
    if name in _FORBIDDEN_NAMES:
        return True
    module, _, attr = name.rpartition(".")
    if module == "builtins":
        return attr not in _SAFE_BUILTINS
    if attr.startswith("__") and attr.endswith("__"):
        return True  # dunder members (__import__, __call__, __reduce__ ...) are never types
    return any(module == m or module.startswith(m + ".") for m in _FORBIDDEN_MODULES)


def check_trusted_names(trusted: Iterable[str], *, parameter: str = "trusted") -> tuple[str, ...]:
    """Check caller-supplied trusted type names: exact dotted names, none forbidden.

    Raises
    ------
    InvalidInputError
        A name that is not a fully qualified dotted name (``"numpy."`` or ``"sklearn.*"``
        would trust a whole module) or that :func:`is_forbidden_type` refuses.
    """
    names = tuple(trusted)
    for name in names:
        if not isinstance(name, str) or not _DOTTED.match(name):
            raise InvalidInputError(
                f"The {parameter!r} parameter of load_model must list exact, fully qualified "
                f"type names such as 'xgboost.sklearn.XGBClassifier'; prefixes and wildcards "
                f"are not accepted. Got {name!r}."
            )
        if is_forbidden_type(name):
            raise InvalidInputError(
                f"The {parameter!r} parameter of load_model names {name!r}, a callable that "
                "can execute, evaluate or import code; it can never be trusted in a model file."
            )
    return names


ModelFormat = Literal["skops", "pickle", "joblib", "cloudpickle", "xgboost_json", "xgboost_ubj",
                      "lightgbm_text", "catboost_cbm", "onnx"]


@dataclass(frozen=True)
class ModelProvenance:
    """Where a loaded model came from."""

    path: str
    format: ModelFormat
    sha256: str
    safe: bool
    """False for pickle and joblib (loading them can execute code)."""
    trusted_types: tuple[str, ...] = ()
    """For skops: the non-default types that were checked against the allow-list."""
    mlflow_flavor: str | None = None
    """For an MLflow model directory: the flavor read (``path`` is then the model file)."""
    directory_sha256: str | None = None
    """For an MLflow model directory: digest of every file in it (names and bytes)."""


_PROVENANCE: weakref.WeakKeyDictionary[Any, ModelProvenance] = weakref.WeakKeyDictionary()


_BY_ID: dict[int, tuple[weakref.ref[Any], ModelProvenance]] = {}


def _remember(model: Any, prov: ModelProvenance) -> None:
    try:
        _PROVENANCE[model] = prov
        return
    except TypeError:  # unhashable (CatBoost defines __eq__) or not weak-referenceable
        pass
    with contextlib.suppress(TypeError):
        key = id(model)
        _BY_ID[key] = (weakref.ref(model), prov)
        weakref.finalize(model, _BY_ID.pop, key, None)


def model_provenance(model: Any) -> ModelProvenance | None:
    """The provenance recorded by :func:`load_model` for ``model``, if it was loaded by it.

    ``model`` may be the loaded object or its :class:`~dfgov.model_risk.ModelAdapter`.
    """
    from dfgov.model_risk._adapter_base import ModelAdapter

    if isinstance(model, ModelAdapter):
        model = model.model
    try:
        return _PROVENANCE.get(model)
    except TypeError:
        entry = _BY_ID.get(id(model))
        if entry is not None and entry[0]() is model:
            return entry[1]
        return None


def _format_of(p: Path) -> ModelFormat:
    from dfgov.model_risk.validation._native_io import native_format

    native = native_format(p)
    if native is not None:
        return native
    suffix = p.suffix.lower()
    if suffix == ".skops":
        return "skops"
    if suffix in (".pkl", ".pickle"):
        return "pickle"
    if suffix == ".joblib":
        return "joblib"
    if zipfile.is_zipfile(p):
        return "skops"
    raise InputFileError(
        f"The model file {str(p)!r} has an unknown format: expected .skops, XGBoost .json/"
        ".ubj, LightGBM .txt, CatBoost .cbm, .onnx, an MLflow model directory (or "
        ".pkl/.pickle/.joblib with trust_pickle=True)."
    )


def load_model(
    path: str | Path, *, trust_pickle: bool = False, trusted: Sequence[str] = ()
) -> Any:
    """Load a fitted model from a safe file (or, if trusted, a pickle/joblib file).

    Parameters
    ----------
    path : str or Path
        A library's own format — XGBoost ``.json``/``.ubj``, LightGBM ``.txt``,
        CatBoost ``.cbm``, ``.onnx`` (returned as :class:`~dfgov.model_risk.OnnxModel`) —
        a ``.skops`` file, an MLflow model directory (its ``MLmodel`` flavor decides), or
        ``.pkl``/``.pickle``/``.joblib``. XGBoost classifiers load as ``XGBClassifier``,
        LightGBM text as ``lightgbm.Booster``, CatBoost as ``CatBoostClassifier``.
    trust_pickle : bool, default False
        Allow pickle and joblib files. They execute code while loading: pass
        True only for files your own pipeline wrote. The model is then marked
        as coming from an unsafe format.
    trusted : sequence of str
        Extra exact, fully qualified type names a skops file may contain (e.g.
        ``"xgboost.sklearn.XGBClassifier"``) beyond skops' defaults and
        :data:`TRUSTED_NAMES`. Prefixes are not accepted, and names that
        :func:`is_forbidden_type` refuses (``builtins.exec`` …) never load.

    Raises
    ------
    InputFileError
        Unreadable file, unknown format, pickle/joblib without
        ``trust_pickle``, or a skops file holding types that are not trusted
        (the message names them).
    InvalidInputError
        ``trusted`` holds a prefix, a wildcard or a forbidden name.
    MissingDependencyError
        The library of a native format is not installed (``pip install "dfgov[models]"``).
    """
    extra_trusted = check_trusted_names(trusted)
    p = Path(path)
    if p.is_dir():
        return _load_mlflow(p, trust_pickle=trust_pickle, trusted=extra_trusted)
    if not p.is_file():
        raise InputFileError(f"The model file {str(p)!r} does not exist or is not a file.")
    model, prov = _load_file(p, _format_of(p), trust_pickle=trust_pickle, trusted=extra_trusted)
    _remember(model, prov)
    return model


def _load_mlflow(directory: Path, *, trust_pickle: bool, trusted: tuple[str, ...]) -> Any:
    from dfgov.model_risk.validation._mlmodel import read_mlmodel
    from dfgov.model_risk.validation._native_io import native_format

    entry = read_mlmodel(directory)
    fmt: ModelFormat
    if entry.serialization == "native":
        found = native_format(entry.path)
        if found is None:
            raise InputFileError(
                f"The MLflow {entry.flavor} model file {str(entry.path)!r} has an unknown "
                "format."
            )
        fmt = found
    elif entry.serialization == "skops":
        fmt = "skops"
    elif entry.serialization in ("pickle", "cloudpickle"):
        fmt = "cloudpickle" if entry.serialization == "cloudpickle" else "pickle"
    else:
        raise InputFileError(
            f"The MLflow {entry.flavor} model in {str(directory)!r} is serialized as "
            f"{entry.serialization!r}, which dfgov does not read."
        )
    model, prov = _load_file(entry.path, fmt, trust_pickle=trust_pickle, trusted=trusted)
    prov = ModelProvenance(prov.path, prov.format, prov.sha256, prov.safe, prov.trusted_types,
                           mlflow_flavor=entry.flavor,
                           directory_sha256=_directory_digest(directory))
    _remember(model, prov)
    return model


def _directory_digest(directory: Path) -> str:
    """SHA-256 over every file of ``directory``: relative names and contents, sorted."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted(q for q in directory.rglob("*") if q.is_file()):
        name = f.relative_to(directory).as_posix().encode("utf-8")
        h.update(len(name).to_bytes(4, "big") + name)
        h.update(bytes.fromhex(fingerprint_file(f)))
    return h.hexdigest()


def _load_file(p: Path, fmt: ModelFormat, *, trust_pickle: bool,
               trusted: tuple[str, ...]) -> tuple[Any, ModelProvenance]:
    from dfgov.model_risk.validation._native_io import load_native

    digest = fingerprint_file(p)
    if fmt in ("xgboost_json", "xgboost_ubj", "lightgbm_text", "catboost_cbm", "onnx"):
        model = load_native(p, fmt)
        return model, ModelProvenance(str(p), fmt, digest, safe=True)
    if fmt != "skops":
        if not trust_pickle:
            raise InputFileError(
                f"The model file {str(p)!r} is a {fmt} file, which can execute arbitrary code "
                "when loaded. Save the model with skops (skops.io.dump) or the library's own "
                "format, or pass trust_pickle=True only for a file your own pipeline wrote."
            )
        try:
            if fmt == "joblib":
                import joblib  # type: ignore[import-untyped]

                model = joblib.load(p)
            else:
                with open(p, "rb") as fh:
                    model = pickle.load(fh)  # explicitly trusted by the caller
        except Exception as exc:
            raise InputFileError(
                f"The model file {str(p)!r} cannot be read as {fmt}: {type(exc).__name__}."
            ) from None
        return model, ModelProvenance(str(p), fmt, digest, safe=False)
    import skops.io as sio

    try:
        untrusted = list(sio.get_untrusted_types(file=p))
    except Exception as exc:
        raise InputFileError(
            f"The model file {str(p)!r} is not a readable skops file: {type(exc).__name__}."
        ) from None
    forbidden = sorted(t for t in untrusted if is_forbidden_type(t))
    if forbidden:
        raise InputFileError(
            f"The model file {str(p)!r} refers to {forbidden}, which can execute, evaluate or "
            "import code; dfgov never loads such a file. Re-export the model from a trusted "
            "environment."
        )
    extra = set(trusted) | TRUSTED_NAMES
    refused = sorted(t for t in untrusted if t not in extra)
    if refused:
        raise InputFileError(
            f"The model file {str(p)!r} contains types that are not trusted: {refused}. "
            "Name them in load_model(..., trusted=[...]) or `dfgov gate --trusted TYPE` only "
            "if you know where the file comes from."
        )
    try:
        model = sio.load(p, trusted=untrusted)
    except Exception as exc:
        raise InputFileError(
            f"The model file {str(p)!r} cannot be loaded with skops: {type(exc).__name__}."
        ) from None
    return model, ModelProvenance(str(p), "skops", digest, safe=True,
                                  trusted_types=tuple(sorted(untrusted)))
