"""One release of compatibility for the controls' ``report(...)`` (``run`` returns the Report)."""

from __future__ import annotations

import warnings
from typing import Any

from dfgov.report import Report

__all__ = ["deprecated_report", "warn_report_deprecated"]


def warn_report_deprecated(check: Any, stacklevel: int = 3) -> None:
    """The DeprecationWarning of ``check.report(...)``, naming the new call."""
    name = type(check).__name__
    warnings.warn(
        f"{name}.report() is deprecated and will be removed in the next release: "
        f"{name}.run() returns the Report (findings, tables and figures).",
        DeprecationWarning, stacklevel=stacklevel,
    )


def deprecated_report(check: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Report:
    """``check.run(*args, **kwargs)``, with a DeprecationWarning naming the new call."""
    warn_report_deprecated(check, stacklevel=4)
    report: Report = check.run(*args, **kwargs)
    return report
