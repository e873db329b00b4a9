"""Canonical content digests of data, models, policies and files.

A fingerprint depends on content only: a DataFrame gives the same digest
whatever its memory layout (C or Fortran order, chunking, index, column
order); a fitted model the same digest for the same class, parameters and
fitted state. SHA-256 by default, SM3 on request.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov._hashing import Hasher, new_hasher
from dfgov.errors import InputFileError, InvalidInputError

if TYPE_CHECKING:
    from dfgov.policy import Policy

__all__ = ["fingerprint_array", "fingerprint_file", "fingerprint_frame", "fingerprint_model",
           "fingerprint_policy"]


def _update_array(h: Hasher, values: Any) -> None:
    import numpy as np

    arr = np.asarray(values)
    kind = arr.dtype.kind
    h.update(f"{kind}:{arr.shape}".encode())
    if kind in "biuf":
        canon = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        if kind == "f":
            canon = np.where(np.isnan(canon), np.nan, canon)  # one NaN bit pattern
            canon = canon + 0.0  # -0.0 -> 0.0
        h.update(np.ascontiguousarray(canon).tobytes())
    elif kind == "M" or kind == "m":
        h.update(np.ascontiguousarray(arr.astype("<i8")).tobytes())
    else:
        for item in arr.ravel(order="C").tolist():
            if item is None or (isinstance(item, float) and item != item):
                h.update(b"\x00N")
            else:
                b = str(item).encode("utf-8")
                h.update(b"\x01" + struct.pack("<Q", len(b)) + b)


def fingerprint_array(values: Any, *, algorithm: str = "sha256") -> str:
    """Digest of an array's shape, kind and values."""
    h = new_hasher(algorithm)
    _update_array(h, values)
    return h.hexdigest()


def fingerprint_frame(df: Any, *, algorithm: str = "sha256") -> str:
    """Digest of a DataFrame's content: column names, dtypes and values.

    Columns are taken in sorted name order and the index is ignored, so the
    digest does not depend on layout. Row order is content and counts.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidInputError(
            f"The 'df' argument of fingerprint_frame must be a pandas DataFrame. "
            f"Got {type(df).__name__}."
        )
    h = new_hasher(algorithm)
    h.update(f"rows:{len(df)}".encode())
    for name in sorted(df.columns, key=str):
        col = df[name]
        h.update(f"\x02{name}\x02{col.dtype}".encode())
        if isinstance(col.dtype, pd.CategoricalDtype):
            _update_array(h, col.astype(object).to_numpy())
        else:
            _update_array(h, col.to_numpy())
    return h.hexdigest()


def _canon_model(obj: Any, h: Hasher, depth: int = 0) -> None:
    import numpy as np

    if depth > 50:
        raise InvalidInputError("The model is nested too deeply to fingerprint.")
    if obj is None or isinstance(obj, (bool, int, float, str)):
        h.update(json.dumps(obj).encode())
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind == "O":
            h.update(b"objarray")
            for x in obj.ravel().tolist():
                _canon_model(x, h, depth + 1)
        else:
            _update_array(h, obj)
    elif isinstance(obj, np.generic):
        _canon_model(obj.item(), h, depth + 1)
    elif isinstance(obj, (list, tuple)):
        h.update(f"seq{len(obj)}".encode())
        for x in obj:
            _canon_model(x, h, depth + 1)
    elif isinstance(obj, dict):
        h.update(f"map{len(obj)}".encode())
        for k in sorted(obj, key=str):
            h.update(str(k).encode())
            _canon_model(obj[k], h, depth + 1)
    elif hasattr(obj, "get_params"):
        cls = type(obj)
        h.update(f"est:{cls.__module__}.{cls.__qualname__}".encode())
        _canon_model(obj.get_params(deep=False), h, depth + 1)
        fitted = {k: v for k, v in vars(obj).items() if k.endswith("_") and not k.startswith("_")}
        _canon_model(fitted, h, depth + 1)
    elif callable(obj):
        h.update(f"callable:{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', '')}"
                 .encode())
    else:
        import pickle

        h.update(f"obj:{type(obj).__module__}.{type(obj).__qualname__}".encode())
        try:
            h.update(pickle.dumps(obj, protocol=5))
        except Exception:
            h.update(repr(obj).encode())


def fingerprint_model(model: Any, *, algorithm: str = "sha256") -> str:
    """Digest of a fitted estimator: class, parameters and fitted attributes (``*_``)."""
    h = new_hasher(algorithm)
    _canon_model(model, h)
    return h.hexdigest()


def fingerprint_policy(policy: Policy) -> str:
    """The policy's content hash (see :attr:`dfgov.Policy.hash`)."""
    return policy.hash


def fingerprint_file(path: str | Path, *, algorithm: str = "sha256") -> str:
    """Digest of a file's bytes, read in 1 MiB blocks."""
    h = new_hasher(algorithm)
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
    except OSError as exc:
        raise InputFileError(f"Cannot read {str(path)!r}: {exc.__class__.__name__}.") from None
    return h.hexdigest()
