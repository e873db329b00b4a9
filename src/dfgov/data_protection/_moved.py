"""Names that moved in this release, still served from their old path for one release.

The old path warns (``DeprecationWarning`` naming the new path) and returns the very
object the new path returns. A moved name is not in the old module's ``__all__`` nor
in its ``dir()``, so it does not count as a second import path.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["moved_names"]


def moved_names(
    module: str,
    moved: Mapping[str, str],
    fallback: Callable[[str], Any] | None = None,
) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``moved`` (name -> new module) with a warning.

    Parameters
    ----------
    module : str
        Dotted name of the module whose old path this serves.
    moved : Mapping[str, str]
        Each moved name and the public module it is imported from now.
    fallback : callable, optional
        The module's own ``__getattr__`` (its lazy exports) for every other name.

    Returns
    -------
    callable
        The ``__getattr__`` to install in ``module``.
    """

    def __getattr__(name: str) -> Any:
        new = moved.get(name)
        if new is None:
            if fallback is not None:
                return fallback(name)
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} is deprecated and will be removed in the next release; "
            f"import it from {new} ({new}.{name}).",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new), name)

    return __getattr__
