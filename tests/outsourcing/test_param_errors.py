"""Parameter errors of the outsourcing API name the caller, the parameter, the rule and what
was received (never a value that could be personal, nor a password in a URL)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from dfgov.errors import InvalidInputError
from dfgov.outsourcing import (
    ConcentrationAnalysis,
    OutsourcingCase,
    OutsourcingRegistry,
    due_items,
    hhi,
    portfolio_frames,
)

from . import factory as f


def _two_currencies() -> Any:
    return portfolio_frames([
        OutsourcingCase(provider=f.provider(), arrangement=f.arrangement(status="active")),
        OutsourcingCase(provider=f.provider("P2"), arrangement=f.arrangement(
            "A2", "P2", status="active", currency="USD"))])


CASES: list[tuple[str, Callable[[], object], str, str, str]] = [
    ("hhi shape", lambda: hhi([1.0, 2.0], ["a"]), "hhi", "values", "shape (2,) against 1 keys"),
    ("hhi sign", lambda: hhi([1.0, -2.0], ["a", "b"]), "hhi", "values", "a negative value"),
    ("fx none", lambda: ConcentrationAnalysis().compute(_two_currencies()),
     "ConcentrationAnalysis", "fx_rates", "None for the currencies ['EUR', 'USD']"),
    ("fx lacking", lambda: ConcentrationAnalysis(fx_rates={"EUR": 1.0}).compute(
        _two_currencies()), "ConcentrationAnalysis", "fx_rates", "no rate for ['USD']"),
    ("due data", lambda: due_items([]), "due_items", "data", "type list"),  # type: ignore[arg-type]
    ("case add", lambda: OutsourcingCase(provider=f.provider(), arrangement=f.arrangement())
     .add(f.provider()), "OutsourcingCase.add", "records", "type Provider"),
    ("url", lambda: OutsourcingRegistry("nosuchdb+nodriver://user:s3cret@host/db"),
     "OutsourcingRegistry", "url", "one that fails (NoSuchModuleError)"),
]


@pytest.mark.parametrize(("name", "call", "caller", "parameter", "got"), CASES,
                         ids=[c[0] for c in CASES])
def test_one_format(name: str, call: Callable[[], object], caller: str, parameter: str,
                    got: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        call()
    msg = str(err.value)
    assert re.fullmatch(rf"The '{parameter}' argument of {re.escape(caller)} .+\. "
                        rf"Got {re.escape(got)}\.", msg), msg
    assert "s3cret" not in msg
