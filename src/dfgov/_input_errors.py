"""One conversion from a pydantic ``ValidationError`` to an ``InvalidInputError``.

The message names the owner (a record, an argument, a document), the field's path and the rule
that was broken. It never contains the value received: the input may be personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["FieldError", "first_field_error", "input_error"]

#: ``(loc, rule, more)``: the failing field's path parts, the broken rule, how many errors follow.
FieldError = tuple[tuple[int | str, ...], str, int]


def _rule(err: Any, unknown: str) -> str:
    """The rule an error names, without the value that broke it."""
    if err["type"] == "extra_forbidden":
        return unknown
    rule = str(err["msg"]).removeprefix("Value error, ")
    detail = (err.get("ctx") or {}).get("error")
    if isinstance(detail, str) and rule.endswith(f", {detail}"):
        # a parser's detail ("found `x` at 3") may quote the input: keep only the rule itself
        rule = rule.removesuffix(f", {detail}")
    value = err.get("input")
    if isinstance(value, str) and len(value) >= 3 and value in rule:
        rule = rule.replace(value, "<value>")
    return rule


def first_field_error(exc: ValidationError, *, unknown: str = "unknown field") -> FieldError:
    """The first error of ``exc`` (an unknown field first: the likeliest typo), value-free.

    Parameters
    ----------
    exc : pydantic.ValidationError
        The validation failure.
    unknown : str
        The rule to name for a field that is not allowed (``"unknown key"`` for a policy).

    Returns
    -------
    tuple
        ``(loc, rule, more)``: the field path parts, the rule, and how many more errors there are.
    """
    errs = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    err = errs[0]
    return tuple(err["loc"]), _rule(err, unknown), len(errs) - 1


def input_error(exc: ValidationError, owner: str, *,
                unknown: str = "unknown field") -> InvalidInputError:
    """An :class:`InvalidInputError` naming ``owner``, the field and the rule (never the value).

    Parameters
    ----------
    exc : pydantic.ValidationError
        The validation failure.
    owner : str
        What was validated: a record (``"Provider"``) or a caller and its argument
        (``"DataSecurityAssessment.run: controls"``). The message reads ``owner.field: rule.``
    unknown : str
        The rule named for a field that is not allowed.

    Returns
    -------
    InvalidInputError
        To raise ``from None`` (the pydantic error itself carries the input value).

    Examples
    --------
    >>> from pydantic import BaseModel, ConfigDict, ValidationError
    >>> class M(BaseModel):
    ...     model_config = ConfigDict(extra="forbid")
    ...     age: int
    >>> try:
    ...     M(age="Zhang San")
    ... except ValidationError as exc:
    ...     print(input_error(exc, "M"))
    M.age: Input should be a valid integer, unable to parse string as an integer.
    """
    loc, rule, more = first_field_error(exc, unknown=unknown)
    where = ".".join(str(p) for p in loc)
    extra = f" ({more} more error{'s' if more > 1 else ''})" if more else ""
    return InvalidInputError(f"{owner}{'.' if where else ''}{where}: {rule}.{extra}")
