"""Standard-normal helpers shared by the fairness intervals and monitoring's tests."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["normal_sf", "z_value"]


def normal_sf(z: float) -> float:
    """Upper tail of the standard normal, accurate far into the tail.

    Examples
    --------
    >>> round(normal_sf(1.959963984540054), 6)
    0.025
    """
    if math.isnan(z):
        return math.nan
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def z_value(confidence: float, caller: str = "z_value") -> float:
    """Two-sided standard-normal quantile for ``confidence`` in (0, 1).

    Examples
    --------
    >>> round(z_value(0.95), 6)
    1.959964
    """
    from dfgov._validate import check_range

    c = check_range(confidence, 0.0, 1.0, caller=caller, parameter="confidence")
    return NormalDist().inv_cdf(0.5 + c / 2.0)
