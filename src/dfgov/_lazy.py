"""Lazy re-exports for package ``__init__`` modules (keeps ``import dfgov.x`` light).

Usage in a package ``__init__``::

    from dfgov._lazy import lazy_exports

    __all__ = ["GroupMetrics", "FairnessCheck"]
    __getattr__, __dir__ = lazy_exports(__name__, {
        "GroupMetrics": "._metrics",
        "FairnessCheck": "._check",
    })

Type checkers still need ``if TYPE_CHECKING:`` imports of the same names.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` that import ``names`` from submodules on first use."""

    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(target, package)
        value = getattr(module, name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(names) | set(vars(sys.modules[package])))

    return __getattr__, __dir__
