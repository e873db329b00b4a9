"""Plain JSON data from nested values (numpy unwrapped, NaN/inf to None).

Internal: :class:`~dfgov.report.Finding`, :class:`~dfgov.report.Table` and
:class:`~dfgov.report.Report` apply it to what they hold; monitoring stores baselines with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

__all__ = ["to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from nested values: numpy scalars/arrays unwrapped, NaN/inf to None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalar or array
        return to_jsonable(value.tolist())
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
