"""Textbook reference formulas used by the fairness tests (no extra dependency)."""

from __future__ import annotations

import math
from statistics import NormalDist


def wilson_reference(successes: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson (1927) score interval, written out directly."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    phat = successes / n
    centre = (phat + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)
