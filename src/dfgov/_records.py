"""Base of immutable records (outsourcing, review): pydantic errors become InvalidInputError."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from dfgov.errors import InvalidInputError

__all__ = ["Record", "as_input_error"]


def as_input_error(model: str, exc: ValidationError) -> InvalidInputError:
    """One :class:`InvalidInputError` naming the field and the rule (never the value)."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(record)"
    rule = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
    rule = rule.removeprefix("Value error, ")
    more = len(exc.errors()) - 1
    extra = f" ({more} more error{'s' if more > 1 else ''})" if more else ""
    return InvalidInputError(f"{model}.{loc}: {rule}.{extra}")


class Record(BaseModel):
    """Immutable record; invalid input raises :class:`~dfgov.errors.InvalidInputError`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise as_input_error(type(self).__name__, exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a mapping or a model) into this record."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise as_input_error(cls.__name__, exc) from None

    @classmethod
    def model_validate_json(  # type: ignore[override]
        cls, json_data: str | bytes, *args: Any, **kwargs: Any
    ) -> Self:
        """Validate a JSON text into this record."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise as_input_error(cls.__name__, exc) from None
