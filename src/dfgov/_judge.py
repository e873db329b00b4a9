"""One grading rule for a measured value against a warn and a fail threshold.

Controls judge a metric the same way: ``fail`` when the value is past the fail threshold,
``warn`` when past the warn threshold, else ``pass``. Which side is worse (``worse``) and
whether reaching a threshold already breaches it (``inclusive``) are stated by each control,
so every control keeps its documented boundary. A value that cannot be compared (NaN) is
never a pass: it fails (or warns, when there is only a warn threshold).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from dfgov._report_model import Status
from dfgov._validate import check_choice

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["judge", "judge_array", "judge_severity"]

Worse = Literal["higher", "lower"]
#: Which thresholds a value equal to them breaches: both (True), neither (False), or one.
Inclusive = bool | Literal["warn", "fail"]


def _within(value: Any, limit: float, worse: str, inclusive: bool) -> Any:
    """``value`` on the good side of ``limit`` (False for NaN); elementwise on arrays."""
    if worse == "higher":
        return value < limit if inclusive else value <= limit
    return value > limit if inclusive else value >= limit


def _checked(worse: str, inclusive: Inclusive) -> tuple[bool, bool]:
    """(warn inclusive, fail inclusive), after checking ``worse`` and ``inclusive``."""
    check_choice(worse, ("higher", "lower"), caller="judge", parameter="worse")
    check_choice(inclusive, (True, False, "warn", "fail"), caller="judge", parameter="inclusive")
    return inclusive in (True, "warn"), inclusive in (True, "fail")


def judge(value: float, *, warn: float | None = None, fail: float | None = None,
          worse: Worse = "higher", inclusive: Inclusive = False) -> Status:
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
    inclusive : bool or {"warn", "fail"}
        Whether a value equal to a threshold breaches it (``score >= fail_score``) or not
        (``auc < min_auc`` fails, ``auc == min_auc`` passes); ``"warn"`` or ``"fail"``
        when only that threshold is reached on equality (the PSI band: ``psi >= watch``
        warns, ``psi > shift`` fails).

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
    >>> judge(0.1, warn=0.1, fail=0.25, inclusive="warn").value
    'warn'
    """
    warn_inc, fail_inc = _checked(worse, inclusive)
    if fail is not None and not _within(value, fail, worse, fail_inc):
        return Status.FAIL
    if warn is not None and not _within(value, warn, worse, warn_inc):
        return Status.WARN
    return Status.PASS


def judge_severity(value: float, limit: float, severity: Literal["warn", "fail"], *,
                   worse: Worse = "higher", inclusive: bool = False) -> Status:
    """:func:`judge` against one threshold that a policy grades ``warn`` or ``fail``.

    Examples
    --------
    >>> judge_severity(0.3, 0.2, "warn").value, judge_severity(0.3, 0.2, "fail").value
    ('warn', 'fail')
    """
    check_choice(severity, ("warn", "fail"), caller="judge_severity", parameter="severity")
    if severity == "fail":
        return judge(value, fail=limit, worse=worse, inclusive=inclusive)
    return judge(value, warn=limit, worse=worse, inclusive=inclusive)


def judge_array(values: npt.ArrayLike, *, warn: float | None = None, fail: float | None = None,
                worse: Worse = "higher",
                inclusive: Inclusive = False) -> npt.NDArray[np.str_]:
    """:func:`judge` of every value at once: an array of ``"pass"``, ``"warn"``, ``"fail"``.

    Examples
    --------
    >>> judge_array([0.9, 0.65, 0.5, float("nan")], warn=0.7, fail=0.6, worse="lower").tolist()
    ['pass', 'warn', 'fail', 'fail']
    """
    import numpy as np

    warn_inc, fail_inc = _checked(worse, inclusive)
    v = np.asarray(values, dtype=np.float64)
    out = np.full(v.shape, Status.PASS.value, dtype="<U4")
    if warn is not None:
        out[~_within(v, warn, worse, warn_inc)] = Status.WARN.value
    if fail is not None:
        out[~_within(v, fail, worse, fail_inc)] = Status.FAIL.value
    return out
