"""One grading rule for a measured value against a warn and a fail threshold.

Controls judge a metric the same way: ``fail`` when the value is past the fail threshold,
``warn`` when past the warn threshold, else ``pass``. Which side is worse (``worse``) and
whether reaching a threshold already breaches it (``inclusive``) are stated by each control,
so every control keeps its documented boundary. A value that cannot be compared (NaN) is
never a pass: it fails (or warns, when there is only a warn threshold).
"""

from __future__ import annotations

from typing import Literal

from dfgov._report_model import Status
from dfgov.errors import InvalidInputError

__all__ = ["judge"]


def _within(value: float, limit: float, worse: str, inclusive: bool) -> bool:
    """``value`` on the good side of ``limit`` (False for NaN)."""
    if worse == "higher":
        return value < limit if inclusive else value <= limit
    return value > limit if inclusive else value >= limit


def judge(value: float, *, warn: float | None = None, fail: float | None = None,
          worse: Literal["higher", "lower"] = "higher", inclusive: bool = False) -> Status:
    """``FAIL``, ``WARN`` or ``PASS`` of ``value`` against the thresholds given.

    Parameters
    ----------
    value : float
        The measured value.
    warn, fail : float, optional
        The thresholds; one not given is not judged.
    worse : {"higher", "lower"}
        Which direction is worse: ``"higher"`` for a risk or an error, ``"lower"`` for a
        quality such as AUC or coverage.
    inclusive : bool
        Whether a value equal to a threshold breaches it (``score >= fail_score``) or not
        (``auc < min_auc`` fails, ``auc == min_auc`` passes).

    Returns
    -------
    Status
        ``FAIL`` past ``fail``, else ``WARN`` past ``warn``, else ``PASS``; a NaN value is
        ``FAIL`` (``WARN`` when only ``warn`` is given).

    Examples
    --------
    >>> judge(0.62, warn=0.7, fail=0.6, worse="lower").value
    'warn'
    >>> judge(12, warn=8, fail=12, inclusive=True).value
    'fail'
    >>> judge(12, warn=8, fail=12).value
    'warn'
    """
    if worse not in ("higher", "lower"):
        raise InvalidInputError(
            f"The 'worse' parameter of judge must be 'higher' or 'lower'. Got {worse!r}.")
    if fail is not None and not _within(value, fail, worse, inclusive):
        return Status.FAIL
    if warn is not None and not _within(value, warn, worse, inclusive):
        return Status.WARN
    return Status.PASS
