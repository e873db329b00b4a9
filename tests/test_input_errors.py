"""The one pydantic-error converter: names owner, field and rule; never the value received."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError

from dfgov._input_errors import first_field_error, input_error
from dfgov.errors import InvalidInputError


class _Person(BaseModel):
    model_config = ConfigDict(extra="forbid")
    age: int
    born: date | None = None
    ref: uuid.UUID | None = None


def _error(**data: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        _Person(**data)  # type: ignore[arg-type]
    return info.value


@given(secret=st.text(alphabet="qxjz", min_size=3, max_size=20))  # letters no message has
def test_message_never_contains_the_value(secret: str) -> None:
    for data in ({"age": secret}, {"age": 1, "born": secret}, {"age": 1, "ref": secret}):
        err = input_error(_error(**data), "Person")
        assert isinstance(err, InvalidInputError)
        assert secret not in str(err)
        assert f"Person.{next(k for k in data if data[k] == secret)}: " in str(err)


def test_unknown_field_first_and_counted() -> None:
    exc = _error(age="x", nickname="y")
    assert first_field_error(exc) == (("nickname",), "unknown field", 1)
    assert str(input_error(exc, "Person", unknown="unknown key")) == (
        "Person.nickname: unknown key. (1 more error)")


def test_model_level_error_names_the_owner() -> None:
    class Pair(BaseModel):
        a: int
        b: int

        def model_post_init(self, _: object) -> None:
            if self.a > self.b:
                raise ValueError("a must not exceed b")

    with pytest.raises(ValidationError) as info:
        Pair(a=2, b=1)
    assert str(input_error(info.value, "Pair")) == "Pair: a must not exceed b."
