"""One cross-field rule of settings models: one threshold must not exceed another.

Policy sections hold pairs of thresholds that only make sense in one order (a PSI
"watch" level at most the "shift" level; a failing score at most the warning score).
:func:`not_above` states such a pair once, as a pydantic after-validator::

    class MonitoringPolicy(PolicySection):
        psi_watch: float = 0.1
        psi_shift: float = 0.25
        _psi_order = not_above("psi_watch", "psi_shift")

A reversed pair is refused with ``"<low> must not exceed <high>"`` (which
:func:`dfgov._input_errors.input_error` turns into the usual error naming the section).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

__all__ = ["not_above"]


def not_above(low: str, high: str) -> Any:
    """A model validator (assign it to a class attribute) refusing ``low > high``."""

    def check(model: BaseModel) -> BaseModel:
        if getattr(model, low) > getattr(model, high):
            raise ValueError(f"{low} must not exceed {high}")
        return model

    check.__name__ = f"_{low}_not_above_{high}"
    return model_validator(mode="after")(check)
