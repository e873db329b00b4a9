"""Base of immutable records (outsourcing, review): pydantic errors become InvalidInputError."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from dfgov._input_errors import input_error

__all__ = ["Record"]


class Record(BaseModel):
    """Immutable record; invalid input raises :class:`~dfgov.errors.InvalidInputError`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise input_error(exc, type(self).__name__) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a mapping or a model) into this record."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise input_error(exc, cls.__name__) from None

    @classmethod
    def model_validate_json(  # type: ignore[override]
        cls, json_data: str | bytes, *args: Any, **kwargs: Any
    ) -> Self:
        """Validate a JSON text into this record."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise input_error(exc, cls.__name__) from None
