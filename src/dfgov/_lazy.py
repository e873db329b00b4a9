"""Lazy re-exports for package ``__init__`` modules (keeps ``import dfgov.x`` light).

Each package lists its public names once, in ``_EXPORTS`` (name -> the submodule
that defines it, relative to the package or absolute); ``__all__``, ``dir()`` and
attribute access all follow from it::

    from typing import TYPE_CHECKING

    from dfgov._lazy import lazy_exports

    if TYPE_CHECKING:
        from dfgov.model_risk.fairness._check import FairnessCheck as FairnessCheck
        from dfgov.model_risk.fairness._metrics import GroupMetrics as GroupMetrics

    _EXPORTS = {"FairnessCheck": "._check", "GroupMetrics": "._metrics"}
    __all__ = sorted(_EXPORTS)
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

A name whose submodule is the package's own child of that name (``"audit": ".audit"``
in ``dfgov``) exports the subpackage itself. Type checkers cannot read ``_EXPORTS``,
so the ``if TYPE_CHECKING:`` imports repeat it, with redundant aliases (``X as X``)
that mark them as re-exports; ``tests/test_public_api.py`` checks the two agree.

A deprecated name (``deprecated={"Old": "dfgov.pkg.New"}``) still resolves, with a
:class:`DeprecationWarning` naming the new one, but is neither in ``__all__`` nor in
``dir()`` and is never cached on the module, so every use warns.
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

__all__ = ["deprecated_aliases", "lazy_exports"]


def _resolve(package: str, name: str, target: str) -> Any:
    module = importlib.import_module(target, package)
    if module.__name__ == f"{package}.{name}":
        return module  # a subpackage or submodule exported under its own name
    return getattr(module, name)


def _load_path(path: str) -> Any:
    """The object at a dotted ``path`` (``"dfgov.clock.now"``), importing its module."""
    module_name, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def deprecated_aliases(
    module: str, aliases: Mapping[str, str | tuple[str, str]],
) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` serving old names, each with a :class:`DeprecationWarning`.

    Parameters
    ----------
    module : str
        The module's ``__name__``.
    aliases : Mapping[str, str | tuple[str, str]]
        Deprecated name -> the dotted path of what replaces it (``{"now": "dfgov.clock.now"}``;
        the warning says to use it), or -> ``(dotted path of the object still served, the
        advice the warning gives)`` when no public name replaces it.

    Returns
    -------
    Callable[[str], Any]
        A ``__getattr__`` that raises :class:`AttributeError` for any other name.
    """

    def __getattr__(name: str) -> Any:
        alias = aliases.get(name)
        if alias is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        path, instead = (alias, f"use {alias}") if isinstance(alias, str) else alias
        import warnings

        warnings.warn(f"{module}.{name} is deprecated and goes in the next release; {instead}.",
                      DeprecationWarning, stacklevel=2)
        return _load_path(path)

    return __getattr__


def lazy_exports(
    package: str, names: Mapping[str, str], *,
    deprecated: Mapping[str, str | tuple[str, str]] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` that import ``names`` from submodules on first use.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : Mapping[str, str]
        The package's exports: name -> submodule defining it (``"._check"`` or absolute).
    deprecated : Mapping[str, str | tuple[str, str]], optional
        Old names still served for one release, as in :func:`deprecated_aliases`.

    Returns
    -------
    tuple
        The module's ``__getattr__`` and ``__dir__``; ``dir()`` lists ``names`` and the
        module's real attributes, never a deprecated name.
    """
    old_names = deprecated_aliases(package, deprecated or {})

    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            return old_names(name)
        value = _resolve(package, name, target)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(names) | set(vars(sys.modules[package])))

    return __getattr__, __dir__
