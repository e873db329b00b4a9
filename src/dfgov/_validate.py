"""Parameter checks with one error format.

Every message names the caller, the parameter, the rule and the value received::

    The 'to' argument of Lifecycle.missing must be one of ['proposed', ...]. Got 'bogus'.

(The same shape as :func:`dfgov.policy.resolve_section`'s error.) Pass ``got=`` only
for values that cannot be personal data (states, codes, numbers, type names); else
describe what was received with ``got_text=`` ("a negative value", "type DataFrame").
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Collection
from typing import Any, Literal, TypeVar, cast, overload

from dfgov.errors import InvalidInputError

__all__ = ["check_choice", "check_int", "check_range", "param_error", "renamed_arg"]

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


@overload
def renamed_arg(value: T | None, old_value: T | None, *, caller: str, new: str, old: str,
                required: Literal[True]) -> T: ...
@overload
def renamed_arg(value: T | None, old_value: T | None, *, caller: str, new: str, old: str,
                required: Literal[False] = ...) -> T | None: ...
def renamed_arg(value: T | None, old_value: T | None, *, caller: str, new: str, old: str,
                required: bool = False) -> T | None:
    """The value of parameter ``new``, also accepted for one release under its old keyword ``old``.

    The old keyword warns (:class:`DeprecationWarning` naming ``new``); giving both is an
    :class:`~dfgov.errors.InvalidInputError` naming both; ``required`` parameters must get
    a value under one of the two names.

    Examples
    --------
    >>> renamed_arg(3, None, caller="f", new="as_of", old="on")
    3
    """
    if old_value is not None:
        if value is not None:
            raise param_error(caller, new, f"and its deprecated old name '{old}' were both "
                              f"given; pass only '{new}'")
        warnings.warn(f"The '{old}' argument of {caller} is deprecated and goes in the next "
                      f"release; use '{new}'.", DeprecationWarning, stacklevel=3)
        value = old_value
    if required and value is None:
        raise param_error(caller, new, "is required")
    return value


def check_int(value: object, *, caller: str, parameter: str, minimum: int = 1) -> int:
    """``value`` when it is an integer (not a bool) of at least ``minimum``; else the error.

    Examples
    --------
    >>> check_int(0, caller="f", parameter="n_boot")
    Traceback (most recent call last):
    ...
    dfgov.errors.InvalidInputError: The 'n_boot' argument of f must be an integer >= 1. Got 0.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise param_error(caller, parameter, f"must be an integer >= {minimum}", got=value)
    return value


def check_range(value: object, low: float, high: float, *, caller: str, parameter: str,
                closed: bool = False) -> float:
    """``value`` as a float when it is a number in ``(low, high)`` (``[low, high]`` when
    ``closed``); else the error naming the interval.

    Examples
    --------
    >>> check_range(0.95, 0, 1, caller="wilson", parameter="confidence")
    0.95
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if ok:
        v = float(value)  # type: ignore[arg-type]  # a numbers.Real
        ok = low <= v <= high if closed else low < v < high
    if not ok:
        shown = f"[{low:g}, {high:g}]" if closed else f"({low:g}, {high:g})"
        raise param_error(caller, parameter, f"must be a number in {shown}", got=value)
    return float(value)  # type: ignore[arg-type]
