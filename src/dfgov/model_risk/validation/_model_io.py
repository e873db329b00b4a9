"""Loading model files safely: skops with a checked trusted-types list; pickle only on request.

Pickle and joblib files run arbitrary code when loaded, so :func:`load_model`
refuses them unless ``trust_pickle=True``. A skops file is loaded only when
every type it holds is on the allow-list (scikit-learn, numpy and scipy
types, plus those the caller names in ``trusted``); otherwise the error names
the unknown types. Where each model came from is remembered, and
:class:`SecurityCheck` reports a finding for a model from an unsafe format.
"""

from __future__ import annotations

import contextlib
import pickle
import weakref
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dfgov.errors import InputFileError
from dfgov.fingerprint import fingerprint_file

__all__ = ["TRUSTED_NAMES", "TRUSTED_PREFIXES", "ModelProvenance", "load_model",
           "model_provenance"]

#: Module prefixes of types a skops file may hold without being named in ``trusted``.
TRUSTED_PREFIXES: tuple[str, ...] = ("sklearn.", "numpy.", "scipy.", "builtins.")
#: Exact names also trusted. skops lists a partial's function and arguments as separate
#: nodes, each checked on its own, so the wrapper itself cannot smuggle code in.
TRUSTED_NAMES: frozenset[str] = frozenset({"functools.partial"})

ModelFormat = Literal["skops", "pickle", "joblib"]


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


_PROVENANCE: weakref.WeakKeyDictionary[Any, ModelProvenance] = weakref.WeakKeyDictionary()


def _remember(model: Any, prov: ModelProvenance) -> None:
    with contextlib.suppress(TypeError):  # not weak-referenceable (e.g. a builtin list)
        _PROVENANCE[model] = prov


def model_provenance(model: Any) -> ModelProvenance | None:
    """The provenance recorded by :func:`load_model` for ``model``, if it was loaded by it."""
    try:
        return _PROVENANCE.get(model)
    except TypeError:
        return None


def _format_of(p: Path) -> ModelFormat:
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
        f"The model file {str(p)!r} has an unknown format: expected a .skops file "
        "(or .pkl/.pickle/.joblib with trust_pickle=True)."
    )


def load_model(
    path: str | Path, *, trust_pickle: bool = False, trusted: Sequence[str] = ()
) -> Any:
    """Load a fitted model from a skops file (or, if trusted, a pickle/joblib file).

    Parameters
    ----------
    path : str or Path
        ``.skops`` (preferred), or ``.pkl``/``.pickle``/``.joblib``.
    trust_pickle : bool, default False
        Allow pickle and joblib files. They execute code while loading: pass
        True only for files your own pipeline wrote. The model is then marked
        as coming from an unsafe format.
    trusted : sequence of str
        Extra fully qualified type names a skops file may contain (e.g.
        ``"xgboost.sklearn.XGBClassifier"``) beyond :data:`TRUSTED_PREFIXES`.

    Raises
    ------
    InputFileError
        Unreadable file, unknown format, pickle/joblib without
        ``trust_pickle``, or a skops file holding types that are not trusted
        (the message names them).
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"The model file {str(p)!r} does not exist or is not a file.")
    fmt = _format_of(p)
    digest = fingerprint_file(p)
    if fmt != "skops":
        if not trust_pickle:
            raise InputFileError(
                f"The model file {str(p)!r} is a {fmt} file, which can execute arbitrary code "
                "when loaded. Save the model with skops (skops.io.dump), or pass "
                "trust_pickle=True only for a file your own pipeline wrote."
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
        _remember(model, ModelProvenance(str(p), fmt, digest, safe=False))
        return model
    import skops.io as sio

    try:
        untrusted = list(sio.get_untrusted_types(file=p))
    except Exception as exc:
        raise InputFileError(
            f"The model file {str(p)!r} is not a readable skops file: {type(exc).__name__}."
        ) from None
    extra = set(trusted) | TRUSTED_NAMES
    refused = sorted(t for t in untrusted if not t.startswith(TRUSTED_PREFIXES) and t not in extra)
    if refused:
        raise InputFileError(
            f"The model file {str(p)!r} contains types that are not trusted: {refused}. "
            "Name them in load_model(..., trusted=[...]) only if you know where the file "
            "comes from."
        )
    try:
        model = sio.load(p, trusted=untrusted)
    except Exception as exc:
        raise InputFileError(
            f"The model file {str(p)!r} cannot be loaded with skops: {type(exc).__name__}."
        ) from None
    _remember(model, ModelProvenance(str(p), "skops", digest, safe=True,
                                     trusted_types=tuple(sorted(untrusted))))
    return model
