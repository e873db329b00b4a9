"""Parameter checks with one error format.

Every message names the caller, the parameter, the rule and the value received::

    The 'to' argument of Lifecycle.missing must be one of ['proposed', ...]. Got 'bogus'.

(The same shape as :func:`dfgov.policy.resolve_section`'s error.) Pass ``got=`` only
for values that cannot be personal data (states, codes, numbers, type names); else
describe what was received with ``got_text=`` ("a negative value", "type DataFrame").
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar, cast

from dfgov.errors import InvalidInputError

__all__ = ["check_choice", "param_error"]

T = TypeVar("T")
_UNSET: Any = object()
_MAX = 80


def param_error(caller: str, parameter: str, rule: str, *, got: object = _UNSET,
                got_text: str | None = None) -> InvalidInputError:
    """The :class:`~dfgov.errors.InvalidInputError` for ``parameter`` of ``caller``.

    Examples
    --------
    >>> str(param_error("hhi", "values", "must be finite and non-negative", got="nan"))
    "The 'values' argument of hhi must be finite and non-negative. Got 'nan'."
    """
    msg = f"The '{parameter}' argument of {caller} {rule}."
    if got_text is not None:
        msg += f" Got {got_text}."
    elif got is not _UNSET:
        shown = repr(got)
        msg += f" Got {shown if len(shown) <= _MAX else shown[:_MAX - 3] + '...'}."
    return InvalidInputError(msg)


def check_choice(value: object, choices: Collection[T], *, caller: str, parameter: str) -> T:
    """``value`` when it is one of ``choices``; else the error naming them and ``value``."""
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set
        ok = False
    if not ok:
        raise param_error(caller, parameter, f"must be one of {list(choices)}", got=value)
    return cast(T, value)
