"""dfgov._field_order.not_above: one cross-field rule for the policies' threshold pairs."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from dfgov._field_order import not_above
from dfgov.errors import PolicyError
from dfgov.policy import Policy


class _Pair(BaseModel):
    low: float = 1.0
    high: float = 2.0
    _order = not_above("low", "high")


def test_a_reversed_pair_is_refused_and_an_equal_one_is_not() -> None:
    assert _Pair(low=2.0, high=2.0).low == 2.0
    with pytest.raises(ValidationError, match="low must not exceed high"):
        _Pair(low=3.0)


@pytest.mark.parametrize(("section", "low", "high", "values"), [
    ("monitoring", "psi_watch", "psi_shift", (0.9, 0.5)),
    ("outsourcing", "fail_below", "warn_below", (90.0, 50.0)),
])
def test_the_policies_refuse_reversed_thresholds(section: str, low: str, high: str,
                                                 values: tuple[float, float]) -> None:
    import dfgov.monitoring
    import dfgov.outsourcing  # both register their policy sections on import

    assert dfgov.monitoring and dfgov.outsourcing
    with pytest.raises(PolicyError, match=f"{low} must not exceed {high}"):
        Policy.from_dict({section: dict(zip((low, high), values, strict=True))})
